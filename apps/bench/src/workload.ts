/**
 * What a benchmark workload is: the contract between a workload file, the
 * child process that runs one of its implementations, and the runner that
 * checks the answers and summarises the timings.
 *
 * A workload (one row of BENCH.md) owns its metrics, its sizes, its
 * `verify`, its targets for loop and the list of systems it does not fit;
 * each system under test contributes one {@link Implementation} (or a few,
 * as variants), keyed by an id that names it on the command line (`loop`,
 * `raw`, `effect-range`, `asyncio`). Adding a system is adding one
 * implementation per workload; nothing else changes.
 *
 * A Node implementation measures itself (only it knows where the timed
 * stretch starts: the cancel request, say) and returns its answer. A
 * Python implementation names a module under `python/workloads/`, which
 * does the same in its own process. Every answer is verified twice: by the
 * Node child right after each run (a wrong answer ends the child with an
 * error) and again by the runner in the parent, which also covers the
 * Python children. A fast wrong implementation fails the run instead of
 * winning it.
 *
 * Everything an implementation returns crosses a process boundary as JSON:
 * answers and metrics are plain numbers and arrays.
 *
 * @module
 */

/** The size parameters of one run, the same for every system. */
export interface RunParams {
  /** The workload's size: tasks, items or jobs (BENCH.md's N; smaller with `--quick`). */
  n: number;
  /** How long each `seed` task sleeps, in ms: 300 by default, 30 with `--quick`. */
  seedMs: number;
}

/** One measured quantity of a workload (BENCH.md's metric column). */
export interface MetricSpec {
  /** Key in {@link Sample.metrics}. */
  key: string;
  /** Column label, e.g. `ns per task`. */
  label: string;
  /** Whether a smaller or a larger value is the better one. */
  better: 'lower' | 'higher';
  /** Decimal places when printed. */
  digits: number;
  /** True when some systems cannot report it (V8's heap has no Python counterpart). */
  optional?: boolean;
  /**
   * How a cold run's import time enters this metric, for the cold figure
   * "import included" (BENCH.md: every target holds cold, import
   * included): `ms` adds the import's milliseconds (an overhead, a wall
   * time), `nsPerUnit` spreads them over the run's n units (ns per task),
   * `perSecond` adds them to the time the n units took (items/s). Absent:
   * the metric does not measure time (RSS, a speedup) and its cold figure
   * is the first run's alone.
   */
  importFold?: 'ms' | 'nsPerUnit' | 'perSecond';
}

/** What one run of an implementation returns. */
export interface Sample<A> {
  /** One value per {@link MetricSpec.key} of the workload (an optional metric may be absent). */
  metrics: Record<string, number>;
  /** What the run computed, for the verifiers. */
  answer: A;
}

interface ImplementationBase {
  /** The system under test: `loop`, `raw`, `effection`, `effect`, `p-limit`, `p-map`, `ix`, `asyncio`. */
  system: string;
  /** Set when a system has more than one implementation (raw spawn: `microtask hop`, `setImmediate hop`). */
  variant?: string;
  /** loop only: the idiom loop's docs recommend for this workload (its ratios head the report). */
  recommended?: boolean;
  /** loop only: measured for the instrumentation target alone (a trace recorder attached), not for the others. */
  traced?: boolean;
}

/** An implementation that runs in the Node child (`dist/child.js`). */
export interface NodeImplementation<A> extends ImplementationBase {
  /** Runs the workload once and measures it. */
  run(params: RunParams): Promise<Sample<A>>;
}

/** An implementation that runs in a Python child (`python3 python/child.py`). */
export interface PythonImplementation extends ImplementationBase {
  /** The module under `python/workloads/` that implements the workload. */
  python: string;
}

/** One system's way of running a workload, written the way that system's docs recommend. */
export type Implementation<A> = NodeImplementation<A> | PythonImplementation;

/**
 * One of BENCH.md's targets for loop, checked against the medians of one run.
 * Either relative (`against` an implementation id: loop must be at least
 * `factor` times better) or absolute (`limit`: loop's median at most this,
 * for a lower-is-better metric).
 */
export interface Target {
  /** Metric key, or `peakRss` for the child's peak RSS. */
  metric: string;
  /** The implementation id loop is held against; absent for an absolute limit. */
  against?: string;
  /** How many times better than `against` loop must be (1: at least as good; 0.5: at most 2× worse). */
  factor?: number;
  /** The most loop's median may be (absolute targets). */
  limit?: number;
  /** The loop implementation ids held to it; default: every loop implementation that is not `traced`. */
  subjects?: readonly string[];
  /** BENCH.md's words for it. */
  text: string;
  /**
   * Why loop falls short of it, per subject implementation id, where it is
   * known to: measured causes with their figures, written for the results
   * file, which shows the reason next to a missed target.
   */
  why?: Readonly<Record<string, string>>;
}

/** A standard workload: its metrics, its answer check and one implementation per system. */
export interface Workload<A> {
  /** BENCH.md's id: `seed`, `seed-virtual`, `spawn`, `sleep`, `queue`, `pipeline`, `limit`, `cancel`. */
  id: string;
  /** One line saying what runs. */
  title: string;
  /** The workload's metrics; the first is the headline (ratios vs raw and the chart use it). */
  metrics: readonly MetricSpec[];
  /** n for a full run (BENCH.md's size) and for `--quick`. */
  sizes: { full: number; quick: number };
  /**
   * Counted runs a full run takes at least (default: the suite's `runs`).
   * A workload whose run lasts about a millisecond is still warming up its
   * JIT over five runs; more runs let the median show the steady state.
   */
  minRuns?: number;
  /**
   * Fresh processes per implementation a full run with cold runs takes at
   * least (default: the suite's cold runs). A workload whose single cold
   * pairs spread wider than its distance to a target needs more of them
   * for a median that does not land on either side of the line by chance.
   */
  minColdRuns?: number;
  /** Keyed by implementation id (`loop`, `raw`, `raw-immediate`, `effect`, …). */
  implementations: Readonly<Record<string, Implementation<A>>>;
  /** Systems that have no fitting way to run the workload, with the reason (shown as "—"). */
  notApplicable: Readonly<Record<string, string>>;
  /** BENCH.md's targets for loop on this workload. */
  targets: readonly Target[];
  /**
   * Hand-written floors (implementation ids of system `raw` besides `raw`
   * itself) that loop's recommended implementation is also measured
   * against in pairs, with no target: what any runtime of loop's kind
   * would pay, shown beside the target so a miss can be read against it.
   */
  floors?: readonly string[];
  /** The problems with an answer (read back from JSON); empty when it is right. */
  verify(answer: A, params: RunParams): string[];
}

/**
 * The packages a system's implementations load lazily (`await import(...)`
 * inside `run`), by system. A cold child imports them before the first
 * run, on the import clock, so that the first run's figure is the run's
 * alone. Packages a workload module imports statically (loop's own,
 * `@sinonjs/fake-timers` for raw) load with the module itself, which is on
 * the same clock.
 *
 * @example
 * ```ts
 * LAZY_PACKAGES.ix; // ['ix/asynciterable', 'ix/asynciterable/operators']
 * ```
 */
export const LAZY_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  effection: ['effection'],
  effect: ['effect'],
  'p-limit': ['p-limit'],
  'p-map': ['p-map'],
  ix: ['ix/asynciterable', 'ix/asynciterable/operators'],
};

/**
 * A metric of a cold run with the run's import time folded in, as the
 * metric's {@link MetricSpec.importFold} says (the value itself when the
 * metric has none, or when the import took no time).
 *
 * @example
 * ```ts
 * withImport({ key: 'nsPerTask', label: 'ns per task', better: 'lower', digits: 0, importFold: 'nsPerUnit' }, 1500, 10, 100_000); // 1600
 * withImport({ key: 'itemsPerSec', label: 'items/s', better: 'higher', digits: 0, importFold: 'perSecond' }, 1e6, 100, 1_000_000); // 909090.9…
 * ```
 */
export function withImport(metric: MetricSpec, value: number, importMs: number, n: number): number {
  switch (metric.importFold) {
    case 'ms':
      return value + importMs;
    case 'nsPerUnit':
      return value + (importMs * 1e6) / n;
    case 'perSecond':
      return n / (n / value + importMs / 1000);
    default:
      return value;
  }
}

/**
 * True when the implementation runs in a Python child.
 *
 * @example
 * ```ts
 * isPython({ system: 'asyncio', python: 'spawn' }); // true
 * ```
 */
export function isPython(implementation: Implementation<unknown>): implementation is PythonImplementation {
  return 'python' in implementation;
}

/**
 * The name of an implementation in tables: its system, plus its variant
 * when it has one.
 *
 * @example
 * ```ts
 * implementationLabel({ system: 'raw', variant: 'microtask hop' }); // 'raw (microtask hop)'
 * ```
 */
export function implementationLabel(implementation: Pick<ImplementationBase, 'system' | 'variant'>): string {
  return implementation.variant === undefined ? implementation.system : `${implementation.system} (${implementation.variant})`;
}

/**
 * The problem with an integer count or sum, or none: for answers that
 * must equal an exact expected value.
 *
 * @example
 * ```ts
 * expectExact('sum of indexes', 10, 45); // ['sum of indexes is 10, expected 45']
 * ```
 */
export function expectExact(what: string, actual: unknown, expected: number): string[] {
  return actual === expected ? [] : [`${what} is ${JSON.stringify(actual)}, expected ${expected}`];
}

/**
 * What a benchmark workload is: the contract between a workload file, the
 * child process that runs one of its implementations, and the runner that
 * checks the answers and summarises the timings.
 *
 * A workload (one row of BENCH.md) owns its metrics and its `verify`; each
 * system under test contributes one {@link Implementation}, keyed by an id
 * that names it on the command line (`loop`, `raw`, `raw-immediate`).
 * Adding a system is adding one implementation per workload; nothing else
 * changes. An implementation measures itself (only it knows where the timed
 * stretch starts: the cancel request, say) and returns its answer, which the
 * runner verifies in the parent process, so a fast wrong implementation
 * fails the run instead of winning it.
 *
 * Everything an implementation returns crosses a process boundary as JSON:
 * answers and metrics are plain numbers and arrays.
 *
 * @module
 */

/** The size parameters of one run, the same for every system. */
export interface RunParams {
  /** Tasks per run for the sized workloads (spawn, sleep, cancel): 100,000 by default. */
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
}

/** What one run of an implementation returns. */
export interface Sample<A> {
  /** One value per {@link MetricSpec.key} of the workload. */
  metrics: Record<string, number>;
  /** What the run computed, for the runner to verify. */
  answer: A;
}

/** One system's way of running a workload, written the way that system's docs recommend. */
export interface Implementation<A> {
  /** The system under test: `loop`, `raw`, later the peers. */
  system: string;
  /** Set when a system has more than one implementation (raw spawn: `microtask hop`, `setImmediate hop`). */
  variant?: string;
  /** Runs the workload once and measures it. */
  run(params: RunParams): Promise<Sample<A>>;
}

/** A standard workload: its metrics, its answer check and one implementation per system. */
export interface Workload<A> {
  /** BENCH.md's id: `seed`, `seed-virtual`, `spawn`, `sleep`, `cancel`. */
  id: string;
  /** One line saying what runs. */
  title: string;
  /** The workload's metrics; the first is the headline. */
  metrics: readonly MetricSpec[];
  /** Keyed by implementation id (`loop`, `raw`, `raw-immediate`). */
  implementations: Readonly<Record<string, Implementation<A>>>;
  /** The problems with an answer (read back from JSON); empty when it is right. */
  verify(answer: A, params: RunParams): string[];
}

/**
 * The name of an implementation in tables: its system, plus its variant
 * when it has one.
 *
 * @example
 * ```ts
 * implementationLabel({ system: 'raw', variant: 'microtask hop', run }); // 'raw (microtask hop)'
 * ```
 */
export function implementationLabel(implementation: Pick<Implementation<unknown>, 'system' | 'variant'>): string {
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

/**
 * The benchmark runner: warm-up, GC, adaptive sampling and statistics for
 * every case of a suite, then each case compared with the baseline.
 *
 * Measuring is tinybench's: one `Task` per case, `warmup()` first, then
 * `run()`, which keeps sampling until both the time budget and the minimum
 * sample count are met (so a slow case still gets `minSamples` samples and
 * a fast one as many as fit in `time`). Between the two, when the process
 * runs with `--expose-gc`, the runner collects garbage once so the warm-up's
 * garbage is not billed to the first samples.
 *
 * What tinybench does not do is ours: telling plain, async and coroutine
 * cases apart (a coroutine runs on a loop of the case's own, one
 * `loop.run` per sample), keeping every returned value alive and warning
 * when a case returns `undefined` every time (the work may have been
 * optimised away), and the comparisons.
 *
 * @module
 */
import { Loop, RealClock, VirtualClock, type Operation } from '@loop/runtime';
import { Bench } from 'tinybench';
import { compare, type Comparison } from './compare.js';
import { describe, isSuite, type BenchCase, type Suite } from './define.js';
import { fromTinybench, type Stats } from './stats.js';

/**
 * How a case was measured: a plain call, an awaited promise, or a
 * coroutine run on a loop.
 *
 * @example
 * ```ts
 * const coroutines = result.cases.filter((c) => c.kind === ('operation' satisfies CaseKind));
 * ```
 */
export type CaseKind = 'sync' | 'async' | 'operation';

/**
 * The measurements of one case.
 *
 * @example
 * ```ts
 * for (const c of result.cases) console.log(c.name, c.stats.p99, c.samples.length, c.warnings);
 * ```
 */
export interface CaseResult {
  name: string;
  kind: CaseKind;
  stats: Stats;
  /** Every sample in milliseconds, sorted ascending. */
  samples: number[];
  /** Things to know before trusting the figures (dead code, timer resolution). */
  warnings: string[];
}

/**
 * The settings a suite was run with (recorded in its result).
 *
 * @example
 * ```ts
 * const { time, minSamples }: RunSettings = result.settings;
 * ```
 */
export interface RunSettings {
  time: number;
  minSamples: number;
  warmupTime: number;
  warmupIterations: number;
}

/**
 * The result of {@link runBench}: plain data, safe to serialise.
 *
 * @example
 * ```ts
 * const result: SuiteResult = await runBench(mySuite);
 * console.log(result.comparisons.map((c) => c.text).join('\n'));
 * ```
 */
export interface SuiteResult {
  name: string;
  /** The case the comparisons are against (`null` when no case ran). */
  baseline: string | null;
  cases: CaseResult[];
  /** Every other case compared with the baseline, in case order. */
  comparisons: Comparison[];
  env: {
    runtime: string;
    version: string;
    /** True when garbage was collected after each warm-up (`--expose-gc`). */
    gc: boolean;
  };
  settings: RunSettings;
}

/**
 * Options of {@link runBench}.
 *
 * @example
 * ```ts
 * await runBench(mySuite, { time: 1000, minSamples: 50, filter: /loop/ } satisfies RunBenchOptions);
 * ```
 */
export interface RunBenchOptions {
  /** Sampling time budget per case, in ms. Default 500. */
  time?: number;
  /** Minimum number of samples per case (>= 2, a t-test needs two). Default 20. */
  minSamples?: number;
  /** Warm-up time budget per case, in ms. Default 100. */
  warmupTime?: number;
  /** Minimum warm-up calls per case. Default 10. */
  warmupIterations?: number;
  /** Run only the cases whose name matches. */
  filter?: RegExp;
  /** Collect garbage once after each warm-up when `globalThis.gc` exists. Default true. */
  gc?: boolean;
  /** Called after each case, for progress output. */
  onCase?: (result: CaseResult) => void;
}

/**
 * Keeps every value a case returns reachable from outside the measured
 * function, so the engine cannot prove the work unused and drop it.
 */
const sink: { value: unknown } = { value: undefined };

const GeneratorFunction = Object.getPrototypeOf(function* () {}) as object;

/**
 * Runs every case of a suite (or a list of cases) and returns their
 * statistics and comparisons with the baseline.
 *
 * @example
 * ```ts
 * const result = await runBench(suite('sum', {
 *   'for loop': () => { let s = 0; for (let i = 0; i < 1e3; i++) s += i; return s; },
 *   reduce: () => numbers.reduce((s, x) => s + x, 0),
 * }), { time: 200 });
 * console.log(formatTable(result));
 * ```
 */
export async function runBench(target: Suite | readonly BenchCase[], options: RunBenchOptions = {}): Promise<SuiteResult> {
  const theSuite = toSuite(target);
  const settings = checkOptions(options);
  const cases = options.filter === undefined ? theSuite.cases : theSuite.cases.filter((c) => (options.filter as RegExp).test(c.name));
  const wantGc = options.gc ?? true;
  const gc = wantGc && typeof globalThis.gc === 'function' ? (globalThis.gc as () => void) : null;
  const results: CaseResult[] = [];
  for (const c of cases) {
    const result = await runCase(c, settings, gc);
    results.push(result);
    options.onCase?.(result);
  }
  const baselineName = theSuite.baseline !== undefined && results.some((r) => r.name === theSuite.baseline) ? theSuite.baseline : (results[0]?.name ?? null);
  const baseline = results.find((r) => r.name === baselineName);
  const comparisons = baseline === undefined ? [] : results.filter((r) => r !== baseline).map((r) => compare(r, baseline));
  const bench = new Bench();
  return {
    name: theSuite.name,
    baseline: baselineName,
    cases: results,
    comparisons,
    env: { runtime: bench.runtime, version: bench.runtimeVersion, gc: gc !== null },
    settings,
  };
}

function toSuite(target: Suite | readonly BenchCase[]): Suite {
  if (isSuite(target)) return target;
  if (Array.isArray(target)) {
    target.forEach((c: unknown, i) => {
      if (typeof c !== 'object' || c === null || (c as BenchCase).kind !== 'loop-bench.case') {
        throw new TypeError(`runBench(target): target[${i}] must be made by defineBench(), got ${describe(c)}`);
      }
    });
    return { kind: 'loop-bench.suite', name: 'bench', cases: target, baseline: undefined };
  }
  throw new TypeError(`runBench(target): target must be a suite() or an array of defineBench() cases, got ${describe(target)}`);
}

function checkOptions(options: RunBenchOptions): RunSettings {
  if (typeof options !== 'object' || options === null) throw new TypeError(`runBench(target, options): options must be an object, got ${describe(options)}`);
  const number = (key: 'time' | 'warmupTime', fallback: number): number => {
    const value = options[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`runBench(target, options): options.${key} must be a finite number of ms >= 0, got ${describe(value)}`);
    }
    return value;
  };
  const count = (key: 'minSamples' | 'warmupIterations', fallback: number, min: number): number => {
    const value = options[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new RangeError(`runBench(target, options): options.${key} must be an integer >= ${min}, got ${describe(value)}`);
    }
    return value;
  };
  if (options.filter !== undefined && !(options.filter instanceof RegExp)) {
    throw new TypeError(`runBench(target, options): options.filter must be a RegExp, got ${describe(options.filter)}`);
  }
  if (options.onCase !== undefined && typeof options.onCase !== 'function') {
    throw new TypeError(`runBench(target, options): options.onCase must be a function, got ${describe(options.onCase)}`);
  }
  return { time: number('time', 500), minSamples: count('minSamples', 20, 2), warmupTime: number('warmupTime', 100), warmupIterations: count('warmupIterations', 10, 0) };
}

async function runCase(c: BenchCase, settings: RunSettings, gc: (() => void) | null): Promise<CaseResult> {
  const kind = await kindOf(c);
  let returned = false;
  let loop: Loop | null = null;
  let measured: () => unknown;
  if (kind === 'sync') {
    measured = () => {
      const value = c.fn();
      if (value !== undefined) returned = true;
      sink.value = value;
    };
  } else if (kind === 'async') {
    measured = async () => {
      const value: unknown = await c.fn();
      if (value !== undefined) returned = true;
      sink.value = value;
    };
  } else {
    const runLoop = new Loop({ clock: c.clock === 'virtual' ? new VirtualClock() : new RealClock() });
    loop = runLoop;
    measured = async () => {
      const value = await runLoop.run(c.fn() as Operation<unknown>, { name: c.name });
      if (value !== undefined) returned = true;
      sink.value = value;
    };
  }
  const bench = new Bench({
    time: settings.time,
    iterations: settings.minSamples,
    warmup: false,
    warmupTime: settings.warmupTime,
    warmupIterations: settings.warmupIterations,
    retainSamples: true,
    throws: true,
  });
  const warnings: string[] = [];
  bench.addEventListener('warning', (event) => {
    warnings.push(
      `"${c.name}": the samples sit at the timer's resolution (${String(event.reason)}); do more work per call so the figures mean something.`,
    );
  });
  bench.add(c.name, measured, { async: kind !== 'sync' });
  const task = bench.tasks[0]!;
  try {
    await task.warmup();
    gc?.();
    await task.run();
  } catch (error) {
    throw new Error(`loop-bench: case "${c.name}" failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    if (loop !== null && loop.liveTasks === 0) loop.close();
  }
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`loop-bench: case "${c.name}" did not complete (tinybench state ${result.state})`);
  if (!returned) {
    warnings.unshift(
      `"${c.name}" returned undefined every time: the engine may optimise the work away. Return a value computed from the work (the runner keeps it alive).`,
    );
  }
  return { name: c.name, kind, stats: fromTinybench(result.latency), samples: [...(result.latency.samples ?? [])], warnings };
}

/**
 * A generator function is a coroutine case. Anything else is called once
 * to see what it returns: a generator object (a plain function returning a
 * coroutine's operation), a promise, or a plain value.
 */
async function kindOf(c: BenchCase): Promise<CaseKind> {
  if (Object.getPrototypeOf(c.fn) === GeneratorFunction) return 'operation';
  let probe: unknown;
  try {
    probe = c.fn();
    if (Object.prototype.toString.call(probe) === '[object Generator]') return 'operation';
    if (typeof (probe as PromiseLike<unknown> | null)?.then === 'function') {
      await probe;
      return 'async';
    }
  } catch (error) {
    throw new Error(`loop-bench: case "${c.name}" failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return 'sync';
}

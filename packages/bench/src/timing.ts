/**
 * Timing with a high-resolution counter, as the lesson does with Python's
 * `time.perf_counter()`: wall time for benchmarks, loop time for programs
 * (so on a virtual clock a measured duration is virtual and exact).
 *
 * @module
 */
import { getLoop, isOperation, type Operation } from '@loop/runtime';

/**
 * A monotonic, high-resolution counter in milliseconds (Python's
 * `time.perf_counter()`, in ms). Only differences are meaningful.
 *
 * @example
 * ```ts
 * const start = perfCounter();
 * doWork();
 * console.log(`${(perfCounter() - start).toFixed(3)} ms`);
 * ```
 */
export function perfCounter(): number {
  return performance.now();
}

/**
 * What {@link timed} returns.
 *
 * @example
 * ```ts
 * const { value, elapsed }: Timed<number> = yield* timed(randn());
 * ```
 */
export interface Timed<T> {
  value: T;
  /** Elapsed loop time in milliseconds. */
  elapsed: number;
}

/**
 * Runs `op` and returns its value with the loop time it took. On a
 * virtual clock the figure is exact (`3000` for a 3-second sleep).
 *
 * @example
 * ```ts
 * const { value, elapsed } = yield* timed(randn());
 * console.log(formatTook(value, elapsed)); // "6 took 3.00 seconds"
 * ```
 */
export function timed<T>(op: Operation<T>): Operation<Timed<T>> {
  if (!isOperation(op)) {
    const hint = typeof op === 'function' ? '; call the coroutine function first: timed(randn()), not timed(randn)' : '';
    throw new TypeError(`timed(op): op must be an operation (a generator object or a runtime operation such as sleep(ms)), got ${typeof op}${hint}`);
  }
  return timedRun(op);
}

function* timedRun<T>(op: Operation<T>): Operation<Timed<T>> {
  const loop = yield* getLoop();
  const start = loop.time();
  const value = yield* op;
  return { value, elapsed: loop.time() - start };
}

/**
 * Formats a result and a duration the way the lesson prints them:
 * `<value> took <seconds, 2 decimals> seconds`.
 *
 * @example
 * ```ts
 * formatTook(6, 3000);          // "6 took 3.00 seconds"
 * formatTook([1, 2, 3], 3004);  // "[1, 2, 3] took 3.00 seconds"
 * ```
 */
export function formatTook(value: unknown, elapsedMs: number): string {
  if (typeof elapsedMs !== 'number' || !Number.isFinite(elapsedMs) || elapsedMs < 0) {
    throw new RangeError(`formatTook(value, elapsedMs): elapsedMs must be a finite number >= 0, got ${String(elapsedMs)}`);
  }
  const shown = Array.isArray(value) ? `[${value.map(String).join(', ')}]` : String(value);
  return `${shown} took ${(elapsedMs / 1000).toFixed(2)} seconds`;
}

/**
 * Helpers shared by the task-layer specifications: small coroutines with
 * exact timings, and the virtual-clock run options.
 */
import { VirtualClock, getLoop, sleep, type Operation } from '../../src/index.js';

/** The loop's current time. */
export function* now(): Operation<number> {
  return (yield* getLoop()).time();
}

/** Sleeps `ms`, optionally logs `<value> finished at <time>`, returns `value`. */
export function* after<T>(ms: number, value: T, log?: string[]): Operation<T> {
  yield* sleep(ms);
  log?.push(`${String(value)} finished at ${yield* now()}`);
  return value;
}

/** Sleeps `ms`, then throws `error`. */
export function* failAfterMs(ms: number, error: unknown): Operation<never> {
  yield* sleep(ms);
  throw error;
}

/** Runs `op` and returns what it threw, or null when it returned. */
export function* catching<T>(op: Operation<T>): Operation<unknown> {
  try {
    yield* op;
    return null;
  } catch (e) {
    return e;
  }
}

/** Run options for a fresh virtual clock. */
export const virtual = (): { clock: VirtualClock } => ({ clock: new VirtualClock() });

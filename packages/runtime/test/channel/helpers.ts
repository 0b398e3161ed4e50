import { CancelledError, VirtualClock, getLoop, sleep, type Operation } from '../../src/index.js';

/** Run options for a fresh virtual clock: instant, exact loop time. */
export const virtual = (): { clock: VirtualClock } => ({ clock: new VirtualClock() });

/** The loop's current time, inside a coroutine. */
export function* now(): Operation<number> {
  return (yield* getLoop()).time();
}

/** Runs `op` and returns its value, or the name of what it threw. */
export function* outcome<T>(op: Operation<T>): Operation<T | string> {
  try {
    return yield* op;
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
}

/** Calls `fn` and returns its value, or the name of what it threw. */
export function attempt<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
}

/** Suspends once; if that throws CancelledError, logs it and rethrows. */
export function* logNextSuspension(log: string[]): Operation<void> {
  try {
    yield* sleep(0);
  } catch (error) {
    log.push(error instanceof CancelledError ? 'cancelled at the next suspension' : 'unexpected');
    throw error;
  }
}

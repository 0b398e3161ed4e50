/**
 * Beyond the lesson: deadlines. `timeout(ms, op)` (asyncio's
 * `asyncio.timeout` / `wait_for`, Trio's `fail_after`) cancels the work and
 * throws `TimeoutError` when the deadline passes; `moveOnAfter(ms, op)`
 * (Trio's `move_on_after`) cancels it quietly and says whether it timed out.
 */
import { TimeoutError, getLoop, moveOnAfter, timeout, type Operation } from '@loop/runtime';
import { randn } from '../lesson/coroutine.js';

/** Gives the 3-second `randn()` one second, then five, with each form of deadline. */
export function* main(print: (line: string) => void = console.log, random: () => number = Math.random): Operation<void> {
  const loop = yield* getLoop();
  const start = loop.time();
  const at = (): string => `${((loop.time() - start) / 1000).toFixed(2)} s`;

  // #region timeout
  try {
    const value = yield* timeout(1000, randn(random));
    print(`randn() returned ${value}`);
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    print(`${error.name} at ${at()}: ${error.message}`);
  }
  // #endregion timeout

  // #region moveOnAfter
  const late = yield* moveOnAfter(1000, randn(random));
  print(`moveOnAfter(1000): timedOut ${late.timedOut} at ${at()}`);

  const inTime = yield* moveOnAfter(5000, randn(random));
  print(`moveOnAfter(5000): timedOut ${inTime.timedOut}, value ${inTime.value} at ${at()}`);
  // #endregion moveOnAfter
}

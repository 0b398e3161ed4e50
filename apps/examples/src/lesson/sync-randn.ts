/**
 * The lesson, step 2: the synchronous `randn()`. It blocks the one thread
 * for 3 seconds (Python's `time.sleep(3)`; here a busy wait on the real
 * clock), so three calls take about 9 seconds and ten about 30: nothing else
 * can run while one waits.
 *
 * The clock is injectable so tests and the recorded outputs run it on a
 * virtual clock: `blocking(new VirtualClock())` "waits" by advancing virtual
 * time, and the timings print exactly 9.00 and 30.00 seconds at once.
 */
import { formatTook } from '@loop/bench';

/** What the synchronous `randn()` blocks on: a clock it can read and wait on without yielding. */
export interface BlockingClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Returns once `ms` milliseconds have passed on this clock, holding the thread meanwhile. */
  block(ms: number): void;
}

/** The real clock: `performance.now()` and a busy wait, so the thread really does nothing else for `ms`. */
export const realClock: BlockingClock = {
  now: () => performance.now(),
  block(ms) {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // busy wait: JavaScript has no synchronous sleep on the main thread
    }
  },
};

/**
 * A blocking clock over any clock that can be moved by hand (the runtime's
 * `VirtualClock`): blocking advances it, instantly in real time.
 */
export function blocking(clock: { now(): number; advance(ms: number): void }): BlockingClock {
  return { now: () => clock.now(), block: (ms) => clock.advance(ms) };
}

// #region randn
/** Blocks for 3 s, then returns a random int from 1 to 10. */
export function randn(random: () => number = Math.random, clock: BlockingClock = realClock): number {
  clock.block(3000);
  return 1 + Math.floor(random() * 10);
}
// #endregion randn

/** Calls `randn()` three times, then ten times, and prints how long each took. */
export function main(print: (line: string) => void = console.log, random: () => number = Math.random, clock: BlockingClock = realClock): void {
  // #region main
  let start = clock.now();
  const three = [randn(random, clock), randn(random, clock), randn(random, clock)];
  print(formatTook(three, clock.now() - start)); // about 9 seconds

  start = clock.now();
  const ten = Array.from({ length: 10 }, () => randn(random, clock));
  print(formatTook(ten, clock.now() - start)); // about 30 seconds
  // #endregion main
}

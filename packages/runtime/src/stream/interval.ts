/**
 * `interval(ms)`: a source of 0, 1, 2, … one every `ms` milliseconds.
 *
 * Tick i is due at `start + (i + 1) · ms`, where `start` is when the stream
 * is first read, so the schedule does not drift with the consumer's work. A
 * consumer that falls behind receives the overdue ticks one after another
 * (each still yields to the loop once), so the count keeps pace with time.
 * Each consumer runs its own schedule; one sleep per tick, no task.
 *
 * @module
 */
import { assertDelay } from '../operation.js';
import { getLoop } from '../task/task.js';
import { sleep } from '../time/sleep.js';
import { stream, type Stream } from './stream.js';

/**
 * An endless stream of 0, 1, 2, … one every `ms` milliseconds, the first
 * `ms` after the stream is first read. Stop it with `take`, `takeWhile` or
 * by closing it.
 *
 * @example
 * ```ts
 * yield* forEach(pipe(interval(1000), take(3)), (i) => console.log('tick', i)); // at 1 s, 2 s, 3 s
 * ```
 */
export function interval(ms: number): Stream<number> {
  assertDelay(ms, 'interval(ms)');
  return stream(function* () {
    const loop = yield* getLoop();
    const start = loop.time();
    for (let i = 0; ; i++) {
      yield* sleep(Math.max(0, start + (i + 1) * ms - loop.time()));
      yield i;
    }
  });
}

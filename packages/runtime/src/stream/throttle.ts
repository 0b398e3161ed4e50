/**
 * `throttle(ms)`: at most one value per `ms` — the first value passes and
 * opens a window of `ms`; values that arrive while it is open are dropped
 * (leading-edge throttling, RxJS's `throttleTime`).
 *
 * The stage reads inline: a value's time is when the stage reads it, so a
 * slow consumer slows the upstream down (backpressure) rather than making
 * the stage drop more. A value arriving exactly `ms` after the last one
 * passed is outside the window and passes.
 *
 * @module
 */
import { assertDelay } from '../operation.js';
import { getLoop } from '../task/task.js';
import { reading, toStream, type Stage } from './stage.js';
import { stream, type Stream } from './stream.js';

/**
 * Passes a value, then drops every value for the next `ms` milliseconds.
 *
 * @example
 * ```ts
 * // Redraw on scroll at most every 100 ms.
 * yield* forEach(pipe(scrollEvents, throttle(100)), redraw);
 * ```
 */
export function throttle<T>(ms: number): Stage<T, T> {
  assertDelay(ms, 'throttle(ms)');
  return (input: Stream<T>): Stream<T> => {
    const source = toStream(input, 'throttle(ms)(input)');
    return stream<T>(function* () {
      const loop = yield* getLoop();
      yield* reading(source, function* (upstream) {
        let closes = -Infinity;
        for (;;) {
          const step = upstream._ready?.() ?? (yield* upstream.next());
          if (step.done === true) return;
          const now = loop.time();
          if (now < closes) continue;
          closes = now + ms;
          yield step.value;
        }
      });
    });
  };
}

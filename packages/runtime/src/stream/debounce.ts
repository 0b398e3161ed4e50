/**
 * `debounce(ms)`: hands on a value only once `ms` have passed without a newer
 * one (the last of each burst).
 *
 * The stage must wait for the upstream and for the quiet period at once, so
 * a reader task reads one value ahead into a {@link Feed} lane that records
 * arrival times; quiet periods are measured between arrivals, whether or
 * not the consumer was reading at the time. A value that arrives exactly
 * `ms` after the one held lets that one go first (the deadline wins a tie,
 * as for `timeout`). When the upstream ends, the value held is handed on at
 * once; when it fails, the value held is dropped and the error thrown.
 *
 * @module
 */
import { assertDelay, type Instruction } from '../operation.js';
import { getLoop } from '../task/task.js';
import { ENDED, Feed } from './feed.js';
import { toStream, type Stage } from './stage.js';
import { stream, type Stream } from './stream.js';

/**
 * Hands on a value once `ms` milliseconds pass with no newer value; newer
 * values replace the one held. The last value is handed on when the stream
 * ends.
 *
 * @example
 * ```ts
 * // Search once the user stops typing for 300 ms.
 * yield* forEach(pipe(keystrokes, debounce(300)), (query) => search(query));
 * ```
 */
export function debounce<T>(ms: number): Stage<T, T> {
  assertDelay(ms, 'debounce(ms)');
  return (input: Stream<T>): Stream<T> => {
    const source = toStream(input, 'debounce(ms)(input)');
    return stream<T>(function* (): Generator<T | Instruction, void, unknown> {
      const loop = yield* getLoop();
      const feed = new Feed([source], 'debounce', { capacity: 1, times: true });
      const lane = feed.lanes[0]!;
      let held: T | undefined;
      let holding = false;
      let deadline = NaN;
      try {
        for (;;) {
          if (lane.items.length > 0 && !(lane.times![0]! >= deadline)) {
            deadline = lane.times![0]! + ms;
            held = feed.take(lane);
            holding = true;
          } else if (lane.finished && lane.outcome !== ENDED) {
            throw lane.outcome;
          } else if (holding && (loop.time() >= deadline || lane.finished)) {
            holding = false;
            deadline = NaN;
            yield held as T;
          } else if (lane.finished) {
            return;
          } else {
            yield feed.wait(holding ? deadline : NaN);
          }
        }
      } finally {
        yield* feed.close();
      }
    });
  };
}

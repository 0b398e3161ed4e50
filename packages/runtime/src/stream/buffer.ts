/**
 * `buffer(n)`: decouples a stream from its consumer. A child task reads up
 * to `n` values ahead while the consumer is busy, so a slow producer and a
 * slow consumer overlap instead of taking turns.
 *
 * The stage is transparent otherwise: values come out in order, and an
 * upstream error comes out after the values read before it. Closing the
 * stage stops the reader and closes the upstream.
 *
 * Costs per value: an array append and shift in a {@link Feed} lane, and a
 * task switch when either side was waiting for the other.
 *
 * @module
 */
import { ENDED, Feed } from './feed.js';
import { assertCount, toStream, type Stage } from './stage.js';
import { stream, type Stream } from './stream.js';

/**
 * Reads up to `n` values ahead of the consumer in a child task (`n` >= 1,
 * or Infinity for no bound). The reader is cancelled, and the upstream
 * closed, when the buffered stream is closed.
 *
 * @example
 * ```ts
 * // Fetching the next page overlaps with rendering the current one.
 * yield* forEach(pipe(pages, buffer(2)), function* (page) {
 *   yield* render(page);
 * });
 * ```
 */
export function buffer<T>(n: number): Stage<T, T> {
  assertCount(n, 'buffer(n)', 'n', 1);
  return (input: Stream<T>): Stream<T> => {
    const source = toStream(input, 'buffer(n)(input)');
    return stream<T>(function* () {
      const feed = new Feed<T>([source], 'buffer', { capacity: n });
      const lane = feed.lanes[0]!;
      try {
        for (;;) {
          if (lane.items.length > 0) yield feed.take(lane);
          else if (lane.outcome === ENDED) return;
          else if (lane.finished) throw lane.outcome;
          else yield feed.wait();
        }
      } finally {
        yield* feed.close();
      }
    });
  };
}

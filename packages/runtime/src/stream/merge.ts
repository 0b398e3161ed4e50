/**
 * `merge(...sources)`: every source read at once, values passed on in the
 * order they arrive.
 *
 * Each source has a reader task (a {@link Feed} lane of capacity 1: a reader
 * reads its next value once its previous one was taken), so at most one
 * value per source waits for the consumer. The merged stream ends when every
 * source has ended; the first error (in arrival order, after the values that
 * arrived before it) stops the other readers and is thrown.
 *
 * @module
 */
import { ENDED, Feed } from './feed.js';
import type { StreamSource } from './for-each.js';
import { toStream, type StreamValue } from './stage.js';
import { stream, type Stream } from './stream.js';

/**
 * Reads all `sources` concurrently and yields their values as they arrive.
 * Ends when all have ended; fails as soon as one fails (the others are
 * closed first). `merge()` with no source is an empty stream.
 *
 * @example
 * ```ts
 * const events = merge(clicks, keyPresses, interval(1000));
 * yield* forEach(events, (event) => console.log(event));
 * ```
 */
export function merge<const S extends readonly StreamSource<unknown>[]>(...sources: S): Stream<StreamValue<S[number]>> {
  const streams = sources.map((source, i) => toStream(source, `merge(...sources): argument ${i}`)) as Stream<StreamValue<S[number]>>[];
  return stream<StreamValue<S[number]>>(function* () {
    if (streams.length === 0) return;
    const feed = new Feed(streams, 'merge', { capacity: 1, arrivals: true });
    const arrivals = feed.arrivals!;
    let running = streams.length;
    try {
      for (;;) {
        const lane = arrivals.shift();
        if (lane === undefined) yield feed.wait();
        else if (lane.items.length > 0) yield feed.take(lane);
        else if (lane.outcome !== ENDED) throw lane.outcome;
        else if (--running === 0) return;
      }
    } finally {
      yield* feed.close();
    }
  });
}

/**
 * `zip(...sources)`: one tuple per step, the i-th values of every source
 * together.
 *
 * Each source has a reader task (a {@link Feed} lane of capacity 1), so all
 * sources are read at once and a tuple is ready when the slowest value is.
 * The zipped stream ends as soon as one source ends (a value another source
 * had already read ahead is dropped, as with Python's `zip`), and fails
 * with the error of a source that fails.
 *
 * @module
 */
import { ENDED, Feed } from './feed.js';
import type { StreamSource } from './for-each.js';
import { toStream, type StreamValue } from './stage.js';
import { stream, type Stream } from './stream.js';

/**
 * Pairs up the values of `sources` by position: `[a0, b0]`, `[a1, b1]`, …
 * All sources are read concurrently; the stream ends when the first source
 * ends. `zip()` with no source is an empty stream.
 *
 * @example
 * ```ts
 * const labelled = zip(names, scores); // Stream<[string, number]>
 * yield* forEach(labelled, ([name, score]) => console.log(name, score));
 * ```
 */
export function zip<const S extends readonly StreamSource<unknown>[]>(...sources: S): Stream<{ -readonly [K in keyof S]: StreamValue<S[K]> }> {
  type Tuple = { -readonly [K in keyof S]: StreamValue<S[K]> };
  const streams = sources.map((source, i) => toStream(source, `zip(...sources): argument ${i}`));
  return stream<Tuple>(function* () {
    if (streams.length === 0) return;
    const feed = new Feed(streams, 'zip', { capacity: 1 });
    try {
      for (;;) {
        let ready = true;
        for (const lane of feed.lanes) {
          if (lane.finished) {
            if (lane.outcome === ENDED) return;
            throw lane.outcome;
          }
          if (lane.items.length === 0) ready = false;
        }
        if (ready) yield feed.lanes.map((lane) => feed.take(lane)) as Tuple;
        else yield feed.wait();
      }
    } finally {
      yield* feed.close();
    }
  });
}

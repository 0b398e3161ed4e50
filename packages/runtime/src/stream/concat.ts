/**
 * `concat(...sources)`: one source after another.
 *
 * Sources are opened lazily, one at a time, inline in the consumer's task:
 * the next is opened only after the previous has ended and been closed, so
 * at most one is open at any moment. An error in one source ends the whole
 * stream; the sources after it are never opened.
 *
 * @module
 */
import type { StreamSource } from './for-each.js';
import { forward, reading, toStream, type StreamValue } from './stage.js';
import { stream, type Stream } from './stream.js';

/**
 * Yields every value of the first source, then of the second, and so on.
 * `concat()` with no source is an empty stream.
 *
 * @example
 * ```ts
 * const all = concat(cachedResults, fetchMore()); // cached first, then fresh
 * ```
 */
export function concat<const S extends readonly StreamSource<unknown>[]>(...sources: S): Stream<StreamValue<S[number]>> {
  const streams = sources.map((source, i) => toStream(source, `concat(...sources): argument ${i}`)) as Stream<StreamValue<S[number]>>[];
  return stream<StreamValue<S[number]>>(function* () {
    for (const source of streams) yield* reading(source, forward);
  });
}

/**
 * `batch(size, { maxWait })`: values grouped into arrays of up to `size`.
 *
 * Without `maxWait` the stage reads inline: a batch is handed on when it is
 * full, and a partial batch when the upstream ends. With `maxWait` a batch
 * is also handed on `maxWait` ms after its first value arrived, full or not,
 * so the stage must wait for the upstream and a deadline at once: a reader
 * task reads one value ahead into a {@link Feed} lane that records arrival
 * times. A value that arrives exactly at the deadline starts the next batch
 * (the deadline wins a tie, as for `timeout`).
 *
 * An upstream error is thrown at once; the values of the unfinished batch
 * are dropped with it.
 *
 * @module
 */
import { assertDelay, describe, type Instruction } from '../operation.js';
import { getLoop } from '../task/task.js';
import { ENDED, Feed } from './feed.js';
import { assertCount, reading, toStream, type Stage } from './stage.js';
import { stream, type Stream, type Subscription } from './stream.js';

/** Options of {@link batch}. */
export interface BatchOptions {
  /** Hand on a partial batch this many ms after its first value arrived. Default: wait until it is full or the stream ends. */
  maxWait?: number;
}

function* bySize<T>(upstream: Subscription<T>, size: number): Generator<T[] | Instruction, void, unknown> {
  let values: T[] = [];
  for (;;) {
    const step = upstream._ready?.() ?? (yield* upstream.next());
    if (step.done === true) break;
    values.push(step.value);
    if (values.length === size) {
      yield values;
      values = [];
    }
  }
  if (values.length > 0) yield values;
}

/**
 * Groups values into arrays of `size` (a whole number >= 1, or Infinity);
 * the last batch may be smaller. With `maxWait`, a batch is also handed on
 * `maxWait` ms after its first value arrived. Empty batches are never
 * emitted.
 *
 * @example
 * ```ts
 * // Write rows 100 at a time, and never hold a row for more than 50 ms.
 * yield* forEach(pipe(rows, batch(100, { maxWait: 50 })), (chunk) => insertRows(chunk));
 * ```
 */
export function batch<T>(size: number, options: BatchOptions = {}): Stage<T, T[]> {
  assertCount(size, 'batch(size, options)', 'size', 1);
  if (typeof options !== 'object' || options === null) throw new TypeError(`batch(size, options): options must be an object, got ${describe(options)}`);
  const { maxWait } = options;
  if (maxWait !== undefined) assertDelay(maxWait, 'batch(size, options): options.maxWait');
  return (input: Stream<T>): Stream<T[]> => {
    const source = toStream(input, 'batch(size, options)(input)');
    if (maxWait === undefined) return stream<T[]>(() => reading(source, (upstream) => bySize(upstream, size)));
    return stream<T[]>(function* () {
      const loop = yield* getLoop();
      const feed = new Feed([source], 'batch', { capacity: 1, times: true });
      const lane = feed.lanes[0]!;
      let values: T[] = [];
      let deadline = NaN;
      try {
        for (;;) {
          if (lane.items.length > 0 && (values.length === 0 || lane.times![0]! < deadline)) {
            if (values.length === 0) deadline = lane.times![0]! + maxWait;
            values.push(feed.take(lane));
            if (values.length < size) continue;
          } else if (lane.finished) {
            if (lane.outcome !== ENDED) throw lane.outcome;
            if (values.length > 0) yield values;
            return;
          } else if (values.length === 0 || loop.time() < deadline) {
            yield feed.wait(values.length > 0 ? deadline : NaN);
            continue;
          }
          yield values;
          values = [];
        }
      } finally {
        yield* feed.close();
      }
    });
  };
}

/**
 * Any `AsyncIterable` (an async generator, a Node readable, a web
 * `ReadableStream`) as a {@link Stream}.
 *
 * Each `next()` awaits the source like `call(promise)`. Closing the stream
 * calls the source's `return()`: awaited (shielded, so it completes even in a
 * cancelled task) when no `next()` is in flight; requested without waiting
 * when the consumer was cancelled in the middle of a `next()` (an async
 * generator only acts on `return()` after the pending `next()` settles,
 * which could be never).
 *
 * @module
 */
import { CancelledError } from '../errors.js';
import { call } from '../interop/call.js';
import { describe, type Instruction, type Operation } from '../operation.js';
import { shield } from '../task/shield.js';
import { currentTaskOrThrow } from '../task/task.js';
import { STREAM_END, Stream, type Subscription } from './stream.js';

class AsyncIterableStream<T> extends Stream<T> {
  constructor(private readonly source: AsyncIterable<T>) {
    super();
  }

  _open(): Subscription<T> {
    return new AsyncIterableSubscription<T>(this.source[Symbol.asyncIterator]());
  }
}

class AsyncIterableSubscription<T> implements Subscription<T> {
  private iterator: AsyncIterator<T> | null;
  private pending = false;

  constructor(iterator: AsyncIterator<T>) {
    this.iterator = iterator;
  }

  get closed(): boolean {
    return this.iterator === null;
  }

  next(): Operation<IteratorResult<T, undefined>> {
    return this.pull();
  }

  close(): Operation<void> {
    return this.finish();
  }

  private *pull(): Generator<Instruction, IteratorResult<T, undefined>, unknown> {
    const iterator = this.iterator;
    if (iterator === null) return STREAM_END;
    this.pending = true;
    let step: IteratorResult<T>;
    try {
      step = yield* call(iterator.next());
    } catch (error) {
      // The source failed (not a cancellation of ours): it is finished. A
      // cancelled read stays pending, so closing does not wait for it.
      if (!(error instanceof CancelledError)) this.iterator = null;
      throw error;
    }
    this.pending = false;
    if (step.done === true) {
      this.iterator = null;
      return STREAM_END;
    }
    return { done: false, value: step.value };
  }

  private *finish(): Generator<Instruction, void, unknown> {
    const iterator = this.iterator;
    if (iterator === null) return;
    this.iterator = null;
    if (typeof iterator.return !== 'function') return;
    if (this.pending) {
      const task = currentTaskOrThrow('stream.close()');
      Promise.resolve()
        .then(() => iterator.return!())
        .catch((error: unknown) => task.loop.callExceptionHandler({ message: 'closing an async iterable failed', exception: error, task }));
      return;
    }
    yield* shield(call(() => iterator.return!()));
  }
}

/**
 * Wraps any `AsyncIterable` as a {@link Stream}, so it can be consumed with
 * `forEach`, `iterate` and the combinators inside coroutines. Stopping early
 * calls the source's `return()`.
 *
 * @example
 * ```ts
 * async function* lines() { yield 'a'; yield 'b'; }
 * const upper = pipe(fromAsyncIterable(lines()), map((line) => line.toUpperCase()));
 * ```
 */
export function fromAsyncIterable<T>(source: AsyncIterable<T>): Stream<T> {
  if (source === null || typeof source !== 'object' || typeof (source as Partial<AsyncIterable<T>>)[Symbol.asyncIterator] !== 'function') {
    throw new TypeError(`fromAsyncIterable(source): source must be an AsyncIterable, got ${describe(source)}`);
  }
  if (source instanceof Stream) return source as Stream<T>;
  return new AsyncIterableStream(source);
}

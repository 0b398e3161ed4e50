/**
 * Consuming any `AsyncIterable` (an async generator, a Node stream, a web
 * `ReadableStream`) inside a coroutine.
 *
 * Each `next()` is awaited like `call(promise)`. When the consumer stops
 * early — `fn` throws, or the task is cancelled — the source is closed with
 * its `return()`, so an async generator's `finally` runs. If the task was
 * cancelled while a `next()` was still pending, `return()` is requested
 * without waiting (an async generator would only act on it after that
 * `next()` settles); otherwise it is awaited, shielded, before the
 * cancellation continues.
 *
 * @module
 */
import { describe, isOperation, type Instruction, type Operation } from '../operation.js';
import { shield } from '../task/shield.js';
import { currentTaskOrThrow } from '../task/task.js';
import { call } from './call.js';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function* runForEach<T>(source: AsyncIterable<T>, fn: (value: T) => void | Operation<unknown> | PromiseLike<unknown>): Generator<Instruction, void, unknown> {
  const task = currentTaskOrThrow('forEach()');
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  let nextPending = false;
  try {
    for (;;) {
      nextPending = true;
      const step = yield* call(iterator.next());
      nextPending = false;
      if (step.done === true) {
        finished = true;
        return;
      }
      const result = fn(step.value);
      if (isOperation(result)) yield* result;
      else if (isThenable(result)) yield* call(result);
    }
  } finally {
    if (!finished && typeof iterator.return === 'function') {
      if (nextPending) {
        Promise.resolve()
          .then(() => iterator.return!())
          .catch((error: unknown) => task.loop.callExceptionHandler({ message: 'forEach(): closing the async iterable failed', exception: error, task }));
      } else {
        yield* shield(call(() => iterator.return!()));
      }
    }
  }
}

/**
 * Runs `fn` for each value of an `AsyncIterable`, in order, waiting for what
 * `fn` returns — an operation (a generator function's) or a promise (an
 * async function's) — before taking the next value. Stopping early closes the source (its `return()` runs).
 *
 * @example
 * ```ts
 * async function* ticks() { for (let i = 0; i < 3; i++) yield i; }
 *
 * yield* forEach(ticks(), function* (n) {
 *   yield* sleep(100);
 *   console.log('tick', n);
 * });
 * ```
 */
export function forEach<T>(source: AsyncIterable<T>, fn: (value: T) => void | Operation<unknown> | PromiseLike<unknown>): Operation<void> {
  if (source === null || typeof source !== 'object' || typeof source[Symbol.asyncIterator] !== 'function') {
    throw new TypeError(`forEach(source, fn): source must be an AsyncIterable, got ${describe(source)}`);
  }
  if (typeof fn !== 'function') throw new TypeError(`forEach(source, fn): fn must be a function, got ${describe(fn)}`);
  return runForEach(source, fn);
}

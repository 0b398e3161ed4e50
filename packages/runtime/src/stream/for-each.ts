/**
 * Consuming a stream inside a coroutine: `forEach` runs a function per
 * value; `iterate` opens a subscription for a manual `next()` loop.
 *
 * Both accept a {@link Stream} or any `AsyncIterable`. `forEach` always
 * closes what it opened (on the end, an error, or cancellation). A
 * subscription from `iterate` should be closed by its reader; if it is left
 * open, it is closed when the task that opened it finishes.
 *
 * @module
 */
import { describe, rerun, type Instruction, type Operation } from '../operation.js';
import { isDeferred, settle } from '../interop/call.js';
import { Immediate, currentTaskOrThrow, type Task } from '../task/task.js';
import { fromAsyncIterable } from './from-async-iterable.js';
import { NOT_IN_HAND, READY_END, READY_WAIT, Stream, type Subscription } from './stream.js';

/** A {@link Stream} or any `AsyncIterable`. */
export type StreamSource<T> = Stream<T> | AsyncIterable<T>;

/** @internal Opens a subscription on a stream or an AsyncIterable. */
export function open<T>(source: StreamSource<T>): Subscription<T> {
  return (source instanceof Stream ? source : fromAsyncIterable(source))._open();
}

function assertSource(source: unknown, where: string): void {
  if (source instanceof Stream) return;
  if (source !== null && typeof source === 'object' && typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function') return;
  throw new TypeError(`${where}: source must be a Stream or an AsyncIterable, got ${describe(source)}`);
}

/**
 * Runs `fn` over the values `subscription` has in hand, without waiting:
 * until it has none (READY_WAIT), the stream ends (READY_END), or `fn` returns an
 * operation or a promise (returned, to be waited for before the next value).
 * Each value is a cancellation checkpoint, as in the coroutine below.
 *
 * A plain function, not part of the coroutine, on purpose: its loop holds
 * only the path values in hand take, so V8 compiles it once, in the middle
 * of the loop, within the first ~20,000 values. When the loop was the
 * coroutine's, V8 compiled it before the path through `next()` had run,
 * threw that code away the first time the path ran, and compiled it again
 * ~100,000 values later: a first run of `readLines` + `forEach` read its
 * first ~300,000 lines at about half the speed of the rest.
 */
function drainReady<T>(task: Task<unknown>, subscription: Subscription<T>, fn: (value: T) => unknown): unknown {
  if (subscription._take !== undefined) return drainTaken(task, subscription, fn);
  for (;;) {
    const cancelled = task._cancelledScope();
    if (cancelled !== null) throw cancelled._error!;
    const step = subscription._ready!();
    if (step === null) return READY_WAIT;
    if (step.done === true) return READY_END;
    const result = fn(step.value);
    if (isDeferred(result)) return result;
  }
}

/**
 * {@link drainReady} for a subscription with `_take`: values without result
 * objects, and when it has none to take at once, one `_ready()`, which tells
 * the end or a wait (or hands over a value `_take` would not, as the last
 * line of a text without its newline). Its own loop, so that `drainReady`'s
 * stays as V8 compiles it for the sources without (deciding in `runForEach`
 * instead cost the pipeline workload ~5 % warm).
 */
function drainTaken<T>(task: Task<unknown>, subscription: Subscription<T>, fn: (value: T) => unknown): unknown {
  for (;;) {
    const cancelled = task._cancelledScope();
    if (cancelled !== null) throw cancelled._error!;
    const value = subscription._take!(NOT_IN_HAND);
    let result: unknown;
    if (value !== NOT_IN_HAND) {
      result = fn(value);
    } else {
      const step = subscription._ready!();
      if (step === null) return READY_WAIT;
      if (step.done === true) return READY_END;
      result = fn(step.value);
    }
    if (isDeferred(result)) return result;
  }
}

function* runForEach<T>(source: StreamSource<T>, fn: (value: T) => unknown): Generator<Instruction, void, unknown> {
  const task = currentTaskOrThrow('forEach()');
  const subscription = open(source);
  try {
    // A value the source has in hand (a buffered channel value, a line
    // already decoded) is taken without running next()'s operation: the
    // same value next() would give at once, for a call instead of a yield*.
    const ready = subscription._ready !== undefined;
    for (;;) {
      if (ready) {
        const stopped = drainReady(task, subscription, fn);
        if (stopped === READY_END) return;
        if (stopped !== READY_WAIT) {
          yield* settle(stopped as Operation<unknown> | PromiseLike<unknown>);
          continue;
        }
        // Nothing in hand: drainReady checked for cancellation just before it asked.
      } else {
        // Each value is a checkpoint: a cancelled consumer stops here, before
        // taking another value (so none is lost), even when the source could
        // hand values over without waiting (a full buffer).
        const cancelled = task._cancelledScope();
        if (cancelled !== null) throw cancelled._error!;
      }
      const step = yield* subscription.next();
      if (step.done === true) return;
      const result = fn(step.value);
      if (isDeferred(result)) yield* settle(result);
    }
  } finally {
    yield* subscription.close();
  }
}

/**
 * Runs `fn` for each value of a stream (or any `AsyncIterable`), in order,
 * waiting for what `fn` returns — an operation (from a generator function)
 * or a promise (from an async function) — before taking the next value.
 * Stopping early (an error in `fn`, or cancellation) closes the source, so
 * its `finally` blocks run. Each value is a checkpoint: in a cancelled task
 * `forEach` throws `CancelledError` before running `fn` again, even when the
 * source has values ready without waiting.
 *
 * @example
 * ```ts
 * yield* forEach(squareOdds(1, 10), function* (square) {
 *   console.log(square, 'at', (yield* getLoop()).time());
 * });
 * ```
 */
export function forEach<T>(source: StreamSource<T>, fn: (value: T) => void | Operation<unknown> | PromiseLike<unknown>): Operation<void> {
  assertSource(source, 'forEach(source, fn)');
  if (typeof fn !== 'function') throw new TypeError(`forEach(source, fn): fn must be a function, got ${describe(fn)}`);
  return rerun(() => runForEach(source, fn));
}

/**
 * Opens a stream (or any `AsyncIterable`) for reading value by value with
 * `yield* subscription.next()`. Close it with `yield* subscription.close()`
 * when you stop early; if you do not, it is closed when your task finishes.
 *
 * @example
 * ```ts
 * const squares = yield* iterate(squareOdds(1, 10));
 * try {
 *   for (let step = yield* squares.next(); !step.done; step = yield* squares.next()) {
 *     if (step.value > 20) break;
 *     console.log(step.value);
 *   }
 * } finally {
 *   yield* squares.close();
 * }
 * ```
 */
export function iterate<T>(source: StreamSource<T>): Operation<Subscription<T>> {
  assertSource(source, 'iterate(source)');
  return new Immediate(() => {
    const task = currentTaskOrThrow('iterate()');
    const subscription = open(source);
    task._track(subscription);
    return subscription;
  });
}


/**
 * Stages: what every stream combinator is made of.
 *
 * A stage is a function from a stream to a stream (`Stage<A, B>`), or, last
 * in a `pipe`, from a stream to an operation (`Terminal<A, R>`). Applying a
 * stage runs nothing: it describes a new stream that, each time it is
 * consumed, opens its upstream and reads it.
 *
 * A stage reads its upstream in one of two ways:
 * - inline (`reading`): the stage's coroutine steps the upstream inside the
 *   consumer's task, so a stage costs a generator resume per item and no
 *   task. take, takeWhile, skip, scan, throttle, concat, `timeout(ms)` and
 *   batch without `maxWait` work so; map and filter with concurrency 1 go
 *   further (fused.ts).
 * - in child tasks (feed.ts, concurrent.ts): when the stage must wait for
 *   its upstream and for something else at once (a deadline, other sources,
 *   concurrent calls). The stage owns those tasks (children.ts).
 *
 * The invariant every stage keeps: however it stops — its upstream ends or
 * fails, it reaches a limit, its consumer closes it or is cancelled — it
 * closes what it opened before it reports, so every upstream `finally` has
 * run by the time the consumer sees the end or the error.
 *
 * @module
 */
import { describe, type Instruction, type Operation } from '../operation.js';
import { type StreamSource, open } from './for-each.js';
import { fromAsyncIterable } from './from-async-iterable.js';
import { Stream, type Subscription } from './stream.js';

/**
 * A stream stage: takes a stream, returns a new stream (lazy: nothing runs
 * until the result is consumed). Chain stages with `pipe`.
 *
 * @example
 * ```ts
 * const evens: Stage<number, number> = filter((n) => n % 2 === 0);
 * const doubledEvens = pipe(numbers, evens, map((n) => n * 2));
 * ```
 */
export type Stage<A, B> = (input: Stream<A>) => Stream<B>;

/**
 * The last step of a pipe: consumes a stream into an operation.
 *
 * @example
 * ```ts
 * const total: Terminal<number, number> = reduce((sum, n) => sum + n, 0);
 * const sum = yield* pipe(numbers, total);
 * ```
 */
export type Terminal<A, R> = (input: Stream<A>) => Operation<R>;

/**
 * What a stage's callback may return: a value, an operation (a generator
 * function's result) that the stage runs, or a promise that it awaits.
 *
 * @example
 * ```ts
 * const lookUp: (id: number) => Awaitable<string> = function* (id) {
 *   yield* sleep(10);
 *   return `user ${id}`;
 * };
 * ```
 */
export type Awaitable<T> = T | Operation<T> | PromiseLike<T>;

/**
 * The value a callback's result stands for: what an operation returns, what
 * a promise resolves to, or the result itself.
 *
 * @example
 * ```ts
 * type A = Settled<Operation<number>>; // number
 * type B = Settled<Promise<string>>;   // string
 * type C = Settled<boolean>;           // boolean
 * ```
 */
export type Settled<R> = R extends Operation<infer T> ? T : R extends PromiseLike<infer T> ? T : R;

/**
 * The type of the values of a stream source (a {@link Stream} or any
 * `AsyncIterable`).
 *
 * @example
 * ```ts
 * type N = StreamValue<Stream<number>>; // number
 * ```
 */
/** @internal Shared with the rest of the runtime; re-exported for the stages. */
export { isDeferred, settle } from '../interop/call.js';
export { assertCount, assertFunction } from '../operation.js';

export type StreamValue<S> = S extends AsyncIterable<infer T> ? T : never;

/** @internal The input of a stage as a {@link Stream}; a TypeError naming `where` for anything else. */
export function toStream<T>(source: StreamSource<T>, where: string): Stream<T> {
  if (source instanceof Stream) return source;
  if (source !== null && typeof source === 'object' && typeof (source as Partial<AsyncIterable<T>>)[Symbol.asyncIterator] === 'function') {
    return fromAsyncIterable(source);
  }
  throw new TypeError(`${where}: expected a Stream or an AsyncIterable, got ${describe(source)}`);
}

/**
 * @internal Opens `input` in the current task, runs `body` on it and closes it
 * however `body` stops (returns, throws, or is itself closed early).
 */
export function* reading<A, Y, R>(input: Stream<A>, body: (upstream: Subscription<A>) => Generator<Y, R, unknown>): Generator<Y | Instruction, R, unknown> {
  const upstream = open(input);
  try {
    return yield* body(upstream);
  } finally {
    yield* upstream.close();
  }
}

/** @internal Passes on every value of `upstream` (the body of a stage that only relays). */
export function* forward<T>(upstream: Subscription<T>): Generator<T | Instruction, void, unknown> {
  for (;;) {
    const step = upstream._ready?.() ?? (yield* upstream.next());
    if (step.done === true) return;
    yield step.value;
  }
}


/**
 * Folds: `scan(f, seed)` hands on every running total; `reduce(f, seed)`
 * and `collect()` are terminals that consume the whole stream into one
 * operation's result.
 *
 * All three read their upstream inline and close it however they stop. `f`
 * may return the new accumulator, an operation or a promise of it; one call
 * finishes before the next value is read.
 *
 * @module
 */
import { rerun, type Instruction, type Operation } from '../operation.js';
import { assertFunction, isDeferred, reading, settle, toStream, type Awaitable, type Stage, type Terminal } from './stage.js';
import { NOT_IN_HAND, READY_END, READY_WAIT, stream, type Stream, type Subscription } from './stream.js';

/** A terminal fold's accumulator, shared by the coroutine and {@link drainFold}. */
interface Folding<R> {
  acc: R;
}

/**
 * Folds the values `upstream` has in hand, without waiting: until it has
 * none (READY_WAIT), the stream ends (READY_END), or `f` returns an operation or a
 * promise (returned, to be waited for). A plain function, not part of the
 * coroutine, for the reason forEach's drain loop is one (for-each.ts): V8
 * compiles this loop once, early, where the coroutine's loop was compiled,
 * thrown away when the path through `next()` first ran, and compiled again.
 */
function drainFold<A, R>(upstream: Subscription<A>, f: (acc: R, value: A) => Awaitable<R>, folding: Folding<R>): unknown {
  if (upstream._take !== undefined) return drainFoldTaken(upstream, f, folding);
  for (;;) {
    const step = upstream._ready!();
    if (step === null) return READY_WAIT;
    if (step.done === true) return READY_END;
    const next = f(folding.acc, step.value);
    if (isDeferred(next)) return next;
    folding.acc = next;
  }
}

/** {@link drainFold} for an upstream with `_take` (see forEach's `drainTaken`): values without result objects, and `_ready()` when it has none to take at once. */
function drainFoldTaken<A, R>(upstream: Subscription<A>, f: (acc: R, value: A) => Awaitable<R>, folding: Folding<R>): unknown {
  for (;;) {
    const value = upstream._take!(NOT_IN_HAND);
    let next: Awaitable<R>;
    if (value !== NOT_IN_HAND) {
      next = f(folding.acc, value);
    } else {
      const step = upstream._ready!();
      if (step === null) return READY_WAIT;
      if (step.done === true) return READY_END;
      next = f(folding.acc, step.value);
    }
    if (isDeferred(next)) return next;
    folding.acc = next;
  }
}

/** A terminal fold over an upstream that can hand over values in hand: those through {@link drainFold}, the rest through `next()`. */
function* foldReady<A, R>(upstream: Subscription<A>, f: (acc: R, value: A) => Awaitable<R>, seed: R): Generator<Instruction, R, unknown> {
  const folding: Folding<R> = { acc: seed };
  for (;;) {
    const stopped = drainFold(upstream, f, folding);
    if (stopped === READY_END) return folding.acc;
    if (stopped === READY_WAIT) {
      const step = yield* upstream.next();
      if (step.done === true) return folding.acc;
      const next: unknown = f(folding.acc, step.value);
      folding.acc = (isDeferred(next) ? yield* settle(next) : next) as R;
    } else {
      folding.acc = (yield* settle(stopped as Operation<R> | PromiseLike<R>)) as R;
    }
  }
}

/** Folds `upstream` with `f` from `seed`, yielding each new accumulator when `each`; returns the last. */
function* fold<A, R>(upstream: Subscription<A>, f: (acc: R, value: A) => Awaitable<R>, seed: R, each: boolean): Generator<R | Instruction, R, unknown> {
  if (!each && upstream._ready !== undefined) return yield* foldReady(upstream, f, seed);
  let acc = seed;
  for (;;) {
    const step = upstream._ready?.() ?? (yield* upstream.next());
    if (step.done === true) return acc;
    let next: unknown = f(acc, step.value);
    if (isDeferred(next)) next = yield* settle(next);
    acc = next as R;
    if (each) yield acc;
  }
}

/**
 * Hands on the accumulator after each value: `f(seed, v0)`, then
 * `f(that, v1)`, … (the seed itself is not emitted).
 *
 * @example
 * ```ts
 * const runningTotal = pipe(amounts, scan((sum, x) => sum + x, 0)); // 5, 8, 20, …
 * ```
 */
export function scan<A, R>(f: (acc: R, value: A) => Awaitable<R>, seed: R): Stage<A, R> {
  assertFunction(f, 'scan(f, seed)', 'f');
  return (input: Stream<A>): Stream<R> => {
    const source = toStream(input, 'scan(f, seed)(input)');
    return stream<R>(() => reading(source, (upstream) => fold(upstream, f, seed, true)));
  };
}

/**
 * Terminal: folds the whole stream into one value, `f(…f(f(seed, v0), v1)…)`,
 * or `seed` for an empty stream.
 *
 * @example
 * ```ts
 * const total = yield* pipe(amounts, reduce((sum, x) => sum + x, 0));
 * ```
 */
export function reduce<A, R>(f: (acc: R, value: A) => Awaitable<R>, seed: R): Terminal<A, R> {
  assertFunction(f, 'reduce(f, seed)', 'f');
  return (input: Stream<A>): Operation<R> => {
    const source = toStream(input, 'reduce(f, seed)(input)');
    return rerun(() => reading(source, (upstream) => fold(upstream, f, seed, false)) as Generator<Instruction, R, unknown>);
  };
}

/**
 * Terminal: every value of the stream, in an array.
 *
 * @example
 * ```ts
 * const squares = yield* pipe(squareOdds(1, 9), collect()); // [1, 9, 25, 49, 81]
 * ```
 */
export function collect<T>(): Terminal<T, T[]> {
  return (input: Stream<T>): Operation<T[]> => {
    const source = toStream(input, 'collect()(input)');
    // A new array for each run.
    return rerun(() => reading(source, (upstream) => fold(upstream, push<T>, [], false)) as Generator<Instruction, T[], unknown>);
  };
}

function push<T>(values: T[], value: T): T[] {
  values.push(value);
  return values;
}

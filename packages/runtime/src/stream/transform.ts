/**
 * `map(f)` and `filter(p)`, the two per-value transforms, and their options.
 *
 * The callback may return a plain value, an operation (write it as a
 * generator function to wait inside it) or a promise. With the default
 * concurrency of 1 the stage is fused into its upstream (fused.ts): no task,
 * no generator and no allocation per value for a plain callback. With
 * `concurrency` n > 1, up to n calls run at once in a pool of at most n
 * worker tasks owned by the stage (concurrent.ts), their results handed on in input order or, with
 * `ordered: false`, as they finish.
 *
 * @module
 */
import { describe } from '../operation.js';
import { concurrentStream } from './concurrent.js';
import { FusedStream } from './fused.js';
import { assertCount, assertFunction, toStream, type Awaitable, type Settled, type Stage } from './stage.js';
import type { Stream } from './stream.js';

/** Options of {@link map} and {@link filter}. */
export interface TransformOptions {
  /**
   * How many calls of the callback may run at once: a whole number >= 1, or
   * Infinity. Default 1: one value at a time, inline in the consumer's task.
   * Above 1, the calls run in a pool of at most that many child tasks of
   * the stage, which read the upstream themselves; a worker whose call
   * finished goes on to the next value at once, unless that many finished
   * results are already waiting to be handed on (so a slow consumer holds
   * the stage back).
   */
  concurrency?: number;
  /**
   * With concurrency above 1: hand results on in input order (`true`, the
   * default) or as soon as each call finishes (`false`).
   */
  ordered?: boolean;
}

function transformOptions(options: TransformOptions, where: string): { concurrency: number; ordered: boolean } {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  const { concurrency = 1, ordered = true } = options;
  assertCount(concurrency, where, 'options.concurrency', 1);
  if (typeof ordered !== 'boolean') throw new TypeError(`${where}: options.ordered must be a boolean, got ${describe(ordered)}`);
  return { concurrency, ordered };
}

function transform<A, B>(fn: (value: A) => unknown, options: TransformOptions, filter: boolean): Stage<A, B> {
  const name = filter ? 'filter(p, options)' : 'map(f, options)';
  assertFunction(fn, name, filter ? 'p' : 'f');
  const { concurrency, ordered } = transformOptions(options, name);
  return (input: Stream<A>): Stream<B> => {
    const source = toStream(input, `${name}(input)`);
    return concurrency === 1 ? FusedStream.over<A, B>(source, { fn, filter }) : concurrentStream<A, B>(source, fn, filter, concurrency, ordered);
  };
}

/**
 * Applies `f` to every value. `f` may return the new value, an operation
 * (a generator function's result, run to get the value) or a promise.
 * With `{ concurrency: n }`, up to n calls run at once.
 *
 * @example
 * ```ts
 * const doubled = pipe(numbers, map((n) => n * 2));
 *
 * // Up to 4 lookups at once, results in input order:
 * const users = pipe(ids, map(function* (id) {
 *   return yield* call((signal) => fetchUser(id, signal));
 * }, { concurrency: 4 }));
 * ```
 */
export function map<A, R>(f: (value: A) => R, options: TransformOptions = {}): Stage<A, Settled<R>> {
  return transform<A, Settled<R>>(f, options, false);
}

/**
 * Keeps the values for which `p` is true. `p` may return a boolean, an
 * operation or a promise of one; with `{ concurrency: n }`, up to n checks
 * run at once. A type guard narrows the stream's type.
 *
 * @example
 * ```ts
 * const odd = pipe(numbers, filter((n) => n % 2 === 1));
 * const strings = pipe(mixed, filter((x): x is string => typeof x === 'string'));
 * ```
 */
export function filter<A, B extends A>(p: (value: A) => value is B, options?: TransformOptions): Stage<A, B>;
export function filter<A>(p: (value: A) => Awaitable<boolean>, options?: TransformOptions): Stage<A, A>;
export function filter<A>(p: (value: A) => Awaitable<boolean>, options: TransformOptions = {}): Stage<A, A> {
  return transform<A, A>(p, options, true);
}

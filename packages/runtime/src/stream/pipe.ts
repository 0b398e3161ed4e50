/**
 * `pipe(source, ...stages)`: a stream put through stages, left to right.
 *
 * `pipe(source, map(f), filter(p), take(n))` is `take(n)(filter(p)(map(f)(source)))`,
 * written in the order the values flow. Every stage but the last turns a
 * stream into a stream; the last may be a terminal (`reduce`, `collect`),
 * and `pipe` then returns its operation. Nothing runs until the result is
 * consumed. An `AsyncIterable` source is wrapped with `fromAsyncIterable`.
 *
 * Typing: one overload per length, up to 10 stages, so each stage's input
 * type is inferred from the previous stage's output (write
 * `map((x) => x * 2)`, not `map((x: number) => x * 2)`). Compose longer
 * chains by nesting pipes.
 *
 * @module
 */
import { describe, type Operation } from '../operation.js';
import type { StreamSource } from './for-each.js';
import { toStream, type Stage } from './stage.js';
import { Stream } from './stream.js';

/** What a pipe's last stage may return: a stream, or a terminal's operation. */
export type Piped = Stream<unknown> | Operation<unknown>;

/**
 * Puts `source` through `stages` in order and returns what the last one
 * returns: a {@link Stream}, or an operation when the last stage is a
 * terminal such as `reduce` or `collect`.
 *
 * @example
 * ```ts
 * const firstBigSquares = pipe(numbers, map((n) => n * n), filter((n) => n > 100), take(3));
 * const total = yield* pipe(numbers, map((n) => n * 2), reduce((sum, n) => sum + n, 0));
 * ```
 */
export function pipe<A>(source: StreamSource<A>): Stream<A>;
export function pipe<A, R extends Piped>(source: StreamSource<A>, s1: (input: Stream<A>) => R): R;
export function pipe<A, B, R extends Piped>(source: StreamSource<A>, s1: Stage<A, B>, s2: (input: Stream<B>) => R): R;
export function pipe<A, B, C, R extends Piped>(source: StreamSource<A>, s1: Stage<A, B>, s2: Stage<B, C>, s3: (input: Stream<C>) => R): R;
export function pipe<A, B, C, D, R extends Piped>(source: StreamSource<A>, s1: Stage<A, B>, s2: Stage<B, C>, s3: Stage<C, D>, s4: (input: Stream<D>) => R): R;
export function pipe<A, B, C, D, E, R extends Piped>(source: StreamSource<A>, s1: Stage<A, B>, s2: Stage<B, C>, s3: Stage<C, D>, s4: Stage<D, E>, s5: (input: Stream<E>) => R): R;
export function pipe<A, B, C, D, E, F, R extends Piped>(source: StreamSource<A>, s1: Stage<A, B>, s2: Stage<B, C>, s3: Stage<C, D>, s4: Stage<D, E>, s5: Stage<E, F>, s6: (input: Stream<F>) => R): R;
export function pipe<A, B, C, D, E, F, G, R extends Piped>(source: StreamSource<A>, s1: Stage<A, B>, s2: Stage<B, C>, s3: Stage<C, D>, s4: Stage<D, E>, s5: Stage<E, F>, s6: Stage<F, G>, s7: (input: Stream<G>) => R): R;
export function pipe<A, B, C, D, E, F, G, H, R extends Piped>(source: StreamSource<A>, s1: Stage<A, B>, s2: Stage<B, C>, s3: Stage<C, D>, s4: Stage<D, E>, s5: Stage<E, F>, s6: Stage<F, G>, s7: Stage<G, H>, s8: (input: Stream<H>) => R): R;
export function pipe<A, B, C, D, E, F, G, H, I, R extends Piped>(source: StreamSource<A>, s1: Stage<A, B>, s2: Stage<B, C>, s3: Stage<C, D>, s4: Stage<D, E>, s5: Stage<E, F>, s6: Stage<F, G>, s7: Stage<G, H>, s8: Stage<H, I>, s9: (input: Stream<I>) => R): R;
export function pipe<A, B, C, D, E, F, G, H, I, J, R extends Piped>(source: StreamSource<A>, s1: Stage<A, B>, s2: Stage<B, C>, s3: Stage<C, D>, s4: Stage<D, E>, s5: Stage<E, F>, s6: Stage<F, G>, s7: Stage<G, H>, s8: Stage<H, I>, s9: Stage<I, J>, s10: (input: Stream<J>) => R): R;
export function pipe(source: StreamSource<unknown>, ...stages: ((input: Stream<unknown>) => Piped)[]): Piped {
  let value: Piped = toStream(source, 'pipe(source, ...stages): source');
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i];
    if (typeof stage !== 'function') throw new TypeError(`pipe(source, ...stages): stage ${i + 1} must be a function (such as map(f)), got ${describe(stage)}`);
  }
  for (let i = 0; i < stages.length; i++) {
    if (!(value instanceof Stream)) {
      throw new TypeError(`pipe(source, ...stages): stage ${i} returned ${describe(value)}, not a Stream; only the last stage may be a terminal such as reduce() or collect()`);
    }
    value = stages[i]!(value);
  }
  return value;
}

/**
 * Prefixes and suffixes of a stream: `take(n)`, `takeWhile(p)`, `skip(n)`.
 *
 * Each is an inline stage (its coroutine steps the upstream in the
 * consumer's task). A stage that has all it wants closes its upstream at
 * once, before it hands anything more on: `take(n)` closes the upstream as
 * soon as it has read the n-th value, so the upstream's `finally` has run
 * before the consumer receives that value, and an endless upstream is never
 * read past it.
 *
 * @module
 */
import { forward, isDeferred, reading, settle, assertCount, assertFunction, toStream, type Awaitable, type Stage } from './stage.js';
import { stream, type Stream } from './stream.js';

/**
 * The first `n` values (a whole number >= 0, or Infinity). The upstream is
 * closed as soon as the n-th value has been read, before it is handed on;
 * `take(0)` never opens the upstream.
 *
 * @example
 * ```ts
 * const firstThree = yield* pipe(interval(1000), take(3), collect()); // [0, 1, 2] at 3000 ms
 * ```
 */
export function take<T>(n: number): Stage<T, T> {
  assertCount(n, 'take(n)', 'n', 0);
  return (input: Stream<T>): Stream<T> => {
    const source = toStream(input, 'take(n)(input)');
    return stream<T>(function* () {
      if (n === 0) return;
      yield* reading(source, function* (upstream) {
        for (let left = n; ; ) {
          const step = upstream._ready?.() ?? (yield* upstream.next());
          if (step.done === true) return;
          if (--left === 0) {
            yield* upstream.close();
            yield step.value;
            return;
          }
          yield step.value;
        }
      });
    });
  };
}

/**
 * Values up to, not including, the first for which `p` is false; the
 * upstream is closed then. `p` may return a boolean, an operation or a
 * promise of one.
 *
 * @example
 * ```ts
 * const beforeMidnight = pipe(events, takeWhile((e) => e.time < midnight));
 * ```
 */
export function takeWhile<A, B extends A>(p: (value: A) => value is B): Stage<A, B>;
export function takeWhile<T>(p: (value: T) => Awaitable<boolean>): Stage<T, T>;
export function takeWhile<T>(p: (value: T) => Awaitable<boolean>): Stage<T, T> {
  assertFunction(p, 'takeWhile(p)', 'p');
  return (input: Stream<T>): Stream<T> => {
    const source = toStream(input, 'takeWhile(p)(input)');
    return stream<T>(() =>
      reading(source, function* (upstream) {
        for (;;) {
          const step = upstream._ready?.() ?? (yield* upstream.next());
          if (step.done === true) return;
          let keep: unknown = p(step.value);
          if (isDeferred(keep)) keep = yield* settle(keep);
          if (!keep) return;
          yield step.value;
        }
      }),
    );
  };
}

/**
 * Every value after the first `n` (a whole number >= 0, or Infinity).
 *
 * @example
 * ```ts
 * const withoutHeader = pipe(csvLines, skip(1));
 * ```
 */
export function skip<T>(n: number): Stage<T, T> {
  assertCount(n, 'skip(n)', 'n', 0);
  return (input: Stream<T>): Stream<T> => {
    const source = toStream(input, 'skip(n)(input)');
    return stream<T>(() =>
      reading(source, function* (upstream) {
        for (let left = n; left > 0; left--) {
          const step = upstream._ready?.() ?? (yield* upstream.next());
          if (step.done === true) return;
        }
        yield* forward(upstream);
      }),
    );
  };
}

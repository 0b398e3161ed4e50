import { describe, expect, expectTypeOf, test } from 'vitest';
import { channel, collect, getLoop, pipe, reduce, run, scan, sleep, spawn, stream, type Operation, type Stream } from '../../src/index.js';
import { fullChannel, numbers, thrownBy, timeline, virtual } from './sources.js';

describe('scan', () => {
  test('yields the running accumulator after each value, not the seed', async () => {
    expect(await run(pipe(numbers([], 'source', 4), scan((sum, n) => sum + n, 10), collect()), virtual())).toEqual([10, 11, 13, 16]);
  });

  test('the accumulator type comes from the seed and f', () => {
    expectTypeOf(pipe(numbers(), scan((text, n) => text + String(n), ''))).toEqualTypeOf<Stream<string>>();
  });

  test('a generator-function f is waited for before the next value is read', async () => {
    const result = await run(
      timeline(
        pipe(
          numbers([], 'source', 3),
          scan(function* (list: number[], n) {
            yield* sleep(10);
            return [...list, n];
          }, []),
        ),
      ),
      virtual(),
    );
    expect(result).toEqual({
      values: [
        [[0], 10],
        [[0, 1], 20],
        [[0, 1, 2], 30],
      ],
      end: 30,
    });
  });

  test('an empty stream scans to an empty stream', async () => {
    expect(await run(pipe(numbers([], 'source', 0), scan((sum, n) => sum + n, 0), collect()), virtual())).toEqual([]);
  });
});

describe('reduce', () => {
  test('folds the whole stream into one value', async () => {
    expect(await run(pipe(numbers([], 'source', 5), reduce((sum, n) => sum + n, 0)), virtual())).toBe(10);
  });

  test('an empty stream reduces to the seed', async () => {
    expect(await run(pipe(numbers([], 'source', 0), reduce((sum, n) => sum + n, 42)), virtual())).toBe(42);
  });

  test('is an operation of the accumulator type, run with yield*', async () => {
    const longest = reduce((best: string, word: string) => (word.length > best.length ? word : best), '');
    const words = stream(function* () {
      yield 'a';
      yield 'abc';
      yield 'ab';
    });
    expectTypeOf(longest(words)).toEqualTypeOf<Operation<string>>();
    const result = await run(function* () {
      return yield* pipe(words, longest);
    }, virtual());
    expect(result).toBe('abc');
  });

  test('an error thrown by f closes the upstream and is thrown by the operation', async () => {
    const log: string[] = [];
    const { error } = await run(
      thrownBy(
        pipe(
          numbers(log),
          reduce((sum, n) => {
            if (n === 3) throw new RangeError('too far');
            return sum + n;
          }, 0),
        ),
      ),
      virtual(),
    );
    expect(error).toEqual(new RangeError('too far'));
    expect(log).toEqual(['source finally']);
  });
});

describe('collect', () => {
  test('gathers every value in an array', async () => {
    expect(await run(pipe(numbers([], 'source', 3), collect()), virtual())).toEqual([0, 1, 2]);
  });

  test('each run of the operation collects afresh', async () => {
    const source = numbers([], 'source', 2);
    const result = await run(function* () {
      return [yield* pipe(source, collect()), yield* pipe(source, collect())];
    }, virtual());
    expect(result).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });
});

describe('reduce and collect over values in hand (a channel with a full buffer)', () => {
  test('collect gathers them all, in order', async () => {
    expect(await run(() => pipe(fullChannel(6), collect()))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('a generator-function f is waited for before the next value is folded, each at its exact virtual time', async () => {
    const result = await run(function* () {
      const loop = yield* getLoop();
      return yield* pipe(
        fullChannel(3),
        reduce(function* (log: string[], n: number): Operation<string[]> {
          yield* sleep(10 * n);
          return [...log, `${n} folded at ${loop.time()}`];
        }, []),
      );
    }, virtual());
    expect(result).toEqual(['1 folded at 10', '2 folded at 30', '3 folded at 60']);
  });

  test('values in hand and values waited for fold alike: a sender that refills the channel after each wait', async () => {
    const sum = await run(function* () {
      const [send, receive] = channel<number>(4);
      yield* spawn(function* (): Operation<void> {
        for (let i = 1; i <= 20; i++) {
          yield* send.send(i);
          if (i % 5 === 0) yield* sleep(3);
        }
        send.close();
      }());
      return yield* pipe(receive, reduce((total: number, n: number) => total + n, 0));
    }, virtual());
    expect(sum).toBe(210);
  });

  test('an error thrown by f ends the fold with it', async () => {
    const error = await run(function* () {
      try {
        yield* pipe(
          fullChannel(5),
          reduce((total: number, n: number) => {
            if (n === 3) throw new RangeError('three');
            return total + n;
          }, 0),
        );
      } catch (caught) {
        return caught;
      }
      return null;
    });
    expect(error).toEqual(new RangeError('three'));
  });
});

describe('bad arguments', () => {
  test('a non-function f is a TypeError at the call', () => {
    expect(() => scan(1 as unknown as () => number, 0)).toThrow(new TypeError('scan(f, seed): f must be a function, got number 1'));
    expect(() => reduce('sum' as unknown as () => number, 0)).toThrow(new TypeError('reduce(f, seed): f must be a function, got string "sum"'));
  });
});

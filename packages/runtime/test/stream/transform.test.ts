import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  CancelledError,
  InvalidStateError,
  call,
  collect,
  filter,
  iterate,
  map,
  pipe,
  run,
  sleep,
  spawn,
  stream,
  take,
  type LoopEvent,
  type Operation,
  type Stage,
  type Stream,
} from '../../src/index.js';
import { now, numbers, thrownBy, timed, timeline, virtual } from './sources.js';

/** Sleeps `ms`, then returns `value`; counts how many run at once in `load`. */
function* slow<T>(ms: number, value: T, load?: { running: number; max: number }): Operation<T> {
  if (load !== undefined) load.max = Math.max(load.max, ++load.running);
  try {
    yield* sleep(ms);
    return value;
  } finally {
    if (load !== undefined) load.running--;
  }
}

/** Runs an endless source through `stage` into collect(); returns the error, its time, and the log (source finally, …). */
async function failure(stage: Stage<number, unknown>, log: string[] = []): Promise<{ error: unknown; at: number; log: string[] }> {
  const { error, at } = await run(thrownBy(pipe(numbers(log), stage, collect())), virtual());
  return { error, at, log };
}

const breakAt1 = (n: number): number => {
  if (n === 1) throw new RangeError(`bad ${n}`);
  return n;
};

describe('map', () => {
  test('applies f to every value, in order', async () => {
    expect(await run(pipe(numbers([], 'source', 4), map((n) => n * n), collect()), virtual())).toEqual([0, 1, 4, 9]);
  });

  test('runs a generator-function f to get each value: the stage waits for it, one at a time', async () => {
    const result = await run(
      timeline(
        pipe(
          numbers([], 'source', 3),
          map(function* (n) {
            yield* sleep(10 * (n + 1));
            return `v${n}`;
          }),
        ),
      ),
      virtual(),
    );
    expect(result).toEqual({
      values: [
        ['v0', 10],
        ['v1', 30],
        ['v2', 60],
      ],
      end: 60,
    });
  });

  test('the value type of a generator-function or async f is what it returns or resolves to', () => {
    const source = numbers();
    expectTypeOf(pipe(source, map(function* (n) {
      yield* sleep(1);
      return n > 1;
    }))).toEqualTypeOf<Stream<boolean>>();
    expectTypeOf(pipe(source, map((n) => Promise.resolve(String(n))))).toEqualTypeOf<Stream<string>>();
    expectTypeOf(pipe(source, map((n) => [n]))).toEqualTypeOf<Stream<number[]>>();
  });

  test('awaits a promise returned by f', async () => {
    expect(await run(pipe(numbers([], 'source', 3), map(async (n) => Promise.resolve(n + 100)), collect()), virtual())).toEqual([100, 101, 102]);
  });

  test('with concurrency 1 and a plain f, the stage starts no task', async () => {
    const spawned: LoopEvent[] = [];
    await run(pipe(numbers([], 'source', 100), map((n) => n + 1), filter((n) => n % 2 === 0), collect()), {
      ...virtual(),
      onEvent: (event) => {
        if (event.type === 'task.spawn') spawned.push(event);
      },
    });
    expect(spawned).toHaveLength(1);
  });

  test('an error thrown by f is thrown to the consumer after the upstream was closed', async () => {
    const log: string[] = [];
    const mapped = map((n: number) => {
      log.push(`map ${n}`);
      return breakAt1(n);
    });
    expect(await failure(mapped, log)).toEqual({ error: new RangeError('bad 1'), at: 0, log: ['map 0', 'map 1', 'source finally'] });
  });

  test('an error thrown by a generator-function f after it waited closes the upstream, then reaches the consumer', async () => {
    const late = map(function* (n: number) {
      yield* sleep(7);
      return breakAt1(n);
    });
    expect(await failure(late)).toEqual({ error: new RangeError('bad 1'), at: 14, log: ['source finally'] });
  });

  test('closing the stream while f waits closes f’s operation, then the upstream', async () => {
    const log: string[] = [];
    await run(function* () {
      const reader = yield* spawn(
        pipe(
          numbers(log),
          map(function* (n) {
            try {
              yield* sleep(100);
              return n;
            } finally {
              log.push(`f(${n}) finally at ${yield* now()}`);
            }
          }),
          collect(),
        ),
      );
      yield* sleep(30);
      reader.cancel();
      try {
        yield* reader;
      } catch (error) {
        log.push(`reader ${error instanceof CancelledError ? 'cancelled' : 'failed'} at ${yield* now()}`);
      }
    }, virtual());
    expect(log).toEqual(['f(0) finally at 30', 'source finally', 'reader cancelled at 30']);
  });

  test('reading one mapped subscription from two tasks at once is an InvalidStateError', async () => {
    const { error } = await run(function* () {
      const subscription = yield* iterate(pipe(numbers(), map((n) => slow(10, n))));
      yield* spawn(subscription.next());
      yield* sleep(1);
      return yield* thrownBy(subscription.next());
    }, virtual());
    expect(error).toEqual(new InvalidStateError('stream: next() is already running; a subscription is read by one task at a time'));
  });
});

describe('filter', () => {
  test('keeps the values for which p is true', async () => {
    expect(await run(pipe(numbers([], 'source', 10), filter((n) => n % 3 === 0), collect()), virtual())).toEqual([0, 3, 6, 9]);
  });

  test('runs a generator-function predicate and keeps the values it returns true for', async () => {
    const result = await run(
      timeline(
        pipe(
          numbers([], 'source', 4),
          filter(function* (n) {
            yield* sleep(5);
            return n % 2 === 1;
          }),
        ),
      ),
      virtual(),
    );
    expect(result).toEqual({
      values: [
        [1, 10],
        [3, 20],
      ],
      end: 20,
    });
  });

  test('a type-guard predicate narrows the stream’s type', async () => {
    const mixed = stream<string | number>(function* () {
      yield 'a';
      yield 1;
      yield 'b';
    });
    const strings = pipe(mixed, filter((x): x is string => typeof x === 'string'));
    expectTypeOf(strings).toEqualTypeOf<Stream<string>>();
    expect(await run(pipe(strings, collect()), virtual())).toEqual(['a', 'b']);
  });

  test('an upstream that waits between values passes its waits through the filter', async () => {
    const ticks = stream(function* () {
      for (let i = 0; i < 4; i++) {
        yield* sleep(10);
        yield i;
      }
    });
    const result = await run(timeline(pipe(ticks, filter((n) => n >= 2))), virtual());
    expect(result).toEqual({
      values: [
        [2, 30],
        [3, 40],
      ],
      end: 40,
    });
  });
});

describe('consecutive map and filter stages (fused into one)', () => {
  test('a chain of plain maps and filters gives the values of applying them one by one', async () => {
    const values = await run(
      pipe(
        numbers([], 'source', 10),
        map((n) => n + 1),
        filter((n) => n % 2 === 0),
        map((n) => n * 10),
        filter((n) => n !== 60),
        map(String),
        collect(),
      ),
      virtual(),
    );
    expect(values).toEqual(['20', '40', '80', '100']);
  });

  test('a generator-function stage in the middle of a chain waits, then the later stages run on its result', async () => {
    const result = await run(
      timeline(
        pipe(
          numbers([], 'source', 4),
          map((n) => n * 2),
          filter(function* (n) {
            yield* sleep(n);
            return n !== 2;
          }),
          map((n) => `v${n}`),
        ),
      ),
      virtual(),
    );
    expect(result).toEqual({
      values: [
        ['v0', 0],
        ['v4', 6],
        ['v6', 12],
      ],
      end: 12,
    });
  });

  test('an error in a later stage after an earlier one waited closes the upstream and reaches the consumer', async () => {
    const chain: Stage<number, number> = (input) => pipe(input, map((n) => slow(10, n)), map(breakAt1));
    expect(await failure(chain)).toEqual({ error: new RangeError('bad 1'), at: 20, log: ['source finally'] });
  });

  test('a stream that was extended by another stage can still be consumed on its own', async () => {
    const doubled = pipe(numbers([], 'source', 3), map((n) => n * 2));
    const plusOne = pipe(doubled, map((n) => n + 1));
    const both = await run(function* () {
      return [yield* pipe(plusOne, collect()), yield* pipe(doubled, collect())];
    }, virtual());
    expect(both).toEqual([
      [1, 3, 5],
      [0, 2, 4],
    ]);
  });
});

describe('map and filter with concurrency', () => {
  const delays = [50, 10, 40, 20, 30];
  const delayed = (n: number): Operation<number> => slow(delays[n]!, n * 10);

  test('ordered (the default): results come out in input order; a worker goes on to the next value as soon as its call finishes', async () => {
    const result = await run(timeline(pipe(numbers([], 'source', 5), map(delayed, { concurrency: 2 }))), virtual());
    expect(result).toEqual({
      values: [
        [0, 50],
        [10, 50],
        [20, 50],
        [30, 70],
        [40, 80],
      ],
      end: 80,
    });
  });

  test('no call starts while `concurrency` finished results wait to be handed on (here behind a slow first call)', async () => {
    const starts: number[] = [];
    const values = await run(
      pipe(
        numbers([], 'source', 5),
        map(
          function* (n) {
            starts.push(yield* now());
            return yield* slow(n === 0 ? 100 : 10, n);
          },
          { concurrency: 2 },
        ),
        collect(),
      ),
      virtual(),
    );
    expect(values).toEqual([0, 1, 2, 3, 4]);
    expect(starts).toEqual([0, 0, 10, 100, 100]);
  });

  test('an upstream that waits between values is read by one worker at a time; the others start their calls as values arrive', async () => {
    const starts: [number, number][] = [];
    const result = await run(
      timeline(
        pipe(
          timed([
            [0, 0],
            [10, 1],
            [20, 2],
            [30, 3],
          ]),
          map(
            function* (n) {
              starts.push([n, yield* now()]);
              return yield* slow(25, n);
            },
            { concurrency: 3 },
          ),
        ),
      ),
      virtual(),
    );
    expect(starts).toEqual([
      [0, 0],
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    expect(result).toEqual({
      values: [
        [0, 25],
        [1, 35],
        [2, 45],
        [3, 55],
      ],
      end: 55,
    });
  });

  test('unordered: results come out as the calls finish', async () => {
    const result = await run(timeline(pipe(numbers([], 'source', 5), map(delayed, { concurrency: 2, ordered: false }))), virtual());
    expect(result).toEqual({
      values: [
        [10, 10],
        [0, 50],
        [20, 50],
        [30, 70],
        [40, 80],
      ],
      end: 80,
    });
  });

  test.each([
    [1, true],
    [3, true],
    [3, false],
    [7, false],
  ])('never more than %i calls run at once (ordered: %s), and that many do', async (limit, ordered) => {
    const load = { running: 0, max: 0 };
    const values = await run(
      pipe(
        numbers([], 'source', 20),
        map((n) => slow(((n * 7) % 5) * 10 + 5, n, load), { concurrency: limit, ordered }),
        collect(),
      ),
      virtual(),
    );
    expect(load.max).toBe(limit);
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  test('a concurrent filter keeps input order and respects its limit', async () => {
    const load = { running: 0, max: 0 };
    const values = await run(
      pipe(
        numbers([], 'source', 10),
        filter((n) => slow(10 - n, n % 2 === 0, load), { concurrency: 4 }),
        collect(),
      ),
      virtual(),
    );
    expect(values).toEqual([0, 2, 4, 6, 8]);
    expect(load.max).toBe(4);
  });

  test('concurrency: Infinity starts a call for every value at once', async () => {
    const result = await run(timeline(pipe(numbers([], 'source', 4), map((n) => slow(40 - n * 10, n), { concurrency: Infinity, ordered: false }))), virtual());
    expect(result.values).toEqual([
      [3, 10],
      [2, 20],
      [1, 30],
      [0, 40],
    ]);
  });

  test('the calls run in child tasks of the consumer’s task: a pool of `concurrency` workers that read the upstream themselves, however many values', async () => {
    const parents: (number | null)[] = [];
    await run(pipe(numbers([], 'source', 10), map((n) => slow(1, n), { concurrency: 2 }), collect()), {
      ...virtual(),
      onEvent: (event) => {
        if (event.type === 'task.spawn') parents.push(event.parentId);
      },
    });
    expect(parents).toEqual([null, 1, 1]);
  });

  test('closing the stage closes the upstream, cancels the running calls and waits for all before the consumer goes on', async () => {
    const log: string[] = [];
    await run(function* () {
      const values = yield* pipe(
        numbers(log),
        map(function* (n) {
          try {
            yield* sleep(n === 0 ? 10 : 100);
            return n;
          } catch (error) {
            log.push(`call ${n} ${error instanceof CancelledError ? 'cancelled' : 'failed'} at ${yield* now()}`);
            throw error;
          }
        }, { concurrency: 3, ordered: false }),
        take(1),
        collect(),
      );
      log.push(`consumer got ${JSON.stringify(values)} at ${yield* now()}`);
    }, virtual());
    // The worker whose call 0 finished at 10 went straight on to value 3, so three calls are cancelled (in any order).
    expect(log[0]).toBe('source finally');
    expect(log.slice(1, 4).sort()).toEqual(['call 1 cancelled at 10', 'call 2 cancelled at 10', 'call 3 cancelled at 10']);
    expect(log.slice(4)).toEqual(['consumer got [0] at 10']);
  });

  test('ordered: a failed call is thrown when its turn comes, after the results before it; the others are cancelled', async () => {
    const log: string[] = [];
    const got: number[] = [];
    const { error, at } = await run(
      thrownBy(
        pipe(
          numbers(log, 'source', 4),
          map(function* (n) {
            try {
              yield* sleep([30, 10, 20, 100][n]!);
            } catch (e) {
              log.push(`call ${n} cancelled`);
              throw e;
            }
            if (n === 1) throw new RangeError('call 1 failed');
            return n;
          }, { concurrency: 4 }),
          map((n) => void got.push(n)),
          collect(),
        ),
      ),
      virtual(),
    );
    expect(error).toEqual(new RangeError('call 1 failed'));
    expect(at).toBe(30);
    expect(got).toEqual([0]);
    expect(log).toEqual(['source finally', 'call 3 cancelled']);
  });

  test('unordered: a failed call is thrown as soon as it fails', async () => {
    const { error, at } = await run(
      thrownBy(
        pipe(
          numbers([], 'source', 3),
          map(function* (n) {
            yield* sleep([30, 10, 20][n]!);
            if (n === 1) throw new RangeError('call 1 failed');
            return n;
          }, { concurrency: 3, ordered: false }),
          collect(),
        ),
      ),
      virtual(),
    );
    expect(error).toEqual(new RangeError('call 1 failed'));
    expect(at).toBe(10);
  });

  test('an upstream error comes after the results of every value read before it', async () => {
    const failing = stream<number>(function* () {
      yield 1;
      yield 2;
      throw new TypeError('source broke');
    });
    const got: number[] = [];
    const { error, at } = await run(
      thrownBy(
        pipe(
          failing,
          map((n) => slow(n * 10, n), { concurrency: 2 }),
          map((n) => void got.push(n)),
          collect(),
        ),
      ),
      virtual(),
    );
    expect(error).toEqual(new TypeError('source broke'));
    expect(got).toEqual([1, 2]);
    expect(at).toBe(20);
  });

  test('works with promises from async code as calls', async () => {
    const values = await run(
      pipe(
        numbers([], 'source', 3),
        map((n) => call(Promise.resolve(n * 2)), { concurrency: 2 }),
        collect(),
      ),
      virtual(),
    );
    expect(values).toEqual([0, 2, 4]);
  });
});

describe('bad arguments', () => {
  test('a non-function f or p is a TypeError at the call', () => {
    expect(() => map(42 as unknown as () => number)).toThrow(new TypeError('map(f, options): f must be a function, got number 42'));
    expect(() => filter(null as unknown as () => boolean)).toThrow(new TypeError('filter(p, options): p must be a function, got null'));
  });

  test.each([0, -1, 1.5, NaN])('concurrency %s is a RangeError at the call', (concurrency) => {
    expect(() => map((n: number) => n, { concurrency })).toThrow(
      new RangeError(`map(f, options): options.concurrency must be a whole number >= 1 (or Infinity), got ${concurrency}`),
    );
  });

  test('a concurrency that is not a number, or an ordered that is not a boolean, is a TypeError at the call', () => {
    expect(() => map((n: number) => n, { concurrency: '2' as unknown as number })).toThrow(
      new TypeError('map(f, options): options.concurrency must be a number, got string "2"'),
    );
    expect(() => filter((n: number) => n > 0, { ordered: 'yes' as unknown as boolean })).toThrow(
      new TypeError('filter(p, options): options.ordered must be a boolean, got string "yes"'),
    );
  });

  test('options that are not an object are a TypeError at the call', () => {
    expect(() => map((n: number) => n, 3 as unknown as object)).toThrow(new TypeError('map(f, options): options must be an object, got number 3'));
  });
});

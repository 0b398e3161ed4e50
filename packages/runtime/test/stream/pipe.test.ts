import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  buffer,
  collect,
  filter,
  iterate,
  map,
  merge,
  pipe,
  reduce,
  run,
  scan,
  sleep,
  spawn,
  stream,
  take,
  type Operation,
  type Stage,
  type Stream,
} from '../../src/index.js';
import { now, numbers, tap, thrownBy, virtual } from './sources.js';

describe('pipe', () => {
  test('pipe(source, map, filter, take) infers every stage from the one before and yields exact values', async () => {
    const piped = pipe(
      numbers(),
      map((n) => n * 3),
      filter((n) => n % 2 === 0),
      take(4),
    );
    expectTypeOf(piped).toEqualTypeOf<Stream<number>>();
    expect(await run(pipe(piped, collect()), virtual())).toEqual([0, 6, 12, 18]);
  });

  test('a stage that changes the type carries the new type to the next stage', async () => {
    const labels = pipe(
      numbers([], 'source', 3),
      map((n) => `#${n}`),
      map((label) => label.length),
    );
    expectTypeOf(labels).toEqualTypeOf<Stream<number>>();
    const texts = pipe(
      numbers([], 'source', 3),
      map((n) => `#${n}`),
    );
    expectTypeOf(texts).toEqualTypeOf<Stream<string>>();
    expect(await run(pipe(texts, collect()), virtual())).toEqual(['#0', '#1', '#2']);
  });

  test('a terminal last stage makes pipe return its operation', async () => {
    const total = pipe(
      numbers([], 'source', 5),
      map((n) => n * 2),
      reduce((sum, n) => sum + n, 0),
    );
    expectTypeOf(total).toEqualTypeOf<Operation<number>>();
    expect(await run(total, virtual())).toBe(20);
  });

  test('ten stages still infer end to end', async () => {
    const inc: Stage<number, number> = map((n) => n + 1);
    const result = pipe(numbers([], 'source', 2), inc, inc, inc, inc, inc, inc, inc, inc, map((n) => [n]), collect());
    expectTypeOf(result).toEqualTypeOf<Operation<number[][]>>();
    expect(await run(result, virtual())).toEqual([[8], [9]]);
  });

  test('pipe(source) with no stage returns the source stream itself', () => {
    const source = numbers();
    expect(pipe(source)).toBe(source);
  });

  test('an AsyncIterable source is read like a stream', async () => {
    async function* letters(): AsyncGenerator<string> {
      yield await Promise.resolve('a');
      yield 'b';
    }
    expect(await run(pipe(letters(), map((s) => s.toUpperCase()), collect()), virtual())).toEqual(['A', 'B']);
  });

  test('a stage that is not a function is a TypeError at the call, naming its position', () => {
    expect(() => pipe(numbers(), map((n) => n), 42 as unknown as Stage<number, number>)).toThrow(
      new TypeError('pipe(source, ...stages): stage 2 must be a function (such as map(f)), got number 42'),
    );
  });

  test('a terminal before the last stage is a TypeError at the call', () => {
    const early = reduce((sum: number, n: number) => sum + n, 0) as unknown as Stage<number, number>;
    expect(() => pipe(numbers(), early, take(1))).toThrow(
      new TypeError('pipe(source, ...stages): stage 1 returned an operation, not a Stream; only the last stage may be a terminal such as reduce() or collect()'),
    );
  });

  test('a source that is neither a Stream nor an AsyncIterable is a TypeError at the call', () => {
    expect(() => pipe([1, 2] as unknown as Stream<number>)).toThrow(
      new TypeError('pipe(source, ...stages): source: expected a Stream or an AsyncIterable, got an array of length 2'),
    );
  });

  test('nothing runs until the piped stream is consumed', async () => {
    const log: string[] = [];
    await run(function* () {
      pipe(
        stream(function* () {
          log.push('source started');
          yield 1;
        }),
        map((n) => n),
        take(1),
      );
      yield* sleep(10);
    }, virtual());
    expect(log).toEqual([]);
  });
});

describe('closing a pipeline early', () => {
  test('take closing the pipeline runs every upstream stage’s finally, innermost first, before the consumer sees the end', async () => {
    const log: string[] = [];
    const values = await run(
      function* () {
        const out = yield* pipe(
          numbers(log),
          tap('after source', log),
          map((n) => n * 10),
          tap('after map', log),
          filter((n) => n > 0),
          tap('after filter', log),
          scan((sum, n) => sum + n, 0),
          tap('after scan', log),
          take(2),
          collect(),
        );
        log.push('consumer got the end');
        return out;
      },
      virtual(),
    );
    expect(values).toEqual([10, 30]);
    expect(log).toEqual(['source finally', 'after source finally', 'after map finally', 'after filter finally', 'after scan finally', 'consumer got the end']);
  });

  test('a consumer that stops reading closes every stage, through concurrent ones too, in order', async () => {
    const log: string[] = [];
    await run(function* () {
      const subscription = yield* iterate(
        pipe(
          numbers(log),
          tap('after source', log),
          buffer(2),
          tap('after buffer', log),
          map(function* (n) {
            yield* sleep(5);
            return n;
          }, { concurrency: 3 }),
          tap('after map', log),
        ),
      );
      log.push(`got ${(yield* subscription.next()).value}`);
      log.push(`got ${(yield* subscription.next()).value}`);
      yield* subscription.close();
      log.push('closed');
    }, virtual());
    expect(log).toEqual(['got 0', 'got 1', 'source finally', 'after source finally', 'after buffer finally', 'after map finally', 'closed']);
  });

  test('a concurrent stage left open by iterate() is closed when its task finishes: its calls are cancelled and awaited first', async () => {
    const log: string[] = [];
    await run(function* () {
      const reader = yield* spawn(function* () {
        const values = yield* iterate(
          pipe(
            numbers(log),
            map(function* (n) {
              try {
                yield* sleep(n === 0 ? 1 : 1000);
                return n;
              } finally {
                log.push(`call ${n} finally at ${yield* now()}`);
              }
            }, { concurrency: 2 }),
          ),
        );
        log.push(`got ${(yield* values.next()).value}`);
      }());
      yield* reader;
      log.push(`reader done at ${yield* now()}`);
    }, virtual());
    // The worker whose call 0 finished went straight on to value 2; closing cancels calls 1 and 2.
    expect(log).toEqual(['call 0 finally at 1', 'got 0', 'source finally', 'call 2 finally at 1', 'call 1 finally at 1', 'reader done at 1']);
  });

  test('merged sources are all closed when the merged pipeline is closed', async () => {
    const log: string[] = [];
    const values = await run(pipe(merge(numbers(log, 'a'), numbers(log, 'b')), take(3), collect()), virtual());
    expect(values).toHaveLength(3);
    expect([...log].sort()).toEqual(['a finally', 'b finally']);
  });
});

describe('errors in a pipeline', () => {
  const boom = new RangeError('boom');
  const failAt = (n: number): never | number => {
    if (n === 2) throw boom;
    return n;
  };

  test.each([
    ['map', map(failAt)],
    ['filter', filter((n: number) => failAt(n) >= 0)],
    ['scan', scan((_: number, n: number) => failAt(n), 0)],
    ['a concurrent map', map(failAt, { concurrency: 2 })],
    ['a concurrent filter', filter((n: number) => failAt(n) >= 0, { concurrency: 2, ordered: false })],
  ] as const)('an error thrown in %s reaches the consumer after every upstream finally has run', async (_, stage) => {
    const log: string[] = [];
    const { error } = await run(
      thrownBy(
        pipe(
          numbers(log),
          tap('after source', log),
          stage,
          tap('after stage', log),
          reduce((sum: number, n: number) => sum + n, 0),
        ),
      ),
      virtual(),
    );
    expect(error).toBe(boom);
    expect(log).toEqual(['source finally', 'after source finally', 'after stage finally']);
  });

  test('an error thrown by the source reaches the consumer through every stage', async () => {
    const log: string[] = [];
    const failing = stream<number>(function* () {
      try {
        yield 1;
        yield* sleep(5);
        throw boom;
      } finally {
        log.push('source finally');
      }
    });
    const { error, at } = await run(
      thrownBy(pipe(failing, map((n) => n + 1), tap('after map', log), buffer(1), filter(() => true), collect())),
      virtual(),
    );
    expect(error).toBe(boom);
    expect(at).toBe(5);
    expect(log).toEqual(['source finally', 'after map finally']);
  });
});

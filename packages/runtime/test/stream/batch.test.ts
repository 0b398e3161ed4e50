import { describe, expect, test } from 'vitest';
import { batch, collect, forEach, iterate, pipe, run, sleep, stream } from '../../src/index.js';
import { now, numbers, thrownBy, timed, timeline, virtual } from './sources.js';

describe('batch by size', () => {
  test('groups values into arrays of the size, the last one partial', async () => {
    expect(await run(pipe(numbers([], 'source', 5), batch(2), collect()), virtual())).toEqual([[0, 1], [2, 3], [4]]);
  });

  test('an empty stream yields no batch', async () => {
    expect(await run(pipe(numbers([], 'source', 0), batch(3), collect()), virtual())).toEqual([]);
  });

  test('batch(Infinity) collects the whole stream into one batch at the end', async () => {
    expect(await run(pipe(numbers([], 'source', 3), batch(Infinity), collect()), virtual())).toEqual([[0, 1, 2]]);
  });
});

describe('batch with maxWait', () => {
  test('a batch is handed on when full, or maxWait ms after its first value arrived', async () => {
    const source = timed(
      [
        [10, 'a'],
        [20, 'b'],
        [100, 'c'],
        [105, 'd'],
        [110, 'e'],
        [300, 'f'],
      ],
      [],
      'source',
      400,
    );
    const result = await run(timeline(pipe(source, batch(3, { maxWait: 50 }))), virtual());
    expect(result).toEqual({
      values: [
        [['a', 'b'], 60],
        [['c', 'd', 'e'], 110],
        [['f'], 350],
      ],
      end: 400,
    });
  });

  test('a partial batch is handed on at once when the stream ends', async () => {
    const result = await run(timeline(pipe(timed([[10, 1], [20, 2]], [], 'source', 30), batch(5, { maxWait: 100 }))), virtual());
    expect(result).toEqual({ values: [[[1, 2], 30]], end: 30 });
  });

  test('a value arriving exactly at the deadline starts the next batch', async () => {
    const result = await run(timeline(pipe(timed([[0, 1], [50, 2]]), batch(5, { maxWait: 50 }))), virtual());
    expect(result).toEqual({
      values: [
        [[1], 50],
        [[2], 50],
      ],
      end: 50,
    });
  });

  test('the deadline counts from the first value’s arrival, even when it arrived while the consumer was busy', async () => {
    const seen: [number[], number][] = [];
    await run(function* () {
      yield* forEach(pipe(timed([[0, 1], [40, 2], [50, 3]]), batch(10, { maxWait: 30 })), function* (values) {
        seen.push([values, yield* now()]);
        yield* sleep(100);
      });
    }, virtual());
    // 2 arrived at 40 (its deadline passed at 70) and is handed on as soon as the consumer asks, at 130;
    // the reader, held back meanwhile, reads 3 only then.
    expect(seen).toEqual([
      [[1], 30],
      [[2], 130],
      [[3], 230],
    ]);
  });

  test('an upstream error is thrown at once and the unfinished batch is dropped', async () => {
    const failing = stream<number>(function* () {
      yield 1;
      yield* sleep(5);
      throw new TypeError('source broke');
    });
    const { error, at } = await run(thrownBy(pipe(failing, batch(3, { maxWait: 50 }), collect())), virtual());
    expect(error).toEqual(new TypeError('source broke'));
    expect(at).toBe(5);
  });

  test('closing the batched stream closes the upstream', async () => {
    const log: string[] = [];
    await run(function* () {
      const batches = yield* iterate(pipe(numbers(log), batch(2, { maxWait: 10 })));
      log.push(`got ${JSON.stringify((yield* batches.next()).value)}`);
      yield* batches.close();
      log.push('closed');
    }, virtual());
    expect(log).toEqual(['got [0,1]', 'source finally', 'closed']);
  });
});

describe('bad arguments', () => {
  test('a size below 1 is a RangeError at the call', () => {
    expect(() => batch(0)).toThrow(new RangeError('batch(size, options): size must be a whole number >= 1 (or Infinity), got 0'));
  });

  test('a negative or NaN maxWait is a RangeError at the call', () => {
    expect(() => batch(2, { maxWait: -1 })).toThrow(new RangeError('batch(size, options): options.maxWait: ms must be >= 0, got -1'));
    expect(() => batch(2, { maxWait: NaN })).toThrow(new RangeError('batch(size, options): options.maxWait: ms must be a number of milliseconds, got NaN'));
  });
});

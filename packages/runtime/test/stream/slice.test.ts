import { describe, expect, test } from 'vitest';
import { collect, forEach, pipe, run, skip, sleep, stream, take, takeWhile } from '../../src/index.js';
import { numbers, timed, timeline, virtual } from './sources.js';

describe('take', () => {
  test('take(3) of an endless stream yields its first three values, then ends', async () => {
    expect(await run(pipe(numbers(), take(3), collect()), virtual())).toEqual([0, 1, 2]);
  });

  test('the upstream is closed as soon as the n-th value is read: its finally runs before the consumer gets that value', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* forEach(pipe(numbers(log), take(3)), (n) => void log.push(`got ${n}`));
      log.push('consumer saw the end');
    }, virtual());
    expect(log).toEqual(['got 0', 'got 1', 'source finally', 'got 2', 'consumer saw the end']);
  });

  test('the upstream is not read past the n-th value: a slow endless source ends at the n-th value’s time', async () => {
    const result = await run(
      timeline(
        pipe(
          timed([
            [10, 'a'],
            [20, 'b'],
            [30, 'c'],
          ]),
          take(2),
        ),
      ),
      virtual(),
    );
    expect(result).toEqual({
      values: [
        ['a', 10],
        ['b', 20],
      ],
      end: 20,
    });
  });

  test('take(0) never opens the upstream', async () => {
    let opened = 0;
    const source = stream(function* () {
      opened++;
      yield 1;
    });
    expect(await run(pipe(source, take(0), collect()), virtual())).toEqual([]);
    expect(opened).toBe(0);
  });

  test('taking more values than the stream has yields them all', async () => {
    expect(await run(pipe(numbers([], 'source', 2), take(5), collect()), virtual())).toEqual([0, 1]);
  });

  test('take(Infinity) passes everything', async () => {
    expect(await run(pipe(numbers([], 'source', 3), take(Infinity), collect()), virtual())).toEqual([0, 1, 2]);
  });
});

describe('takeWhile', () => {
  test('yields values while p holds and closes the upstream at the first that fails, without yielding it', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* forEach(pipe(numbers(log), takeWhile((n) => n < 2)), (n) => void log.push(`got ${n}`));
      log.push('consumer saw the end');
    }, virtual());
    expect(log).toEqual(['got 0', 'got 1', 'source finally', 'consumer saw the end']);
  });

  test('a generator-function predicate is waited for', async () => {
    const result = await run(
      timeline(
        pipe(
          numbers(),
          takeWhile(function* (n) {
            yield* sleep(5);
            return n < 2;
          }),
        ),
      ),
      virtual(),
    );
    expect(result).toEqual({
      values: [
        [0, 5],
        [1, 10],
      ],
      end: 15,
    });
  });
});

describe('skip', () => {
  test('skip(2) yields every value after the first two', async () => {
    expect(await run(pipe(numbers([], 'source', 5), skip(2), collect()), virtual())).toEqual([2, 3, 4]);
  });

  test('skipping more values than the stream has yields nothing', async () => {
    expect(await run(pipe(numbers([], 'source', 2), skip(3), collect()), virtual())).toEqual([]);
  });

  test('skip(0) passes everything', async () => {
    expect(await run(pipe(numbers([], 'source', 2), skip(0), collect()), virtual())).toEqual([0, 1]);
  });
});

describe('bad arguments', () => {
  test.each([
    ['take', take],
    ['skip', skip],
  ] as const)('%s with a negative, fractional or NaN count is a RangeError at the call', (name, stage) => {
    for (const n of [-1, 1.5, NaN]) {
      expect(() => stage(n)).toThrow(new RangeError(`${name}(n): n must be a whole number >= 0 (or Infinity), got ${n}`));
    }
  });

  test('take with a count that is not a number is a TypeError at the call', () => {
    expect(() => take('3' as unknown as number)).toThrow(new TypeError('take(n): n must be a number, got string "3"'));
  });

  test('takeWhile with a non-function is a TypeError at the call', () => {
    expect(() => takeWhile(true as unknown as () => boolean)).toThrow(new TypeError('takeWhile(p): p must be a function, got boolean true'));
  });

  test('a stage applied to something that is not a stream is a TypeError', () => {
    const stage = take<unknown>(1);
    expect(() => stage(7 as never)).toThrow(new TypeError('take(n)(input): expected a Stream or an AsyncIterable, got number 7'));
  });
});

import { describe, expect, test } from 'vitest';
import { collect, debounce, getLoop, pipe, run, sleep, spawn, stream, take } from '../../src/index.js';
import { thrownBy, timed, timeline, virtual } from './sources.js';

describe('debounce', () => {
  test('hands on the last value of each burst once ms pass without a newer one', async () => {
    const keys = timed(
      [
        [0, 'h'],
        [10, 'he'],
        [20, 'hel'],
        [200, 'hello'],
        [210, 'hello!'],
      ],
      [],
      'keys',
      500,
    );
    const result = await run(timeline(pipe(keys, debounce(50))), virtual());
    expect(result).toEqual({
      values: [
        ['hel', 70],
        ['hello!', 260],
      ],
      end: 500,
    });
  });

  test('the value held when the stream ends is handed on at once', async () => {
    const result = await run(timeline(pipe(timed([[0, 'a'], [10, 'b']], [], 'source', 20), debounce(100))), virtual());
    expect(result).toEqual({ values: [['b', 20]], end: 20 });
  });

  test('a value arriving exactly ms after the one held lets that one go first', async () => {
    const result = await run(timeline(pipe(timed([[0, 'a'], [50, 'b']], [], 'source', 500), debounce(50))), virtual());
    expect(result).toEqual({
      values: [
        ['a', 50],
        ['b', 100],
      ],
      end: 500,
    });
  });

  test('debounce(0) hands on every value that has no newer one waiting', async () => {
    const result = await run(timeline(pipe(timed([[0, 1], [10, 2], [20, 3]]), debounce(0))), virtual());
    expect(result.values).toEqual([
      [1, 0],
      [2, 10],
      [3, 20],
    ]);
  });

  test('an upstream error is thrown at once and the value held is dropped', async () => {
    const failing = stream<number>(function* () {
      yield 1;
      yield* sleep(5);
      throw new TypeError('source broke');
    });
    const { error, at } = await run(thrownBy(pipe(failing, debounce(100), collect())), virtual());
    expect(error).toEqual(new TypeError('source broke'));
    expect(at).toBe(5);
  });

  test('closing the debounced stream stops the read in progress and closes the upstream', async () => {
    const log: string[] = [];
    const values = await run(pipe(timed([[0, 'a'], [300, 'b']], log, 'keys'), debounce(50), take(1), collect()), virtual());
    expect(values).toEqual(['a']);
    expect(log).toEqual(['keys finally at 50']);
  });

  test('a negative or NaN ms is a RangeError at the call', () => {
    expect(() => debounce(-1)).toThrow(new RangeError('debounce(ms): ms must be >= 0, got -1'));
    expect(() => debounce(NaN)).toThrow(new RangeError('debounce(ms): ms must be a number of milliseconds, got NaN'));
  });
  test('re-arming its wait for a later deadline delays no other timer: sleeps due meanwhile wake on time', async () => {
    // At 30 the new value moves debounce's deadline from 50 to 80, while sleeps due at 40..63 are pending.
    const due = [40, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63];
    const result = await run(function* () {
      const loop = yield* getLoop();
      const sleepers = [];
      for (const ms of due) {
        sleepers.push(
          yield* spawn(
            (function* () {
              yield* sleep(ms);
              return loop.time() - ms;
            })(),
          ),
        );
      }
      const values = yield* pipe(timed([[0, 'a'], [30, 'b']], [], 'source', 100), debounce(50), collect());
      const lateBy = [];
      for (const sleeper of sleepers) lateBy.push(yield* sleeper);
      return { values, lateBy };
    }, virtual());
    expect(result).toEqual({ values: ['b'], lateBy: due.map(() => 0) });
  });
});

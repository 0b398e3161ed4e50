import { describe, expect, test } from 'vitest';
import { forEach, interval, pipe, run, sleep, take } from '../../src/index.js';
import { now, timeline, virtual } from './sources.js';

describe('interval', () => {
  test('interval(100) with take(3) yields 0, 1, 2 at 100, 200 and 300 ms, then ends', async () => {
    const result = await run(timeline(pipe(interval(100), take(3))), virtual());
    expect(result).toEqual({
      values: [
        [0, 100],
        [1, 200],
        [2, 300],
      ],
      end: 300,
    });
  });

  test('the schedule counts from the first read and does not drift with the consumer’s work', async () => {
    const seen: [number, number][] = [];
    await run(function* () {
      yield* sleep(50);
      yield* forEach(pipe(interval(100), take(3)), function* (i) {
        seen.push([i, yield* now()]);
        yield* sleep(30);
      });
    }, virtual());
    expect(seen).toEqual([
      [0, 150],
      [1, 250],
      [2, 350],
    ]);
  });

  test('a consumer that falls behind receives the overdue ticks at once, then the schedule resumes', async () => {
    const seen: [number, number][] = [];
    await run(function* () {
      yield* forEach(pipe(interval(100), take(4)), function* (i) {
        seen.push([i, yield* now()]);
        if (i === 0) yield* sleep(250);
      });
    }, virtual());
    expect(seen).toEqual([
      [0, 100],
      [1, 350],
      [2, 350],
      [3, 400],
    ]);
  });

  test('a negative, NaN or infinite ms is a RangeError at the call', () => {
    expect(() => interval(-1)).toThrow(new RangeError('interval(ms): ms must be >= 0, got -1'));
    expect(() => interval(NaN)).toThrow(new RangeError('interval(ms): ms must be a number of milliseconds, got NaN'));
    expect(() => interval(Infinity)).toThrow(new RangeError('interval(ms): ms must be finite, got Infinity (use suspend() to wait forever)'));
  });

  test('an ms that is not a number is a TypeError at the call', () => {
    expect(() => interval('100' as unknown as number)).toThrow(new TypeError('interval(ms): ms must be a number of milliseconds, got string "100"'));
  });
});

import { describe, expect, test } from 'vitest';
import { pipe, run, throttle } from '../../src/index.js';
import { timed, timeline, virtual } from './sources.js';

const every30 = (count: number) => timed(Array.from({ length: count }, (_, i) => [i * 30, i * 30] as const));

describe('throttle', () => {
  test('passes a value, drops the values of the next ms, then passes the next one', async () => {
    const result = await run(timeline(pipe(every30(9), throttle(100))), virtual());
    expect(result).toEqual({
      values: [
        [0, 0],
        [120, 120],
        [240, 240],
      ],
      end: 240,
    });
  });

  test('a value arriving exactly ms after the last one passed is outside the window and passes', async () => {
    const result = await run(timeline(pipe(timed([[0, 'a'], [100, 'b'], [150, 'c']]), throttle(100))), virtual());
    expect(result.values).toEqual([
      ['a', 0],
      ['b', 100],
    ]);
  });

  test('throttle(0) passes everything', async () => {
    const result = await run(timeline(pipe(every30(3), throttle(0))), virtual());
    expect(result.values.map(([value]) => value)).toEqual([0, 30, 60]);
  });

  test('a negative or NaN ms is a RangeError at the call', () => {
    expect(() => throttle(-5)).toThrow(new RangeError('throttle(ms): ms must be >= 0, got -5'));
    expect(() => throttle(NaN)).toThrow(new RangeError('throttle(ms): ms must be a number of milliseconds, got NaN'));
  });
});

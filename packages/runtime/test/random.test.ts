import { describe, expect, test } from 'vitest';
import { seededRandom } from '../src/index.js';

describe('seededRandom', () => {
  test('seed 1 gives mulberry32’s sequence: 0.6270739405881613, 0.002735721180215478, 0.5274470399599522', () => {
    const random = seededRandom(1);
    expect([random(), random(), random()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  test('the same seed gives the same 1,000 numbers, all in [0, 1)', () => {
    const a = seededRandom(2026);
    const b = seededRandom(2026);
    const first = Array.from({ length: 1000 }, () => a());
    expect([Array.from({ length: 1000 }, () => b()), first.every((x) => x >= 0 && x < 1)]).toEqual([first, true]);
  });

  test('a seed that is not a number is a TypeError, a non-integer a RangeError', () => {
    expect(() => seededRandom('1' as never)).toThrow(new TypeError('seededRandom(seed): seed must be an integer, got string "1"'));
    expect(() => seededRandom(1.5)).toThrow(new RangeError('seededRandom(seed): seed must be an integer, got 1.5'));
  });
});

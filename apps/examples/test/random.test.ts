import { describe, expect, test } from 'vitest';
import { SEED, seededRandom } from '../src/random.js';

describe('seededRandom', () => {
  test('the same seed gives the same sequence', () => {
    const a = seededRandom(SEED);
    const b = seededRandom(SEED);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  test('different seeds give different sequences', () => {
    expect(seededRandom(1)()).not.toBe(seededRandom(2)());
  });

  test('every value is in [0, 1)', () => {
    const random = seededRandom(7);
    const values = Array.from({ length: 1000 }, () => random());
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  test('a seed that is not an integer is a TypeError naming seed', () => {
    expect(() => seededRandom(1.5)).toThrow(new TypeError('seededRandom(seed): seed must be an integer, got 1.5'));
  });
});

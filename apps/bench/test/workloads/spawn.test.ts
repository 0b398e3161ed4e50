import { describe, expect, test } from 'vitest';
import { spawnWorkload, sumIndexes } from '../../src/workloads/spawn.js';

const params = { n: 100_000, seedMs: 300 };

describe('spawn: verify', () => {
  test('100,000 indexes summing to 4,999,950,000 verify', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => i);
    expect(sumIndexes(values)).toEqual({ count: 100_000, sum: 4_999_950_000 });
    expect(spawnWorkload.verify(sumIndexes(values), params)).toEqual([]);
  });

  test('a lost task changes both the count and the sum', () => {
    expect(spawnWorkload.verify({ count: 99_999, sum: 4_999_850_001 }, params)).toEqual([
      'result count is 99999, expected 100000',
      'sum of indexes is 4999850001, expected 4999950000',
    ]);
  });
});

import { describe, expect, test } from 'vitest';
import { seedVirtualWorkload } from '../../src/workloads/seed-virtual.js';

const params = { n: 10, seedMs: 300 };

describe('seed-virtual: verify', () => {
  test('ten ints 1..10 after exactly 3000 virtual ms verify', () => {
    expect(seedVirtualWorkload.verify({ values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], virtualElapsedMs: 3000 }, params)).toEqual([]);
  });

  test('virtual time that is not exactly 3000 ms is wrong', () => {
    expect(seedVirtualWorkload.verify({ values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], virtualElapsedMs: 3001 }, params)).toEqual([
      'virtual elapsed ms is 3001, expected 3000',
    ]);
  });
});

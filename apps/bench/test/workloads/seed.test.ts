import { describe, expect, test } from 'vitest';
import { seedWorkload } from '../../src/workloads/seed.js';

const params = { n: 10, seedMs: 300 };
const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('seed: verify', () => {
  test('ten ints 1..10 both ways, after one sleep and after ten, verify', () => {
    expect(seedWorkload.verify({ concurrent: ten, sequential: ten, concurrentMs: 300.4, sequentialMs: 3004 }, params)).toEqual([]);
  });

  test('a value outside 1..10, a missing value and skipped sleeps are each reported', () => {
    expect(seedWorkload.verify({ concurrent: [...ten.slice(1), 11], sequential: ten.slice(1), concurrentMs: 0.2, sequentialMs: 2 }, params)).toEqual([
      'concurrent: values outside the ints 1..10: [11]',
      'sequential: expected 10 values, got [2,3,4,5,6,7,8,9,10]',
      'the gathered tasks took 0.2 ms, less than one sleep of 300 ms',
      'the sequential tasks took 2 ms, less than 10 sleeps of 300 ms',
    ]);
  });
});

import { describe, expect, test } from 'vitest';
import { queueWorkload } from '../../src/workloads/queue.js';

const params = { n: 1_000_000, seedMs: 300 };

describe('queue: verify', () => {
  test('1,000,000 items summing to 499,999,500,000 verify', () => {
    expect(queueWorkload.verify({ count: 1_000_000, sum: 499_999_500_000 }, params)).toEqual([]);
  });

  test('a lost item changes both the count and the sum', () => {
    expect(queueWorkload.verify({ count: 999_999, sum: 499_999_499_999 }, params)).toEqual([
      'result count is 999999, expected 1000000',
      'sum of indexes is 499999499999, expected 499999500000',
    ]);
  });
});

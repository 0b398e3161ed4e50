import { describe, expect, test } from 'vitest';
import { limitWorkload } from '../../src/workloads/limit.js';

const params = { n: 100_000, seedMs: 300 };

describe('limit: verify', () => {
  test('every job back, 64 at a time at most, verifies', () => {
    expect(limitWorkload.verify({ count: 100_000, sum: 4_999_950_000, maxRunning: 64 }, params)).toEqual([]);
  });

  test('fewer than 64 at once is within the limit (p-map peaks near 30 on jobs this short)', () => {
    expect(limitWorkload.verify({ count: 100_000, sum: 4_999_950_000, maxRunning: 31 }, params)).toEqual([]);
  });

  test('65 jobs at once breaks the limit', () => {
    expect(limitWorkload.verify({ count: 100_000, sum: 4_999_950_000, maxRunning: 65 }, params)).toEqual(['65 jobs ran at once, more than the limit of 64']);
  });

  test('jobs run one at a time did not run concurrently', () => {
    expect(limitWorkload.verify({ count: 100_000, sum: 4_999_950_000, maxRunning: 1 }, params)).toEqual(['at most 1 job ran at once: the jobs did not run concurrently']);
  });
});

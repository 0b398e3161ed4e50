import { describe, expect, test } from 'vitest';
import { sleepWorkload } from '../../src/workloads/sleep.js';

const params = { n: 1000, seedMs: 300 };

describe('sleep: verify', () => {
  test('every index back after at least 200 ms verifies', () => {
    expect(sleepWorkload.verify({ count: 1000, sum: 499_500, elapsedMs: 201.3 }, params)).toEqual([]);
  });

  test('tasks that did not sleep are wrong', () => {
    expect(sleepWorkload.verify({ count: 1000, sum: 499_500, elapsedMs: 3.5 }, params)).toEqual([
      'the tasks were done after 3.5 ms, before their 200 ms sleep',
    ]);
  });
});

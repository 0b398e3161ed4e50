import { describe, expect, test } from 'vitest';
import { subprocessWorkload } from '../../src/workloads/subprocess.js';

describe('subprocess: verify', () => {
  test('200 children, each read back its own index: count 200, sum 19,900', () => {
    expect(subprocessWorkload.verify({ count: 200, sum: 19_900, wrong: 0 }, { n: 200, seedMs: 300 })).toEqual([]);
  });

  test('a child with the wrong stdout is counted as wrong, not as read', () => {
    expect(subprocessWorkload.verify({ count: 199, sum: 19_893, wrong: 1 }, { n: 200, seedMs: 300 })).toEqual([
      'children with the right stdout is 199, expected 200',
      'sum of the indexes read back is 19893, expected 19900',
      'children with a wrong stdout is 1, expected 0',
    ]);
  });
});

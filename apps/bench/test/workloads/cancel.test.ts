import { describe, expect, test } from 'vitest';
import { cancelWorkload } from '../../src/workloads/cancel.js';

const params = { n: 1000, seedMs: 300 };

describe('cancel: verify', () => {
  test('every task started, no finally before the cancel, every finally after it: verified', () => {
    expect(cancelWorkload.verify({ started: 1000, finallyBeforeCancel: 0, finallyCount: 1000 }, params)).toEqual([]);
  });

  test('sleeps that ended before the cancel and a finally that never ran are reported', () => {
    expect(cancelWorkload.verify({ started: 1000, finallyBeforeCancel: 3, finallyCount: 999 }, params)).toEqual([
      'finally blocks run before the cancel is 3, expected 0',
      'finally blocks run is 999, expected 1000',
    ]);
  });
});

import { describe, expect, test } from 'vitest';
import { compare, summarize, type PairResult } from '../src/runner.js';

describe('summarize', () => {
  test('an odd count: the middle value, the smallest and the largest', () => {
    expect(summarize([5, 1, 9, 3, 7])).toEqual({ median: 5, min: 1, max: 9 });
  });

  test('an even count: the median is the mean of the middle two', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  test('one value is its own median, min and max', () => {
    expect(summarize([1619])).toEqual({ median: 1619, min: 1619, max: 1619 });
  });

  test('sorts numerically, not as strings', () => {
    expect(summarize([100, 9, 25, 1000, 3])).toEqual({ median: 25, min: 3, max: 1000 });
  });

  test('leaves its input in its order', () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });

  test('an empty list is a RangeError', () => {
    expect(() => summarize([])).toThrow(RangeError);
  });
});

function pair(implementation: string, system: string, label: string, nsPerTask: number, peakRssKb: number, ok = true): PairResult {
  return {
    workload: 'spawn',
    implementation,
    system,
    label,
    params: { n: 10, seedMs: 30 },
    runs: 1,
    stats: { nsPerTask: { median: nsPerTask, min: nsPerTask, max: nsPerTask } },
    peakRssKb,
    warmup: null,
    samples: [],
    problems: ok ? [] : ['run 1: sum of indexes is 0, expected 45'],
    error: null,
    stderr: '',
    childMs: 0,
  };
}

describe('compare', () => {
  test('loop against each other implementation of the workload: ratio of medians per metric, then peak RSS', () => {
    const pairs = [pair('loop', 'loop', 'loop', 2000, 51200), pair('raw', 'raw', 'raw (microtask hop)', 1000, 102400)];
    expect(compare(pairs)).toEqual([
      { workload: 'spawn', metric: 'nsPerTask', label: 'ns per task', better: 'lower', against: 'raw (microtask hop)', loop: 2000, other: 1000, ratio: 2 },
      { workload: 'spawn', metric: 'peakRss', label: 'peak RSS', better: 'lower', against: 'raw (microtask hop)', loop: 51200, other: 102400, ratio: 0.5 },
    ]);
  });

  test('a pair whose answers did not verify is left out', () => {
    const pairs = [pair('loop', 'loop', 'loop', 2000, 51200), pair('raw', 'raw', 'raw (microtask hop)', 1000, 102400, false)];
    expect(compare(pairs)).toEqual([]);
  });
});

import { describe, expect, test } from 'vitest';
import { expectedPipeline, pipelineWorkload } from '../../src/workloads/pipeline.js';

describe('expectedPipeline', () => {
  test('0..9 doubled, multiples of 3 kept: 0, 6, 12, 18', () => {
    expect(expectedPipeline(10)).toEqual({ count: 4, sum: 36 });
  });

  test('1,000,000 items: 333,334 values summing to 333,333,666,666', () => {
    expect(expectedPipeline(1_000_000)).toEqual({ count: 333_334, sum: 333_333_666_666 });
  });

  test('agrees with the pipeline computed item by item', () => {
    let count = 0;
    let sum = 0;
    for (let i = 0; i < 1000; i++) {
      const x = i * 2;
      if (x % 3 === 0) {
        count++;
        sum += x;
      }
    }
    expect(expectedPipeline(1000)).toEqual({ count, sum });
  });
});

describe('pipeline: verify', () => {
  test('a value that skipped the filter is wrong', () => {
    expect(pipelineWorkload.verify({ count: 5, sum: 38 }, { n: 10, seedMs: 300 })).toEqual(['values summed is 5, expected 4', 'sum is 38, expected 36']);
  });
});

import type { Stats, SuiteResult } from '../../src/index.js';

/** Statistics with round numbers, so every formatted figure can be written by hand. */
export function stats(mean: number, p50: number, p99: number, rme: number, samples: number): Stats {
  return { samples, min: p50 / 2, max: p99 * 2, mean, sd: mean / 10, moe: (mean * rme) / 100, rme, p50, p75: p50, p99, p999: p99, mad: mean / 20, opsPerSecond: 1000 / mean };
}

/** A fixed result of two cases: `loop` twice as fast as the `raw | baseline`. */
export const RESULT: SuiteResult = {
  name: 'gather 10 sleeps',
  baseline: 'raw | baseline',
  cases: [
    { name: 'raw | baseline', kind: 'async', stats: stats(0.002, 0.0019, 0.004, 1.5, 1200), samples: [0.0019, 0.002, 0.0021], warnings: [] },
    {
      name: 'loop',
      kind: 'operation',
      stats: stats(0.001, 0.00095, 0.0025, 0.75, 2400),
      samples: [0.00095, 0.001, 0.00105],
      warnings: ['"loop" returned undefined every time: the engine may optimise the work away. Return a value computed from the work (the runner keeps it alive).'],
    },
  ],
  comparisons: [
    {
      name: 'loop',
      baseline: 'raw | baseline',
      direction: 'faster',
      ratio: 2,
      error: 0.03,
      test: "Welch's t-test",
      t: -40,
      df: 2000,
      p: 0,
      significant: true,
      text: "loop is 2.00 ± 0.03 times faster than raw | baseline (p < 0.001, Welch's t-test)",
    },
  ],
  env: { runtime: 'node', version: '20.19.0', gc: true },
  settings: { time: 500, minSamples: 20, warmupTime: 100, warmupIterations: 10 },
};

/** Test support: a verified pair result with one metric's median, as the runner would make it. */
import { pendingPair, type PairResult } from '../src/runner.js';

/**
 * A pair of `workload` / `implementation` that verified, whose `metric`
 * has the given median (min and max equal to it) and whose peak RSS is
 * `peakRssKb`.
 */
export function pair(workload: string, implementation: string, metric: string, median: number, peakRssKb = 100_000): PairResult {
  return { ...pendingPair(workload, implementation, { n: 10, seedMs: 30 }, 1), stats: { [metric]: { median, min: median, max: median } }, peakRssKb };
}

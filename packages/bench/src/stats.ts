/**
 * Statistics of a set of timing samples.
 *
 * The numbers come from tinybench's own statistics (sample mean and
 * variance, Student's t margin of error, linearly interpolated percentiles,
 * the unscaled median absolute deviation), so a figure printed by
 * `loop-bench` means exactly what it means in tinybench. {@link summarize}
 * feeds fixed samples through a tinybench task as overridden durations,
 * which is how a result can be recomputed from the raw samples in its JSON.
 *
 * @module
 */
import { Bench, type Statistics } from 'tinybench';

/**
 * Summary statistics of timing samples, all in milliseconds except where
 * noted.
 *
 * @example
 * ```ts
 * const stats = summarize([1, 2, 3, 4]);
 * stats.mean;         // 2.5
 * stats.opsPerSecond; // 400 (1000 / mean)
 * ```
 */
export interface Stats {
  /** Number of samples. */
  samples: number;
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n − 1). */
  sd: number;
  /** Margin of error: half-width of the two-sided 95% confidence interval of the mean (Student's t). */
  moe: number;
  /** Relative margin of error in percent: `100 * moe / mean` (`Infinity` when the mean is 0). */
  rme: number;
  p50: number;
  p75: number;
  p99: number;
  p999: number;
  /** Median absolute deviation (not scaled by 1.4826). */
  mad: number;
  /** Operations per second at the mean time: `1000 / mean` (`Infinity` when the mean is 0). */
  opsPerSecond: number;
}

/** @internal Maps tinybench's latency statistics to {@link Stats}. */
export function fromTinybench(latency: Statistics): Stats {
  return {
    samples: latency.samplesCount,
    min: latency.min,
    max: latency.max,
    mean: latency.mean,
    sd: latency.sd,
    moe: latency.moe,
    rme: latency.rme,
    p50: latency.p50,
    p75: latency.p75,
    p99: latency.p99,
    p999: latency.p999,
    mad: latency.mad,
    opsPerSecond: latency.mean === 0 ? Infinity : 1000 / latency.mean,
  };
}

/**
 * Computes {@link Stats} for fixed samples (milliseconds), with the same
 * estimators the runner uses. The order of `samples` does not matter.
 *
 * @example
 * ```ts
 * const { p50, mad, min, max } = summarize([3, 1, 2, 10, 4]);
 * // p50 = 3, mad = 1, min = 1, max = 10
 * ```
 */
export function summarize(samples: readonly number[]): Stats {
  if (!Array.isArray(samples)) throw new TypeError(`summarize(samples): samples must be an array of numbers, got ${typeof samples}`);
  if (samples.length === 0) throw new RangeError('summarize(samples): samples must hold at least one number, got an empty array');
  samples.forEach((value, i) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`summarize(samples): samples[${i}] must be a finite number >= 0, got ${String(value)}`);
    }
  });
  // Each call of the task hands tinybench the next sample as its duration;
  // with a zero time budget it runs exactly `iterations` times.
  const bench = new Bench({ time: 0, iterations: samples.length, warmup: false, throws: true });
  let next = 0;
  bench.add('samples', () => ({ overriddenDuration: samples[next++] as number }), { async: false });
  const [task] = bench.runSync();
  const result = task?.result;
  if (result?.state !== 'completed') throw new Error(`summarize(samples): tinybench did not complete (state ${String(result?.state)})`);
  return fromTinybench(result.latency);
}

import { describe, expect, test } from 'vitest';
import { summarize } from '../src/index.js';

// The textbook sample 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7.
const SAMPLES = [9, 4, 2, 5, 4, 7, 4, 5];
// Student's t, two-sided 95%, 7 degrees of freedom (scipy.stats.t.ppf(0.975, 7)).
const T_7 = 2.364624251592784;

describe('summarize', () => {
  test('min, max and mean', () => {
    const s = summarize(SAMPLES);
    expect([s.min, s.max, s.mean, s.samples]).toEqual([2, 9, 5, 8]);
  });

  test('standard deviation uses n − 1', () => {
    expect(summarize(SAMPLES).sd).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });

  test('percentiles interpolate linearly between order statistics', () => {
    const s = summarize(SAMPLES);
    expect(s.p50).toBe(4.5);
    expect(s.p75).toBe(5.5);
    expect(s.p99).toBeCloseTo(8.86, 12);
    expect(s.p999).toBeCloseTo(8.986, 12);
  });

  test('MAD is the median of absolute deviations from the median (unscaled)', () => {
    expect(summarize(SAMPLES).mad).toBe(0.5);
  });

  test('margin of error is sem × t(0.975, n − 1), and RME is it in percent of the mean', () => {
    const s = summarize(SAMPLES);
    const moe = (Math.sqrt(32 / 7) / Math.sqrt(8)) * T_7;
    expect(s.moe).toBeCloseTo(moe, 9);
    expect(s.rme).toBeCloseTo((100 * moe) / 5, 9);
  });

  test('ops/s is 1000 / mean', () => {
    expect(summarize(SAMPLES).opsPerSecond).toBe(200);
  });

  test('one sample: no spread, no margin', () => {
    expect(summarize([2])).toEqual({ samples: 1, min: 2, max: 2, mean: 2, sd: 0, moe: 0, rme: 0, p50: 2, p75: 2, p99: 2, p999: 2, mad: 0, opsPerSecond: 500 });
  });

  test('an empty array is a RangeError', () => {
    expect(() => summarize([])).toThrow(new RangeError('summarize(samples): samples must hold at least one number, got an empty array'));
  });

  test('a negative or non-finite sample is a RangeError naming its index', () => {
    expect(() => summarize([1, -2])).toThrow(new RangeError('summarize(samples): samples[1] must be a finite number >= 0, got -2'));
    expect(() => summarize([Number.NaN])).toThrow(new RangeError('summarize(samples): samples[0] must be a finite number >= 0, got NaN'));
  });
});

import { describe, expect, test } from 'vitest';
import { summarize, welchTTest } from '../src/index.js';

describe("welchTTest (Welch's t-test)", () => {
  test('equal variances and sizes: df = 2(n − 1); with df 2 the p-value has the closed form 1 − |t|/√(t² + 2)', () => {
    const { t, df, p } = welchTTest(summarize([1, 3]), summarize([5, 7]));
    expect(t).toBeCloseTo(-2 * Math.SQRT2, 14);
    expect(df).toBeCloseTo(2, 14);
    expect(p).toBeCloseTo(1 - 2 / Math.sqrt(5), 12);
  });

  test('one constant side: df = n − 1 of the other; with df 1 (Cauchy) p = 1 − 2·atan(|t|)/π', () => {
    const { t, df, p } = welchTTest(summarize([1, 3]), summarize([5, 5]));
    expect(t).toBeCloseTo(-3, 14);
    expect(df).toBeCloseTo(1, 14);
    expect(p).toBeCloseTo(1 - (2 * Math.atan(3)) / Math.PI, 12);
  });

  test('matches scipy.stats.ttest_ind(a, b, equal_var=False) on unequal samples', () => {
    const a = [12.1, 11.8, 12.5, 12.0, 11.9, 12.3, 12.2, 11.7];
    const b = [13.0, 12.6, 13.4, 12.9, 13.1, 12.4, 13.6, 12.8, 13.2, 12.7];
    const { t, df, p } = welchTTest(summarize(a), summarize(b));
    expect(t).toBeCloseTo(-6.053644494202327, 10);
    expect(df).toBeCloseTo(15.890450266613591, 10);
    expect(p).toBeCloseTo(1.72407657874771e-5, 12);
  });

  test('the test is symmetric: swapping the sides flips t and keeps p', () => {
    const ab = welchTTest(summarize([1, 2, 3, 4]), summarize([2, 4, 6, 9]));
    const ba = welchTTest(summarize([2, 4, 6, 9]), summarize([1, 2, 3, 4]));
    expect(ba.t).toBe(-ab.t);
    expect(ba.p).toBe(ab.p);
  });

  test('two identical constant sides: t = 0, p = 1', () => {
    expect(welchTTest(summarize([4, 4, 4]), summarize([4, 4]))).toEqual({ t: 0, df: 3, p: 1 });
  });

  test('two different constant sides: the difference is certain, p = 0', () => {
    expect(welchTTest(summarize([1, 1]), summarize([2, 2]))).toEqual({ t: -Infinity, df: 2, p: 0 });
  });

  test('a side with one sample is a RangeError (no variance)', () => {
    expect(() => welchTTest(summarize([1]), summarize([1, 2]))).toThrow(
      new RangeError('welchTTest(a, b): a.samples must be an integer >= 2 (a t-test needs a variance), got 1'),
    );
  });
});

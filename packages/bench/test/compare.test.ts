import { describe, expect, test } from 'vitest';
import { compare, type Stats } from '../src/index.js';

/** Statistics with the fields compare() reads; the rest do not matter here. */
function stats(mean: number, sd: number, samples: number, rme: number): Stats {
  return { samples, min: mean, max: mean, mean, sd, moe: (rme * mean) / 100, rme, p50: mean, p75: mean, p99: mean, p999: mean, mad: 0, opsPerSecond: 1000 / mean };
}

const fast = { name: 'loop', stats: stats(1, 0.1, 10, 5) };
const slow = { name: 'raw', stats: stats(2, 0.1, 10, 5) };

describe('compare', () => {
  test('a lower mean reads "x ± y times faster", the margin propagated from both RMEs', () => {
    const c = compare(fast, slow);
    expect(c.text).toBe("loop is 2.00 ± 0.14 times faster than raw (p < 0.001, Welch's t-test)");
    expect([c.direction, c.ratio, c.significant, c.test]).toEqual(['faster', 2, true, "Welch's t-test"]);
    expect(c.error).toBeCloseTo(2 * Math.hypot(0.05, 0.05), 14);
  });

  test('a higher mean reads "times slower"', () => {
    expect(compare(slow, fast).text).toBe("raw is 2.00 ± 0.14 times slower than loop (p < 0.001, Welch's t-test)");
  });

  test('p >= 0.05 is reported as not significant, with its p-value', () => {
    const c = compare({ name: 'a', stats: stats(1, 0.1, 10, 5) }, { name: 'b', stats: stats(1.02, 0.1, 10, 5) });
    expect(c.significant).toBe(false);
    expect(c.p).toBeCloseTo(0.6600556531895875, 10);
    expect(c.text).toBe("a is 1.02 ± 0.07 times faster than b: not significant (p = 0.660, Welch's t-test)");
  });

  test('equal means read "as fast as"', () => {
    const c = compare({ name: 'a', stats: stats(1, 0.1, 10, 5) }, { name: 'b', stats: stats(1, 0.2, 12, 8) });
    expect(c.text).toBe("a is as fast as b: not significant (p = 1.000, Welch's t-test)");
    expect([c.direction, c.ratio]).toEqual(['same', 1]);
  });

  test('a result without stats is a TypeError naming the argument', () => {
    expect(() => compare(fast, { name: 'x' } as never)).toThrow(new TypeError('compare(a, baseline): baseline must be { name: string, stats: Stats }, got an object'));
  });
});

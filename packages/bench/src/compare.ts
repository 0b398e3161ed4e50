/**
 * "x ± y times faster": the ratio of two mean times with its uncertainty,
 * and whether the difference is significant.
 *
 * The ratio is slower mean / faster mean, so it is always >= 1 and reads
 * as "times faster" or "times slower". Its ± is the 95% margin propagated
 * from both means' relative margins of error
 * (`ratio × √(rme_a² + rme_b²)`). Significance is Welch's t-test on the two
 * sample sets (see significance.ts); at p >= 0.05 the wording says
 * "not significant" so a noisy 1.02× is never sold as a win.
 *
 * @module
 */
import { describe } from './define.js';
import { welchTTest } from './significance.js';
import type { Stats } from './stats.js';

/** Significance level below which a difference is reported as significant. */
const ALPHA = 0.05;

/**
 * What {@link compare} returns.
 *
 * @example
 * ```ts
 * const c: Comparison = compare(loopResult, rawResult);
 * if (c.significant && c.direction === 'faster') console.log(`${c.ratio.toFixed(1)}× faster`);
 * ```
 */
export interface Comparison {
  /** The case being described. */
  name: string;
  /** The case it is compared with. */
  baseline: string;
  /** `faster` when `name`'s mean time is lower, `slower` when higher, `same` when equal. */
  direction: 'faster' | 'slower' | 'same';
  /** Slower mean / faster mean (>= 1). */
  ratio: number;
  /** 95% margin of the ratio. */
  error: number;
  /** The significance test used. */
  test: "Welch's t-test";
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
  /** `p < 0.05`. */
  significant: boolean;
  /** One line for people, e.g. `a is 2.50 ± 0.10 times faster than b (p < 0.001, Welch's t-test)`. */
  text: string;
}

/**
 * A named result: what {@link compare} needs of a case (a `CaseResult` is one).
 *
 * @example
 * ```ts
 * const named: Named = { name: 'loop', stats: summarize(samples) };
 * ```
 */
export interface Named {
  name: string;
  stats: Stats;
}

/**
 * Compares `a` with `baseline`: how many times faster or slower `a` is, with
 * a 95% margin and Welch's t-test.
 *
 * @example
 * ```ts
 * const c = compare({ name: 'loop', stats: summarize(loopSamples) }, { name: 'raw', stats: summarize(rawSamples) });
 * console.log(c.text); // "loop is 1.85 ± 0.07 times faster than raw (p < 0.001, Welch's t-test)"
 * ```
 */
export function compare(a: Named, baseline: Named): Comparison {
  for (const [arg, value] of [['a', a], ['baseline', baseline]] as const) {
    if (typeof value !== 'object' || value === null || typeof value.name !== 'string' || typeof value.stats !== 'object' || value.stats === null) {
      throw new TypeError(`compare(a, baseline): ${arg} must be { name: string, stats: Stats }, got ${describe(value)}`);
    }
  }
  const { t, df, p } = welchTTest(a.stats, baseline.stats);
  const ma = a.stats.mean;
  const mb = baseline.stats.mean;
  const direction = ma === mb ? 'same' : ma < mb ? 'faster' : 'slower';
  const ratio = direction === 'same' ? 1 : Math.max(ma, mb) / Math.min(ma, mb);
  const error = ratio * Math.hypot(a.stats.rme / 100, baseline.stats.rme / 100);
  const significant = p < ALPHA;
  const shown = direction === 'same' ? 'as fast as' : `${ratio.toFixed(2)} ± ${error.toFixed(2)} times ${direction} than`;
  const pText = p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
  const verdict = significant ? '' : ': not significant';
  return {
    name: a.name,
    baseline: baseline.name,
    direction,
    ratio,
    error,
    test: "Welch's t-test",
    t,
    df,
    p,
    significant,
    text: `${a.name} is ${shown} ${baseline.name}${verdict} (${pText}, Welch's t-test)`,
  };
}

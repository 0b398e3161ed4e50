/**
 * Welch's t-test: is the difference between two sample means real, or could
 * noise explain it?
 *
 * Welch's test compares means without assuming equal variances, which fits
 * benchmark timings (two implementations rarely jitter alike). The p-value
 * comes from Student's t distribution with the Welch–Satterthwaite degrees
 * of freedom, through the regularized incomplete beta function
 * (`p = I_{df/(df+t²)}(df/2, 1/2)`), evaluated with Lentz's continued
 * fraction as in Numerical Recipes §6.4. tinybench computes only the
 * critical value of t for its margin of error, not p-values, so this part
 * is ours.
 *
 * @module
 */
import type { Stats } from './stats.js';

/**
 * The outcome of {@link welchTTest}.
 *
 * @example
 * ```ts
 * const { p }: TTestResult = welchTTest(a.stats, b.stats);
 * if (p >= 0.05) console.log('no real difference');
 * ```
 */
export interface TTestResult {
  /** The t statistic, `(mean(a) − mean(b)) / standard error`; negative when `a` is smaller. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value: the chance of a difference at least this large if the means were equal. */
  p: number;
}

/**
 * Welch's two-sample t-test on two sets of summary statistics (mean, sd and
 * sample count are used). Each side needs at least two samples.
 *
 * @example
 * ```ts
 * const { t, df, p } = welchTTest(summarize([1, 3]), summarize([5, 7]));
 * // t = -2.828…, df = 2, p = 0.1056 (1 − 2/√5): not significant at 0.05
 * ```
 */
export function welchTTest(a: Pick<Stats, 'mean' | 'sd' | 'samples'>, b: Pick<Stats, 'mean' | 'sd' | 'samples'>): TTestResult {
  checkSide(a, 'a');
  checkSide(b, 'b');
  const va = (a.sd * a.sd) / a.samples;
  const vb = (b.sd * b.sd) / b.samples;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    // Both sides constant: the means either are equal or differ for certain.
    const t = a.mean === b.mean ? 0 : a.mean < b.mean ? -Infinity : Infinity;
    return { t, df: a.samples + b.samples - 2, p: a.mean === b.mean ? 1 : 0 };
  }
  const t = (a.mean - b.mean) / se;
  const df = (va + vb) ** 2 / (va ** 2 / (a.samples - 1) + vb ** 2 / (b.samples - 1));
  return { t, df, p: studentTwoSidedP(t, df) };
}

function checkSide(side: Pick<Stats, 'mean' | 'sd' | 'samples'>, which: string): void {
  if (typeof side !== 'object' || side === null) throw new TypeError(`welchTTest(a, b): ${which} must be statistics ({ mean, sd, samples }), got ${String(side)}`);
  if (!Number.isInteger(side.samples) || side.samples < 2) {
    throw new RangeError(`welchTTest(a, b): ${which}.samples must be an integer >= 2 (a t-test needs a variance), got ${String(side.samples)}`);
  }
  if (!Number.isFinite(side.mean) || !Number.isFinite(side.sd) || side.sd < 0) {
    throw new RangeError(`welchTTest(a, b): ${which}.mean and ${which}.sd must be finite (sd >= 0), got mean ${String(side.mean)}, sd ${String(side.sd)}`);
  }
}

/** Two-sided tail probability of Student's t distribution with `df` degrees of freedom. */
function studentTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** I_x(a, b), the regularized incomplete beta function. */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) otherwise.
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

const TINY = 1e-300;

/** The continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7; about 15 significant digits). */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

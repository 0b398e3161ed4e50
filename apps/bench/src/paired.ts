/**
 * Paired ratios: loop and its reference measured run by run, side by side,
 * and the ratio taken within each pair before anything is summarised.
 *
 * A ratio of medians takes loop's median from one stretch of the machine
 * and raw's from another; on a shared machine one slow stretch then weighs
 * on one side only (raw's own figure has moved 1.5× between rounds of one
 * run). Here each pair is two runs made next to each other (the same child
 * taking turns for warm runs, two fresh processes one after the other for
 * cold ones), the pair's "times better" factor is taken first, and the
 * figure reported is the median of those factors with their spread.
 *
 * Which pairs are measured: every loop implementation (not the traced one)
 * against `raw`, the floor of BENCH.md's "vs raw" ratios, plus every pair a
 * relative target of the workload names (loop against asyncio, Effect,
 * Effection, p-limit; the traced loop against plain loop), plus loop's
 * recommended implementation against each hand-written floor the workload
 * lists (cancel's generator and scheduler floors).
 *
 * @module
 */
import { summarize as summarizeSamples } from '@loop/bench';
import { betterFactor } from './compare.js';
import type { Workload } from './workload.js';

/** The median of per-pair factors and their spread. */
export interface RatioStats {
  /** Median of the per-pair factors (the mean of the middle two for an even count). */
  median: number;
  min: number;
  max: number;
  /** Median absolute deviation of the factors from their median (unscaled). */
  mad: number;
  /** Pairs that gave a factor. */
  pairs: number;
}

/** One metric of one (subject, reference) pair, measured in pairs. */
export interface PairedRatio {
  workload: string;
  /** The loop implementation (or the traced loop). */
  subject: string;
  /** What it is held against: `raw`, a peer, or plain `loop`. */
  reference: string;
  /** `warm`: counted runs after a warm-up, taking turns in one child; `cold`: first runs in fresh processes started back to back. */
  mode: 'warm' | 'cold';
  /** A metric key of the workload, or `totalMs` (cold: import + first run), or `peakRss` (cold: each process's peak RSS). */
  metric: string;
  /** Cold only: the import's time is folded into the metric (its `importFold`); `totalMs` always includes it. */
  importIncluded: boolean;
  /** Per pair, how many times better the subject was (null: a value not positive). */
  factors: (number | null)[];
  /** Their median and spread; null when no pair gave a factor. */
  stats: RatioStats | null;
}

/**
 * The per-pair "times better" factors of `subject` against `reference`
 * (index i of one with index i of the other), as {@link betterFactor} reads
 * them: above 1 the subject is better. A pair in which either value is not
 * positive gives no factor (null), as a ratio of medians would not.
 *
 * @example
 * ```ts
 * pairFactors('lower', [100, 120, 90], [200, 180, 270]); // [2, 1.5, 3]
 * pairFactors('higher', [4e6, 5e6], [2e6, 2e6]); // [2, 2.5]
 * ```
 */
export function pairFactors(better: 'lower' | 'higher', subject: readonly number[], reference: readonly number[]): (number | null)[] {
  if (subject.length !== reference.length) {
    throw new RangeError(`pairFactors: ${subject.length} subject runs and ${reference.length} reference runs do not pair up`);
  }
  return subject.map((value, i) => betterFactor(better, value, reference[i]!));
}

/**
 * The median of per-pair factors, with min, max and MAD (computed by
 * `@loop/bench`'s `summarize`, tinybench's estimators); null when no pair
 * gave a factor.
 *
 * @example
 * ```ts
 * ratioStats([2, 1.5, 3, null]); // { median: 2, min: 1.5, max: 3, mad: 0.5, pairs: 3 }
 * ```
 */
export function ratioStats(factors: readonly (number | null)[]): RatioStats | null {
  const values = factors.filter((factor): factor is number => factor !== null);
  if (values.length === 0) return null;
  const stats = summarizeSamples(values);
  return { median: stats.p50, min: stats.min, max: stats.max, mad: stats.mad, pairs: values.length };
}

/**
 * The (subject, reference) pairs of a workload that paired runs measure,
 * among the implementations `selected`: each loop implementation (not the
 * traced one) against `raw`, then each pair a relative target names, in
 * the order of the targets, then loop's recommended implementation against
 * each of the workload's `floors`; no pair twice.
 *
 * @example
 * ```ts
 * pairings(findWorkload('spawn'), ['loop', 'loop-traced', 'raw', 'raw-immediate', 'asyncio']);
 * // [['loop', 'raw'], ['loop', 'asyncio'], ['loop-traced', 'loop']]
 * ```
 */
export function pairings(workload: Workload<unknown>, selected: readonly string[]): [string, string][] {
  const has = (id: string) => selected.includes(id) && workload.implementations[id] !== undefined;
  const loopIds = Object.entries(workload.implementations)
    .filter(([, implementation]) => implementation.system === 'loop' && implementation.traced !== true)
    .map(([id]) => id);
  const out: [string, string][] = [];
  const add = (subject: string, reference: string) => {
    if (subject === reference || !has(subject) || !has(reference)) return;
    if (!out.some(([s, r]) => s === subject && r === reference)) out.push([subject, reference]);
  };
  for (const id of loopIds) add(id, 'raw');
  for (const target of workload.targets) {
    if (target.against === undefined) continue;
    for (const subject of target.subjects ?? loopIds) add(subject, target.against);
  }
  const recommended = loopIds.find((id) => workload.implementations[id]!.recommended === true);
  if (recommended !== undefined) for (const floor of workload.floors ?? []) add(recommended, floor);
  return out;
}

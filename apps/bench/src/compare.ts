/**
 * Ratios between the pairs of one suite run: every pair against the raw
 * floor, every loop implementation against every other implementation,
 * and BENCH.md's targets met or missed. Only pairs that ran to the end
 * with every answer verified take part; a ratio is always between medians
 * of the same run (BENCH.md: side by side, never across days).
 *
 * Every ratio is reported as a "times better" factor that reads the same
 * way for both kinds of metric: above 1 the subject is better (less time,
 * more items per second), below 1 it is worse.
 *
 * @module
 */
import type { ColdResult } from './cold.js';
import type { PairedRatio } from './paired.js';
import type { PairResult } from './runner.js';
import { implementationLabel, type MetricSpec } from './workload.js';
import { WORKLOADS } from './workloads/index.js';

/** A pair's metric against the raw floor's (implementation `raw`) in the same workload. */
export interface VersusRaw {
  workload: string;
  implementation: string;
  metric: string;
  value: number;
  raw: number;
  /** How many times better than raw (above 1: better); null when a median is not positive. */
  factor: number | null;
}

/** One loop implementation against another implementation, for one metric. */
export interface Comparison {
  workload: string;
  /** Metric key, or `peakRss`. */
  metric: string;
  /** Metric label for tables. */
  label: string;
  better: 'lower' | 'higher';
  /** The loop implementation's id and label. */
  subject: string;
  subjectLabel: string;
  /** The other implementation's id and label. */
  against: string;
  againstLabel: string;
  loop: number;
  other: number;
  /** loop ÷ other. */
  ratio: number;
  /** How many times better loop is (above 1: better); null when a median is not positive. */
  factor: number | null;
}

/** One of BENCH.md's targets, checked for one loop implementation. */
export interface TargetResult {
  workload: string;
  subject: string;
  subjectLabel: string;
  text: string;
  metric: string;
  /** The implementation held against, or null for an absolute limit. */
  against: string | null;
  againstLabel: string | null;
  /** loop's median, or null when the subject did not run or failed. */
  loop: number | null;
  /** The other implementation's median, or the absolute limit. */
  other: number | null;
  /** How many times better loop was; for an absolute limit, limit ÷ loop. */
  achieved: number | null;
  /** The factor the target asks for (1 for an absolute limit). */
  needed: number;
  status: 'met' | 'missed' | 'not measured';
  /** Why not measured, or by how much it missed, in words. */
  note: string;
  /** For a missed target: why loop falls short of it (the target's `why` for this subject), or null when not known. */
  why: string | null;
  /** Judged warm: on the paired ratio (or, for peak RSS and absolute limits, on the medians); absent when the suite ran without paired or cold runs. */
  warm?: Judgement;
  /** Judged cold: on the paired ratio of first runs in fresh processes, import included (or, for an absolute limit, on the cold median). */
  cold?: Judgement;
}

/** One target judged one way (warm or cold). */
export interface Judgement {
  /** `paired`: the median of per-pair factors; `medians`: a ratio of medians (peak RSS warm, where the pair shares one process) or an absolute limit. */
  basis: 'paired' | 'medians';
  /** The factor achieved (median of the per-pair factors), or null when not measured. */
  achieved: number | null;
  /** The spread of the per-pair factors (paired only). */
  min: number | null;
  max: number | null;
  /** How many pairs the factor is the median of (0 for medians). */
  pairs: number;
  /** null: not measured. */
  met: boolean | null;
  /** What was measured, or why not, in words. */
  note: string;
}

/** What the targets are judged on when the suite ran paired and cold runs. */
export interface PairedEvidence {
  paired: readonly PairedRatio[];
  cold: readonly ColdResult[];
}

/**
 * How many times better `value` is than `other` for a metric where
 * `better` values win; null when either is not positive (a ratio of an
 * overhead of 0 ms means nothing).
 *
 * @example
 * ```ts
 * betterFactor('lower', 1000, 2000); // 2: half the time
 * betterFactor('higher', 1e6, 4e6); // 0.25: a quarter of the throughput
 * ```
 */
export function betterFactor(better: 'lower' | 'higher', value: number, other: number): number | null {
  if (!(value > 0 && other > 0)) return null;
  return better === 'lower' ? other / value : value / other;
}

const PEAK_RSS: MetricSpec = { key: 'peakRss', label: 'peak RSS', better: 'lower', digits: 0 };

function metricValue(pair: PairResult, key: string): number | undefined {
  return key === 'peakRss' ? (pair.peakRssKb > 0 ? pair.peakRssKb : undefined) : pair.stats[key]?.median;
}

function usable(pairs: readonly PairResult[], workload: string): PairResult[] {
  return pairs.filter((pair) => pair.workload === workload && pair.skipped === null && pair.error === null && pair.problems.length === 0);
}

/**
 * Every usable pair against `raw` of its workload, metric by metric.
 *
 * @example
 * ```ts
 * versusRaw(suite.pairs).find((v) => v.workload === 'queue' && v.implementation === 'loop')?.factor; // e.g. 1.9
 * ```
 */
export function versusRaw(pairs: readonly PairResult[]): VersusRaw[] {
  const out: VersusRaw[] = [];
  for (const workload of WORKLOADS) {
    const mine = usable(pairs, workload.id);
    const raw = mine.find((pair) => pair.implementation === 'raw');
    if (raw === undefined) continue;
    for (const pair of mine) {
      for (const metric of workload.metrics) {
        const value = metricValue(pair, metric.key);
        const floor = metricValue(raw, metric.key);
        if (value === undefined || floor === undefined) continue;
        out.push({ workload: workload.id, implementation: pair.implementation, metric: metric.key, value, raw: floor, factor: betterFactor(metric.better, value, floor) });
      }
    }
  }
  return out;
}

/**
 * Every loop implementation against every other implementation of the
 * same workload, metric by metric (ratio of medians) and on peak RSS.
 * Pairs that failed or were skipped are left out.
 *
 * @example
 * ```ts
 * compare(suite.pairs).find((c) => c.workload === 'spawn' && c.subject === 'loop' && c.against === 'effect')?.factor; // e.g. 30
 * ```
 */
export function compare(pairs: readonly PairResult[]): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const workload of WORKLOADS) {
    const mine = usable(pairs, workload.id);
    for (const loop of mine.filter((pair) => pair.system === 'loop')) {
      for (const other of mine) {
        if (other === loop) continue;
        for (const metric of [...workload.metrics, PEAK_RSS]) {
          const a = metricValue(loop, metric.key);
          const b = metricValue(other, metric.key);
          if (a === undefined || b === undefined) continue;
          comparisons.push({
            workload: workload.id,
            metric: metric.key,
            label: metric.label,
            better: metric.better,
            subject: loop.implementation,
            subjectLabel: loop.label,
            against: other.implementation,
            againstLabel: other.label,
            loop: a,
            other: b,
            ratio: a / b,
            factor: betterFactor(metric.better, a, b),
          });
        }
      }
    }
  }
  return comparisons;
}

function formatFactor(factor: number): string {
  return `${factor >= 100 ? factor.toFixed(0) : factor.toFixed(2)}×`;
}

/**
 * BENCH.md's targets for every loop implementation held to them (by
 * default every loop implementation that is not the traced one): met,
 * missed (and by how much), or not measured (and why).
 *
 * @example
 * ```ts
 * evaluateTargets(suite.pairs).filter((t) => t.status === 'missed').map((t) => `${t.workload}: ${t.text}: ${t.note}`);
 * ```
 */
export function evaluateTargets(pairs: readonly PairResult[], evidence?: PairedEvidence): TargetResult[] {
  const results: TargetResult[] = [];
  for (const workload of WORKLOADS) {
    const ran = pairs.filter((pair) => pair.workload === workload.id);
    if (ran.length === 0) continue;
    const ok = usable(pairs, workload.id);
    const loopIds = Object.entries(workload.implementations)
      .filter(([, implementation]) => implementation.system === 'loop' && implementation.traced !== true)
      .map(([id]) => id);
    for (const target of workload.targets) {
      const metric = target.metric === 'peakRss' ? PEAK_RSS : workload.metrics.find((m) => m.key === target.metric);
      if (metric === undefined) throw new RangeError(`workload "${workload.id}": a target names the unknown metric "${target.metric}"`);
      for (const subject of target.subjects ?? loopIds) {
        const subjectImplementation = workload.implementations[subject];
        if (subjectImplementation === undefined) throw new RangeError(`workload "${workload.id}": a target names the unknown implementation "${subject}"`);
        const againstImplementation = target.against === undefined ? undefined : workload.implementations[target.against];
        const result: TargetResult = {
          workload: workload.id,
          subject,
          subjectLabel: implementationLabel(subjectImplementation),
          text: target.text,
          metric: target.metric,
          against: target.against ?? null,
          againstLabel: againstImplementation === undefined ? null : implementationLabel(againstImplementation),
          loop: null,
          other: target.limit ?? null,
          achieved: null,
          needed: target.factor ?? 1,
          status: 'not measured',
          note: '',
          why: null,
        };
        results.push(result);
        const mine = ok.find((pair) => pair.implementation === subject);
        const loop = mine === undefined ? undefined : metricValue(mine, metric.key);
        if (loop === undefined) {
          const pair = ran.find((p) => p.implementation === subject);
          result.note = pair === undefined ? `${result.subjectLabel} was not run` : `${result.subjectLabel} did not verify or failed`;
          continue;
        }
        result.loop = loop;
        if (target.limit !== undefined) {
          const met = loop <= target.limit;
          result.status = met ? 'met' : 'missed';
          result.achieved = betterFactor('lower', loop, target.limit);
          result.note = met ? `${loop.toFixed(metric.digits)} ≤ ${target.limit}` : `${loop.toFixed(metric.digits)} > ${target.limit}: over by ${formatFactor(loop / target.limit)}`;
          if (!met) result.why = target.why?.[subject] ?? null;
          continue;
        }
        const against = ok.find((pair) => pair.implementation === target.against);
        const other = against === undefined ? undefined : metricValue(against, metric.key);
        if (other === undefined) {
          const pair = ran.find((p) => p.implementation === target.against);
          const name = result.againstLabel ?? String(target.against);
          result.note = pair === undefined ? `${name} was not run` : pair.skipped !== null ? `${name} skipped: ${pair.skipped}` : `${name} did not verify or failed`;
          continue;
        }
        result.other = other;
        result.achieved = betterFactor(metric.better, loop, other);
        // Decided on the medians themselves, so an overhead of 0 or below still compares.
        const met = metric.better === 'lower' ? loop * result.needed <= other : loop >= result.needed * other;
        result.status = met ? 'met' : 'missed';
        if (result.achieved === null) result.note = 'a median ≤ 0: decided on the values, no ratio';
        else if (met) result.note = `${formatFactor(result.achieved)} ≥ ${formatFactor(result.needed)}`;
        else result.note = `${formatFactor(result.achieved)} < ${formatFactor(result.needed)}: short by ${formatFactor(result.needed / result.achieved)}`;
        if (!met) result.why = target.why?.[subject] ?? null;
      }
    }
  }
  if (evidence !== undefined) for (const result of results) judgePaired(result, evidence);
  return results;
}

function notMeasured(basis: Judgement['basis'], note: string): Judgement {
  return { basis, achieved: null, min: null, max: null, pairs: 0, met: null, note };
}

function fromRatio(ratio: PairedRatio | undefined, needed: number, what: string): Judgement {
  if (ratio === undefined) return notMeasured('paired', `no ${what} paired runs of this pair`);
  if (ratio.stats === null) return notMeasured('paired', `no ${what} pair gave a ratio (a value ≤ 0)`);
  const { median, min, max, pairs } = ratio.stats;
  const met = median >= needed;
  const spread = `${formatFactor(min)}–${formatFactor(max)} over ${pairs} pairs`;
  return { basis: 'paired', achieved: median, min, max, pairs, met, note: `${formatFactor(median)} ${met ? '≥' : '<'} ${formatFactor(needed)} (${spread})` };
}

/**
 * Judges one target warm and cold on the paired evidence (BENCH.md: every
 * target holds cold as well as warm, judged on paired ratios) and sets its
 * status: met when both are met, missed when either is missed, else not measured.
 */
function judgePaired(result: TargetResult, evidence: PairedEvidence): void {
  const workload = WORKLOADS.find((w) => w.id === result.workload)!;
  const metric = workload.metrics.find((m) => m.key === result.metric);
  const coldOf = (id: string) => evidence.cold.find((c) => c.workload === result.workload && c.implementation === id && c.error === null && c.skipped === null && c.problems.length === 0);
  if (result.against === null) {
    // An absolute limit: warm on the median (as before), cold on the cold median with the import folded in.
    result.warm = { basis: 'medians', achieved: result.achieved, min: null, max: null, pairs: 0, met: result.status === 'not measured' ? null : result.status === 'met', note: result.note };
    const value = metric === undefined ? undefined : coldOf(result.subject)?.withImport[metric.key]?.median;
    const limit = result.other;
    if (value === undefined || limit === null) result.cold = notMeasured('medians', `no cold runs of ${result.subjectLabel}`);
    else {
      const met = value <= limit;
      const achieved = betterFactor('lower', value, limit);
      result.cold = { basis: 'medians', achieved, min: null, max: null, pairs: 0, met, note: `cold median, import included: ${value.toFixed(metric?.digits ?? 1)} ${met ? '≤' : '>'} ${limit}` };
    }
  } else {
    const find = (mode: 'warm' | 'cold', key: string, importIncluded: boolean) =>
      evidence.paired.find((r) => r.workload === result.workload && r.subject === result.subject && r.reference === result.against && r.mode === mode && r.metric === key && r.importIncluded === importIncluded);
    if (result.metric === 'peakRss') {
      // Warm, the pair shares one child, so peak RSS comes from the separate children: a ratio of medians.
      result.warm = { basis: 'medians', achieved: result.achieved, min: null, max: null, pairs: 0, met: result.status === 'not measured' ? null : result.status === 'met', note: `separate children: ${result.note}` };
      result.cold = fromRatio(find('cold', 'peakRss', false), result.needed, 'cold');
    } else {
      result.warm = fromRatio(find('warm', result.metric, false), result.needed, 'warm');
      result.cold = fromRatio(find('cold', result.metric, metric?.importFold !== undefined), result.needed, 'cold');
    }
  }
  // A side that was not measured at all (no cold runs in this suite) does not decide; a missed side does.
  const verdicts = [result.warm.met, result.cold.met].filter((met) => met !== null);
  result.status = verdicts.includes(false) ? 'missed' : verdicts.length > 0 ? 'met' : 'not measured';
  result.note = `warm: ${result.warm.note}; cold${metric?.importFold !== undefined ? ', import included' : ''}: ${result.cold.note}`;
  const target = workload.targets.find((t) => t.text === result.text);
  result.why = result.status === 'missed' ? (target?.why?.[result.subject] ?? null) : null;
}

/**
 * Paired ratios (src/paired.ts, src/cold.ts's coldPaired, the targets in
 * src/compare.ts): which pairs are measured, how a pair's factor is taken,
 * how the factors are summarised, how a cold run's import enters a metric,
 * and how a target is judged on them, warm and cold. Exact values throughout.
 */
import { describe, expect, test } from 'vitest';
import { coldPaired, pendingCold, type ColdResult, type ColdRun } from '../src/cold.js';
import { evaluateTargets } from '../src/compare.js';
import { pairFactors, pairings, ratioStats, type PairedRatio } from '../src/paired.js';
import { summarize } from '../src/stats.js';
import { withImport, type MetricSpec } from '../src/workload.js';
import { findWorkload } from '../src/workloads/index.js';
import { pair } from './support.js';

describe('pairFactors', () => {
  test('lower is better: each pair’s reference ÷ subject', () => {
    expect(pairFactors('lower', [100, 120, 90], [200, 180, 270])).toEqual([2, 1.5, 3]);
  });

  test('higher is better: each pair’s subject ÷ reference', () => {
    expect(pairFactors('higher', [4e6, 5e6], [2e6, 2e6])).toEqual([2, 2.5]);
  });

  test('a pair with a value ≤ 0 gives no factor', () => {
    expect(pairFactors('lower', [-5, 100], [100, 100])).toEqual([null, 1]);
  });

  test('runs that do not pair up are a RangeError', () => {
    expect(() => pairFactors('lower', [1, 2], [1])).toThrow('pairFactors: 2 subject runs and 1 reference runs do not pair up');
  });
});

describe('ratioStats', () => {
  test('the median of the per-pair factors, their min, max and MAD; pairs without a factor are left out', () => {
    expect(ratioStats([2, 1.5, 3, null])).toEqual({ median: 2, min: 1.5, max: 3, mad: 0.5, pairs: 3 });
  });

  test('an even count: the mean of the middle two', () => {
    expect(ratioStats([1, 4, 2, 3])?.median).toBe(2.5);
  });

  test('no factor at all: null', () => {
    expect(ratioStats([null, null])).toBeNull();
  });

  test('a slow stretch that hits both runs of a pair does not move its factor, where the ratio of medians moves', () => {
    // loop's runs 2 and 3 and raw's run 2 fell in a slow stretch: per pair, loop is 2×, 2× and 0.5× better.
    const loop = [100, 300, 300];
    const raw = [200, 600, 150];
    expect(ratioStats(pairFactors('lower', loop, raw))).toEqual({ median: 2, min: 0.5, max: 2, mad: 0, pairs: 3 });
    // The ratio of medians (raw's 200 ÷ loop's 300) would call loop 1.5× worse.
    expect(summarize(raw).median / summarize(loop).median).toBe(200 / 300);
  });
});

describe('pairings', () => {
  test('spawn: loop vs raw first, then every relative target’s pair among the selected implementations, none twice', () => {
    expect(pairings(findWorkload('spawn'), ['loop', 'loop-traced', 'raw', 'raw-immediate', 'asyncio'])).toEqual([
      ['loop', 'raw'],
      ['loop', 'asyncio'],
      ['loop-traced', 'loop'],
    ]);
  });

  test('spawn with every system: the peers its targets name too', () => {
    expect(pairings(findWorkload('spawn'), Object.keys(findWorkload('spawn').implementations))).toEqual([
      ['loop', 'raw'],
      ['loop', 'asyncio'],
      ['loop', 'effect'],
      ['loop', 'effection'],
      ['loop-traced', 'loop'],
    ]);
  });

  test('cancel: loop’s recommended implementation is also paired with each hand-written floor, the other loop implementations are not', () => {
    expect(pairings(findWorkload('cancel'), ['loop', 'loop-timer', 'raw', 'raw-generators', 'raw-scheduler'])).toEqual([
      ['loop', 'raw'],
      ['loop-timer', 'raw'],
      ['loop', 'raw-generators'],
      ['loop', 'raw-scheduler'],
    ]);
  });

  test('a pair whose reference was not selected is not measured', () => {
    expect(pairings(findWorkload('cancel'), ['loop'])).toEqual([]);
  });
});

describe('withImport', () => {
  const metric = (importFold: MetricSpec['importFold']): MetricSpec => ({ key: 'm', label: 'm', better: 'lower', digits: 0, ...(importFold === undefined ? {} : { importFold }) });

  test('ms: the import’s milliseconds are added', () => {
    expect(withImport(metric('ms'), 170, 10, 100_000)).toBe(180);
  });

  test('nsPerUnit: the import is spread over the n units', () => {
    expect(withImport(metric('nsPerUnit'), 1500, 10, 100_000)).toBe(1600);
  });

  test('perSecond: the import is added to the time the n units took', () => {
    // 1,000,000 items at 10 M/s took 100 ms; with a 100 ms import, 200 ms: 5 M/s.
    expect(withImport(metric('perSecond'), 10e6, 100, 1_000_000)).toBe(5e6);
  });

  test('no fold (RSS, a speedup): the value itself', () => {
    expect(withImport(metric(undefined), 42, 10, 100)).toBe(42);
  });
});

function coldRun(round: number, importMs: number, nsPerTask: number, totalMs: number, maxRssKb: number): ColdRun {
  return { round, importMs, runMs: totalMs - importMs, totalMs, metrics: { nsPerTask }, maxRssKb };
}

function cold(implementation: string, runs: ColdRun[]): ColdResult {
  return { ...pendingCold('spawn', implementation, { n: 1000, seedMs: 30 }), runs };
}

describe('coldPaired', () => {
  // n = 1000, so each import ms adds 1,000 ns per task.
  const loop = cold('loop', [coldRun(1, 3, 2000, 10, 2000), coldRun(2, 9, 9000, 30, 3000), coldRun(3, 2, 1000, 8, 1000)]);
  const raw = cold('raw', [coldRun(1, 1.5, 1000, 5, 1000), coldRun(3, 2, 1000, 8, 1000)]);
  const ratios = coldPaired('spawn', [loop, raw], [['loop', 'raw']]);
  const find = (metric: string, importIncluded: boolean) => ratios.find((r) => r.metric === metric && r.importIncluded === importIncluded);

  test('runs pair by round; a round one side lacks is left out', () => {
    expect(find('nsPerTask', false)?.factors).toEqual([0.5, 1]);
  });

  test('import included: each run’s own import folded into its own metric before the pair’s factor is taken', () => {
    // Round 1: loop 2000 + 3000 = 5000, raw 1000 + 1500 = 2500; round 3: 3000 and 3000.
    expect(find('nsPerTask', true)).toMatchObject({ factors: [0.5, 1], stats: { median: 0.75, min: 0.5, max: 1, pairs: 2 } });
  });

  test('import + first run in ms, and each cold process’s peak RSS, are paired as well', () => {
    expect([find('totalMs', true)?.factors, find('peakRss', false)?.factors]).toEqual([
      [0.5, 1],
      [0.5, 1],
    ]);
  });

  test('a side that failed gives no ratios', () => {
    expect(coldPaired('spawn', [loop, { ...raw, error: 'round 2: the cold child failed' }], [['loop', 'raw']])).toEqual([]);
  });
});

describe('targets judged on paired ratios', () => {
  const ratio = (mode: 'warm' | 'cold', importIncluded: boolean, factors: number[]): PairedRatio => ({
    workload: 'spawn',
    subject: 'loop',
    reference: 'raw',
    mode,
    metric: 'nsPerTask',
    importIncluded,
    factors,
    stats: ratioStats(factors),
  });
  // The medians alone would say missed: loop 1,200 ns against raw's 1,000.
  const pairs = [pair('spawn', 'loop', 'nsPerTask', 1200), pair('spawn', 'raw', 'nsPerTask', 1000)];
  const floor = (paired: PairedRatio[]) => evaluateTargets(pairs, { paired, cold: [] }).find((t) => t.text === 'at or below the raw microtask floor per task')!;

  test('met when the paired median is met warm and cold (cold: import included), whatever the ratio of medians', () => {
    const target = floor([ratio('warm', false, [1.1, 1, 0.9]), ratio('cold', true, [1.2, 1.25]), ratio('cold', false, [0.5, 0.5])]);
    expect([target.status, target.warm?.achieved, target.cold?.achieved, target.cold?.min, target.cold?.max, target.cold?.pairs]).toEqual(['met', 1, 1.225, 1.2, 1.25, 2]);
    expect(target.note).toBe('warm: 1.00× ≥ 1.00× (0.90×–1.10× over 3 pairs); cold, import included: 1.23× ≥ 1.00× (1.20×–1.25× over 2 pairs)');
  });

  test('missed when either side is missed, with the target’s reason', () => {
    const target = floor([ratio('warm', false, [1.1, 1, 0.9]), ratio('cold', true, [0.8, 0.9, 0.7])]);
    expect([target.status, target.warm?.met, target.cold?.met, target.cold?.achieved]).toEqual(['missed', true, false, 0.8]);
    expect(target.why).toContain('meets each phase with code the JIT built for the one before');
  });

  test('a side with no paired runs does not decide, and says so', () => {
    const target = floor([ratio('warm', false, [1.1, 1, 0.9])]);
    expect([target.status, target.cold?.met, target.cold?.note]).toEqual(['met', null, 'no cold paired runs of this pair']);
  });

  test('without paired evidence (an old results file), the ratio of medians decides as before', () => {
    const target = evaluateTargets(pairs).find((t) => t.text === 'at or below the raw microtask floor per task')!;
    expect([target.status, target.warm, target.cold]).toEqual(['missed', undefined, undefined]);
  });
});

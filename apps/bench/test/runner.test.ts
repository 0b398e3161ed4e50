import { describe, expect, test } from 'vitest';
import { mergeRounds, pairFailed, pairOk, runSuite, summarize } from '../src/runner.js';
import { formatMarkdown } from '../src/report.js';
import { pair } from './support.js';

describe('summarize', () => {
  test('an odd count: the middle value, the smallest and the largest', () => {
    expect(summarize([5, 1, 9, 3, 7])).toEqual({ median: 5, min: 1, max: 9 });
  });

  test('an even count: the median is the mean of the middle two', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  test('one value is its own median, min and max', () => {
    expect(summarize([1619])).toEqual({ median: 1619, min: 1619, max: 1619 });
  });

  test('sorts numerically, not as strings', () => {
    expect(summarize([100, 9, 25, 1000, 3])).toEqual({ median: 25, min: 3, max: 1000 });
  });

  test('leaves its input in its order', () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });

  test('an empty list is a RangeError', () => {
    expect(() => summarize([])).toThrow(RangeError);
  });
});

describe('pairOk and pairFailed', () => {
  test('a pair that ran and verified is ok and not failed', () => {
    const ok = pair('spawn', 'loop', 'nsPerTask', 2000);
    expect([pairOk(ok), pairFailed(ok)]).toEqual([true, false]);
  });

  test('a wrong answer fails the pair', () => {
    const wrong = { ...pair('spawn', 'loop', 'nsPerTask', 2000), problems: ['run 1: sum of indexes is 0, expected 45'] };
    expect([pairOk(wrong), pairFailed(wrong)]).toEqual([false, true]);
  });

  test('a skipped pair (python3 missing) is neither ok nor failed', () => {
    const skipped = { ...pair('spawn', 'asyncio', 'nsPerTask', 0), skipped: 'python3 is not on PATH: the asyncio column is skipped' };
    expect([pairOk(skipped), pairFailed(skipped)]).toEqual([false, false]);
  });
});

describe('runSuite', () => {
  test('deferred systems run after the others; results list pairs in declared order, marked complete at the end', async () => {
    const ran: string[] = [];
    const seen: boolean[] = [];
    const suite = await runSuite({
      workloads: ['seed-virtual'],
      systems: ['loop', 'raw'],
      deferSystems: ['loop'],
      quick: true,
      runs: 1,
      seedMs: 20,
      timeoutMs: 30_000,
      onPair: (pair, sofar) => {
        ran.push(pair.implementation);
        seen.push(sofar.complete);
      },
    });
    expect(ran).toEqual(['raw', 'loop']);
    expect(seen).toEqual([false, false]);
    expect(suite.complete).toBe(true);
    expect(suite.pairs.map((pair) => pair.implementation)).toEqual(['loop', 'raw']);
    expect(suite.pairs.every(pairOk)).toBe(true);
  }, 60_000);

  test('rounds run the whole plan round-robin and pool each pair’s counted runs; the report says how', async () => {
    const ran: string[] = [];
    const suite = await runSuite({
      workloads: ['seed-virtual'],
      systems: ['loop', 'raw'],
      quick: true,
      runs: 2,
      rounds: 3,
      seedMs: 20,
      timeoutMs: 30_000,
      onPair: (pair) => void ran.push(pair.implementation),
    });
    expect(ran).toEqual(['loop', 'raw', 'loop', 'raw', 'loop', 'raw']);
    expect(suite.pairs.map((pair) => [pair.implementation, pair.runs, pair.samples.length])).toEqual([
      ['loop', 6, 6],
      ['raw', 6, 6],
    ]);
    expect(suite.pairs.every(pairOk)).toBe(true);
    expect(suite.rounds).toBe(3);
    expect(formatMarkdown(suite)).toContain("1 warm-up + 2 counted runs, in each of 3 rounds run round-robin (a child per pair per round; each pair's counted runs pooled)");
  }, 60_000);

  test('a bad rounds count is a RangeError naming it', async () => {
    await expect(runSuite({ quick: true, runs: 1, rounds: 0, seedMs: 20 })).rejects.toThrow('runSuite(options): options.rounds must be a whole number >= 1, got 0');
  });

  test('a full run takes a workload’s minRuns (counted runs and warm pairs) when the suite asks for fewer, and the report says so; a quick run does not', async () => {
    const full = await runSuite({ workloads: ['seed-virtual'], systems: ['loop', 'raw'], quick: false, runs: 5, paired: true, seedMs: 20, timeoutMs: 30_000 });
    const quick = await runSuite({ workloads: ['seed-virtual'], systems: ['loop'], quick: true, runs: 2, seedMs: 20, timeoutMs: 30_000 });
    expect([full.pairs[0]!.runs, full.pairs[0]!.samples.length, quick.pairs[0]!.runs]).toEqual([30, 30, 2]);
    expect(formatMarkdown(full)).toContain('1 warm-up + 5 counted runs (seed-virtual: 30)');
    expect(formatMarkdown(full)).toContain('5 pairs per pairing (seed-virtual: 30)');
    expect(formatMarkdown(quick)).toContain('1 warm-up + 2 counted runs. ');
  }, 60_000);

  test('a full run with cold runs starts a workload’s minColdRuns processes when the suite asks for fewer, and the report says so; a quick run does not', async () => {
    const full = await runSuite({ workloads: ['tcp-stream'], systems: ['raw'], quick: false, runs: 1, coldRuns: 1, seedMs: 20, timeoutMs: 60_000 });
    const quick = await runSuite({ workloads: ['tcp-stream'], systems: ['raw'], quick: true, runs: 1, coldRuns: 1, seedMs: 20, timeoutMs: 60_000 });
    expect([full.cold![0]!.runs.map((run) => run.round), quick.cold![0]!.runs.length]).toEqual([Array.from({ length: 20 }, (_, i) => i + 1), 1]);
    expect(formatMarkdown(full)).toContain('cold: 1 fresh processes per implementation (tcp-stream: 20) (one run each');
    expect(formatMarkdown(quick)).toContain('cold: 1 fresh processes per implementation (one run each');
  }, 120_000);
});

describe('mergeRounds', () => {
  const sample = (nsPerTask: number) => ({ metrics: { nsPerTask }, answer: { count: 10, sum: 45 }, maxRssKb: 1000 });

  test('pools the counted runs (stats over all of them), keeps the highest peak RSS and the first warm-up, and adds the child times', () => {
    const first = { ...pair('spawn', 'loop', 'nsPerTask', 0, 1000), runs: 2, samples: [sample(10), sample(30)], warmup: sample(99), childMs: 5 };
    const second = { ...pair('spawn', 'loop', 'nsPerTask', 0, 3000), runs: 2, samples: [sample(20), sample(40)], warmup: sample(77), childMs: 7 };
    const merged = mergeRounds(first, second, 2);
    expect([merged.runs, merged.samples.length, merged.stats, merged.peakRssKb, merged.warmup, merged.childMs]).toEqual([
      4,
      4,
      { nsPerTask: { median: 25, min: 10, max: 40 } },
      3000,
      sample(99),
      12,
    ]);
  });

  test('keeps both rounds’ problems and errors, the later ones marked with their round', () => {
    const first = { ...pair('spawn', 'loop', 'nsPerTask', 0), samples: [sample(10)], problems: ['run 1: sum of indexes is 0, expected 45'] };
    const second = { ...pair('spawn', 'loop', 'nsPerTask', 0), samples: [sample(20)], problems: ['run 2: sum of indexes is 1, expected 45'], error: 'the child was killed: timeout' };
    const merged = mergeRounds(first, second, 3);
    expect([merged.problems, merged.error]).toEqual([
      ['run 1: sum of indexes is 0, expected 45', 'round 3: run 2: sum of indexes is 1, expected 45'],
      'round 3: the child was killed: timeout',
    ]);
  });
});

import { describe, expect, test } from 'vitest';
import { betterFactor, compare, evaluateTargets, versusRaw } from '../src/compare.js';
import { pair } from './support.js';

describe('betterFactor', () => {
  test('lower is better: half the time is 2× better', () => {
    expect(betterFactor('lower', 1000, 2000)).toBe(2);
  });

  test('higher is better: a quarter of the throughput is 0.25×', () => {
    expect(betterFactor('higher', 1e6, 4e6)).toBe(0.25);
  });

  test('a median of zero or below has no factor', () => {
    expect(betterFactor('lower', -3, 5)).toBeNull();
  });
});

describe('versusRaw', () => {
  test('every verified pair against raw of its workload, raw itself at 1', () => {
    const pairs = [pair('queue', 'loop', 'itemsPerSec', 6e6), pair('queue', 'raw', 'itemsPerSec', 3e6)];
    expect(versusRaw(pairs)).toEqual([
      { workload: 'queue', implementation: 'loop', metric: 'itemsPerSec', value: 6e6, raw: 3e6, factor: 2 },
      { workload: 'queue', implementation: 'raw', metric: 'itemsPerSec', value: 3e6, raw: 3e6, factor: 1 },
    ]);
  });
});

describe('compare', () => {
  test('each loop implementation against each other implementation: every metric, then peak RSS', () => {
    const pairs = [pair('spawn', 'loop', 'nsPerTask', 2000, 51_200), pair('spawn', 'raw', 'nsPerTask', 1000, 102_400)];
    expect(compare(pairs)).toEqual([
      {
        workload: 'spawn',
        metric: 'nsPerTask',
        label: 'ns per task',
        better: 'lower',
        subject: 'loop',
        subjectLabel: 'loop (gather)',
        against: 'raw',
        againstLabel: 'raw (microtask hop)',
        loop: 2000,
        other: 1000,
        ratio: 2,
        factor: 0.5,
      },
      {
        workload: 'spawn',
        metric: 'peakRss',
        label: 'peak RSS',
        better: 'lower',
        subject: 'loop',
        subjectLabel: 'loop (gather)',
        against: 'raw',
        againstLabel: 'raw (microtask hop)',
        loop: 51_200,
        other: 102_400,
        ratio: 0.5,
        factor: 2,
      },
    ]);
  });

  test('a pair whose answers did not verify is left out', () => {
    const wrong = { ...pair('spawn', 'raw', 'nsPerTask', 1000), problems: ['run 1: sum of indexes is 0, expected 45'] };
    expect(compare([pair('spawn', 'loop', 'nsPerTask', 2000), wrong])).toEqual([]);
  });
});

describe('evaluateTargets', () => {
  const queuePairs = () => [
    pair('queue', 'loop', 'itemsPerSec', 6e6),
    pair('queue', 'loop-nowait', 'itemsPerSec', 9e6),
    pair('queue', 'raw', 'itemsPerSec', 4e6),
    pair('queue', 'effection', 'itemsPerSec', 1e6),
  ];

  test('a relative target met: the factor reached and the one asked for', () => {
    const result = evaluateTargets(queuePairs()).find((t) => t.subject === 'loop-nowait' && t.against === 'raw');
    expect(result).toMatchObject({ status: 'met', loop: 9e6, other: 4e6, achieved: 2.25, needed: 2, note: '2.25× ≥ 2.00×' });
  });

  test('a relative target missed says by how much', () => {
    const result = evaluateTargets(queuePairs()).find((t) => t.subject === 'loop' && t.against === 'raw');
    expect(result).toMatchObject({ status: 'missed', achieved: 1.5, needed: 2, note: '1.50× < 2.00×: short by 1.33×' });
  });

  test('a missed target carries the reason its workload gives for that implementation; a met one carries none', () => {
    const results = evaluateTargets(queuePairs());
    const missed = results.find((t) => t.subject === 'loop' && t.against === 'raw');
    const met = results.find((t) => t.subject === 'loop-nowait' && t.against === 'raw');
    expect([missed?.why?.startsWith('A put or get that need not wait is a call and one small object'), met?.why]).toEqual([true, null]);
  });

  test('a peer that was not run leaves its target not measured', () => {
    const result = evaluateTargets(queuePairs()).find((t) => t.subject === 'loop' && t.against === 'asyncio');
    expect(result).toMatchObject({ status: 'not measured', note: 'asyncio (asyncio.Queue(128)) was not run' });
  });

  test('an absolute limit: RSS growth per sleeping task at most 400 bytes', () => {
    const pairs = [pair('sleep', 'loop', 'rssPerTaskB', 520)];
    const result = evaluateTargets(pairs).find((t) => t.metric === 'rssPerTaskB');
    expect(result).toMatchObject({ status: 'missed', loop: 520, other: 400, note: '520 > 400: over by 1.30×' });
  });

  test('the traced spawn is held only to the instrumentation target, against plain loop', () => {
    const pairs = [pair('spawn', 'loop', 'nsPerTask', 1000), pair('spawn', 'loop-traced', 'nsPerTask', 1500), pair('spawn', 'raw', 'nsPerTask', 1000)];
    const traced = evaluateTargets(pairs).filter((t) => t.subject === 'loop-traced');
    expect(traced).toHaveLength(1);
    expect(traced[0]).toMatchObject({ against: 'loop', status: 'met', note: '0.67× ≥ 0.50×' });
  });
});

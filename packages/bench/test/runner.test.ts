import { afterEach, describe, expect, test } from 'vitest';
import { sleep } from '@loop/runtime';
import { defineBench, runBench, suite, type RunBenchOptions } from '../src/index.js';

// A tiny budget: these tests check structure and counts, never speed.
const QUICK: RunBenchOptions = { time: 5, minSamples: 5, warmupTime: 1, warmupIterations: 2 };

const tiny = suite(
  'tiny',
  [
    defineBench('sync', () => [1, 2, 3].map((x) => x * 2)),
    defineBench('async', async () => {
      await Promise.resolve();
      return 'done';
    }),
    defineBench(
      'operation',
      function* () {
        yield* sleep(10);
        return 42;
      },
      { clock: 'virtual' },
    ),
  ],
  { baseline: 'async' },
);

describe('runBench', () => {
  const savedGc = globalThis.gc;
  afterEach(() => {
    globalThis.gc = savedGc;
  });

  test('measures each case, telling plain, async and coroutine functions apart', async () => {
    const result = await runBench(tiny, QUICK);
    expect(result.name).toBe('tiny');
    expect(result.cases.map((c) => [c.name, c.kind])).toEqual([
      ['sync', 'sync'],
      ['async', 'async'],
      ['operation', 'operation'],
    ]);
  });

  test('takes at least minSamples samples and keeps all of them, sorted', async () => {
    const result = await runBench(tiny, QUICK);
    for (const c of result.cases) {
      expect(c.stats.samples).toBeGreaterThanOrEqual(5);
      expect(c.samples.length).toBe(c.stats.samples);
      expect(c.samples.every((x, i) => i === 0 || x >= c.samples[i - 1]!)).toBe(true);
      expect([c.stats.min, c.stats.max]).toEqual([c.samples[0], c.samples.at(-1)]);
    }
  });

  test('a slow case still gets minSamples samples past the time budget', async () => {
    const slow = suite('slow', {
      wait: () => new Promise<number>((resolve) => setTimeout(() => resolve(1), 2)),
    });
    const result = await runBench(slow, { time: 1, minSamples: 3, warmupTime: 0, warmupIterations: 1 });
    expect(result.cases[0]?.stats.samples).toBe(3);
  });

  test('compares every other case with the baseline, in case order', async () => {
    const result = await runBench(tiny, QUICK);
    expect(result.baseline).toBe('async');
    expect(result.comparisons.map((c) => [c.name, c.baseline, c.test])).toEqual([
      ['sync', 'async', "Welch's t-test"],
      ['operation', 'async', "Welch's t-test"],
    ]);
  });

  test('without a baseline the first case is the baseline', async () => {
    const result = await runBench(suite('s', { a: () => 1, b: () => 2 }), QUICK);
    expect(result.baseline).toBe('a');
    expect(result.comparisons.map((c) => c.name)).toEqual(['b']);
  });

  test('records the settings it ran with', async () => {
    const result = await runBench(tiny, QUICK);
    expect(result.settings).toEqual({ time: 5, minSamples: 5, warmupTime: 1, warmupIterations: 2 });
    expect(result.env.runtime).toBe('node');
    expect(result.env.version).toBe(process.versions.node);
  });

  test('filter runs only the matching cases; a filtered-out baseline falls back to the first case left', async () => {
    const result = await runBench(tiny, { ...QUICK, filter: /^(sync|operation)$/ });
    expect(result.cases.map((c) => c.name)).toEqual(['sync', 'operation']);
    expect(result.baseline).toBe('sync');
  });

  test('an array of cases runs as a suite named "bench"', async () => {
    const result = await runBench([defineBench('only', () => 1)], QUICK);
    expect([result.name, result.baseline, result.comparisons]).toEqual(['bench', 'only', []]);
  });

  test('onCase is called with each result as it finishes, in order', async () => {
    const seen: string[] = [];
    const result = await runBench(tiny, { ...QUICK, onCase: (c) => seen.push(c.name) });
    expect(seen).toEqual(result.cases.map((c) => c.name));
  });

  test('a case that returns undefined every time gets a dead-code warning', async () => {
    const result = await runBench(
      suite('dead', {
        discards: () => {
          Math.sqrt(2);
        },
      }),
      QUICK,
    );
    expect(result.cases[0]?.warnings[0]).toBe(
      '"discards" returned undefined every time: the engine may optimise the work away. Return a value computed from the work (the runner keeps it alive).',
    );
  });

  test('a case that returns its result gets no dead-code warning', async () => {
    const result = await runBench(suite('alive', { keeps: () => Math.sqrt(2) }), QUICK);
    expect(result.cases[0]?.warnings.filter((w) => w.includes('returned undefined'))).toEqual([]);
  });

  test('a coroutine case whose operation returns nothing is warned about too', async () => {
    const result = await runBench([defineBench('op', function* () {
      yield* sleep(0);
    }, { clock: 'virtual' })], QUICK);
    expect(result.cases[0]?.warnings[0]).toMatch(/^"op" returned undefined every time/);
  });

  test('collects garbage once per case, after its warm-up, when globalThis.gc exists', async () => {
    const calls: number[] = [];
    let made = 0;
    globalThis.gc = (() => {
      calls.push(made);
    }) as typeof globalThis.gc;
    const result = await runBench(
      suite('gc', {
        counted: () => ++made,
      }),
      { ...QUICK, warmupTime: 0 },
    );
    // Called once: after the probe call and the two warm-up calls, before the first sample.
    expect(calls).toEqual([3]);
    expect(made).toBe(3 + (result.cases[0]?.stats.samples ?? 0));
    expect(result.env.gc).toBe(true);
  });

  test('gc: false leaves the collector alone', async () => {
    let called = 0;
    globalThis.gc = (() => {
      called++;
    }) as typeof globalThis.gc;
    const result = await runBench(suite('nogc', { a: () => 1 }), { ...QUICK, gc: false });
    expect([called, result.env.gc]).toEqual([0, false]);
  });

  test('a case that throws rejects with the case named', async () => {
    let calls = 0;
    const failing = suite('f', {
      boom: () => {
        if (++calls > 2) throw new Error('kaput');
        return calls;
      },
    });
    await expect(runBench(failing, QUICK)).rejects.toThrow('loop-bench: case "boom" failed: kaput');
  });

  test('a coroutine case that fails rejects with the case named', async () => {
    const failing = [defineBench('op', function* (): Generator<never, number> {
      throw new Error('bad op');
    })];
    await expect(runBench(failing, QUICK)).rejects.toThrow('loop-bench: case "op" failed: bad op');
  });

  test('minSamples below 2 is a RangeError (a t-test needs two)', async () => {
    await expect(runBench(tiny, { minSamples: 1 })).rejects.toThrow(new RangeError('runBench(target, options): options.minSamples must be an integer >= 2, got 1'));
  });

  test('a negative time budget is a RangeError', async () => {
    await expect(runBench(tiny, { time: -1 })).rejects.toThrow(new RangeError('runBench(target, options): options.time must be a finite number of ms >= 0, got -1'));
  });

  test('a target that is not a suite is a TypeError', async () => {
    await expect(runBench({ name: 'x' } as never)).rejects.toThrow(new TypeError('runBench(target): target must be a suite() or an array of defineBench() cases, got an object'));
  });
});

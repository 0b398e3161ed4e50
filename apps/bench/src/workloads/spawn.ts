/**
 * `spawn`: n tasks (100,000), each yields to the loop once and returns its
 * index; gathered; the sum of the indexes is verified. The metric is wall
 * time per task in ns, from before the first task is created until the
 * gathered results are back (for loop and the peers: their `run` included,
 * loop creation and close too).
 *
 * The yield: loop `sleep(0)`, Effection `sleep(0)`, Effect
 * `Effect.yieldNow()` in a fiber per task, asyncio `asyncio.sleep(0)`.
 * raw has two floors: one microtask hop (`await Promise.resolve()`) and one
 * macrotask hop (`setImmediate`). loop's `sleep(0)` requeues the task at
 * the back of its run queue, which sits between the two.
 *
 * `loop (trace recorder attached)` runs loop's case with `recordTrace`
 * writing every event as a JSON line (counted, then dropped): BENCH.md's
 * instrumentation target holds it to at most 2× the plain case.
 *
 * @module
 */
import { gather, getLoop, recordTrace, run, sleep, type Operation } from '@loop/runtime';
import type { Operation as EffectionOperation } from 'effection';
import { expectExact, type Workload } from '../workload.js';

/** The indexes a run got back from its n tasks, reduced to what can be checked. */
export interface IndexSum {
  /** How many results came back. */
  count: number;
  /** Their sum; n tasks returning 0..n-1 sum to n(n-1)/2. */
  sum: number;
}

/**
 * Reduces the gathered indexes to their count and sum.
 *
 * @example
 * ```ts
 * sumIndexes([0, 1, 2]); // { count: 3, sum: 3 }
 * ```
 */
export function sumIndexes(values: readonly number[]): IndexSum {
  let sum = 0;
  for (const value of values) sum += value;
  return { count: values.length, sum };
}

/**
 * The problems with an {@link IndexSum} from n tasks that each returned their index.
 *
 * @example
 * ```ts
 * verifyIndexSum({ count: 3, sum: 3 }, 3); // []
 * ```
 */
export function verifyIndexSum(answer: IndexSum, n: number): string[] {
  return [...expectExact('result count', answer.count, n), ...expectExact('sum of indexes', answer.sum, (n * (n - 1)) / 2)];
}

/**
 * `0, 1, …, n-1` as an array: the inputs of the sized workloads.
 *
 * @example
 * ```ts
 * indexes(3); // [0, 1, 2]
 * ```
 */
export function indexes(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function nsPerTask(t0: number, n: number): number {
  return ((performance.now() - t0) * 1e6) / n;
}

function* loopTask(i: number): Operation<number> {
  yield* sleep(0);
  return i;
}

/** The `spawn` workload. */
export const spawnWorkload: Workload<IndexSum> = {
  id: 'spawn',
  title: 'n tasks each yield to the loop once and return their index, gathered',
  metrics: [{ key: 'nsPerTask', label: 'ns per task', better: 'lower', digits: 0, importFold: 'nsPerUnit' }],
  sizes: { full: 100_000, quick: 5_000 },
  implementations: {
    loop: {
      system: 'loop',
      variant: 'gather',
      recommended: true,
      async run({ n }) {
        const t0 = performance.now();
        const values = await run(function* () {
          return yield* gather(...indexes(n).map(loopTask));
        });
        return { metrics: { nsPerTask: nsPerTask(t0, n) }, answer: sumIndexes(values) };
      },
    },
    'loop-traced': {
      system: 'loop',
      variant: 'gather, trace recorder attached',
      traced: true,
      async run({ n }) {
        let lines = 0;
        const t0 = performance.now();
        const values = await run(function* () {
          const stop = recordTrace(yield* getLoop(), (line) => {
            if (line.length > 0) lines++;
          });
          try {
            return yield* gather(...indexes(n).map(loopTask));
          } finally {
            stop();
          }
        });
        const ns = nsPerTask(t0, n);
        if (lines < n) throw new Error(`the trace recorder wrote ${lines} lines for ${n} tasks: it did not see them`);
        return { metrics: { nsPerTask: ns }, answer: sumIndexes(values) };
      },
    },
    raw: {
      system: 'raw',
      variant: 'microtask hop',
      async run({ n }) {
        async function task(i: number): Promise<number> {
          await Promise.resolve();
          return i;
        }
        const t0 = performance.now();
        const values = await Promise.all(indexes(n).map(task));
        return { metrics: { nsPerTask: nsPerTask(t0, n) }, answer: sumIndexes(values) };
      },
    },
    'raw-immediate': {
      system: 'raw',
      variant: 'setImmediate hop',
      async run({ n }) {
        async function task(i: number): Promise<number> {
          await new Promise<void>((resolve) => setImmediate(resolve));
          return i;
        }
        const t0 = performance.now();
        const values = await Promise.all(indexes(n).map(task));
        return { metrics: { nsPerTask: nsPerTask(t0, n) }, answer: sumIndexes(values) };
      },
    },
    effection: {
      system: 'effection',
      variant: 'all + sleep(0)',
      async run({ n }) {
        const effection = await import('effection');
        function* task(i: number): EffectionOperation<number> {
          yield* effection.sleep(0);
          return i;
        }
        const t0 = performance.now();
        const values = await effection.run(() => effection.all<EffectionOperation<number>[]>(indexes(n).map(task)));
        return { metrics: { nsPerTask: nsPerTask(t0, n) }, answer: sumIndexes(values) };
      },
    },
    effect: {
      system: 'effect',
      variant: 'forEach unbounded + yieldNow',
      async run({ n }) {
        const { Effect } = await import('effect');
        const t0 = performance.now();
        const values = await Effect.runPromise(Effect.forEach(indexes(n), (i) => Effect.as(Effect.yieldNow(), i), { concurrency: 'unbounded' }));
        return { metrics: { nsPerTask: nsPerTask(t0, n) }, answer: sumIndexes(values) };
      },
    },
    asyncio: { system: 'asyncio', variant: 'gather + sleep(0)', python: 'spawn' },
  },
  notApplicable: {
    'p-limit': 'a concurrency limiter, not a task runtime',
    'p-map': 'a concurrency limiter, not a task runtime',
    ix: 'iterables, not tasks',
  },
  targets: [
    { metric: 'nsPerTask', against: 'raw', factor: 1, text: 'at or below the raw microtask floor per task', why: { loop: 'Warm it is met: with a young-generation collection between runs (not a forced full one, which discarded loop’s optimized code before every run: see child.ts) loop took 0.87× raw’s time paired (0.68–1.45× over 5 pairs). Counted in instructions (cachegrind, one thread, per task from the difference of 30,000 and 100,000 tasks) loop does less than raw: 6,732 against 7,790. Cold it is within 4–8 %: the first run in a fresh process meets each phase with code the JIT built for the one before (all 100,000 tasks are created, then all take their first step, then all finish), so `runGather`, `_run`, the coroutine, `runUntilIdle`, `_complete` and `_childDone` are each deoptimized for missing type feedback as a phase begins, where raw’s promises and microtasks are V8 builtins that need no warming. Collecting takes loop less time than raw (scavenges: ~34 against ~47 ms in one fresh process each); a loop task is a generator object plus a Task (505 B of heap while it sleeps). What a first run pays is bytes per task: every task lives until the gather ends, so the scavenger copies each one twice (within the young generation, then into the old). A minimal generator scheduler measured outside the suite (each task a 4-field record in a queue, no scope tree) ran cold in ~88 ms against raw’s ~90; the same with each record padded to a Task’s 19 fields, ~102 ms: ~0.9 ms per 8-byte field per 100,000 tasks. A Task has 17 now (its nursery is its parent but in `group.start`’s first stretch, and a gather finds a child’s slot from its id), 16 B less per task; that did not move a first run measurably (115.6 against 115.8 ms, 16 alternating fresh processes), where padding a Task with three more fields cost ~4.5 ms: the bytes are not linear in the fields at this size. So a generator runtime whose tasks carry what loop’s do (their place in the cancel-scope tree, state, outcome, name) starts ~13 % behind raw in a first run, and its import adds ~6 % (loop’s: ~5.8 ms, most of it V8 parsing 220 KB). Full run of 2026-12-07 06:20: 1.16× better warm, 1.06× raw’s time cold and 1.11× with the import (5 pairs; 1.10× and 1.15× at 04:30).' } },
    { metric: 'nsPerTask', against: 'asyncio', factor: 10, text: '≥ 10× faster than asyncio', why: { loop: 'Tied to the spawn floor: loop runs within a few % of raw, so this ratio is about asyncio’s own distance from raw, which varies by ±10 % between runs.' } },
    { metric: 'nsPerTask', against: 'effect', factor: 35, text: '≥ 35× faster than Effect', why: { loop: 'Tied to the spawn floor: loop runs within a few % of raw, so this ratio is about Effect’s own distance from raw, which varies by ±10 % between runs.' } },
    { metric: 'nsPerTask', against: 'effection', factor: 100, text: '≥ 100× faster than Effection', why: { loop: 'Tied to the spawn floor: loop runs within a few % of raw, so this ratio is about Effection’s own distance from raw, which varies by ±10 % between runs.' } },
    { metric: 'peakRss', against: 'raw', factor: 1, text: 'peak RSS at most raw JS’s', why: { loop: 'About 40 B per task is the mark that lets the runtime refuse a generator object run by two tasks (a bug fixed in issue 9): 4 MB at 100,000 tasks, more than the gap. A WeakSet instead costs ~300 ns per task.' } },
    {
      metric: 'nsPerTask',
      against: 'loop',
      factor: 0.5,
      subjects: ['loop-traced'],
      text: 'with a trace recorder attached, at most 2× slower',
      why: {
        'loop-traced':
          'Each task makes six events (spawn, suspend, resume, two steps, done), each a JSON line of about 80 characters. The recorder’s sink gets each event’s fields as arguments and writes the line from them, with no event object and with the recurring pieces kept (a slice’s shared time and task id, the step durations under 1 ms): a traced run of 100,000 tasks allocates 181 MB instead of 315 (plain: 45). What is left sits at the floor of tracing itself: with a sink that does nothing, a traced run takes 1.47× the plain one cold and 1.54× warm (paired, 7 fresh processes and 21 pairs): three clock readings a task (65–100 ns each on this host, Date.now() as much), six sink calls, and the suspend and resume a traced sleep(0) has to go through where the plain run requeues the task in place. The 600,000 lines add at least 0.5× more: each piece joined is a new string (~200 B a line; a line built with Array.join in one flat string was slower), and with 100,000 live tasks in the young generation each extra scavenge copies them. Spawn sites, ~20 µs a task, are opt-in. 2026-12-07, two suite runs of each version (9 warm pairs, 7 cold): 2.43–2.79× warm, 2.50–2.64× cold and 2.43–2.54× with the import, against 3.45–4.35×, 3.51–4.00× and 3.33–3.79× with event objects.',
      },
    },
  ],
  verify(answer, { n }) {
    return verifyIndexSum(answer, n);
  },
};

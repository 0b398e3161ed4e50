/**
 * `sleep`: n tasks (100,000) each sleep 200 ms and return their index,
 * gathered. Metrics: overhead = wall − 200 ms, and the memory each sleeping
 * task holds: RSS (and, steadier, V8 heap used) halfway through the sleep
 * minus the same reading just before the tasks were created, divided by n.
 * The halfway reading is taken by a timer of the system under test, so every
 * system pays for one extra timer. asyncio reports RSS only (Python has no
 * V8 heap).
 *
 * @module
 */
import { gather, getLoop, run, sleep, type Operation } from '@loop/runtime';
import type { Operation as EffectionOperation } from 'effection';
import type { Workload } from '../workload.js';
import { indexes, sumIndexes, verifyIndexSum, type IndexSum } from './spawn.js';

const SLEEP_MS = 200;
/** Node's timers count from the loop's cached time, so one may fire a little before `performance.now()` says it is due. */
const EARLY_MS = 2;

/** What a sleep run computed. */
export interface SleepAnswer extends IndexSum {
  /** Wall time from creating the first task to having every result (ms). */
  elapsedMs: number;
}

interface Memory {
  rss: number;
  heap: number;
}

function memory(): Memory {
  return { rss: process.memoryUsage.rss(), heap: process.memoryUsage().heapUsed };
}

function sample(values: readonly number[], elapsedMs: number, before: Memory, during: Memory | null, n: number) {
  if (during === null) throw new Error(`the memory reading due ${SLEEP_MS / 2} ms into the sleep never ran`);
  return {
    metrics: {
      overheadMs: elapsedMs - SLEEP_MS,
      rssPerTaskB: (during.rss - before.rss) / n,
      heapPerTaskB: (during.heap - before.heap) / n,
    },
    answer: { ...sumIndexes(values), elapsedMs },
  };
}

/** The `sleep` workload. */
export const sleepWorkload: Workload<SleepAnswer> = {
  id: 'sleep',
  title: `n tasks each sleep ${SLEEP_MS} ms, gathered`,
  metrics: [
    { key: 'overheadMs', label: 'overhead ms', better: 'lower', digits: 1, importFold: 'ms' },
    { key: 'rssPerTaskB', label: 'RSS growth B/task', better: 'lower', digits: 0 },
    { key: 'heapPerTaskB', label: 'heap growth B/task', better: 'lower', digits: 0, optional: true },
  ],
  sizes: { full: 100_000, quick: 5_000 },
  implementations: {
    loop: {
      system: 'loop',
      variant: 'gather + sleep',
      recommended: true,
      async run({ n }) {
        function* sleeper(i: number): Operation<number> {
          yield* sleep(SLEEP_MS);
          return i;
        }
        let during: Memory | null = null;
        const before = memory();
        const t0 = performance.now();
        const values = await run(function* () {
          const loop = yield* getLoop();
          loop.callLater(SLEEP_MS / 2, () => (during = memory()));
          return yield* gather(...indexes(n).map(sleeper));
        });
        return sample(values, performance.now() - t0, before, during, n);
      },
    },
    raw: {
      system: 'raw',
      variant: 'Promise.all + setTimeout',
      async run({ n }) {
        async function sleeper(i: number): Promise<number> {
          await new Promise<void>((resolve) => setTimeout(resolve, SLEEP_MS));
          return i;
        }
        let during: Memory | null = null;
        const before = memory();
        const t0 = performance.now();
        setTimeout(() => (during = memory()), SLEEP_MS / 2);
        const values = await Promise.all(indexes(n).map(sleeper));
        return sample(values, performance.now() - t0, before, during, n);
      },
    },
    effection: {
      system: 'effection',
      variant: 'all + sleep',
      async run({ n }) {
        const effection = await import('effection');
        function* sleeper(i: number): EffectionOperation<number> {
          yield* effection.sleep(SLEEP_MS);
          return i;
        }
        let during: Memory | null = null;
        const before = memory();
        const t0 = performance.now();
        const values = await effection.run(function* () {
          void (yield* effection.spawn(function* () {
            yield* effection.sleep(SLEEP_MS / 2);
            during = memory();
          }));
          return yield* effection.all<EffectionOperation<number>[]>(indexes(n).map(sleeper));
        });
        return sample(values, performance.now() - t0, before, during, n);
      },
    },
    effect: {
      system: 'effect',
      variant: 'forEach unbounded + Effect.sleep',
      async run({ n }) {
        const { Effect } = await import('effect');
        let during: Memory | null = null;
        const before = memory();
        const t0 = performance.now();
        const reading = Effect.map(Effect.sleep(SLEEP_MS / 2), () => (during = memory()));
        const sleepers = Effect.forEach(indexes(n), (i) => Effect.as(Effect.sleep(SLEEP_MS), i), { concurrency: 'unbounded' });
        const [values] = await Effect.runPromise(Effect.all([sleepers, reading], { concurrency: 'unbounded' }));
        return sample(values, performance.now() - t0, before, during, n);
      },
    },
    asyncio: { system: 'asyncio', variant: 'gather + sleep', python: 'sleep' },
  },
  notApplicable: {
    'p-limit': 'a concurrency limiter, not a task runtime',
    'p-map': 'a concurrency limiter, not a task runtime',
    ix: 'iterables, not tasks',
  },
  targets: [
    { metric: 'overheadMs', against: 'raw', factor: 1, text: 'overhead at most raw Promise.all over setTimeout' },
    {
      metric: 'rssPerTaskB',
      limit: 400,
      text: 'RSS growth at most 400 bytes per sleeping task',
      why: {
        loop: 'A sleeping task is more than its timer: measured with the heap collected before and after (100,000 tasks), its generator object takes 170 B, its Task 170 B, and the suspension (the sleep, which is also the timer entry, its place among the timers, and the mark that refuses a generator run twice) 165 B: 505 B of heap (552 B before a scope’s cancelled flag became its error and a sleep’s two state fields one, 521 B before a task stopped carrying its nursery and its gather slot), where raw’s async frame, promise and host timer take 825–858 B. The generator object alone, which any generator runtime pays, is 170 B. Warm, the RSS growth reads within noise of 0; cold it includes the young generation the first run grows, and cold the target sits below a floor: 100,000 bare generators suspended at a `yield` and held in an array, no scheduler at all, grow a fresh process’s RSS by 350–357 B each (144–146 B of heap; 5 fresh processes, read 100 ms after as the workload reads), so 400 B leaves 50 B for the task, its timer and its place in the group. Cold, loop’s 914–933 B is about 0.8× raw’s (1,148–1,167 B; paired, 1.23× better).',
      },
    },
  ],
  verify(answer, { n }) {
    const problems = verifyIndexSum(answer, n);
    if (!(answer.elapsedMs >= SLEEP_MS - EARLY_MS)) problems.push(`the tasks were done after ${answer.elapsedMs} ms, before their ${SLEEP_MS} ms sleep`);
    return problems;
  },
};

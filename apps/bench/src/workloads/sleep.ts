/**
 * `sleep`: n tasks (100,000) each sleep 200 ms and return their index,
 * gathered. Metrics: overhead = wall − 200 ms, and the memory each sleeping
 * task holds: RSS (and, steadier, V8 heap used) halfway through the sleep
 * minus the same reading just before the tasks were created, divided by n.
 * The halfway reading is taken by a timer of the system under test, so both
 * systems pay for one extra timer.
 *
 * @module
 */
import { gather, getLoop, run, sleep, type Operation } from '@loop/runtime';
import type { Workload } from '../workload.js';
import { sumIndexes, verifyIndexSum, type IndexSum } from './spawn.js';

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
    { key: 'overheadMs', label: 'overhead ms', better: 'lower', digits: 1 },
    { key: 'rssPerTaskB', label: 'RSS growth B/task', better: 'lower', digits: 0 },
    { key: 'heapPerTaskB', label: 'heap growth B/task', better: 'lower', digits: 0 },
  ],
  implementations: {
    loop: {
      system: 'loop',
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
          return yield* gather(...Array.from({ length: n }, (_, i) => sleeper(i)));
        });
        return sample(values, performance.now() - t0, before, during, n);
      },
    },
    raw: {
      system: 'raw',
      async run({ n }) {
        async function sleeper(i: number): Promise<number> {
          await new Promise<void>((resolve) => setTimeout(resolve, SLEEP_MS));
          return i;
        }
        let during: Memory | null = null;
        const before = memory();
        const t0 = performance.now();
        setTimeout(() => (during = memory()), SLEEP_MS / 2);
        const values = await Promise.all(Array.from({ length: n }, (_, i) => sleeper(i)));
        return sample(values, performance.now() - t0, before, during, n);
      },
    },
  },
  verify(answer, { n }) {
    const problems = verifyIndexSum(answer, n);
    if (!(answer.elapsedMs >= SLEEP_MS - EARLY_MS)) problems.push(`the tasks were done after ${answer.elapsedMs} ms, before their ${SLEEP_MS} ms sleep`);
    return problems;
  },
};

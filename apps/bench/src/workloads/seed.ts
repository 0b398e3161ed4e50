/**
 * `seed`: the lesson on the real clock. Ten tasks each sleep `seedMs`
 * (300 ms) and return a random int 1..10, gathered; then the same ten
 * awaited one after another.
 *
 * Metrics: overhead = concurrent wall − seedMs (what the scheduler adds to
 * a wait that should take exactly seedMs), and speedup = sequential wall /
 * concurrent wall (ideally 10). The answer is both lists of values plus both
 * walls, so an implementation that skips the sleeps fails verification.
 *
 * @module
 */
import { gather, run, sleep, type Operation } from '@loop/runtime';
import type { Operation as EffectionOperation } from 'effection';
import type { Workload } from '../workload.js';

const TASKS = 10;
/** Node's timers count from the loop's cached time, so one may fire a little before `performance.now()` says it is due. */
const EARLY_MS = 2;

/** What a seed run computed. */
export interface SeedAnswer {
  /** The ten values gathered concurrently. */
  concurrent: number[];
  /** The ten values awaited one after another. */
  sequential: number[];
  /** Wall time of the concurrent part (ms). */
  concurrentMs: number;
  /** Wall time of the sequential part (ms). */
  sequentialMs: number;
}

/**
 * The lesson's random int, 1..10 (`randn`'s return value).
 *
 * @example
 * ```ts
 * randomInt(); // e.g. 7
 * ```
 */
export function randomInt(): number {
  return 1 + Math.floor(Math.random() * 10);
}

function sample(concurrent: number[], sequential: number[], concurrentMs: number, sequentialMs: number, seedMs: number) {
  return {
    metrics: { overheadMs: concurrentMs - seedMs, speedup: sequentialMs / concurrentMs },
    answer: { concurrent, sequential, concurrentMs, sequentialMs },
  };
}

/**
 * The problems with a list that should hold exactly `count` ints in 1..10.
 *
 * @example
 * ```ts
 * checkRandomInts('gathered', [3, 11], 2); // ['gathered: values outside the ints 1..10: [11]']
 * ```
 */
export function checkRandomInts(what: string, values: unknown, count: number): string[] {
  if (!Array.isArray(values) || values.length !== count) return [`${what}: expected ${count} values, got ${JSON.stringify(values)}`];
  const bad = values.filter((v) => !Number.isInteger(v) || (v as number) < 1 || (v as number) > 10);
  return bad.length === 0 ? [] : [`${what}: values outside the ints 1..10: ${JSON.stringify(bad)}`];
}

/** The `seed` workload. */
export const seedWorkload: Workload<SeedAnswer> = {
  id: 'seed',
  title: `${TASKS} tasks each sleep seedMs then return a random int 1..10: gathered, then awaited one after another`,
  metrics: [
    { key: 'overheadMs', label: 'overhead ms', better: 'lower', digits: 2, importFold: 'ms' },
    { key: 'speedup', label: 'speedup ×', better: 'higher', digits: 3 },
  ],
  sizes: { full: TASKS, quick: TASKS },
  implementations: {
    loop: {
      system: 'loop',
      variant: 'gather',
      recommended: true,
      async run({ seedMs }) {
        function* randn(): Operation<number> {
          yield* sleep(seedMs);
          return randomInt();
        }
        const t0 = performance.now();
        const concurrent = await run(function* () {
          return yield* gather(...Array.from({ length: TASKS }, () => randn()));
        });
        const t1 = performance.now();
        const sequential = await run(function* () {
          const values: number[] = [];
          for (let i = 0; i < TASKS; i++) values.push(yield* randn());
          return values;
        });
        const t2 = performance.now();
        return sample(concurrent, sequential, t1 - t0, t2 - t1, seedMs);
      },
    },
    raw: {
      system: 'raw',
      async run({ seedMs }) {
        async function randn(): Promise<number> {
          await new Promise<void>((resolve) => setTimeout(resolve, seedMs));
          return randomInt();
        }
        const t0 = performance.now();
        const concurrent = await Promise.all(Array.from({ length: TASKS }, () => randn()));
        const t1 = performance.now();
        const sequential: number[] = [];
        for (let i = 0; i < TASKS; i++) sequential.push(await randn());
        const t2 = performance.now();
        return sample(concurrent, sequential, t1 - t0, t2 - t1, seedMs);
      },
    },
    effection: {
      system: 'effection',
      variant: 'all + sleep',
      async run({ seedMs }) {
        const effection = await import('effection');
        function* randn(): EffectionOperation<number> {
          yield* effection.sleep(seedMs);
          return randomInt();
        }
        const t0 = performance.now();
        const concurrent = await effection.run(() => effection.all<EffectionOperation<number>[]>(Array.from({ length: TASKS }, () => randn())));
        const t1 = performance.now();
        const sequential = await effection.run(function* () {
          const values: number[] = [];
          for (let i = 0; i < TASKS; i++) values.push(yield* randn());
          return values;
        });
        const t2 = performance.now();
        return sample(concurrent, sequential, t1 - t0, t2 - t1, seedMs);
      },
    },
    effect: {
      system: 'effect',
      variant: 'forEach + Effect.sleep',
      async run({ seedMs }) {
        const { Effect } = await import('effect');
        const randn = Effect.map(Effect.sleep(seedMs), randomInt);
        const tasks = Array.from({ length: TASKS }, (_, i) => i);
        const t0 = performance.now();
        const concurrent = await Effect.runPromise(Effect.forEach(tasks, () => randn, { concurrency: 'unbounded' }));
        const t1 = performance.now();
        const sequential = await Effect.runPromise(Effect.forEach(tasks, () => randn));
        const t2 = performance.now();
        return sample(concurrent, sequential, t1 - t0, t2 - t1, seedMs);
      },
    },
    asyncio: { system: 'asyncio', variant: 'gather + sleep', python: 'seed' },
  },
  notApplicable: {
    'p-limit': 'a concurrency limiter, not a task runtime',
    'p-map': 'a concurrency limiter, not a task runtime',
    ix: 'iterables, not tasks',
  },
  targets: [],
  verify(answer, { seedMs }) {
    const problems = [...checkRandomInts('concurrent', answer.concurrent, TASKS), ...checkRandomInts('sequential', answer.sequential, TASKS)];
    if (!(answer.concurrentMs >= seedMs - EARLY_MS)) problems.push(`the gathered tasks took ${answer.concurrentMs} ms, less than one sleep of ${seedMs} ms`);
    if (!(answer.sequentialMs >= TASKS * (seedMs - EARLY_MS))) {
      problems.push(`the sequential tasks took ${answer.sequentialMs} ms, less than ${TASKS} sleeps of ${seedMs} ms`);
    }
    return problems;
  },
};

/**
 * `seed-virtual`: ten tasks each sleep 3000 ms and return a random int
 * 1..10, gathered, on a virtual clock. The metric is the real wall time the
 * whole run takes (creating the clock included); the virtual time that
 * passed must read exactly 3000 ms.
 *
 * raw uses @sinonjs/fake-timers as its docs show: `install()`, start the
 * work, `runAllAsync()`. It fakes only `setTimeout`/`clearTimeout`, so
 * `performance.now()` still reads real time for the measurement. Effect
 * uses its `TestClock` (from `TestContext`, as its testing docs show):
 * fork the gather, `TestClock.adjust` by 3000 ms, join. Effection and
 * asyncio have no virtual clock.
 *
 * @module
 */
import { install } from '@sinonjs/fake-timers';
import { VirtualClock, gather, getLoop, run, sleep, type Operation } from '@loop/runtime';
import { expectExact, type Workload } from '../workload.js';
import { checkRandomInts, randomInt } from './seed.js';

const TASKS = 10;
const SLEEP_MS = 3000;

/** What a seed-virtual run computed. */
export interface SeedVirtualAnswer {
  /** The ten values gathered. */
  values: number[];
  /** Virtual time between the start and the end of the gather (ms). */
  virtualElapsedMs: number;
}

/** The `seed-virtual` workload. */
export const seedVirtualWorkload: Workload<SeedVirtualAnswer> = {
  id: 'seed-virtual',
  title: `${TASKS} tasks each sleep ${SLEEP_MS} ms, gathered, on a virtual clock`,
  metrics: [{ key: 'wallMs', label: 'real wall ms', better: 'lower', digits: 3, importFold: 'ms' }],
  sizes: { full: TASKS, quick: TASKS },
  // A run takes under a millisecond: five runs measure the JIT warming up more than the clock.
  minRuns: 30,
  implementations: {
    loop: {
      system: 'loop',
      variant: 'VirtualClock',
      recommended: true,
      async run() {
        function* randn(): Operation<number> {
          yield* sleep(SLEEP_MS);
          return randomInt();
        }
        const t0 = performance.now();
        const answer = await run(
          function* () {
            const loop = yield* getLoop();
            const start = loop.time();
            const values = yield* gather(...Array.from({ length: TASKS }, () => randn()));
            return { values, virtualElapsedMs: loop.time() - start };
          },
          { clock: new VirtualClock() },
        );
        return { metrics: { wallMs: performance.now() - t0 }, answer };
      },
    },
    raw: {
      system: 'raw',
      variant: '@sinonjs/fake-timers',
      async run() {
        async function randn(): Promise<number> {
          await new Promise<void>((resolve) => setTimeout(resolve, SLEEP_MS));
          return randomInt();
        }
        const t0 = performance.now();
        const clock = install({ toFake: ['setTimeout', 'clearTimeout'] });
        let answer: SeedVirtualAnswer;
        try {
          const start = clock.now;
          const gathered = Promise.all(Array.from({ length: TASKS }, () => randn()));
          await clock.runAllAsync();
          answer = { values: await gathered, virtualElapsedMs: clock.now - start };
        } finally {
          clock.uninstall();
        }
        return { metrics: { wallMs: performance.now() - t0 }, answer };
      },
    },
    effect: {
      system: 'effect',
      variant: 'TestClock',
      async run() {
        const { Clock, Effect, Fiber, TestClock, TestContext } = await import('effect');
        const randn = Effect.map(Effect.sleep(SLEEP_MS), () => randomInt());
        const t0 = performance.now();
        const program = Effect.gen(function* () {
          const start = yield* Clock.currentTimeMillis;
          const fiber = yield* Effect.fork(Effect.forEach(Array.from({ length: TASKS }, (_, i) => i), () => randn, { concurrency: 'unbounded' }));
          yield* TestClock.adjust(SLEEP_MS);
          const values = yield* Fiber.join(fiber);
          return { values, virtualElapsedMs: (yield* Clock.currentTimeMillis) - start };
        });
        const answer = await Effect.runPromise(Effect.provide(program, TestContext.TestContext));
        return { metrics: { wallMs: performance.now() - t0 }, answer };
      },
    },
  },
  notApplicable: {
    effection: 'no virtual clock',
    asyncio: 'no virtual clock in the standard library',
    'p-limit': 'a concurrency limiter, not a task runtime',
    'p-map': 'a concurrency limiter, not a task runtime',
    ix: 'iterables, not tasks',
  },
  targets: [
    { metric: 'wallMs', against: 'raw', factor: 1, text: 'at most raw + fake-timers' },
    { metric: 'wallMs', against: 'effect', factor: 20, text: '≥ 20× faster than Effect’s TestClock' },
  ],
  verify(answer) {
    return [...expectExact('virtual elapsed ms', answer.virtualElapsedMs, SLEEP_MS), ...checkRandomInts('gathered', answer.values, TASKS)];
  },
};

/**
 * `cancel`: n tasks (100,000) in one group, each sleeping 60 s inside
 * try/finally (the finally counts); once all have started, the group is
 * cancelled. The metric is the wall time from the cancel request until the
 * group has exited with every finally block run; the answer is how many
 * tasks started and how many finally blocks ran when it exited.
 *
 * raw's group is a hand-written list of cancel functions, one per task
 * (clear its timer, reject its wait). The obvious alternative, one
 * `AbortSignal` shared by every task, is no floor: Node 20's EventTarget
 * checks each new listener against all the others, so adding 100,000
 * listeners is quadratic (30,000 already take seconds).
 *
 * The peers: Effection spawns the sleepers in a task and `halt()`s it;
 * Effect forks `Effect.forEach` (unbounded) over sleepers wrapped in
 * `Effect.ensuring` and `Fiber.interrupt`s it; asyncio cancels the task
 * that holds a `TaskGroup`.
 *
 * @module
 */
import { run, sleep, spawn, taskGroup, wait, type Operation } from '@loop/runtime';
import type { Operation as EffectionOperation } from 'effection';
import { expectExact, type Workload } from '../workload.js';

const SLEEP_MS = 60_000;

/** What a cancel run counted. */
export interface CancelAnswer {
  /** Tasks whose body had started when the cancel was requested. */
  started: number;
  /** Finally blocks that had run before the cancel was requested (a sleep that ends early shows here). */
  finallyBeforeCancel: number;
  /** Finally blocks that had run when the group exited. */
  finallyCount: number;
}

/** The `cancel` workload. */
export const cancelWorkload: Workload<CancelAnswer> = {
  id: 'cancel',
  title: `n tasks in one group each sleep ${SLEEP_MS / 1000} s inside try/finally; the group is cancelled once all started`,
  metrics: [{ key: 'cancelMs', label: 'ms until all finally ran', better: 'lower', digits: 1, importFold: 'ms' }],
  sizes: { full: 100_000, quick: 5_000 },
  implementations: {
    loop: {
      system: 'loop',
      variant: 'taskGroup, task.cancel()',
      recommended: true,
      async run({ n }) {
        let started = 0;
        let finallyCount = 0;
        function* sleeper(): Operation<void> {
          started++;
          try {
            yield* sleep(SLEEP_MS);
          } finally {
            finallyCount++;
          }
        }
        return run(function* () {
          const group = yield* spawn(
            // eslint-disable-next-line require-yield -- the body only spawns; the group itself waits for the children
            taskGroup(function* (g) {
              for (let i = 0; i < n; i++) g.spawn(sleeper());
            }),
          );
          while (started < n) yield* sleep(0);
          const answer: CancelAnswer = { started, finallyBeforeCancel: finallyCount, finallyCount: 0 };
          const t0 = performance.now();
          group.cancel();
          yield* wait([group]);
          const cancelMs = performance.now() - t0;
          answer.finallyCount = finallyCount;
          return { metrics: { cancelMs }, answer };
        });
      },
    },
    raw: {
      system: 'raw',
      variant: 'a cancel function per task',
      async run({ n }) {
        let started = 0;
        let finallyCount = 0;
        const cancels: (() => void)[] = [];
        const reason = new Error('the group was cancelled');
        async function sleeper(): Promise<void> {
          started++;
          try {
            await new Promise<void>((resolve, reject) => {
              const timer = setTimeout(resolve, SLEEP_MS);
              cancels.push(() => {
                clearTimeout(timer);
                reject(reason);
              });
            });
          } finally {
            finallyCount++;
          }
        }
        // An async function runs up to its first await at once: every task has started when this returns.
        const group = Promise.allSettled(Array.from({ length: n }, () => sleeper()));
        const answer: CancelAnswer = { started, finallyBeforeCancel: finallyCount, finallyCount: 0 };
        const t0 = performance.now();
        for (const cancel of cancels) cancel();
        await group;
        const cancelMs = performance.now() - t0;
        answer.finallyCount = finallyCount;
        return { metrics: { cancelMs }, answer };
      },
    },
    effection: {
      system: 'effection',
      variant: 'spawn, task.halt()',
      async run({ n }) {
        const effection = await import('effection');
        let started = 0;
        let finallyCount = 0;
        function* sleeper(): EffectionOperation<void> {
          started++;
          try {
            yield* effection.sleep(SLEEP_MS);
          } finally {
            finallyCount++;
          }
        }
        return effection.run(function* () {
          const group = yield* effection.spawn(function* () {
            for (let i = 0; i < n; i++) void (yield* effection.spawn(sleeper)); // the task runs on; its handle is not needed
            yield* effection.suspend();
          });
          while (started < n) yield* effection.sleep(0);
          const answer: CancelAnswer = { started, finallyBeforeCancel: finallyCount, finallyCount: 0 };
          const t0 = performance.now();
          yield* group.halt();
          const cancelMs = performance.now() - t0;
          answer.finallyCount = finallyCount;
          return { metrics: { cancelMs }, answer };
        });
      },
    },
    effect: {
      system: 'effect',
      variant: 'forEach unbounded, Fiber.interrupt',
      async run({ n }) {
        const { Effect, Fiber } = await import('effect');
        let started = 0;
        let finallyCount = 0;
        const sleeper = Effect.ensuring(
          Effect.suspend(() => {
            started++;
            return Effect.sleep(SLEEP_MS);
          }),
          Effect.sync(() => {
            finallyCount++;
          }),
        );
        const program = Effect.gen(function* () {
          const group = yield* Effect.fork(Effect.forEach(Array.from({ length: n }), () => sleeper, { concurrency: 'unbounded', discard: true }));
          while (started < n) yield* Effect.yieldNow();
          const answer: CancelAnswer = { started, finallyBeforeCancel: finallyCount, finallyCount: 0 };
          const t0 = performance.now();
          yield* Fiber.interrupt(group);
          const cancelMs = performance.now() - t0;
          answer.finallyCount = finallyCount;
          return { metrics: { cancelMs }, answer };
        });
        return Effect.runPromise(program);
      },
    },
    asyncio: { system: 'asyncio', variant: 'TaskGroup, task.cancel()', python: 'cancel' },
  },
  notApplicable: {
    'p-limit': 'a concurrency limiter, not a task runtime',
    'p-map': 'a concurrency limiter, not a task runtime',
    ix: 'iterables, not tasks',
  },
  targets: [
    { metric: 'cancelMs', against: 'raw', factor: 1, text: 'no slower than the raw floor', why: { loop: 'A cancelled task throws twice in V8: its CancelledError into the sleep (yield* hands it to the sleep’s throw()) and then out of the coroutine, and V8 builds a message object for each throw (~0.5 µs); that is ~1.1 µs of loop’s ~1.7 µs per task. Raw’s async function throws once and rejects its promise.' } },
    { metric: 'cancelMs', against: 'asyncio', factor: 10, text: '≥ 10× faster than asyncio', why: { loop: 'Bounded by the two V8 exceptions per cancelled task (see the raw floor): asyncio took 8–11× raw’s time across runs.' } },
    { metric: 'cancelMs', against: 'effect', factor: 30, text: '≥ 30× faster than Effect', why: { loop: 'Bounded by the two V8 exceptions per cancelled task (see the raw floor): Effect took 18–30× raw’s time across runs, so meeting it takes up to 1.7× less than raw’s time.' } },
    { metric: 'cancelMs', against: 'effection', factor: 50, text: '≥ 50× faster than Effection', why: { loop: 'Bounded by the two V8 exceptions per cancelled task (see the raw floor): Effection took 30–54× raw’s time across runs, so meeting it takes about raw’s time or less.' } },
  ],
  verify(answer, { n }) {
    return [
      ...expectExact('tasks started', answer.started, n),
      ...expectExact('finally blocks run before the cancel', answer.finallyBeforeCancel, 0),
      ...expectExact('finally blocks run', answer.finallyCount, n),
    ];
  },
};

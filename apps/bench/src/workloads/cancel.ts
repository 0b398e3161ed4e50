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
 * `raw-generators` is the floor of any runtime that runs tasks as
 * generators: the same sleepers as plain generators suspended in `yield*`
 * inside try/finally, and the cancel a plain loop throwing the error into
 * each (no scheduler, timers or tasks). A cancelled generator pays two V8
 * unwinds, into its `finally` and out of it, where an async function's
 * rejection resumes it once. `raw-scheduler` adds what no generator
 * runtime can skip: a record per task, its timer dropped, a run queue, an
 * outcome and a group count (see `schedulerFloor`).
 *
 * `loop-timer` is loop's group cancelled from a callback of the loop's own
 * timer, as a deadline fires: the cancelled tasks then run in the pass the
 * host timer wakes.
 *
 * The peers: Effection spawns the sleepers in a task and `halt()`s it;
 * Effect forks `Effect.forEach` (unbounded) over sleepers wrapped in
 * `Effect.ensuring` and `Fiber.interrupt`s it; asyncio cancels the task
 * that holds a `TaskGroup`.
 *
 * @module
 */
import { getLoop, run, sleep, spawn, taskGroup, wait, type Operation } from '@loop/runtime';
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

/**
 * loop's run: n sleepers in a group; once all started, the group is
 * cancelled by the task that spawned it (`task`), or from a callback of the
 * loop's own timer (`timer`, as a deadline fires: the cancelled tasks then
 * run in the pass the host timer wakes).
 */
function loopCancel(n: number, from: 'task' | 'timer'): Promise<{ metrics: { cancelMs: number }; answer: CancelAnswer }> {
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
    const loop = yield* getLoop();
    const group = yield* spawn(
      // eslint-disable-next-line require-yield -- the body only spawns; the group itself waits for the children
      taskGroup(function* (g) {
        for (let i = 0; i < n; i++) g.spawn(sleeper());
      }),
    );
    while (started < n) yield* sleep(0);
    const answer: CancelAnswer = { started, finallyBeforeCancel: finallyCount, finallyCount: 0 };
    let t0 = 0;
    const cancel = () => {
      t0 = performance.now();
      group.cancel();
    };
    if (from === 'task') cancel();
    else loop.callLater(1, cancel);
    yield* wait([group]);
    const cancelMs = performance.now() - t0;
    answer.finallyCount = finallyCount;
    return { metrics: { cancelMs }, answer };
  });
}

/**
 * The least a generator runtime with timers and groups does to cancel a
 * group, written for this workload alone: a record per task (its
 * generator, group, state, outcome and sleep), each sleep an entry in a
 * bucket of equal deadlines that gives its place back in O(1) (as Node's
 * per-duration timer lists do), a cancel that marks each running task,
 * drops its timer and queues it, and one microtask that throws into each
 * queued task, records its outcome and counts its group down. What loop
 * does beyond this (the cancel-scope tree and its shields, level-triggered
 * cancellation, the timer heap for any deadlines, a group's outcome rules,
 * the tracing hooks) is what the scheduler costs on top of the floor.
 */
function schedulerFloor(n: number): Promise<{ metrics: { cancelMs: number }; answer: CancelAnswer }> {
  const RUNNING = 0;
  const QUEUED = 1;
  const DONE = 2;
  const FAILED = 3;
  class Sleep implements Iterator<Sleep, void, unknown>, IteratorYieldResult<Sleep> {
    readonly done = false;
    readonly value: Sleep = this;
    /** Its place in the bucket, or -1. */
    slot = -1;
    next(): IteratorResult<Sleep, void> {
      return this;
    }
    throw(error: unknown): IteratorResult<Sleep, void> {
      throw error;
    }
    [Symbol.iterator](): Iterator<Sleep, void, unknown> {
      return this;
    }
  }
  class Bucket {
    private readonly sleeps: Sleep[] = [];
    add(sleep: Sleep): void {
      sleep.slot = this.sleeps.length;
      this.sleeps.push(sleep);
    }
    remove(sleep: Sleep): void {
      const last = this.sleeps.pop()!;
      if (last !== sleep) {
        this.sleeps[sleep.slot] = last;
        last.slot = sleep.slot;
      }
      sleep.slot = -1;
    }
  }
  interface Group {
    readonly tasks: Task[];
    pending: number;
    exited: () => void;
  }
  class Task {
    state = RUNNING;
    error: unknown = undefined;
    constructor(
      readonly generator: Generator<Sleep, void, unknown>,
      readonly group: Group,
      public sleep: Sleep | null,
    ) {}
  }
  let started = 0;
  let finallyCount = 0;
  function* sleeper(): Generator<Sleep, void, unknown> {
    started++;
    try {
      yield* new Sleep();
    } finally {
      finallyCount++;
    }
  }
  const timers = new Bucket();
  const ready: (Task | null)[] = [];
  const group: Group = { tasks: [], pending: 0, exited: () => {} };
  for (let i = 0; i < n; i++) {
    const generator = sleeper();
    const sleep = generator.next().value as Sleep;
    timers.add(sleep);
    group.tasks.push(new Task(generator, group, sleep));
    group.pending++;
  }
  const reason = new Error('the group was cancelled');
  const runReady = (): void => {
    for (let i = 0; i < ready.length; i++) {
      const task = ready[i]!;
      ready[i] = null;
      try {
        task.generator.throw(reason);
        task.state = DONE;
      } catch (error) {
        task.state = FAILED;
        task.error = error;
      }
      if (--task.group.pending === 0) task.group.exited();
    }
    ready.length = 0;
  };
  const answer: CancelAnswer = { started, finallyBeforeCancel: finallyCount, finallyCount: 0 };
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    group.exited = () => {
      const cancelMs = performance.now() - t0;
      answer.finallyCount = finallyCount;
      if (group.tasks.some((task) => task.state !== FAILED || task.error !== reason)) reject(new Error('a task did not end with the cancellation'));
      else resolve({ metrics: { cancelMs }, answer });
    };
    for (const task of group.tasks) {
      if (task.state !== RUNNING) continue;
      task.state = QUEUED;
      timers.remove(task.sleep!);
      task.sleep = null;
      ready.push(task);
    }
    queueMicrotask(runReady);
  });
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
      run: ({ n }) => loopCancel(n, 'task'),
    },
    'loop-timer': {
      system: 'loop',
      variant: 'taskGroup, group.cancel() from a loop timer',
      run: ({ n }) => loopCancel(n, 'timer'),
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
    'raw-generators': {
      system: 'raw',
      variant: 'generator floor: generators thrown into, no scheduler',
      async run({ n }) {
        // What a generator runtime cannot go below: each task a generator
        // suspended in yield* inside try/finally (as loop's sleeper is in its
        // sleep), and the cancel a plain loop throwing the error into each,
        // run from a microtask as the others are. No timers, queues or tasks.
        let started = 0;
        let finallyCount = 0;
        const reason = new Error('the group was cancelled');
        class Wait implements Iterator<undefined, void, unknown> {
          next(): IteratorResult<undefined, void> {
            return { done: false, value: undefined };
          }
          throw(error: unknown): IteratorResult<undefined, void> {
            throw error;
          }
          [Symbol.iterator](): Iterator<undefined, void, unknown> {
            return this;
          }
        }
        function* sleeper(): Generator<undefined, void, unknown> {
          started++;
          try {
            yield* new Wait();
          } finally {
            finallyCount++;
          }
        }
        const tasks: Generator<undefined, void, unknown>[] = [];
        for (let i = 0; i < n; i++) {
          const task = sleeper();
          task.next();
          tasks.push(task);
        }
        await Promise.resolve();
        const answer: CancelAnswer = { started, finallyBeforeCancel: finallyCount, finallyCount: 0 };
        const t0 = performance.now();
        for (const task of tasks) {
          try {
            task.throw(reason);
          } catch (error) {
            if (error !== reason) throw error;
          }
        }
        const cancelMs = performance.now() - t0;
        answer.finallyCount = finallyCount;
        return { metrics: { cancelMs }, answer };
      },
    },
    'raw-scheduler': {
      system: 'raw',
      variant: 'scheduler floor: task records, timer buckets, a run queue',
      run: ({ n }) => schedulerFloor(n),
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
  floors: ['raw-generators', 'raw-scheduler'],
  targets: [
    { metric: 'cancelMs', against: 'raw', factor: 1, text: 'no slower than the raw floor', why: { loop: 'A cancelled generator unwinds twice in V8 (into its finally through the sleep’s throw(), then out of the coroutine) where an async function’s rejection resumes it once; in CPU profiles of first runs those throws are ~85 % of the time loop’s tasks take to run after the cancel, as they are of the generator floor’s (raw-generators: the same sleepers as bare generators thrown into by a plain loop, ~0.88× raw’s time). The walk of the cancelled scope now reads each task once (a task without children is woken where the walk meets it; it pushed every task onto a stack and read it again when popped), and a burst of cancellations that leaves no timer drops the timers without reading each: from the cancel until every finally ran, 113.3 → 107.7 ms in a first run and 86.6 → 85.3 ms warm (medians of 12 fresh processes each, old and new alternating), the walk alone ~16.6 → ~11.9 and ~8.6 → ~6.5 ms. Paired with raw over 15 runs after it: 1.31× raw’s time warm, 1.27× cold, 1.32× with the import (1.36×, 1.36× and 1.40× over 9 before it; raw’s own time moves 0.65–1.10× between pairs). The suite now measures the floor of a generator scheduler itself (raw-scheduler: a record per task, its timer dropped from a bucket of equal deadlines in O(1), a run queue thrown into from one microtask, each outcome recorded, the group counted down; nothing loop has beyond that). In the full run of 2026-12-07 15:15 it took 90.2 ms warm and 100.5 ms cold against raw’s 79.5 and 90.9 (1.13× and 1.11× raw’s time; three cancel-only runs before it: 91–98 and 108–110 ms against 85–96 and 89–97), so on this machine the target sits below what any generator runtime with timers and a group pays, cold and warm. loop paired with that floor: 1.15× better warm (taking turns in one child, 0.70–1.38×), 1.12× its time cold and 1.16× with the import (5 pairs). loop’s warm median in a child of its own moves far more between runs than the floors’ (127–157 ms in four runs of this session, 123 at 12:29; the floors 77–98), which pairing with the floor does not show; not yet explained (one candidate: loop yields to the host every 8 ms of a long pass, and V8’s incremental-marking tasks then run inside the measured phase while 100,000 tasks are live, where the floors’ single microtask defers them). Earlier, outside the suite, a minimal scheduler with a 7-field record and a sibling list took 68–76 ms warm and 75–83 ms cold against raw’s 61–85 and 90–108 (another machine). What loop does beyond it (the scope tree’s checks, level-triggered state, the timer structure, a group’s outcome rules, the tracing hooks) costs ~15 ms warm and ~25 ms cold per 100,000 tasks, mostly in code a first run meets before V8 has compiled it. Counted in instructions (cachegrind, one thread, 200,000 minus 100,000 tasks) loop’s cancel phase costs 8.4 k a task against the floor’s 9.0 k.', 'loop-timer': 'As loop’s: since the loop drives from a microtask when its host timer fires, a cancellation from a timer or deadline costs the same as one from a task (from a timer callback, V8 made each throw ~0.3 µs dearer: 100,000 tasks cancelled by a moveOnAfter deadline took ~105 ms before, ~72 ms after).' } },
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

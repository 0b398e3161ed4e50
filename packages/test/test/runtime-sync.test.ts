/**
 * explore on our own runtime's locks and semaphores: tasks that are
 * cancelled at moments the schedule draws, while waiting or while holding,
 * never let more holders in than the primitive allows (checked after every
 * step) and never leak a permit (checked at the end).
 */
import { describe, expect, test } from 'vitest';
import { CapacityLimiter, Lock, Semaphore, sleep, spawn, wait, type Operation, type Task } from '@loop/runtime';
import { explore, type ExploreContext, type Strategy } from '../src/index.js';

const SCHEDULES = 1000;
const WORKERS = 4;

interface Gate {
  enter(): Operation<void>;
  leave(): void;
  /** How many may be inside at once. */
  readonly limit: number;
  /** True when no one holds it. */
  idle(): boolean;
}

const gates: Record<string, () => Gate> = {
  Lock: () => {
    const lock = new Lock();
    return { enter: () => lock.acquire(), leave: () => lock.release(), limit: 1, idle: () => !lock.locked() };
  },
  'Semaphore(2)': () => {
    const semaphore = new Semaphore(2);
    return { enter: () => semaphore.acquire(), leave: () => semaphore.release(), limit: 2, idle: () => semaphore.value === 2 };
  },
  'CapacityLimiter(2)': () => {
    const limiter = new CapacityLimiter(2);
    return { enter: () => limiter.acquire(), leave: () => limiter.release(), limit: 2, idle: () => limiter.borrowedTokens === 0 };
  },
};

function* holder(gate: Gate, inside: { count: number }): Operation<void> {
  for (let round = 0; round < 2; round++) {
    yield* gate.enter();
    inside.count++;
    try {
      yield* sleep(0); // work while holding
      yield* sleep(0);
    } finally {
      inside.count--;
      gate.leave();
    }
  }
}

function* canceller(context: ExploreContext, tasks: Task<unknown>[]): Operation<void> {
  for (const task of tasks) {
    if (context.random() < 0.5) continue;
    const passes = Math.floor(context.random() * 6);
    for (let i = 0; i < passes; i++) yield* sleep(0);
    task.cancel();
  }
}

function program(makeGate: () => Gate) {
  return function* (context: ExploreContext): Operation<void> {
    const gate = makeGate();
    const inside = { count: 0 };
    context.invariant(() => inside.count <= gate.limit, 'holders <= limit');
    const tasks: Task<unknown>[] = [];
    for (let i = 1; i <= WORKERS; i++) tasks.push(yield* spawn(holder(gate, inside), { name: `holder#${i}` }));
    yield* spawn(canceller(context, tasks), { name: 'canceller' });
    yield* wait(tasks);
    if (!gate.idle() || inside.count !== 0) throw new Error(`leaked: idle ${gate.idle()}, ${inside.count} inside`);
  };
}

describe.each(Object.keys(gates))('%s under cancellation', (name) => {
  test.each(['pct', 'random'] satisfies Strategy[])(`never admits more than its limit and leaks nothing (%s, ${SCHEDULES} schedules)`, async (strategy) => {
    expect(await explore(program(gates[name]!), { strategy, schedules: SCHEDULES })).toMatchObject({ schedules: SCHEDULES });
  });
});

test('the check has teeth: a holder that skips its release when cancelled is found', async () => {
  const leaky = function* (context: ExploreContext): Operation<void> {
    const lock = new Lock();
    const holderTask = function* (): Operation<void> {
      yield* lock.acquire();
      yield* sleep(0); // cancelled here, the lock stays held
      lock.release();
    };
    const tasks = [yield* spawn(holderTask(), { name: 'holder#1' }), yield* spawn(holderTask(), { name: 'holder#2' })];
    yield* spawn(canceller(context, tasks), { name: 'canceller' });
    yield* wait(tasks);
    if (lock.locked()) throw new Error('the lock leaked');
  };
  const error = await explore(leaky, { failuresDir: null }).catch((caught: unknown) => caught);
  expect(error).toMatchObject({
    name: 'ExploreError',
    kind: 'error',
    seed: 1249301980,
    schedules: 5,
    schedule: "plain FIFO (no deviation): what fails is this seed's context.random() draws",
  });
});

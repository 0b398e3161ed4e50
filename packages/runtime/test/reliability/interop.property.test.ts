/**
 * The interop edge as a property (DESIGN.md, "Semantics decided"): every
 * promise the runtime hands out settles, in every outcome, and no runtime
 * error reaches the process's `uncaughtException` or `unhandledRejection`.
 *
 * Each generated case drives random programs through every promise-shaped
 * edge at once, with both process listeners installed:
 * - a stream iterated from async code, whose body may sleep, fail, catch
 *   what `throw()` sends it, and whose `finally` may return, throw, wait
 *   then throw, or yield a value (the misuse) — driven by a random sequence
 *   of `next()`, `return()` and `throw()` calls, issued one after another or
 *   all at once;
 * - `run()` of a program whose tasks succeed, fail, or deadlock;
 * - a task awaited from async code (`loop.createTask`, then `await task`);
 * - `await` of a runtime operation (which must reject, not resolve).
 * After `run()` settles and the host has had a turn, any promise still
 * pending, or any error that reached the process, fails the case.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Event, Loop, VirtualClock, gather, run, sleep, spawn, stream, type Operation } from '../../src/index.js';
import { watchEscapes } from './escapes.js';

export const INTEROP_SEED = 20261206;
export const INTEROP_RUNS = 150;

type FinallyMode = 'return' | 'throw' | 'sleep-throw' | 'yield';
type Action = 'next' | 'return' | 'throw';

interface StreamCase {
  values: number;
  sleepMs: number;
  failAt: number | null;
  catchThrown: boolean;
  finallyMode: FinallyMode;
  actions: Action[];
  concurrent: boolean;
}

interface TaskCase {
  ms: number;
  fails: boolean;
}

interface Case {
  stream: StreamCase;
  tasks: TaskCase[];
  deadlock: boolean;
  awaited: TaskCase;
}

class Planned extends Error {
  override readonly name = 'Planned';
}

const streamCase: fc.Arbitrary<StreamCase> = fc.record({
  values: fc.integer({ min: 0, max: 4 }),
  sleepMs: fc.constantFrom(0, 0, 1),
  failAt: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
  catchThrown: fc.boolean(),
  finallyMode: fc.constantFrom<FinallyMode>('return', 'throw', 'sleep-throw', 'yield'),
  actions: fc.array(fc.constantFrom<Action>('next', 'next', 'return', 'throw'), { minLength: 1, maxLength: 6 }),
  concurrent: fc.boolean(),
});

const taskCase: fc.Arbitrary<TaskCase> = fc.record({ ms: fc.integer({ min: 0, max: 50 }), fails: fc.boolean() });

const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  stream: streamCase,
  tasks: fc.array(taskCase, { maxLength: 4 }),
  deadlock: fc.boolean(),
  awaited: taskCase,
});

function makeStream(spec: StreamCase) {
  return stream<number>(function* () {
    try {
      for (let i = 0; i < spec.values; i++) {
        if (spec.sleepMs > 0) yield* sleep(spec.sleepMs);
        if (spec.failAt === i) throw new Planned(`body failed at ${i}`);
        try {
          yield i;
        } catch (error) {
          if (!spec.catchThrown) throw error;
          yield -1 - i;
        }
      }
    } finally {
      switch (spec.finallyMode) {
        case 'return':
          break;
        case 'throw':
          // eslint-disable-next-line no-unsafe-finally -- the behaviour under test
          throw new Planned('finally failed');
        case 'sleep-throw':
          yield* sleep(1);
          // eslint-disable-next-line no-unsafe-finally -- the behaviour under test
          throw new Planned('finally failed after a wait');
        case 'yield':
          yield 99;
      }
    }
  });
}

function* job(spec: TaskCase): Operation<number> {
  yield* sleep(spec.ms);
  if (spec.fails) throw new Planned(`task failed after ${spec.ms} ms`);
  return spec.ms;
}

/** Tracks every promise handed out: how many have settled. */
class Ledger {
  readonly promises: Promise<unknown>[] = [];
  settled = 0;

  track(promise: PromiseLike<unknown>): void {
    // then() at once (not through Promise.resolve, which calls it a job later): a task awaited from async code is retrieved now.
    const settled = new Promise<void>((done) => {
      promise.then(
        () => {
          this.settled++;
          done();
        },
        () => {
          this.settled++;
          done();
        },
      );
    });
    this.promises.push(settled);
  }
}

async function drive(spec: Case): Promise<Ledger> {
  const ledger = new Ledger();

  // A stream from async code.
  const it = makeStream(spec.stream)[Symbol.asyncIterator]();
  const call = (action: Action): Promise<unknown> =>
    action === 'next' ? it.next() : action === 'return' ? it.return!() : it.throw!(new Planned('thrown in'));
  if (spec.stream.concurrent) {
    for (const action of spec.stream.actions) ledger.track(call(action));
  } else {
    for (const action of spec.stream.actions) {
      const promise = call(action);
      ledger.track(promise);
      await promise.then(
        () => undefined,
        () => undefined,
      );
    }
  }

  // A task awaited from async code.
  const loop = new Loop({ clock: new VirtualClock() });
  const task = loop.createTask(job(spec.awaited));
  ledger.track(task);
  await Promise.resolve(task).then(
    () => undefined,
    () => undefined,
  );
  loop.close();

  // await of an operation: must reject.
  const awaitedOp = Promise.resolve(sleep(1) as unknown as Promise<void>);
  ledger.track(awaitedOp);

  // run() of a program that may fail or deadlock.
  const main = run(function* () {
    const tasks = [];
    for (const each of spec.tasks) tasks.push(yield* spawn(job(each)));
    if (spec.deadlock) yield* new Event().wait();
    return yield* gather(...tasks);
    // Failures nobody could retrieve (a deadlocked main never gathers its tasks) go to the handler, not the console.
  }, { clock: new VirtualClock(), exceptionHandler: () => {} });
  ledger.track(main);
  await main.then(
    () => undefined,
    () => undefined,
  );
  return ledger;
}

const escapes = watchEscapes();

describe('the interop edge', () => {
  test(`every promise the runtime hands out settles and nothing escapes to the process (${INTEROP_RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (spec) => {
        escapes.clear();
        const ledger = await drive(spec);
        // Give late work (a stream's private loop closing, a rejection nobody handled) a few host turns to show up.
        const pending = await Promise.race([
          Promise.all(ledger.promises).then(() => 0),
          new Promise<number>((resolve) => setTimeout(() => resolve(ledger.promises.length - ledger.settled), 500)),
        ]);
        await new Promise((resolve) => setImmediate(resolve));
        expect({ pending, escaped: escapes.escaped() }).toEqual({ pending: 0, escaped: [] });
      }),
      { seed: INTEROP_SEED, numRuns: INTEROP_RUNS },
    );
  });
});

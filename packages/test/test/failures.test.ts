/**
 * What counts as a failure, and the context an explored program gets:
 * seeded random(), the loop's time(), invariants, simulated calls and faults.
 */
import { describe, expect, test } from 'vitest';
import { DeadlockError, Queue, call, gather, seededRandom, sleep, spawn, type Operation } from '@loop/runtime';
import { ExploreError, ForeignCallError, InvariantError, SimulatedFault, explore, type ExploreContext } from '../src/index.js';

async function failure(promise: Promise<unknown>): Promise<ExploreError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ExploreError)) throw new Error(`expected an ExploreError, got ${String(error)}`);
  return error;
}

const quiet = { failuresDir: null } as const;

describe('failures', () => {
  test('a task error nobody retrieves fails the schedule (kind unhandled), though the program itself returns', async () => {
    const error = await failure(
      explore(function* () {
        yield* spawn(
          (function* () {
            yield* sleep(1);
            throw new Error('boom');
          })(),
          { name: 'child' },
        );
        yield* sleep(5);
      }, quiet),
    );
    expect(error).toMatchObject({ kind: 'unhandled', seed: 0 });
    expect(error.error).toEqual(new Error('boom'));
  });

  test('a deadlock fails the schedule with the runtime’s DeadlockError (kind deadlock)', async () => {
    const error = await failure(
      explore(function* () {
        yield* new Queue<number>().get();
      }, quiet),
    );
    expect(error.kind).toBe('deadlock');
    expect(error.error).toBeInstanceOf(DeadlockError);
    expect((error.error as DeadlockError).tasks).toEqual([{ id: 1, name: 'main', waitingOn: 'queue.get() on Queue#1 (empty)' }]);
  });

  test('an invariant is checked after every slice, so a state that is broken only for a moment is caught', async () => {
    const error = await failure(
      explore(function* (context) {
        const account = { balance: 10 };
        context.invariant(() => account.balance >= 0, 'balance >= 0');
        account.balance -= 20;
        yield* sleep(0);
        account.balance += 20;
      }, quiet),
    );
    expect(error.kind).toBe('invariant');
    expect(error.error).toEqual(new InvariantError('invariant "balance >= 0" failed after a slice of task 1 (step 0, loop time 0 ms)'));
  });

  test('an invariant that throws fails the schedule with its error as the cause; unnamed invariants are numbered', async () => {
    const error = await failure(
      explore(function* (context) {
        context.invariant(() => true);
        context.invariant(() => {
          throw new Error('nope');
        });
        yield* sleep(0);
      }, quiet),
    );
    expect((error.error as Error).message).toBe('invariant #2 threw after a slice of task 1 (step 0, loop time 0 ms): Error: nope');
    expect((error.error as Error).cause).toEqual(new Error('nope'));
  });

  test('a real promise awaited with call() is refused at once with a ForeignCallError, not shrunk', async () => {
    const error = await explore(function* () {
      yield* call(Promise.resolve(1));
    }, quiet).catch((caught: unknown) => caught);
    expect(error).toEqual(
      new ForeignCallError(
        "task 1 awaited a real promise with call() at step 0: a real promise settles on the host's time, not the schedule's, so the run cannot be explored or replayed. " +
          'Route foreign work through context.call(name, ...args) and answer it with the simulate option.',
      ),
    );
  });

  test('a real promise awaited only off the FIFO schedule is refused when the failing seed is replayed', async () => {
    const error = await explore(function* (context) {
      if (context.seed !== 0) yield* call(Promise.resolve(1));
      if (context.seed !== 0) throw new Error('fails after a real promise');
    }, quiet).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ForeignCallError);
    expect((error as Error).message.startsWith('task 1 awaited a real promise with call() at step 0')).toBe(true);
  });

  test('context.call without the simulate option is a ForeignCallError', async () => {
    const error = await explore(function* (context) {
      yield* context.call('fetch', 'https://example.com');
    }, quiet).catch((caught: unknown) => caught);
    expect(error).toEqual(new ForeignCallError('context.call("fetch") needs the simulate option: explore answers foreign calls from a simulation so that every run can be replayed'));
  });
});

describe('the program’s context', () => {
  test('random() is seeded by the schedule: schedule 0 draws seededRandom(0)’s numbers', async () => {
    const drawn: number[][] = [];
    await explore(function* (context) {
      drawn.push([context.seed, context.random(), context.random()]);
      yield* sleep(0);
    }, { schedules: 2 });
    const zero = seededRandom(0);
    const first = seededRandom(329507704);
    expect(drawn).toEqual([
      [0, zero(), zero()],
      [329507704, first(), first()],
    ]);
  });

  test('time() is the loop’s virtual time', async () => {
    const times: number[] = [];
    await explore(function* (context) {
      times.push(context.time());
      yield* sleep(3000);
      times.push(context.time());
    }, { schedules: 1 });
    expect(times).toEqual([0, 3000]);
  });

  test('simulate answers context.call with a value or with an operation that takes simulated time', async () => {
    const answers: unknown[] = [];
    await explore(function* (context: ExploreContext) {
      answers.push(yield* context.call('add', 2, 3));
      answers.push(yield* context.call('slow'), context.time());
    }, {
      schedules: 1,
      simulate(name, args) {
        if (name === 'add') return (args[0] as number) + (args[1] as number);
        return (function* (): Operation<string> {
          yield* sleep(250);
          return 'done';
        })();
      },
    });
    expect(answers).toEqual([5, 'done', 250]);
  });

  test('faults: { rate } makes simulated calls fail with SimulatedFault, a deviation shrunk like the others', async () => {
    const error = await failure(
      explore(function* (context) {
        const [a, b] = yield* gather(context.call<number>('fetch', 1), context.call<number>('fetch', 2));
        if (a + b !== 3) throw new Error('wrong sum');
      }, { ...quiet, simulate: (_name, args) => args[0], faults: { rate: 0.3 } }),
    );
    expect(error.error).toBeInstanceOf(SimulatedFault);
    expect(error.deviations).toHaveLength(1);
    expect(error).toMatchObject({ seed: 906718343, schedule: 'FIFO except: call 1 (`fetch`) failed with a simulated fault' });
  });

  test('jitter lets the shorter of two sleeps end last', async () => {
    const program = function* (): Operation<void> {
      const order: string[] = [];
      const nap = function* (name: string, ms: number): Operation<void> {
        yield* sleep(ms);
        order.push(name);
      };
      yield* gather(nap('short', 10), nap('long', 11));
      if (order[0] !== 'short') throw new Error(`${order[0]} woke first`);
    };
    expect(await explore(program, { schedules: 200 })).toMatchObject({ schedules: 200 });
    const error = await failure(explore(program, { ...quiet, jitter: 3 }));
    expect(error.deviations).toHaveLength(1);
    expect(error).toMatchObject({ seed: 1452539496, schedule: 'FIFO except: timer 1 (10 ms) fired 3 ms late' });
  });
});

import { describe, expect, test } from 'vitest';
import {
  Barrier,
  CapacityLimiter,
  Condition,
  Event,
  Lock,
  Queue,
  Semaphore,
  run,
  sleep,
  spawn,
  type Instruction,
  type Operation,
} from '../../src/index.js';
import { virtual } from './support.js';

const USE_YIELD_STAR = 'coroutines must use yield* to run an operation (yield* sleep(ms), not yield sleep(ms))';

/** Runs `main` and returns the message of the error it failed with. */
async function failure(main: () => Operation<unknown>): Promise<string> {
  try {
    await run(main, virtual());
    return 'returned';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('the wait protocol shared by the primitives', () => {
  test('yielding a waiting operation without the star fails the task with the yield* TypeError and consumes nothing', async () => {
    const queue = new Queue<string>();
    queue.putNowait('a');
    const message = await failure(function* () {
      yield queue.get() as unknown as Instruction;
    });
    expect(message).toBe(`TypeError: task "main" yielded a QueueGet to the loop; ${USE_YIELD_STAR}`);
    expect(queue.qsize()).toBe(1);
  });

  test('yielding a lock acquisition without the star fails the task and leaves the lock free', async () => {
    const lock = new Lock();
    const message = await failure(function* () {
      yield lock.acquire() as unknown as Instruction;
    });
    expect(message).toBe(`TypeError: task "main" yielded a PermitWait to the loop; ${USE_YIELD_STAR}`);
    expect(lock.locked()).toBe(false);
  });

  test('a task waiting on a primitive reports what it waits on in waitingOn', async () => {
    const kinds = await run(function* () {
      const full = new Queue<number>(1);
      full.putNowait(0);
      const lock = new Lock();
      yield* lock.acquire();
      const semaphore = new Semaphore(0);
      const limiter = new CapacityLimiter(1);
      limiter.acquireNowait();
      const condition = new Condition();
      const ops: Operation<unknown>[] = [
        new Queue<number>().get(),
        full.put(1),
        full.join(),
        lock.acquire(),
        semaphore.acquire(),
        limiter.acquire(),
        new Event().wait(),
        function* () {
          yield* condition.acquire();
          yield* condition.wait();
        }(),
        new Barrier(2).wait(),
      ];
      const tasks = [];
      for (const op of ops) tasks.push(yield* spawn(op));
      yield* sleep(0);
      const seen = tasks.map((task) => task.waitingOn);
      for (const task of tasks) task.cancel();
      return seen;
    }, virtual());
    expect(kinds).toEqual(['queue.get', 'queue.put', 'queue.join', 'lock', 'semaphore', 'limiter', 'event', 'condition', 'barrier']);
  });

  test('an operation value run twice with yield* makes two calls, as sleep(ms) does', async () => {
    const seen = await run(function* () {
      const queue = new Queue<string>();
      queue.putNowait('a');
      queue.putNowait('b');
      const take = queue.get();
      const first = yield* take;
      const second = yield* take;
      const semaphore = new Semaphore(3);
      const acquire = semaphore.acquire();
      yield* acquire;
      yield* acquire;
      return [first, second, semaphore.value];
    }, virtual());
    expect(seen).toEqual(['a', 'b', 1]);
  });

  test('a task already cancelled that has to wait throws CancelledError without joining the line', async () => {
    const seen = await run(function* () {
      const queue = new Queue<string>();
      const log: string[] = [];
      const task = yield* spawn(function* () {
        try {
          yield* sleep(10);
        } catch {
          try {
            yield* queue.get();
          } catch (error) {
            log.push(`get threw ${(error as Error).name}`);
          }
        }
      }());
      yield* sleep(0);
      task.cancel();
      yield* task;
      queue.putNowait('a');
      return [log, queue.qsize()];
    }, virtual());
    expect(seen).toEqual([['get threw CancelledError'], 1]);
  });

  test('a call that need not wait is not a cancellation point: a cancelled task still takes an available item (asyncio\'s rule)', async () => {
    const seen = await run(function* () {
      const queue = new Queue<string>();
      queue.putNowait('a');
      const log: string[] = [];
      const task = yield* spawn(function* () {
        try {
          yield* sleep(10);
        } catch {
          log.push(`got ${yield* queue.get()}`);
        }
      }());
      yield* sleep(0);
      task.cancel();
      yield* task;
      return [log, queue.qsize()];
    }, virtual());
    expect(seen).toEqual([['got a'], 0]);
  });
});

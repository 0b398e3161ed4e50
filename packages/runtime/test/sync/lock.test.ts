import { describe, expect, test } from 'vitest';
import { InvalidStateError, Lock, gather, run, sleep, spawn, type LoopEvent, type Operation } from '../../src/index.js';
import { holder, now, suspensions, virtual } from './support.js';

describe('Lock', () => {
  test('acquire on a free lock locks it without suspending the task', async () => {
    const events: LoopEvent[] = [];
    const seen = await run(function* () {
      const lock = new Lock();
      const before = lock.locked();
      yield* lock.acquire();
      return [before, lock.locked()];
    }, { ...virtual(), onEvent: (event) => events.push(event) });
    expect(seen).toEqual([false, true]);
    expect(suspensions(events)).toEqual([]);
  });

  test('tasks waiting for the lock get it in the order they asked, one at a time', async () => {
    const log: string[] = [];
    await run(function* () {
      const lock = new Lock();
      yield* gather(...['a', 'b', 'c'].map((name) => holder(name, lock.lock(), 10, log)));
    }, virtual());
    expect(log).toEqual(['a in at 0', 'b in at 10', 'c in at 20']);
  });

  test('release with a task waiting hands the lock over: locked() stays true and a new acquirer queues behind the waiter', async () => {
    const log: string[] = [];
    await run(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const waiter = yield* spawn(holder('waiter', lock.lock(), 10, log));
      yield* sleep(5);
      lock.release();
      log.push(`released, locked() = ${lock.locked()}`);
      yield* lock.acquire(); // the waiter was first: this one must wait for it
      log.push(`main in again at ${yield* now()}`);
      lock.release();
      yield* waiter;
    }, virtual());
    expect(log).toEqual(['released, locked() = true', 'waiter in at 5', 'main in again at 15']);
  });

  test('release on an unlocked lock throws InvalidStateError', () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(InvalidStateError);
    expect(() => lock.release()).toThrow(
      'lock.release(): the lock is not locked; release it exactly once per acquire(), or use `using _ = yield* lock.lock()`',
    );
  });

  test('a waiter cancelled before the handoff does not get the lock: the next waiter does', async () => {
    const log: string[] = [];
    await run(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const first = yield* spawn(lock.acquire());
      const second = yield* spawn(holder('second', lock.lock(), 0, log));
      yield* sleep(5);
      first.cancel();
      yield* sleep(5);
      lock.release();
      yield* second;
      log.push(`first cancelled: ${first.cancelled()}, locked: ${lock.locked()}`);
    }, virtual());
    expect(log).toEqual(['second in at 10', 'first cancelled: true, locked: false']);
  });

  test('a waiter handed the lock and cancelled in the same instant owns it, and its finally releases it', async () => {
    const log: string[] = [];
    await run(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      const waiter = yield* spawn(function* () {
        yield* lock.acquire();
        try {
          log.push(`waiter holds: ${lock.locked()}`);
          yield* sleep(10);
        } finally {
          lock.release();
          log.push(`waiter released at ${yield* now()}`);
        }
      }());
      yield* sleep(0);
      lock.release();
      waiter.cancel();
      yield* sleep(0);
      log.push(`cancelled: ${waiter.cancelled()}, locked: ${lock.locked()}`);
    }, virtual());
    expect(log).toEqual(['waiter holds: true', 'waiter released at 0', 'cancelled: true, locked: false']);
  });
});

describe('Lock: disposable form', () => {
  test('using lock.lock() holds the lock for the block and releases it on exit', async () => {
    const log: string[] = [];
    await run(function* () {
      const lock = new Lock();
      {
        using _held = yield* lock.lock();
        log.push(`inside: ${lock.locked()}`);
      }
      log.push(`after: ${lock.locked()}`);
    }, virtual());
    expect(log).toEqual(['inside: true', 'after: false']);
  });

  test('using lock.lock() releases the lock when the block throws', async () => {
    const seen = await run(function* () {
      const lock = new Lock();
      function* failing(): Operation<void> {
        using _held = yield* lock.lock();
        yield* sleep(1);
        throw new RangeError('boom');
      }
      try {
        yield* failing();
      } catch (error) {
        return [(error as Error).message, lock.locked()];
      }
      return null;
    }, virtual());
    expect(seen).toEqual(['boom', false]);
  });

  test('disposing the handle a second time does not release the lock again', async () => {
    const seen = await run(function* () {
      const lock = new Lock();
      const held = yield* lock.lock();
      held[Symbol.dispose]();
      yield* lock.acquire(); // someone else's hold
      held[Symbol.dispose]();
      return lock.locked();
    }, virtual());
    expect(seen).toBe(true);
  });
});

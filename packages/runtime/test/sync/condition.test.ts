import { describe, expect, test } from 'vitest';
import { Condition, InvalidStateError, Lock, gather, run, sleep, spawn, type Operation } from '../../src/index.js';
import { now, spawnAll, virtual } from './support.js';

/** A task that waits on `condition` once and logs when it has the lock back. */
function* waiter(condition: Condition, name: string, log: string[], holdMs = 0): Operation<void> {
  yield* condition.acquire();
  try {
    yield* condition.wait();
    log.push(`${name} woke at ${yield* now()} holding the lock: ${condition.locked()}`);
    if (holdMs > 0) yield* sleep(holdMs);
  } finally {
    condition.release();
  }
}

/** Calls `notify` with the condition's lock held. */
function* notifying(condition: Condition, notify: () => void): Operation<void> {
  using _held = yield* condition.lock();
  notify();
}

/** Waits once, logging how the wait ended and whether the lock was held then; releases the lock at the end. */
function* waitOnce(condition: Condition, log: string[]): Operation<void> {
  yield* condition.acquire();
  try {
    yield* condition.wait();
    log.push(`returned at ${yield* now()}, locked: ${condition.locked()}`);
    yield* sleep(10);
  } catch (error) {
    log.push(`caught ${(error as Error).name} at ${yield* now()}, locked: ${condition.locked()}`);
  } finally {
    condition.release();
    log.push(`released at ${yield* now()}`);
  }
}

describe('Condition: wait and notify', () => {
  test('wait releases the lock while waiting and holds it again when it returns', async () => {
    const log: string[] = [];
    await run(function* () {
      const condition = new Condition();
      const task = yield* spawn(waiter(condition, 'w', log));
      yield* sleep(10);
      log.push(`while waiting, locked: ${condition.locked()}`);
      yield* condition.acquire();
      condition.notify();
      yield* sleep(5);
      log.push(`main releases at ${yield* now()}`);
      condition.release();
      yield* task;
      log.push(`after, locked: ${condition.locked()}`);
    }, virtual());
    expect(log).toEqual(['while waiting, locked: false', 'main releases at 15', 'w woke at 15 holding the lock: true', 'after, locked: false']);
  });

  test('notify wakes one waiter at a time, longest-waiting first; notify(n) wakes n', async () => {
    const log: string[] = [];
    await run(function* () {
      const condition = new Condition();
      const tasks = yield* spawnAll(['w1', 'w2', 'w3'].map((name) => waiter(condition, name, log)));
      yield* sleep(10);
      yield* notifying(condition, () => condition.notify());
      yield* sleep(10);
      yield* notifying(condition, () => condition.notify(2));
      yield* gather(...tasks);
    }, virtual());
    expect(log).toEqual(['w1 woke at 10 holding the lock: true', 'w2 woke at 20 holding the lock: true', 'w3 woke at 20 holding the lock: true']);
  });

  test('notifyAll wakes every waiter; they take the lock back one after another in FIFO order', async () => {
    const log: string[] = [];
    await run(function* () {
      const condition = new Condition();
      const tasks = yield* spawnAll(['w1', 'w2', 'w3'].map((name) => waiter(condition, name, log, 5)));
      yield* sleep(10);
      yield* notifying(condition, () => condition.notifyAll());
      yield* gather(...tasks);
    }, virtual());
    expect(log).toEqual(['w1 woke at 10 holding the lock: true', 'w2 woke at 15 holding the lock: true', 'w3 woke at 20 holding the lock: true']);
  });

  test('notify with nobody waiting does nothing', async () => {
    const log: string[] = [];
    await run(function* () {
      const condition = new Condition();
      yield* condition.acquire();
      condition.notify();
      condition.notifyAll();
      condition.release();
      const task = yield* spawn(waiter(condition, 'w', log));
      yield* sleep(10);
      log.push(`w still waiting: ${!task.done()}`);
      task.cancel();
    }, virtual());
    expect(log).toEqual(['w still waiting: true']);
  });

  test('a waiter notified and cancelled in the same instant still returns from wait holding the lock', async () => {
    const log: string[] = [];
    await run(function* () {
      const condition = new Condition();
      const task = yield* spawn(waitOnce(condition, log));
      yield* sleep(0);
      yield* notifying(condition, () => condition.notify());
      task.cancel();
      yield* task;
    }, virtual());
    expect(log).toEqual(['returned at 0, locked: true', 'caught CancelledError at 0, locked: true', 'released at 0']);
  });
});

describe('Condition: cancellation', () => {
  test('a cancelled wait takes the lock back before the CancelledError reaches the caller', async () => {
    const log: string[] = [];
    await run(function* () {
      const condition = new Condition();
      const task = yield* spawn(waitOnce(condition, log));
      yield* sleep(5);
      yield* condition.acquire(); // the waiter gave the lock up while waiting
      task.cancel();
      yield* sleep(10);
      log.push(`main releases at ${yield* now()}`);
      condition.release(); // only now can the cancelled waiter take it back
      yield* task;
      log.push(`locked at the end: ${condition.locked()}`);
    }, virtual());
    expect(log).toEqual(['main releases at 15', 'caught CancelledError at 15, locked: true', 'released at 15', 'locked at the end: false']);
  });

  test('a cancelled waiter leaves the line: notify wakes the next one', async () => {
    const log: string[] = [];
    await run(function* () {
      const condition = new Condition();
      const first = yield* spawn(waiter(condition, 'w1', log));
      const second = yield* spawn(waiter(condition, 'w2', log));
      yield* sleep(5);
      first.cancel();
      yield* sleep(5);
      yield* notifying(condition, () => condition.notify());
      yield* second;
      log.push(`w1 cancelled: ${first.cancelled()}`);
    }, virtual());
    expect(log).toEqual(['w2 woke at 10 holding the lock: true', 'w1 cancelled: true']);
  });
});

describe('Condition: waitFor', () => {
  test('waitFor returns the first truthy value of the predicate, checking after each notification', async () => {
    const log: string[] = [];
    await run(function* () {
      const condition = new Condition();
      const items: string[] = [];
      let checks = 0;
      const consumer = yield* spawn(function* () {
        using _held = yield* condition.lock();
        const item = yield* condition.waitFor(() => {
          checks++;
          return items.shift();
        });
        log.push(`got ${item} at ${yield* now()} after ${checks} checks`);
      }());
      for (let i = 0; i < 2; i++) {
        yield* sleep(10);
        using _held = yield* condition.lock();
        condition.notify(); // nothing yet: the consumer checks and waits again
      }
      yield* sleep(10);
      {
        using _held = yield* condition.lock();
        items.push('apple');
        condition.notify();
      }
      yield* consumer;
    }, virtual());
    expect(log).toEqual(['got apple at 30 after 4 checks']);
  });

  test('waitFor returns at once, holding the lock, when the predicate is already true', async () => {
    const seen = await run(function* () {
      const condition = new Condition();
      yield* condition.acquire();
      const value = yield* condition.waitFor(() => 42);
      return [value, condition.locked(), yield* now()];
    }, virtual());
    expect(seen).toEqual([42, true, 0]);
  });

  test('a predicate that is not a function is a TypeError at the call', () => {
    const condition = new Condition();
    expect(() => condition.waitFor(true as unknown as () => boolean)).toThrow(new TypeError('condition.waitFor(predicate): predicate must be a function, got boolean true'));
  });
});

describe('Condition: the lock', () => {
  test('wait, waitFor, notify and notifyAll without holding the lock throw InvalidStateError', async () => {
    const errors = await run(function* () {
      const condition = new Condition();
      const seen: string[] = [];
      const attempts: [string, () => Operation<unknown>][] = [
        ['wait', () => condition.wait()],
        ['waitFor', () => condition.waitFor(() => true)],
        [
          'notify',
          function* () {
            condition.notify();
          },
        ],
        [
          'notifyAll',
          function* () {
            condition.notifyAll();
          },
        ],
      ];
      for (const [, attempt] of attempts) {
        try {
          yield* attempt();
        } catch (error) {
          seen.push(`${(error as Error).name}: ${(error as Error).message}`);
        }
      }
      return seen;
    }, virtual());
    const hint = "the condition's lock is not held; acquire it first (using _ = yield* condition.lock())";
    expect(errors).toEqual([
      `InvalidStateError: condition.wait(): ${hint}`,
      `InvalidStateError: condition.waitFor(): ${hint}`,
      `InvalidStateError: condition.notify(): ${hint}`,
      `InvalidStateError: condition.notifyAll(): ${hint}`,
    ]);
  });

  test('new Condition(lock) uses the given lock', async () => {
    const seen = await run(function* () {
      const lock = new Lock();
      const condition = new Condition(lock);
      yield* lock.acquire();
      const viaCondition = condition.locked();
      condition.release();
      return [viaCondition, lock.locked()];
    }, virtual());
    expect(seen).toEqual([true, false]);
  });

  test('using condition.lock() releases the lock when the block throws', async () => {
    const seen = await run(function* () {
      const condition = new Condition();
      function* failing(): Operation<void> {
        using _held = yield* condition.lock();
        yield* sleep(1);
        throw new Error('boom');
      }
      try {
        yield* failing();
      } catch {
        // expected
      }
      return condition.locked();
    }, virtual());
    expect(seen).toBe(false);
  });

  test('a lock that is not a Lock is a TypeError; a bad n for notify is a RangeError', () => {
    expect(() => new Condition({} as Lock)).toThrow(new TypeError('new Condition(lock): lock must be a Lock, got an object'));
    const condition = new Condition();
    expect(() => condition.notify(-1)).toThrow(new RangeError('condition.notify(n): n must be an integer >= 0 or Infinity, got -1'));
    expect(() => condition.release()).toThrow(InvalidStateError);
  });
});

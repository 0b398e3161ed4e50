/**
 * `Condition`: wait for a notification while holding a lock (asyncio's
 * `Condition`).
 *
 * `wait()` releases the lock, waits in FIFO order for `notify`, then takes
 * the lock back before returning. Invariants:
 * - `wait()` always returns or throws holding the lock. When the wait is
 *   cancelled the lock is re-acquired under `shield` before the
 *   `CancelledError` goes on, so the caller's `finally` can release it.
 * - A notification is never lost: `notify` wakes the waiter with a value, so
 *   a waiter cancelled after being notified still returns normally (the
 *   cancellation arrives at its next suspension point). asyncio instead
 *   raises and passes the notification on to another waiter.
 * - `wait`, `waitFor`, `notify` and `notifyAll` require the lock to be held
 *   (`InvalidStateError`); the lock has no owner, so "held" means locked.
 *
 * Costs: `notify(n)` is O(n); a wait is one waiter plus the lock's
 * re-acquisition.
 *
 * @module
 */
import { InvalidStateError } from '../errors.js';
import { describe, rejectAwait, type Instruction, type Operation } from '../operation.js';
import { shield } from '../task/shield.js';
import { Lock } from './lock.js';
import { holding } from './permits.js';
import { WAIT, WaitList, Waiter, assertCount } from './waiter.js';

/**
 * A condition variable for tasks (asyncio's `Condition`), over `lock` or a
 * lock of its own.
 *
 * @example
 * ```ts
 * const changed = new Condition();
 * let items: string[] = [];
 *
 * function* consumer(): Operation<string> {
 *   using _ = yield* changed.lock();
 *   yield* changed.waitFor(() => items.length > 0);
 *   return items.shift()!;
 * }
 *
 * function* producer(item: string): Operation<void> {
 *   using _ = yield* changed.lock();
 *   items.push(item);
 *   changed.notify();
 * }
 * ```
 */
export class Condition {
  /** @internal */
  readonly _lock: Lock;
  /** @internal */
  readonly _waiters = new WaitList<ConditionWait>();

  constructor(lock?: Lock) {
    if (lock !== undefined && !(lock instanceof Lock)) {
      throw new TypeError(`new Condition(lock): lock must be a Lock, got ${describe(lock)}`);
    }
    this._lock = lock ?? new Lock();
  }

  /**
   * Acquires the underlying lock.
   *
   * @example
   * ```ts
   * yield* condition.acquire();
   * ```
   */
  acquire(): Operation<void> {
    return this._lock.acquire();
  }

  /**
   * Releases the underlying lock (`InvalidStateError` when it is not locked).
   *
   * @example
   * ```ts
   * condition.release();
   * ```
   */
  release(): void {
    this._lock.release();
  }

  /**
   * True while the underlying lock is held.
   *
   * @example
   * ```ts
   * condition.locked(); // false
   * ```
   */
  locked(): boolean {
    return this._lock.locked();
  }

  /**
   * Acquires the underlying lock and returns a `Disposable` that releases it.
   *
   * @example
   * ```ts
   * using _ = yield* condition.lock();
   * condition.notifyAll();
   * ```
   */
  lock(): Operation<Disposable> {
    return holding(this);
  }

  /**
   * Releases the lock, waits until notified, then re-acquires the lock and
   * returns. The lock must be held (`InvalidStateError`); it is held again
   * when `wait` returns or throws, cancellation included.
   *
   * @example
   * ```ts
   * using _ = yield* condition.lock();
   * while (!ready) yield* condition.wait();
   * ```
   */
  wait(): Operation<void> {
    return waitOn(this, 'condition.wait()');
  }

  /**
   * Waits until `predicate()` returns a truthy value and returns that value.
   * The predicate is called with the lock held: once at first, then after
   * each notification. The lock must be held (`InvalidStateError`).
   *
   * @example
   * ```ts
   * using _ = yield* condition.lock();
   * const item = yield* condition.waitFor(() => items.shift());
   * ```
   */
  waitFor<R>(predicate: () => R): Operation<R> {
    if (typeof predicate !== 'function') {
      throw new TypeError(`condition.waitFor(predicate): predicate must be a function, got ${describe(predicate)}`);
    }
    return waitUntil(this, predicate);
  }

  /**
   * Wakes up to `n` waiting tasks, longest-waiting first. The lock must be
   * held (`InvalidStateError`); the woken tasks return from `wait` once they
   * get the lock back.
   *
   * @example
   * ```ts
   * using _ = yield* condition.lock();
   * items.push(item);
   * condition.notify();
   * ```
   */
  notify(n = 1): void {
    assertCount(n, 0, 'condition.notify(n): n', true);
    this._assertLocked('condition.notify()');
    for (let woken = 0; woken < n; woken++) {
      const waiter = this._waiters.shift();
      if (waiter === null) return;
      waiter._wake(undefined);
    }
  }

  /**
   * Wakes every waiting task. The lock must be held (`InvalidStateError`).
   *
   * @example
   * ```ts
   * using _ = yield* condition.lock();
   * done = true;
   * condition.notifyAll();
   * ```
   */
  notifyAll(): void {
    this._assertLocked('condition.notifyAll()');
    this._waiters.wakeAll(undefined);
  }

  /** @internal */
  _assertLocked(where: string): void {
    if (!this._lock.locked()) {
      throw new InvalidStateError(`${where}: the condition's lock is not held; acquire it first (using _ = yield* condition.lock())`);
    }
  }
}

function* waitOn(condition: Condition, where: string): Generator<Instruction, void, unknown> {
  condition._assertLocked(where);
  condition._lock.release();
  try {
    yield* new ConditionWait(condition);
  } finally {
    // Whatever ends the wait, the caller gets the lock back, even while cancelled.
    yield* shield(condition._lock.acquire());
  }
}

function* waitUntil<R>(condition: Condition, predicate: () => R): Generator<Instruction, R, unknown> {
  condition._assertLocked('condition.waitFor()');
  for (;;) {
    const result = predicate();
    if (result) return result;
    yield* waitOn(condition, 'condition.waitFor()');
  }
}

/** The wait for a notification: always waits. */
class ConditionWait extends Waiter<void> {
  constructor(private readonly condition: Condition) {
    super();
  }

  get kind(): string {
    return 'condition';
  }

  override _describe(label: (target: object, kind: string) => string): string {
    return `condition.wait() on ${label(this.condition, 'Condition')} (not notified)`;
  }

  protected get _list(): WaitList<ConditionWait> {
    return this.condition._waiters;
  }

  protected _now(): typeof WAIT {
    return WAIT;
  }

  protected _again(): ConditionWait {
    return new ConditionWait(this.condition);
  }
}

// `await` of these operations rejects with a TypeError saying to use yield* (operation.ts).
rejectAwait(waitOn, waitUntil);

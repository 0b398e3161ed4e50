/**
 * `Lock`: mutual exclusion between tasks (asyncio's `Lock`).
 *
 * One permit (see permits.ts). Like asyncio's, the lock has no owner: any
 * code may release it, and releasing an unlocked lock is an error.
 *
 * Invariants:
 * - Fair: `release()` with tasks waiting hands the lock to the first of
 *   them, so `locked()` stays true across the handoff and a task that calls
 *   `acquire()` in between queues behind them instead of barging in.
 *   (asyncio's lock frees itself and lets the woken task take it when it runs.)
 * - A waiter cancelled before the handoff leaves the queue without the lock;
 *   one cancelled after it owns the lock and must release it (its `finally`
 *   does, when acquire and release are paired in try/finally or `using`).
 *
 * Costs: acquiring a free lock and releasing are O(1) function calls.
 *
 * @module
 */
import { InvalidStateError } from '../errors.js';
import type { Operation } from '../operation.js';
import { Permits } from './permits.js';

/**
 * A lock for tasks on one loop (asyncio's `Lock`). Prefer the disposable
 * form, which releases on every way out of the block.
 *
 * @example
 * ```ts
 * const lock = new Lock();
 * function* increment(): Operation<void> {
 *   using _ = yield* lock.lock();
 *   const value = counter;
 *   yield* sleep(1);
 *   counter = value + 1;
 * }
 * ```
 */
export class Lock {
  private readonly permits = new Permits(1, 'lock');

  /**
   * Waits until the lock is free, then locks it. Returns without yielding
   * when the lock is free and nobody waits for it.
   *
   * @example
   * ```ts
   * yield* lock.acquire();
   * try {
   *   yield* writeFile();
   * } finally {
   *   lock.release();
   * }
   * ```
   */
  acquire(): Operation<void> {
    return this.permits.acquire();
  }

  /**
   * Unlocks; the first waiting task, if any, gets the lock. Throws
   * `InvalidStateError` when the lock is not locked.
   *
   * @example
   * ```ts
   * lock.release();
   * ```
   */
  release(): void {
    if (!this.locked()) {
      throw new InvalidStateError('lock.release(): the lock is not locked; release it exactly once per acquire(), or use `using _ = yield* lock.lock()`');
    }
    this.permits.release();
  }

  /**
   * True while the lock is held (or being handed to a waiting task).
   *
   * @example
   * ```ts
   * if (!lock.locked()) console.log('free');
   * ```
   */
  locked(): boolean {
    return this.permits._held > 0;
  }

  /**
   * Acquires the lock and returns a `Disposable` that releases it: with
   * `using`, the lock is released however the block exits.
   *
   * @example
   * ```ts
   * {
   *   using _ = yield* lock.lock();
   *   yield* writeFile();
   * } // released here, also on throw or cancellation
   * ```
   */
  lock(): Operation<Disposable> {
    return this.permits.hold(this);
  }
}

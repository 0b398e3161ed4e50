/**
 * `CapacityLimiter`: at most `totalTokens` tasks at a time (Trio's).
 *
 * Built on the shared permits mechanism (permits.ts): the grantable count is
 * `totalTokens - borrowedTokens`, waiters are served FIFO and a returned
 * token goes straight to the first of them.
 *
 * Differences from Trio, on purpose:
 * - Tokens are anonymous: Trio records which task borrowed each token and
 *   refuses a second borrow by the same task or a release by another. Here a
 *   token is a count, like a semaphore permit; only releasing more than is
 *   borrowed is refused (`InvalidStateError`).
 * - Acquiring a free token returns without yielding (Trio always
 *   checkpoints): a job that need not wait is a function call.
 *
 * Invariants: `borrowedTokens` never exceeds `totalTokens` through a grant;
 * it can only be above it after the total was lowered, and then nothing is
 * granted until enough comes back. Raising the total wakes waiters at once.
 *
 * Costs: O(1) per acquire and release, plus O(1) per waiter woken.
 *
 * @module
 */
import { InvalidStateError, WouldBlock } from '../errors.js';
import type { Operation } from '../operation.js';
import { Permits } from './permits.js';
import { assertCount } from './waiter.js';

/**
 * Limits how many tasks run a section at once (Trio's `CapacityLimiter`).
 * `totalTokens` is an integer >= 1 or `Infinity`, and can be changed while
 * tasks hold and wait for tokens.
 *
 * @example
 * ```ts
 * const limiter = new CapacityLimiter(64);
 * yield* taskGroup(function* (group) {
 *   for (const job of jobs) {
 *     group.spawn(function* () {
 *       using _ = yield* limiter.permit(); // at most 64 jobs at a time
 *       yield* job();
 *     }());
 *   }
 * });
 * ```
 */
export class CapacityLimiter {
  private readonly permits: Permits;

  constructor(totalTokens: number) {
    assertCount(totalTokens, 1, 'new CapacityLimiter(totalTokens): totalTokens', true);
    this.permits = new Permits(totalTokens, 'limiter');
  }

  /**
   * How many tokens may be borrowed at once. Raising it lets waiting tasks
   * in at once; lowering it below `borrowedTokens` only stops new grants
   * until enough tokens are released. An integer >= 1 or `Infinity`.
   *
   * @example
   * ```ts
   * limiter.totalTokens = 128; // wakes up to 64 more waiters
   * ```
   */
  get totalTokens(): number {
    return this.permits.limit;
  }

  set totalTokens(value: number) {
    assertCount(value, 1, 'capacityLimiter.totalTokens', true);
    this.permits.setLimit(value);
  }

  /**
   * How many tokens are held now.
   *
   * @example
   * ```ts
   * limiter.borrowedTokens; // 3
   * ```
   */
  get borrowedTokens(): number {
    return this.permits._held;
  }

  /**
   * How many tokens could be borrowed now (0, not negative, while more
   * than `totalTokens` are held after lowering it).
   *
   * @example
   * ```ts
   * limiter.availableTokens; // totalTokens - borrowedTokens
   * ```
   */
  get availableTokens(): number {
    return Math.max(0, this.permits.available);
  }

  /**
   * Borrows a token, waiting in FIFO order while none is free. Returns
   * without yielding when one is free and nobody waits.
   *
   * @example
   * ```ts
   * yield* limiter.acquire();
   * try {
   *   yield* job();
   * } finally {
   *   limiter.release();
   * }
   * ```
   */
  acquire(): Operation<void> {
    return this.permits.acquire();
  }

  /**
   * Borrows a token without waiting; throws `WouldBlock` when none is free
   * or other tasks are already waiting for one.
   *
   * @example
   * ```ts
   * try {
   *   limiter.acquireNowait();
   * } catch (error) {
   *   if (error instanceof WouldBlock) console.log('busy');
   * }
   * ```
   */
  acquireNowait(): void {
    if (!this.permits.tryAcquire()) {
      throw new WouldBlock(`capacityLimiter.acquireNowait(): no token is free (${this.borrowedTokens} of ${this.totalTokens} borrowed, ${this.permits._waiters.length} waiting); use yield* limiter.acquire() to wait`);
    }
  }

  /**
   * Returns a token; the first waiting task gets it if the total allows.
   * Throws `InvalidStateError` when no token is borrowed.
   *
   * @example
   * ```ts
   * limiter.release();
   * ```
   */
  release(): void {
    if (this.borrowedTokens <= 0) {
      throw new InvalidStateError('capacityLimiter.release(): no token is borrowed; release once per acquire(), or use `using _ = yield* limiter.permit()`');
    }
    this.permits.release();
  }

  /**
   * Borrows a token and returns a `Disposable` that releases it: with
   * `using`, the token comes back however the block exits.
   *
   * @example
   * ```ts
   * using _ = yield* limiter.permit();
   * yield* job();
   * ```
   */
  permit(): Operation<Disposable> {
    return this.permits.hold(this);
  }
}

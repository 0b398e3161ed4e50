/**
 * `CapacityLimiter`: at most `totalTokens` borrowers at a time (Trio's).
 *
 * Built on the shared permits mechanism (permits.ts): the grantable count is
 * `totalTokens - borrowedTokens`, waiters are served FIFO and a returned
 * token goes straight to the first of them.
 *
 * As in Trio, every token has a borrower: `acquire()`, `acquireNowait()`
 * and `permit()` borrow on behalf of the task running them, and
 * `acquireOnBehalfOf(borrower)` on behalf of any object (a request, a
 * connection). A borrower holds at most one token, and only a borrower can
 * give one back (`InvalidStateError` otherwise), so `statistics()` can say
 * who holds the tokens. The borrower is recorded when the token is granted
 * (at once, or when a waiter is woken), in the same step, so a token is
 * never held without one.
 *
 * Difference from Trio, on purpose: acquiring a free token returns without
 * yielding (Trio always checkpoints): a job that need not wait is a
 * function call.
 *
 * Invariants: `borrowedTokens` equals the number of borrowers and never
 * exceeds `totalTokens` through a grant; it can only be above it after the
 * total was lowered, and then nothing is granted until enough comes back.
 * Raising the total wakes waiters at once, in FIFO order.
 *
 * Costs: O(1) per acquire and release (a Set insertion or deletion), plus
 * O(1) per waiter woken.
 *
 * @module
 */
import { InvalidStateError, WouldBlock } from '../errors.js';
import { describe, type Operation } from '../operation.js';
import { currentTaskOrThrow } from '../task/task.js';
import { PermitWaiter, Permits } from './permits.js';
import { assertCount, type WAIT } from './waiter.js';

/** What {@link CapacityLimiter.statistics} returns (Trio's `CapacityLimiterStatistics`). */
export interface CapacityLimiterStatistics {
  /** Who holds a token now, in the order they got it. */
  borrowers: unknown[];
  /** How many are waiting for a token. */
  tasksWaiting: number;
  /** How many tokens may be borrowed at once. */
  totalTokens: number;
  /** How many tokens are borrowed now. */
  borrowedTokens: number;
}

/** Stands for "the task running the operation" until the operation runs. */
const CURRENT_TASK: unique symbol = Symbol('the current task');

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
  /** @internal */ readonly _permits: Permits;
  /** @internal Who holds a token, in grant order. */
  readonly _borrowers = new Set<unknown>();

  constructor(totalTokens: number) {
    assertCount(totalTokens, 1, 'new CapacityLimiter(totalTokens): totalTokens', true);
    this._permits = new Permits(totalTokens, 'limiter');
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
    return this._permits.limit;
  }

  set totalTokens(value: number) {
    assertCount(value, 1, 'capacityLimiter.totalTokens', true);
    this._permits.setLimit(value);
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
    return this._permits._held;
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
    return Math.max(0, this._permits.available);
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
    return new Borrow(this, CURRENT_TASK);
  }

  /**
   * Borrows a token on behalf of `borrower` (any value: a request, a
   * connection), waiting in FIFO order while none is free. A borrower
   * holds at most one token: borrowing again before releasing is an
   * `InvalidStateError`.
   *
   * @example
   * ```ts
   * yield* limiter.acquireOnBehalfOf(request);
   * try {
   *   yield* handle(request);
   * } finally {
   *   limiter.releaseOnBehalfOf(request);
   * }
   * ```
   */
  acquireOnBehalfOf(borrower: unknown): Operation<void> {
    return new Borrow(this, borrower);
  }

  /**
   * Borrows a token on behalf of `borrower` without waiting; throws
   * `WouldBlock` when none is free or tasks are already waiting.
   *
   * @example
   * ```ts
   * limiter.acquireOnBehalfOfNowait(connection);
   * ```
   */
  acquireOnBehalfOfNowait(borrower: unknown): void {
    this._assertNotBorrowing(borrower, 'capacityLimiter.acquireOnBehalfOfNowait(borrower)');
    if (!this._permits.tryAcquire()) throw this.wouldBlock('capacityLimiter.acquireOnBehalfOfNowait(borrower)');
    this._borrowers.add(borrower);
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
    const task = currentTaskOrThrow('capacityLimiter.acquireNowait()');
    this._assertNotBorrowing(task, 'capacityLimiter.acquireNowait()');
    if (!this._permits.tryAcquire()) throw this.wouldBlock('capacityLimiter.acquireNowait()');
    this._borrowers.add(task);
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
    this.releaseFor(currentTaskOrThrow('capacityLimiter.release()'), 'capacityLimiter.release()');
  }

  /**
   * Returns the token `borrower` holds; the first waiting task gets it if
   * the total allows. Throws `InvalidStateError` when `borrower` holds none.
   *
   * @example
   * ```ts
   * limiter.releaseOnBehalfOf(request);
   * ```
   */
  releaseOnBehalfOf(borrower: unknown): void {
    this.releaseFor(borrower, 'capacityLimiter.releaseOnBehalfOf(borrower)');
  }

  /**
   * Who holds the tokens and how many wait (Trio's `statistics()`).
   *
   * @example
   * ```ts
   * const { borrowers, tasksWaiting } = limiter.statistics();
   * console.log(`${borrowers.length} running, ${tasksWaiting} waiting`);
   * ```
   */
  statistics(): CapacityLimiterStatistics {
    return { borrowers: [...this._borrowers], tasksWaiting: this._permits._waiters.length, totalTokens: this.totalTokens, borrowedTokens: this.borrowedTokens };
  }

  /** @internal */
  _assertNotBorrowing(borrower: unknown, where: string): void {
    if (this._borrowers.has(borrower)) {
      throw new InvalidStateError(`${where}: ${describeBorrower(borrower)} already holds one of this CapacityLimiter's tokens; a borrower holds at most one (release it first)`);
    }
  }

  private releaseFor(borrower: unknown, where: string): void {
    if (!this._borrowers.delete(borrower)) {
      throw new InvalidStateError(`${where}: ${describeBorrower(borrower)} holds none of this CapacityLimiter's tokens; release once per acquire, by the borrower (or use \`using _ = yield* limiter.permit()\`)`);
    }
    this._permits.release();
  }

  private wouldBlock(where: string): WouldBlock {
    return new WouldBlock(`${where}: no token is free (${this.borrowedTokens} of ${this.totalTokens} borrowed, ${this._permits._waiters.length} waiting); use yield* limiter.acquire() to wait`);
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
    return new PermitBorrow(this, CURRENT_TASK);
  }
}

function describeBorrower(borrower: unknown): string {
  if (typeof borrower === 'object' && borrower !== null && 'name' in borrower && 'id' in borrower && typeof (borrower as { name: unknown }).name === 'string') {
    return `task "${(borrower as { name: string }).name}"`;
  }
  return `borrower ${describe(borrower)}`;
}

/**
 * A permit whose grant records its borrower: the task running the call when
 * the borrower asked for is {@link CURRENT_TASK}, resolved each time the
 * operation starts (so one operation value run by two tasks borrows for
 * each in turn). A borrower that already holds a token is refused before it
 * queues.
 */
abstract class Borrowing<T> extends PermitWaiter<T> {
  /** The borrower this run records: `requested`, or the task running it. */
  protected borrower: unknown;

  constructor(
    protected readonly limiter: CapacityLimiter,
    /** The borrower asked for: an object, or {@link CURRENT_TASK}. */
    protected readonly requested: unknown,
  ) {
    super(limiter._permits);
    this.borrower = requested;
  }

  override get kind(): string {
    return 'limiter';
  }

  /** The call, for error messages, when it borrows for the current task. */
  protected abstract get call(): string;

  protected override _now(): T | typeof WAIT {
    let where = 'capacityLimiter.acquireOnBehalfOf(borrower)';
    if (this.requested === CURRENT_TASK) {
      where = this.call;
      this.borrower = currentTaskOrThrow(where);
    }
    this.limiter._assertNotBorrowing(this.borrower, where);
    return super._now();
  }

  /** Records the borrower of the token just granted. */
  protected _lend(): void {
    this.limiter._borrowers.add(this.borrower);
  }
}

/** `acquire()` / `acquireOnBehalfOf(borrower)`. */
class Borrow extends Borrowing<void> {
  protected get call(): string {
    return 'capacityLimiter.acquire()';
  }

  _granted(): void {
    this._lend();
  }

  protected _again(): Borrow {
    return new Borrow(this.limiter, this.requested);
  }
}

/**
 * `permit()`: borrows for the task running it, as `acquire()` does, and
 * hands back the {@link Loan} that returns the token. Like every waiter it
 * is its own operation and iterator: a free token costs this object and
 * the Loan, with no generator, and a task that has to wait parks this same
 * object in the line.
 */
class PermitBorrow extends Borrowing<Disposable> {
  protected get call(): string {
    return 'capacityLimiter.permit()';
  }

  _granted(): Disposable {
    this._lend();
    return new Loan(this.limiter, this.borrower);
  }

  protected _again(): PermitBorrow {
    return new PermitBorrow(this.limiter, this.requested);
  }
}

/** The token a `permit()` borrowed: disposing it returns the token on the borrower's behalf, once (again does nothing). */
class Loan implements Disposable {
  constructor(
    private limiter: CapacityLimiter | null,
    private readonly borrower: unknown,
  ) {}

  [Symbol.dispose](): void {
    const limiter = this.limiter;
    if (limiter === null) return;
    this.limiter = null;
    limiter.releaseOnBehalfOf(this.borrower);
  }
}

/**
 * Permits: the one mechanism behind `Lock`, `Semaphore`/`BoundedSemaphore`
 * and `CapacityLimiter` — a limit, how many permits are held, and a FIFO of
 * tasks waiting for one. Counting what is held rather than what is free
 * keeps an infinite limit (a `CapacityLimiter(Infinity)`) exact.
 *
 * Invariants:
 * - Fair, by handoff. A returned permit goes straight to the first waiter
 *   (`held` does not move), so while anyone waits nothing is free and a
 *   newcomer queues behind the waiters even at the instant of a release;
 *   nobody barges.
 * - `held` may exceed the limit only after the limit was lowered (a
 *   `CapacityLimiter`); nothing is granted until enough comes back.
 * - A waiter that leaves (cancelled) consumed nothing; a woken waiter owns
 *   its permit even if it is cancelled before it runs (see waiter.ts).
 *
 * Costs: acquiring a free permit is a comparison and an increment inside
 * `next()`; releasing is O(1), plus O(1) per waiter it wakes.
 *
 * The file also holds the disposable form (`using _ = yield* lock.lock()`)
 * that the lock-like classes share. Like the plain `acquire()`, it is an
 * operation object rather than a generator: a permit that is free is taken
 * when `yield*` starts it, and only a task that must wait gets a waiter
 * (which hands it the `Disposable` with its permit), so a task parked on a
 * limiter holds one waiter and no generator frame.
 *
 * @module
 */
import { finishedWith, rejectAwait, type Instruction, type Operation } from '../operation.js';
import { WAIT, WaitList, Waiter } from './waiter.js';

/** The public class behind each kind of permits, for reports. */
const PERMIT_OWNERS: Record<string, string> = { lock: 'Lock', semaphore: 'Semaphore', limiter: 'CapacityLimiter' };

/** @internal A number of permits, how many are held, and the tasks waiting for one. */
export class Permits {
  /** @internal Permits held now (negative for a semaphore released more than acquired). */
  _held = 0;
  /** @internal */
  readonly _waiters = new WaitList<PermitWaiter<unknown>>();

  /**
   * @param _limit how many permits may be held at once (`Infinity` allowed).
   * @param kind what a task waits on, for traces: `lock`, `semaphore`, `limiter`.
   */
  constructor(
    private _limit: number,
    readonly kind: string,
  ) {}

  /** How many permits may be held at once. */
  get limit(): number {
    return this._limit;
  }

  /** Permits that can be granted now; negative after the limit was lowered below what is held. */
  get available(): number {
    return this._limit - this._held;
  }

  /** Takes a permit if one is free and nobody waits for it; true when taken. */
  tryAcquire(): boolean {
    if (this._held < this._limit && this._waiters.length === 0) {
      this._held++;
      return true;
    }
    return false;
  }

  /** An operation that takes one permit, waiting in line for it if needed. */
  acquire(): Operation<void> {
    return new PermitWait(this);
  }

  /** Waits in line for a permit, then returns a `Disposable` that calls `target.release()` once. */
  hold(target: Releasable): Operation<Disposable> {
    return new PermitHold(this, target);
  }

  /** Returns a permit, then hands what is free to waiters. */
  release(): void {
    this._held--;
    this.grant();
  }

  /** Changes how many permits may be held at once, then hands what is free to waiters. */
  setLimit(limit: number): void {
    this._limit = limit;
    this.grant();
  }

  /** Hands free permits to waiters in FIFO order. */
  private grant(): void {
    while (this._held < this._limit) {
      const waiter = this._waiters.shift();
      if (waiter === null) return;
      this._held++;
      waiter._wake(waiter._granted());
    }
  }
}

/** @internal A task waiting in line for a permit; woken with what {@link PermitWaiter._granted} makes. */
export abstract class PermitWaiter<T> extends Waiter<T> {
  constructor(protected readonly permits: Permits) {
    super();
  }

  get kind(): string {
    return this.permits.kind;
  }

  override _describe(label: (target: object, kind: string) => string): string {
    const permits = this.permits;
    const owner = PERMIT_OWNERS[permits.kind] ?? permits.kind;
    const state = permits.kind === 'lock' ? 'held' : `${permits.available} of ${permits.limit} free`;
    return `${permits.kind}.acquire() on ${label(permits, owner)} (${state})`;
  }

  protected get _list(): WaitList<PermitWaiter<unknown>> {
    return this.permits._waiters;
  }

  /** What the caller gets along with its permit (made when the permit is granted, at once or on wake). */
  abstract _granted(): T;

  protected _now(): T | typeof WAIT {
    return this.permits.tryAcquire() ? this._granted() : WAIT;
  }
}

/** `acquire()`. */
class PermitWait extends PermitWaiter<void> {
  _granted(): void {}

  protected _again(): PermitWait {
    return new PermitWait(this.permits);
  }
}

/** `permit()` / `lock()` that had to wait: woken with the `Disposable` that releases its permit. */
class PermitHoldWait extends PermitWaiter<Disposable> {
  constructor(
    permits: Permits,
    private readonly target: Releasable,
  ) {
    super(permits);
  }

  _granted(): Disposable {
    return new Held(this.target);
  }

  protected _again(): PermitHoldWait {
    return new PermitHoldWait(this.permits, this.target);
  }
}

/** `permit()` / `lock()`: a free permit is taken when `yield*` starts the call; otherwise the task waits in a {@link PermitHoldWait}. */
class PermitHold implements Operation<Disposable> {
  constructor(
    private readonly permits: Permits,
    private readonly target: Releasable,
  ) {}

  [Symbol.iterator](): Iterator<Instruction, Disposable, unknown> {
    return this.permits.tryAcquire() ? finishedWith<Disposable>(new Held(this.target)) : new PermitHoldWait(this.permits, this.target);
  }
}

/** @internal Something held between an `acquire()` and a `release()`. */
export interface Releasable {
  acquire(): Operation<void>;
  release(): void;
}

/** Releases what it holds when disposed, once (disposing again does nothing). */
class Held implements Disposable {
  constructor(private target: Releasable | null) {}

  [Symbol.dispose](): void {
    const target = this.target;
    if (target === null) return;
    this.target = null;
    target.release();
  }
}

/**
 * @internal Acquires `target`, then returns a `Disposable` that releases it:
 * the body of `condition.lock()`, whose lock is not a {@link Permits} of its own.
 */
export function* holding(target: Releasable): Generator<Instruction, Disposable, unknown> {
  yield* target.acquire();
  return new Held(target);
}

// `await` of these operations rejects with a TypeError saying to use yield* (operation.ts).
rejectAwait(PermitHold, holding);

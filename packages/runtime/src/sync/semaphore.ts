/**
 * `Semaphore` and `BoundedSemaphore`: a counter of permits (asyncio's).
 *
 * Built on the shared permits mechanism (permits.ts): FIFO, fair by
 * handoff — a release with tasks waiting gives the permit to the first of
 * them and leaves `value` at 0, so nobody barges past the queue.
 * `BoundedSemaphore` additionally refuses a release that would raise the
 * value above where it started, which catches a release without an acquire.
 *
 * Costs: acquire without waiting and release are O(1) function calls.
 *
 * @module
 */
import { InvalidStateError } from '../errors.js';
import type { Operation } from '../operation.js';
import { Permits } from './permits.js';
import { assertCount } from './waiter.js';

/**
 * A semaphore for tasks (asyncio's `Semaphore`): `acquire()` takes one of
 * `value` permits, waiting in FIFO order while none is left; `release()`
 * returns one. `value` < 0 is a `RangeError`.
 *
 * @example
 * ```ts
 * const downloads = new Semaphore(3);
 * function* download(url: string): Operation<string> {
 *   using _ = yield* downloads.permit(); // at most 3 at a time
 *   return yield* call((signal) => fetch(url, { signal }).then((r) => r.text()));
 * }
 * ```
 */
export class Semaphore {
  private readonly permits: Permits;

  constructor(value = 1) {
    assertCount(value, 0, `new ${new.target.name}(value): value`);
    this.permits = new Permits(value, 'semaphore');
  }

  /**
   * The number of permits free now (0 while tasks wait).
   *
   * @example
   * ```ts
   * new Semaphore(2).value; // 2
   * ```
   */
  get value(): number {
    return this.permits.available;
  }

  /**
   * Takes a permit, waiting in line while none is free. Returns without
   * yielding when one is free and nobody waits.
   *
   * @example
   * ```ts
   * yield* semaphore.acquire();
   * try {
   *   yield* work();
   * } finally {
   *   semaphore.release();
   * }
   * ```
   */
  acquire(): Operation<void> {
    return this.permits.acquire();
  }

  /**
   * Returns a permit; the first waiting task, if any, gets it.
   *
   * @example
   * ```ts
   * semaphore.release();
   * ```
   */
  release(): void {
    this.permits.release();
  }

  /**
   * True when `acquire()` would have to wait.
   *
   * @example
   * ```ts
   * const semaphore = new Semaphore(1);
   * yield* semaphore.acquire();
   * semaphore.locked(); // true
   * ```
   */
  locked(): boolean {
    return this.permits.available <= 0;
  }

  /**
   * Acquires a permit and returns a `Disposable` that releases it: with
   * `using`, the permit is returned however the block exits.
   *
   * @example
   * ```ts
   * using _ = yield* semaphore.permit();
   * yield* work();
   * ```
   */
  permit(): Operation<Disposable> {
    return this.permits.hold(this);
  }
}

/**
 * A {@link Semaphore} that throws `InvalidStateError` when released more
 * times than it was acquired, that is, when the value would rise above the
 * initial one (asyncio's `BoundedSemaphore`).
 *
 * @example
 * ```ts
 * const pool = new BoundedSemaphore(2);
 * pool.release(); // throws InvalidStateError: released more than acquired
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  private readonly bound: number;

  constructor(value = 1) {
    super(value);
    this.bound = value;
  }

  /**
   * Returns a permit; throws `InvalidStateError` if that would raise the
   * value above the initial one.
   *
   * @example
   * ```ts
   * yield* pool.acquire();
   * pool.release(); // fine
   * pool.release(); // throws InvalidStateError
   * ```
   */
  override release(): void {
    if (this.value >= this.bound) {
      throw new InvalidStateError(
        `boundedSemaphore.release(): released more times than acquired (the value is already at its initial ${this.bound}); release once per acquire(), or use \`using _ = yield* semaphore.permit()\``,
      );
    }
    super.release();
  }
}

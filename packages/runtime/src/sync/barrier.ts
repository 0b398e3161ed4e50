/**
 * `Barrier`: `parties` tasks wait for each other (asyncio's `Barrier`).
 *
 * A round fills as tasks call `wait()`; the arrival that makes it full
 * releases everyone at once, each with its index in the round, and the
 * barrier is empty again for the next round.
 *
 * Invariants:
 * - Indices of a round are exactly 0..parties-1, in order of arrival; the
 *   last arrival gets `parties - 1` without yielding. Indices are handed out
 *   when the round is released, by position in the queue, so a waiter that
 *   was cancelled out of the round leaves no gap or duplicate (asyncio
 *   counts at arrival and can repeat an index after a cancellation).
 * - A round is released atomically: the released tasks are woken with their
 *   index and the count is back at 0 at once, so a task that calls `wait()`
 *   again joins the next round (asyncio gets the same result through a
 *   "draining" state that holds newcomers back until the released tasks
 *   have left).
 * - `reset()` and `abort()` throw `BrokenBarrierError` into the waiting
 *   tasks; after `abort()` every `wait()` throws until `reset()`.
 *
 * Costs: O(1) per arrival; the releasing arrival is O(parties).
 *
 * @module
 */
import { BrokenBarrierError } from '../errors.js';
import type { Operation } from '../operation.js';
import { WAIT, WaitList, Waiter, assertCount } from './waiter.js';

/**
 * A barrier for `parties` tasks (asyncio's `Barrier`): `wait()` returns
 * once `parties` tasks are waiting, with this task's arrival index.
 *
 * @example
 * ```ts
 * const barrier = new Barrier(3);
 * function* worker(name: string): Operation<void> {
 *   yield* prepare(name);
 *   const index = yield* barrier.wait(); // 0, 1 or 2
 *   if (index === 0) console.log('all three are ready');
 * }
 * ```
 */
export class Barrier {
  /** How many tasks each round waits for. */
  readonly parties: number;
  /** @internal */
  _broken = false;
  /** @internal */
  readonly _waiters = new WaitList<BarrierWait>();

  constructor(parties: number) {
    assertCount(parties, 1, 'new Barrier(parties): parties');
    this.parties = parties;
  }

  /**
   * Waits until `parties` tasks are waiting, then returns this task's
   * arrival index in the round (0 to `parties - 1`). Throws
   * `BrokenBarrierError` when the barrier is broken or is reset or aborted
   * while waiting.
   *
   * @example
   * ```ts
   * const index = yield* barrier.wait();
   * ```
   */
  wait(): Operation<number> {
    return new BarrierWait(this);
  }

  /**
   * Throws `BrokenBarrierError` into the waiting tasks and starts over with
   * an empty round; also repairs an aborted barrier.
   *
   * @example
   * ```ts
   * barrier.reset();
   * barrier.nWaiting; // 0
   * ```
   */
  reset(): void {
    this._broken = false;
    this._waiters.throwAll(() => new BrokenBarrierError('barrier.reset() was called while this task waited at the barrier'));
  }

  /**
   * Breaks the barrier: waiting tasks and every later `wait()` get
   * `BrokenBarrierError` until `reset()`.
   *
   * @example
   * ```ts
   * barrier.abort();
   * barrier.broken; // true
   * ```
   */
  abort(): void {
    this._broken = true;
    this._waiters.throwAll(() => new BrokenBarrierError('barrier.abort() was called while this task waited at the barrier'));
  }

  /**
   * How many tasks are waiting in the current round.
   *
   * @example
   * ```ts
   * barrier.nWaiting; // 2 of 3
   * ```
   */
  get nWaiting(): number {
    return this._waiters.length;
  }

  /**
   * True after `abort()`, until `reset()`.
   *
   * @example
   * ```ts
   * if (barrier.broken) barrier.reset();
   * ```
   */
  get broken(): boolean {
    return this._broken;
  }

  /** @internal One arrival: the index if it completes the round, else {@link WAIT}. */
  _arrive(): number | typeof WAIT {
    if (this._broken) {
      throw new BrokenBarrierError('barrier.wait(): the barrier is broken (aborted); call barrier.reset() to use it again');
    }
    if (this._waiters.length + 1 < this.parties) return WAIT;
    let index = 0;
    for (let waiter = this._waiters.shift(); waiter !== null; waiter = this._waiters.shift()) waiter._wake(index++);
    return index;
  }
}

class BarrierWait extends Waiter<number> {
  constructor(private readonly barrier: Barrier) {
    super();
  }

  get kind(): string {
    return 'barrier';
  }

  override _describe(label: (target: object, kind: string) => string): string {
    return `barrier.wait() on ${label(this.barrier, 'Barrier')} (${this.barrier.parties} parties)`;
  }

  protected get _list(): WaitList<BarrierWait> {
    return this.barrier._waiters;
  }

  protected _now(): number | typeof WAIT {
    return this.barrier._arrive();
  }

  protected _again(): BarrierWait {
    return new BarrierWait(this.barrier);
  }
}

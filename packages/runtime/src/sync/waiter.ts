/**
 * The wait protocol every synchronization primitive and memory channel
 * shares: one operation object per call that either completes at once or
 * parks its task in the primitive's FIFO {@link WaitList} until the primitive
 * hands it a result. (Channels use it from ../channel, as tokio keeps its
 * channels under `sync`: a channel is a queue with two kinds of ends.)
 *
 * A {@link Waiter} is at once the operation (`yield*` drives it), its
 * iterator, the {@link Instruction} the task suspends on, its own "not done
 * yet" iterator result (as `sleep` is) and the node of the wait list: a call
 * that has to wait allocates that one object and nothing else.
 *
 * Life of a waiter, driven by `yield*`:
 * - `next()` asks the subclass's `_now()`. If the primitive can serve the
 *   call without waiting (an item is there, the lock is free, the event is
 *   set) the work is done right there and `next()` returns `done: true`: a
 *   fast path is a function call, never a trip through the loop. So, as in
 *   asyncio, a call that need not wait is not a cancellation point.
 * - Otherwise `next()` hands the waiter out as the instruction; the task
 *   checks for cancellation and calls `_suspend`, which appends the waiter to
 *   its primitive's list.
 * - The primitive wakes it with `_wake(value)` / `_wakeThrow(error)` after
 *   taking it off the list, and has already done the work on its behalf
 *   (handed it the item, the lock, the permit). The task's next `next(value)`
 *   returns `done: true` with that value.
 *
 * Invariants the primitives rely on:
 * - No lost wakeups. A woken task is ready and the runtime delivers the value
 *   before any cancellation (the next suspension throws instead), so
 *   whatever the primitive handed over is the waiter's for good.
 * - A waiter still in the list when its task is cancelled (`_cancel`), its
 *   generator closed (`return`) or an error thrown into it (`throw`) leaves
 *   the list having consumed nothing. The handoff happens at wake time, so
 *   there is nothing for it to pass on.
 * - `_now()` and `_suspend()` run in the same synchronous step of the task,
 *   so no other code can change the primitive between the decision to wait
 *   and the registration.
 * - A plain `yield op` (without the star) reaches `_suspend` without `next()`
 *   having handed the waiter out; it fails the task with the "use yield*"
 *   TypeError instead of waiting.
 * - A list node stands in at most one list, at most once, and its links are
 *   null whenever it stands in none. It leaves the list before it is woken,
 *   so it is woken at most once. Besides waiters, a list may hold other
 *   {@link WaitNode}s: a channel's line of receivers also holds the pending
 *   `next()` calls of `for await` loops, which settle a promise when woken.
 *
 * Costs: the wait list is intrusive and doubly linked, so appending, taking
 * the first waiter and removing a cancelled one are O(1) with no allocation;
 * `removeWhere` (closing one channel end among several) is O(length).
 *
 * @module
 */
import { DONE_VOID, Instruction, describe, yieldedWithoutStar, type Operation } from '../operation.js';
import type { Task } from '../task/task.js';

/** @internal Returned by `_now()` when the call has to wait. */
export const WAIT: unique symbol = Symbol('wait');

const FRESH = 0;
const HANDED_OUT = 1;
const WAITING = 2;
const FINISHED = 3;

/**
 * @internal One call of a primitive's waiting operation (`queue.get()`,
 * `lock.acquire()`, `send.send(value)`, …). Subclasses name their `kind`
 * and `_list`, try the call at once in `_now()` and make a fresh copy of
 * themselves in `_again()`.
 *
 * Fields are few on purpose: a fast path allocates this object and nothing
 * else, so its size is the cost of a `put` or `get` that need not wait.
 */
export abstract class Waiter<T> extends Instruction implements Operation<T>, Iterator<Instruction, T, unknown>, WaitNode {
  /** @internal Links of the wait list this waiter is queued in. */
  _prev: WaitNode | null = null;
  /** @internal */
  _next: WaitNode | null = null;
  /** The waiting task: set while the waiter is in its list, cleared when it is woken or leaves. */
  private task: Task<unknown> | null = null;
  private phase = FRESH;

  /** @internal The primitive's list this waiter queues in. */
  protected abstract get _list(): WaitList<WaitNode>;

  /** @internal Completes the call now and returns its value, or returns {@link WAIT}. May throw (a shut-down queue). */
  protected abstract _now(): T | typeof WAIT;

  /** @internal A fresh call with the same arguments, for an operation value that is run again. */
  protected abstract _again(): Waiter<T>;

  /**
   * The waiter is its own first iterator result (`done: false`, `value`:
   * itself), as `sleep` is: `yield*` passes an inner result through
   * unchanged, so suspending allocates nothing more. Getters, not fields,
   * to keep the object small.
   */
  get done(): false {
    return false;
  }

  get value(): Instruction {
    return this;
  }

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    // Like sleep(ms), the same operation value may be yield*-ed again: each run is a new call.
    return this.phase === FRESH ? this : this._again();
  }

  next(sent?: unknown): IteratorResult<Instruction, T> {
    if (this.phase === FRESH) {
      this.phase = FINISHED;
      const now = this._now();
      if (now !== WAIT) return finished(now);
      this.phase = HANDED_OUT;
      return this;
    }
    this.phase = FINISHED;
    return finished(sent as T);
  }

  throw(error: unknown): IteratorResult<Instruction, T> {
    this.abandon();
    throw error;
  }

  return(value?: unknown): IteratorResult<Instruction, T> {
    this.abandon();
    return { done: true, value: value as T };
  }

  _suspend(task: Task<unknown>): void {
    if (this.phase !== HANDED_OUT) {
      // Reached the loop by a plain `yield op`, not through its iterator.
      task._resumeThrow(yieldedWithoutStar(task, this));
      return;
    }
    this.phase = WAITING;
    this.task = task;
    this._list.push(this);
  }

  override _cancel(): void {
    this.abandon();
  }

  /** @internal Resumes the waiting task with `value`; the primitive has already taken this waiter off its list. */
  _wake(value: unknown): void {
    const task = this.task!;
    this.task = null;
    task._resume(value);
  }

  /** @internal Resumes the waiting task by throwing `error` at its `yield*`. */
  _wakeThrow(error: unknown): void {
    const task = this.task!;
    this.task = null;
    task._resumeThrow(error);
  }

  /** Leaves the list without having consumed anything; idempotent. */
  private abandon(): void {
    this.phase = FINISHED;
    if (this.task === null) return;
    this.task = null;
    this._list.remove(this);
  }
}

function finished<T>(value: T): IteratorResult<Instruction, T> {
  return value === undefined ? (DONE_VOID as IteratorReturnResult<T>) : { done: true, value };
}

/**
 * @internal What can stand in a {@link WaitList}: a {@link Waiter}, or any
 * other party that carries its own links and can be woken (the
 * promise-backed `next()` of a channel's async iterator, say).
 */
export interface WaitNode {
  _prev: WaitNode | null;
  _next: WaitNode | null;
  _wake(value: unknown): void;
  _wakeThrow(error: unknown): void;
}

/**
 * @internal The FIFO of parties waiting on one primitive: an intrusive doubly
 * linked list, so it allocates nothing and removes a cancelled waiter in O(1).
 */
export class WaitList<W extends WaitNode> {
  private head: W | null = null;
  private tail: W | null = null;
  /** How many waiters are queued. */
  length = 0;

  push(waiter: W): void {
    waiter._prev = this.tail;
    waiter._next = null;
    if (this.tail === null) this.head = waiter;
    else this.tail._next = waiter;
    this.tail = waiter;
    this.length++;
  }

  /** Takes the first waiter off the list, or returns null when none waits. */
  shift(): W | null {
    const waiter = this.head;
    if (waiter !== null) this.remove(waiter);
    return waiter;
  }

  remove(waiter: W): void {
    const prev = waiter._prev as W | null;
    const next = waiter._next as W | null;
    if (prev === null) this.head = next;
    else prev._next = next;
    if (next === null) this.tail = prev;
    else next._prev = prev;
    waiter._prev = null;
    waiter._next = null;
    this.length--;
  }

  /**
   * Takes every waiter that `match`es off the list and returns them in FIFO
   * order, for the caller to wake (all leave before any is woken). O(length).
   */
  removeWhere(match: (waiter: W) => boolean): W[] {
    const removed: W[] = [];
    for (let waiter = this.head; waiter !== null; ) {
      const next = waiter._next as W | null;
      if (match(waiter)) {
        this.remove(waiter);
        removed.push(waiter);
      }
      waiter = next;
    }
    return removed;
  }

  /** Wakes every waiter queued now, in FIFO order, with `value`. */
  wakeAll(value: unknown): void {
    for (let waiter = this.shift(); waiter !== null; waiter = this.shift()) waiter._wake(value);
  }

  /** Wakes every waiter queued now, in FIFO order, by throwing a fresh `error()` into each. */
  throwAll(error: () => unknown): void {
    for (let waiter = this.shift(); waiter !== null; waiter = this.shift()) waiter._wakeThrow(error());
  }
}

/**
 * @internal Validates a count argument: a number that is an integer >= `min`
 * (`Infinity` too when `infinite` is true). A non-number is a TypeError, any
 * other bad value a RangeError; `what` names the call and the argument.
 */
export function assertCount(value: unknown, min: number, what: string, infinite = false): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${what} must be a number, got ${describe(value)}`);
  if (infinite && value === Infinity) return;
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${what} must be an integer >= ${min}${infinite ? ' or Infinity' : ''}, got ${value}`);
  }
}

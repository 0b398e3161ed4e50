/**
 * `wait(tasks, { returnWhen, timeout })` and `asCompleted(tasks)`: watch
 * tasks that are already running without taking ownership of them.
 *
 * Unlike `gather`, neither cancels anything: `wait` returns the tasks split
 * into done and pending, `asCompleted` hands out results in the order the
 * tasks finish. A waiter cancelled while waiting simply stops watching; a
 * result it did not take stays available to the next `asCompleted` step.
 *
 * @module
 */
import { TimeoutError } from '../errors.js';
import type { Loop } from '../loop/loop.js';
import { Instruction, assertDelay, describe, yieldedWithoutStar, type Operation } from '../operation.js';
import type { TimerEntry } from '../loop/timer-heap.js';
import { ERROR, Task, type TaskWatcher } from './task.js';

/** `wait` returns as soon as any task finishes. */
export const FIRST_COMPLETED = 'FIRST_COMPLETED';
/** `wait` returns when any task fails (not counting cancellation), or when all are done. */
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
/** `wait` returns when every task is done (the default). */
export const ALL_COMPLETED = 'ALL_COMPLETED';

/** When {@link wait} returns. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** Options for {@link wait}. */
export interface WaitOptions {
  /** Default {@link ALL_COMPLETED}. */
  returnWhen?: ReturnWhen;
  /** Give up after this many milliseconds and return what is done so far. */
  timeout?: number;
}

/** What {@link wait} returns: the tasks split by whether they have finished. */
export interface WaitResult<T> {
  done: Set<Task<T>>;
  pending: Set<Task<T>>;
}

function collectTasks<T>(tasks: Iterable<Task<T>>, where: string): Task<T>[] {
  if (tasks === null || typeof tasks !== 'object' || typeof (tasks as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`${where}: tasks must be an iterable of tasks, got ${describe(tasks)}`);
  }
  const list = [...new Set(tasks)];
  if (list.length === 0) throw new RangeError(`${where}: tasks must not be empty (there would be nothing to wait for)`);
  list.forEach((task, i) => {
    if (!(task instanceof Task)) throw new TypeError(`${where}: item ${i} is ${describe(task)}, not a Task; spawn operations first (yield* spawn(op))`);
  });
  return list;
}

class Wait<T> extends Instruction implements Operation<WaitResult<T>>, Iterator<Instruction, WaitResult<T>, unknown>, TaskWatcher, TimerEntry {
  readonly kind = 'wait';
  _deadline = 0;
  _seq = 0;
  _armed = false;
  _slot = -1;
  private waiter: Task<unknown> | null = null;
  private started = false;

  constructor(
    private readonly tasks: Task<T>[],
    private readonly returnWhen: ReturnWhen,
    private readonly timeoutMs: number | undefined,
  ) {
    super();
  }

  [Symbol.iterator](): Iterator<Instruction, WaitResult<T>, unknown> {
    return this.started ? new Wait(this.tasks, this.returnWhen, this.timeoutMs) : this;
  }

  next(): IteratorResult<Instruction, WaitResult<T>> {
    if (!this.started) {
      this.started = true;
      if (!this.satisfied()) return { done: false, value: this };
    }
    return { done: true, value: this.split() };
  }

  throw(error: unknown): IteratorResult<Instruction, WaitResult<T>> {
    throw error;
  }

  _suspend(task: Task<unknown>): void {
    if (!this.started) {
      task._resumeThrow(yieldedWithoutStar(task, this));
      return;
    }
    this.waiter = task;
    for (const t of this.tasks) if (!t.done()) t._watch(this);
    if (this.timeoutMs !== undefined) task.loop._addTimer(this, task.loop.time() + this.timeoutMs);
  }

  override _cancel(task: Task<unknown>): void {
    this.waiter = null;
    task.loop._cancelTimer(this);
  }

  override _describe(): string {
    const pending = this.tasks.filter((t) => !t.done()).map((t) => t.id);
    return `wait() for task(s) ${pending.join(', ')} (${this.returnWhen})`;
  }

  _taskDone(): void {
    if (this.waiter !== null && this.satisfied()) this.wake();
  }

  _fire(): void {
    if (this.waiter !== null) this.wake();
  }

  private wake(): void {
    const waiter = this.waiter!;
    this.waiter = null;
    waiter.loop._cancelTimer(this);
    waiter._resume(undefined);
  }

  private satisfied(): boolean {
    let done = 0;
    for (const t of this.tasks) {
      if (!t.done()) continue;
      done++;
      if (this.returnWhen === FIRST_COMPLETED) return true;
      if (this.returnWhen === FIRST_EXCEPTION && t._outcome === ERROR) return true;
    }
    return done === this.tasks.length;
  }

  private split(): WaitResult<T> {
    const done = new Set<Task<T>>();
    const pending = new Set<Task<T>>();
    for (const t of this.tasks) (t.done() ? done : pending).add(t);
    return { done, pending };
  }
}

/**
 * Waits for tasks until `returnWhen` is met or `timeout` ms pass, and
 * returns them split into `done` and `pending` (asyncio's `wait`). Nothing
 * is cancelled; read results with `task.result()`.
 *
 * @example
 * ```ts
 * const tasks = [yield* spawn(randn()), yield* spawn(randn())];
 * const { done, pending } = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
 * for (const task of pending) task.cancel();
 * ```
 */
export function wait<T>(tasks: Iterable<Task<T>>, options: WaitOptions = {}): Operation<WaitResult<T>> {
  const list = collectTasks(tasks, 'wait(tasks, options)');
  if (typeof options !== 'object' || options === null) throw new TypeError(`wait(tasks, options): options must be an object, got ${describe(options)}`);
  const returnWhen = options.returnWhen ?? ALL_COMPLETED;
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new TypeError(`wait(tasks, options): options.returnWhen must be FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got ${describe(returnWhen)}`);
  }
  if (options.timeout !== undefined) assertDelay(options.timeout, 'wait(tasks, options): options.timeout');
  return new Wait(list, returnWhen, options.timeout);
}

/** Options for {@link asCompleted}. */
export interface AsCompletedOptions {
  /** Stop waiting this many milliseconds after `asCompleted` was called: every step not yet served throws `TimeoutError`. */
  timeout?: number;
}

/**
 * Shared state of one asCompleted() call: finished tasks not yet handed
 * out, steps waiting, and the deadline (a timer-heap entry) when there is
 * one. At the deadline the tasks still running are no longer watched (as
 * asyncio's `as_completed` stops at its timeout): what finished in time is
 * still handed out, in order, and every other step throws `TimeoutError`.
 */
class Completion<T> implements TaskWatcher, TimerEntry {
  readonly finished: Task<T>[] = [];
  readonly waiting: Next<T>[] = [];
  _deadline = 0;
  _seq = 0;
  _armed = false;
  _slot = -1;
  /** Tasks that have not finished yet (before the deadline). */
  running = 0;
  expired: TimeoutError | null = null;

  constructor(
    readonly loop: Loop,
    readonly ms: number | undefined,
  ) {}

  _taskDone(task: Task<unknown>): void {
    if (this.expired !== null) return;
    if (--this.running === 0 && this._armed) this.loop._cancelTimer(this);
    const waiter = this.waiting.shift();
    if (waiter === undefined) this.finished.push(task as Task<T>);
    else waiter._deliver(task as Task<T>);
  }

  _fire(): void {
    this.expired = new TimeoutError(this.ms!);
    for (const waiter of this.waiting.splice(0)) waiter._expire(this.expired);
  }
}

class Next<T> extends Instruction implements Operation<T>, Iterator<Instruction, T, unknown> {
  readonly kind = 'asCompleted';
  private waiter: Task<unknown> | null = null;
  private task: Task<T> | null = null;
  private started = false;

  constructor(private readonly state: Completion<T>) {
    super();
  }

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    if (this.started) throw new TypeError('asCompleted(tasks): each step can be run once; take the next one from the iterable');
    return this;
  }

  next(): IteratorResult<Instruction, T> {
    if (!this.started) {
      this.started = true;
      const ready = this.state.finished.shift();
      if (ready === undefined) {
        if (this.state.expired !== null) throw this.state.expired;
        return { done: false, value: this };
      }
      this.task = ready;
    }
    return { done: true, value: this.task!._resultOrThrow() };
  }

  throw(error: unknown): IteratorResult<Instruction, T> {
    throw error;
  }

  _suspend(task: Task<unknown>): void {
    if (!this.started) {
      task._resumeThrow(yieldedWithoutStar(task, this));
      return;
    }
    this.waiter = task;
    this.state.waiting.push(this);
  }

  override _cancel(): void {
    this.waiter = null;
    const i = this.state.waiting.indexOf(this);
    if (i >= 0) this.state.waiting.splice(i, 1);
  }

  _deliver(task: Task<T>): void {
    this.task = task;
    const waiter = this.waiter!;
    this.waiter = null;
    waiter._resume(undefined);
  }

  override _describe(): string {
    return 'asCompleted(): the next task to finish';
  }

  _expire(error: TimeoutError): void {
    const waiter = this.waiter!;
    this.waiter = null;
    waiter._resumeThrow(error);
  }
}

/**
 * Returns one operation per task; running them in order gives the tasks'
 * results in the order the tasks finish (asyncio's `as_completed`). A step
 * whose task failed throws that task's error; a cancelled task's step
 * throws `CancelledError`.
 *
 * With `{ timeout: ms }` (asyncio's `as_completed(timeout=)`), counted from
 * this call: the tasks that finished in time are handed out first, then
 * every remaining step throws `TimeoutError` — at the deadline for a step
 * waiting then, at once for a step run after it. Nothing is cancelled.
 *
 * @example
 * ```ts
 * const tasks = delays.map((ms) => group.spawn(sleepThenReturn(ms)));
 * for (const next of asCompleted(tasks)) {
 *   console.log(yield* next); // fastest first
 * }
 * ```
 */
export function asCompleted<T>(tasks: Iterable<Task<T>>, options: AsCompletedOptions = {}): Operation<T>[] {
  const list = collectTasks(tasks, 'asCompleted(tasks)');
  if (typeof options !== 'object' || options === null) throw new TypeError(`asCompleted(tasks, options): options must be an object, got ${describe(options)}`);
  const ms = options.timeout;
  if (ms !== undefined) assertDelay(ms, 'asCompleted(tasks, options): options.timeout');
  const loop = list[0]!.loop;
  const state = new Completion<T>(loop, ms);
  for (const task of list) {
    if (task.done()) {
      state.finished.push(task);
    } else {
      state.running++;
      task._watch(state);
    }
  }
  if (ms !== undefined && state.running > 0) loop._addTimer(state, loop.time() + ms);
  return list.map(() => new Next(state));
}


/**
 * `call(...)`: await foreign async work (a promise, or a function of an
 * AbortSignal returning one) inside a coroutine.
 *
 * While the promise is pending the loop counts it as foreign work, so a
 * virtual clock does not jump time past it. Cancelling the waiting task
 * aborts the signal (for the function form) and detaches at once: the
 * coroutine gets `CancelledError` without waiting for the foreign promise,
 * whose eventual result is dropped (a late rejection is not reported as
 * unhandled, nor is the rejection of a promise dropped because the task was
 * already cancelled when it reached `yield* call(promise)`). A plain
 * `yield call(...)` without the star is the "use yield*" TypeError.
 *
 * @module
 */
import { CancelledError } from '../errors.js';
import { Instruction, describe, isOperation, isThenable, yieldedWithoutStar, type Operation } from '../operation.js';
import type { Task } from '../task/task.js';

type Source<T> = PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T> | T);

class Call<T> extends Instruction implements Operation<T>, Iterator<Instruction, T, unknown> {
  readonly kind = 'call';
  private started = false;
  private waiter: Task<unknown> | null = null;
  private controller: AbortController | null = null;
  private suspended = false;

  constructor(private readonly source: Source<T>) {
    super();
  }

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    return this.started ? new Call(this.source) : this;
  }

  next(value?: unknown): IteratorResult<Instruction, T> {
    if (!this.started) {
      this.started = true;
      return { done: false, value: this };
    }
    return { done: true, value: value as T };
  }

  throw(error: unknown): IteratorResult<Instruction, T> {
    // Thrown in before the task ever suspended on it (a cancelled task reaching `yield* call(promise)`):
    // the promise is dropped unobserved, so its eventual rejection must not be reported as unhandled.
    if (!this.suspended && this.source instanceof Promise) this.source.then(undefined, ignore);
    this.suspended = true; // used up: a later plain `yield` of this value is the misuse error
    throw error;
  }

  _suspend(task: Task<unknown>): void {
    if (!this.started || this.suspended) {
      // Reached the loop by a plain `yield call(...)`, not through its iterator: a misuse; nothing is started.
      task._resumeThrow(yieldedWithoutStar(task, this));
      return;
    }
    this.suspended = true;
    let pending: PromiseLike<T> | T;
    const source = this.source;
    if (typeof source === 'function') {
      this.controller = new AbortController();
      try {
        pending = source(this.controller.signal);
      } catch (error) {
        task._resumeThrow(error);
        return;
      }
    } else {
      pending = source;
    }
    if (!isThenable(pending)) {
      task._resume(pending);
      return;
    }
    this.waiter = task;
    const loop = task.loop;
    loop._foreignStart();
    try {
      pending.then(
        (value) => {
          const waiter = this.waiter;
          if (waiter === null) return;
          this.waiter = null;
          loop._foreignEnd();
          waiter._resume(value);
        },
        (error: unknown) => {
          const waiter = this.waiter;
          if (waiter === null) return;
          this.waiter = null;
          loop._foreignEnd();
          waiter._resumeThrow(error);
        },
      );
    } catch (error) {
      // A thenable whose then() throws rejects, as with `await` (unless it already settled).
      if (this.waiter === null) return;
      this.waiter = null;
      loop._foreignEnd();
      task._resumeThrow(error);
    }
  }

  override _describe(): string {
    return 'a foreign promise (call)';
  }

  override _cancel(task: Task<unknown>): void {
    if (this.waiter === null) return;
    this.waiter = null;
    task.loop._foreignEnd();
    this.controller?.abort(new CancelledError('the task awaiting call() was cancelled'));
  }
}

function ignore(): void {}

/** @internal True for a callback result to wait for before going on: an operation or a promise. */
export function isDeferred(value: unknown): value is Operation<unknown> | PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && (isOperation(value) || isThenable(value));
}

/** @internal Waits for what a callback returned when {@link isDeferred} said it must. */
export function settle(value: Operation<unknown> | PromiseLike<unknown>): Operation<unknown> {
  // The operation itself, not a generator around it: one `yield*` level less for every deferred callback result.
  return isOperation(value) ? value : call(value);
}

/**
 * Awaits a promise, or the promise returned by `fn(signal)`, inside a
 * coroutine. With the function form, cancelling the task aborts `signal`.
 * A function that returns a plain value or throws is fine too.
 *
 * @example
 * ```ts
 * function* fetchText(url: string): Operation<string> {
 *   const response = yield* call((signal) => fetch(url, { signal }));
 *   return yield* call(response.text());
 * }
 * ```
 */
export function call<T>(source: PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T> | T)): Operation<T> {
  if (isOperation(source)) {
    throw new TypeError(`call(source): got a loop operation (${describe(source)}); call() is for promises — run an operation with yield* op`);
  }
  if (typeof source !== 'function' && !isThenable(source)) {
    throw new TypeError(`call(source): expected a promise or a function (signal) => promise, got ${describe(source)}`);
  }
  return new Call<T>(source);
}

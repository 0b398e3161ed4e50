/**
 * `sleep(ms)`: suspend the current task for `ms` milliseconds of loop time.
 *
 * A sleep is one object that is at once the operation, its iterator, the
 * instruction the task suspends on and the timer-heap entry that wakes it:
 * one allocation per sleep, no closure, no host timer of its own.
 * `sleep(0)` skips the heap and requeues the task at the back of the run
 * queue, so it yields to the loop exactly once (asyncio's `sleep(0)`).
 * Because the operation is its own instruction, a plain `yield sleep(ms)`
 * reaches the loop as well; `_suspend` tells it apart (its iterator did not
 * just hand it out) and throws the "use yield*" TypeError at the `yield`, as the task
 * does for any other yielded value. `suspend()` does the same.
 *
 * @module
 */
import { assertDelay, DONE_VOID, Instruction, rejectAwait, yieldedWithoutStar, type Operation } from '../operation.js';
import type { TimerEntry } from '../loop/timer-heap.js';
import { RESUMED, YIELD_INSTRUCTION, currentTaskOrNull, type Task } from '../task/task.js';

/** Not iterated yet. */
const FRESH = 0;
/** `next()` handed this instruction to `yield*`; the task has not suspended on it yet. */
const HANDED_OUT = 1;
/** The task is suspended on it (or the timer fired and the task is about to resume). */
const WAITING = 2;
const FINISHED = 3;

class Sleep extends Instruction implements Operation<void>, Iterator<Instruction, void, unknown>, TimerEntry {
  // `kind` and `done` are the same for every sleep: on the prototype (below), not in each of them.
  declare readonly kind: 'sleep';
  _deadline = 0;
  _seq = 0;
  _armed = false;
  _slot = -1;
  private state = FRESH;
  private task: Task<unknown> | null = null;

  constructor(private readonly ms: number) {
    super();
  }

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    // The same sleep(ms) value may be yielded* again: each run gets its own timer.
    return this.state === FRESH ? this : new Sleep(this.ms);
  }

  /**
   * The sleep is also its own first iterator result (`done: false`, `value`:
   * itself): `yield*` passes an inner result through unchanged, so a
   * suspension allocates nothing beyond the sleep. (`done` is on the prototype.)
   */
  declare readonly done: false;
  readonly value: Instruction = this;

  next(): IteratorResult<Instruction, void> {
    if (this.state === FRESH) {
      this.state = HANDED_OUT;
      return this;
    }
    this.state = FINISHED;
    return DONE_VOID;
  }

  throw(error: unknown): IteratorResult<Instruction, void> {
    this.state = FINISHED;
    throw error;
  }

  return(): IteratorResult<Instruction, void> {
    this.state = FINISHED;
    return DONE_VOID;
  }

  override _describe(): string {
    // Described as the task suspends (a traced suspension), the timer is not set yet: its deadline will be now + ms.
    const deadline = this._armed ? this._deadline : (currentTaskOrNull()?.loop.time() ?? 0) + this.ms;
    return `sleep until ${(deadline / 1000).toFixed(3)}s`;
  }

  _suspend(task: Task<unknown>): void {
    if (this.state !== HANDED_OUT) {
      // Reached the loop by a plain `yield sleep(ms)`, not through its iterator: a misuse, not a sleep.
      task._resumeThrow(yieldedWithoutStar(task, this));
      return;
    }
    this.state = WAITING;
    if (this.ms === 0) {
      task._resume(undefined);
      return;
    }
    this.task = task;
    task.loop._addTimer(this, task.loop.time() + this.ms);
  }

  override _cancel(task: Task<unknown>): void {
    this.task = null;
    task.loop._cancelTimer(this);
  }

  _fire(): void {
    const task = this.task;
    if (task === null) return;
    this.task = null;
    task._resume(undefined);
  }
}

const sleepPrototype = Sleep.prototype as { kind: string; done: boolean };
sleepPrototype.kind = 'sleep';
sleepPrototype.done = false;

/**
 * Suspends the current task for `ms` milliseconds (asyncio's
 * `asyncio.sleep`, in milliseconds as everywhere in JavaScript).
 * `sleep(0)` yields to the loop exactly once. A negative, NaN or infinite
 * `ms` is a `RangeError` at the call.
 *
 * @example
 * ```ts
 * function* randn(): Operation<number> {
 *   yield* sleep(3000);
 *   return 1 + Math.floor(Math.random() * 10);
 * }
 * ```
 */
export function sleep(ms: number): Operation<void> {
  if (ms === 0) return YIELD;
  assertDelay(ms, 'sleep(ms)');
  return new Sleep(ms);
}

/**
 * `sleep(0)` allocates nothing: one shared operation whose iterator is
 * stateless. It yields the task's {@link YIELD_INSTRUCTION}, which the task
 * resumes with the private `RESUMED` token, so `next(RESUMED)` ends the step
 * and any other `next()` starts one. The operation itself is not an
 * instruction, so a plain `yield sleep(0)` is still caught by the task as a
 * missing `yield*`.
 */
const YIELD_STEP: IteratorYieldResult<Instruction> = Object.freeze({ done: false, value: YIELD_INSTRUCTION });

const YIELD_ITERATOR: Iterator<Instruction, void, unknown> = {
  next(sent?: unknown): IteratorResult<Instruction, void> {
    return sent === RESUMED ? DONE_VOID : YIELD_STEP;
  },
  throw(error: unknown): IteratorResult<Instruction, void> {
    throw error;
  },
  return(): IteratorResult<Instruction, void> {
    return DONE_VOID;
  },
};

// Named Sleep too, so a misuse reads "yielded a Sleep to the loop" like any sleep's.
const SleepZero = class Sleep implements Operation<void> {
  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    return YIELD_ITERATOR;
  }
};

const YIELD: Operation<void> = Object.freeze(new SleepZero());

class Forever extends Instruction implements Operation<never>, Iterator<Instruction, never, unknown> {
  readonly kind = 'suspend';

  override _describe(): string {
    return 'suspend() (until cancelled)';
  }

  /** @param iterated true for the instance `yield*` drives; the value `suspend()` returns is false. */
  constructor(private readonly iterated = false) {
    super();
  }

  [Symbol.iterator](): Iterator<Instruction, never, unknown> {
    return new Forever(true);
  }

  next(): IteratorResult<Instruction, never> {
    return { done: false, value: this };
  }

  throw(error: unknown): IteratorResult<Instruction, never> {
    throw error;
  }

  _suspend(task: Task<unknown>): void {
    // `yield suspend()` without the star: report the misuse rather than hang silently.
    if (!this.iterated) task._resumeThrow(yieldedWithoutStar(task, this));
  }
}

/**
 * Suspends the current task until it is cancelled (Trio's
 * `sleep_forever`). Useful for a task whose only job is its `finally`.
 *
 * @example
 * ```ts
 * group.spawn(function* () {
 *   try {
 *     yield* suspend();
 *   } finally {
 *     releaseResources();
 *   }
 * }());
 * ```
 */
export function suspend(): Operation<never> {
  return new Forever();
}

// `await` of these operations rejects with a TypeError saying to use yield* (operation.ts).
rejectAwait(SleepZero);

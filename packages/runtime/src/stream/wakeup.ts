/**
 * Wakeup: the one way a stage's tasks wait for each other.
 *
 * A stage that runs child tasks (a reader filling a buffer, workers of a
 * concurrent map) keeps its state in plain fields. A task that cannot go on
 * yields the stage's `Wakeup` — an {@link Instruction} — and is resumed
 * when another task changes that state and calls `wake()`, or, if a
 * deadline was set, when the deadline passes. The woken task checks the
 * state again: a wakeup says "look again", never "this happened", so a
 * spurious or redundant wake is harmless and none can be lost (state changes
 * and the decision to wait happen in whole, synchronous task steps).
 *
 * Costs: one object per waiting party, reused for every wait; `wake()` on a
 * Wakeup nobody waits on is a field read. A deadline is one timer-heap
 * entry (the Wakeup itself).
 *
 * @module
 */
import { Instruction } from '../operation.js';
import type { TimerEntry } from '../loop/timer-heap.js';
import type { Task } from '../task/task.js';

/** @internal A reusable wait for another task's `wake()`, optionally bounded by a deadline. */
export class Wakeup extends Instruction implements TimerEntry {
  _deadline = 0;
  _seq = 0;
  _armed = false;
  _slot = -1;
  private task: Task<unknown> | null = null;
  private until = NaN;

  constructor(readonly kind: string) {
    super();
  }

  /** True while a task is parked here. */
  get waiting(): boolean {
    return this.task !== null;
  }

  /** This instruction, set to also resume at loop time `deadline` (NaN: no deadline); for `yield wakeup.by(t)`. */
  by(deadline: number): this {
    this.until = deadline;
    return this;
  }

  _suspend(task: Task<unknown>): void {
    this.task = task;
    const deadline = this.until;
    this.until = NaN;
    if (deadline === deadline) task.loop._addTimer(this, deadline);
  }

  override _cancel(task: Task<unknown>): void {
    this.task = null;
    if (this._armed) task.loop._cancelTimer(this);
  }

  /** Resumes the parked task, if any. */
  wake(): void {
    const task = this.task;
    if (task === null) return;
    this.task = null;
    if (this._armed) task.loop._cancelTimer(this);
    task._resume(undefined);
  }

  /** The deadline passed (the heap has already disarmed the entry). */
  _fire(): void {
    this.wake();
  }
}

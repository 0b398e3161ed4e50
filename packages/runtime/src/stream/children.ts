/**
 * The child tasks a stage owns (a buffer's reader, a merge's readers, the
 * workers of a concurrent map).
 *
 * A stage's coroutine runs inside its consumer's task, so its children are
 * children of that task, gathered in one {@link StageScope}: a nursery
 * scope opened under the scope the consumer was in when it first read the
 * stage (a shield or a deadline around the consumer covers them too). Unlike
 * `taskGroup`, the scope is never the consumer's current scope: the
 * consumer's own code between two reads runs where it always did, and a
 * failing child never cancels it — the stage hands the failure over at the
 * consumer's next read instead.
 *
 * Invariants:
 * - The consumer waits for news from its children on `wait()`; every child
 *   that finishes wakes it.
 * - `close()` cancels the children still running and waits for every one
 *   to finish, uncancellably, and in whichever task closes the stage (the
 *   one that opened it, or the task that closes its leftovers): no child
 *   outlives the stage.
 * - A child's error that escapes it is kept in `failure` for the stage to
 *   throw; it is never reported as unretrieved.
 *
 * A caveat of opening under the consumer's scope of the moment: if that
 * scope ends while the stage stays open (a stage first read inside
 * `timeout(ms, sub.next())`, then read on outside it), cancellation of the
 * consumer's task reaches the children when the stage is closed — which the
 * cancelled consumer, or the task's leftover-closing, does — rather than
 * directly.
 *
 * @module
 */
import { CancelledError } from '../errors.js';
import type { Instruction, Operation } from '../operation.js';
import { NurseryScope } from '../task/nursery.js';
import { ERROR, currentTaskOrThrow, type Task } from '../task/task.js';
import { Wakeup } from './wakeup.js';

/** @internal No failure so far. */
export const NO_FAILURE: unique symbol = Symbol('no failure');

/** @internal The child tasks of one open stage. */
export class StageScope extends NurseryScope {
  /** The first error that escaped a child, or NO_FAILURE. */
  failure: unknown = NO_FAILURE;
  private readonly news: Wakeup;

  /** Opens the scope in the current task (the stage's consumer). */
  constructor(
    where: string,
    private readonly name: string,
  ) {
    super(currentTaskOrThrow(where));
    this.news = new Wakeup(name);
  }

  /** Starts `op` as a child of the stage. */
  spawn(op: Operation<unknown>): Task<unknown> {
    return this._start(op, this.name);
  }

  /**
   * The instruction the consumer yields to wait for news from a child, or
   * until loop time `deadline`. Throws instead if a child failed (a bug in
   * the stage: upstream and callback errors are results the stage hands
   * over in order).
   */
  wait(deadline = NaN): Instruction {
    if (this.failure !== NO_FAILURE) throw this.failure;
    return this.news.by(deadline);
  }

  /** Wakes the consumer if it waits: a child changed the stage's state. */
  notify(): void {
    this.news.wake();
  }

  protected _settle(child: Task<unknown>): void {
    child._retrieved = true;
    if (child._outcome === ERROR && this.failure === NO_FAILURE && !(child._value instanceof CancelledError)) {
      this.failure = child._value;
      this._cancelScope(`a task of the stream's ${this.name} stage failed`);
    }
  }

  override _childDone(child: Task<unknown>): void {
    super._childDone(child);
    this.news.wake();
  }

  /** Cancels the children still running and waits until all are done. */
  close(): Generator<Instruction, void, unknown> {
    return this._exit(`the stream's ${this.name} stage was closed`);
  }
}

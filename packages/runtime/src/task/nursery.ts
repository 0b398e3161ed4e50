/**
 * Nursery scopes: a cancel scope that owns child tasks and lets the task
 * that opened it wait until every child is done (Trio's nursery).
 *
 * `gather`, `race` and `taskGroup` are each a nursery with a different rule
 * for what a finished child means. The waiting task parks on `JOIN`, a wait
 * that cancellation does not interrupt: cancelling the scope (or anything
 * above it) cancels the children through the scope tree, and the parent is
 * woken only when the last child is done — so no child ever outlives the
 * operation that started it, even when that operation is cancelled.
 *
 * @module
 */
import { Instruction, type Operation } from '../operation.js';
import { ScopeNode } from './scope.js';
import { Task, currentTaskOrNull, type Nursery } from './task.js';

class Park extends Instruction {
  constructor(
    readonly kind: string,
    private readonly uncancellable: boolean,
  ) {
    super();
  }

  override get _uncancellable(): boolean {
    return this.uncancellable;
  }

  _suspend(): void {}
}

/** @internal Waiting for a nursery's children; cancellation does not interrupt it. */
export const JOIN: Instruction = new Park('join', true);

/** @internal */
export abstract class NurseryScope extends ScopeNode implements Nursery {
  _live = 0;
  _waiter: Task<unknown> | null = null;
  readonly _task: Task<unknown>;

  constructor(task: Task<unknown>) {
    super(task._scope, task, false);
    this._task = task;
  }

  /**
   * Starts a child task owned by this nursery (it waits for the child). The
   * child's cancel scope is this one, unless `scope` says otherwise (a
   * `group.start` child runs under its caller's scope until it is ready).
   */
  _start<T>(op: Operation<T>, name: string | undefined, scope: ScopeNode = this): Task<T> {
    this._live++;
    return new Task<T>(this._task.loop, op, name, scope, this._task, this);
  }

  _childDone(child: Task<unknown>): void {
    this._settle(child);
    if (--this._live === 0) {
      const waiter = this._waiter;
      if (waiter !== null) {
        this._waiter = null;
        waiter._resume(undefined);
      }
    }
  }

  /**
   * Leaves the scope. Normally every child is done by now; if the operation
   * is being closed early (its generator's `return()`, as when a stream is
   * closed), the remaining children are cancelled and awaited first, so
   * none outlives the operation that started it.
   */
  *_exit(reason: string = 'the operation that started it was closed'): Generator<Instruction, void, unknown> {
    if (this._live > 0) {
      this._cancelScope(reason);
      // The task running this finally waits: when a stream left open is
      // closed at the end of its task, that is a cleanup task, not the opener.
      this._waiter = currentTaskOrNull() ?? this._task;
      yield JOIN;
    }
    this._unlink();
  }

  /** What a finished child means for this nursery. */
  protected abstract _settle(child: Task<unknown>): void;

  /** Reports an error that cannot be thrown because another one already is. */
  protected _reportLost(child: Task<unknown>, where: string): void {
    child._retrieved = true;
    this._task.loop.callExceptionHandler({
      message: `${where}: task "${child.name}" also failed while the others were being cancelled`,
      exception: child._value,
      task: child,
    });
  }
}

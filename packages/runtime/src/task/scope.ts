/**
 * Cancel scopes: the tree that cancellation flows down.
 *
 * Every task is a node of this tree (its root scope), and so is every scope
 * opened inside a task: a timeout, a shield, a task group, a gather. A
 * task's code always runs in exactly one innermost scope (`task._scope`);
 * child tasks hang under the scope that owns them (a group's scope, a
 * gather's scope, or their parent task's root for a free `spawn`).
 *
 * Invariants (Trio's, kept here):
 * - A scope is *effectively cancelled* when it, or an ancestor reached
 *   without crossing a shield, has been cancelled. A shielded scope can
 *   still be cancelled itself; it only stops cancellation from above.
 * - Cancellation is level-triggered. `_cancelScope` marks the node once and
 *   wakes every task suspended directly in the cancelled subtree; every later
 *   suspension point of a task in that subtree looks up the chain again and
 *   throws the scope's `CancelledError` again. Swallowing one therefore cannot leak a
 *   task.
 * - A task that is ready (woken with a value) or running is never
 *   interrupted: the value it was woken with is delivered, so an item taken
 *   from a queue is never lost, and the next suspension throws.
 * - Children are an intrusive doubly linked list, so linking and unlinking
 *   are O(1) with no allocation; cancelling a subtree is O(size of subtree).
 *
 * @module
 */
import { CancelledError } from '../errors.js';
import type { Task } from './task.js';

/** @internal A node of the cancel-scope tree. */
export class ScopeNode {
  _parent: ScopeNode | null;
  /** The task whose code runs in this scope (for a task's root: the task itself). */
  _owner: Task<unknown> | null;
  _shield: boolean;
  /**
   * The error every task in this scope gets while it is cancelled: made once
   * per cancellation and thrown at each suspension point (level-triggered),
   * so cancelling 100,000 tasks allocates one error, not 100,000. Set exactly
   * when the scope is cancelled, so it is also the "cancelled" mark (no
   * separate flag: every task is a scope node, and each field costs every task).
   */
  _error: CancelledError | null = null;
  _first: ScopeNode | null = null;
  _next: ScopeNode | null = null;
  _prev: ScopeNode | null = null;
  /**
   * True for a scope with a deadline (time/timeout.ts). On the prototype,
   * not a field: every task is a scope node, and each field costs every task.
   */
  declare _timed: boolean;

  constructor(parent: ScopeNode | null, owner: Task<unknown> | null, shield: boolean) {
    this._parent = parent;
    this._owner = owner;
    this._shield = shield;
    if (parent !== null) {
      const first = parent._first;
      this._next = first;
      if (first !== null) first._prev = this;
      parent._first = this;
    }
  }

  /** Removes this node from its parent's children (its `_parent` stays, for lookups). */
  _unlink(): void {
    const parent = this._parent;
    if (parent === null) return;
    if (this._prev !== null) this._prev._next = this._next;
    else if (parent._first === this) parent._first = this._next;
    if (this._next !== null) this._next._prev = this._prev;
    this._prev = null;
    this._next = null;
  }

  /** Moves this node under `parent` (a starting child joining its group, see group.ts). */
  _moveTo(parent: ScopeNode): void {
    this._unlink();
    this._parent = parent;
    const first = parent._first;
    this._next = first;
    if (first !== null) first._prev = this;
    parent._first = this;
  }

  /** The reason given when this scope was cancelled. */
  get _reason(): unknown {
    return this._error === null ? undefined : this._error.reason;
  }

  /** Cancels this scope and wakes every task suspended in it (not behind a shield). */
  _cancelScope(reason: unknown): void {
    if (this._error !== null) return;
    this._error = new CancelledError(reason);
    const stack: ScopeNode[] = [this];
    let node: ScopeNode | undefined;
    while ((node = stack.pop()) !== undefined) {
      const owner = node._owner;
      // Deliver with this scope (the one cancelled), so the error carries its reason.
      if (owner !== null && owner._scope === node) owner._deliverCancel(this);
      for (let child = node._first; child !== null; child = child._next) {
        if (!child._shield) stack.push(child);
      }
    }
  }
}

ScopeNode.prototype._timed = false;

/** @internal A scope with a deadline (time/timeout.ts's DeadlineScope), recognised by `_timed`. */
interface TimedScope extends ScopeNode {
  readonly _deadline: number;
  /** Cancels the scope now, as its timer would. */
  _expire(): void;
}

/**
 * @internal Expires every deadline on the path from `scope` up to the
 * nearest shield that is due at `now` but whose timer has not fired yet
 * (the clock was advanced by hand, or a long synchronous stretch ran past
 * it). Returns false when no live deadline is left on that path, so the
 * task can stop checking.
 */
export function expireDue(scope: ScopeNode, now: number): boolean {
  let live = false;
  for (let s: ScopeNode | null = scope; s !== null; s = s._parent) {
    if (s._timed && s._error === null) {
      const timed = s as TimedScope;
      if (timed._deadline <= now) timed._expire();
      else live = true;
    }
    if (s._shield) break;
  }
  return live;
}

/** @internal The innermost cancelled scope that `scope` is exposed to, or null. */
export function cancelledScopeOf(scope: ScopeNode): ScopeNode | null {
  for (let s: ScopeNode | null = scope; s !== null; s = s._parent) {
    if (s._error !== null) return s;
    if (s._shield) return null;
  }
  return null;
}

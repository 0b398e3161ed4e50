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
 * - Children are an intrusive doubly linked list, newest first (`_first`,
 *   then `_next`), so linking and unlinking are O(1) with no allocation;
 *   cancelling a subtree is O(size of subtree). The newest child's `_prev`
 *   is the oldest child (itself when it is the only one), every other
 *   child's `_prev` its newer neighbour: the cancel walk reads the children
 *   oldest first without a field more per node, and an unlinked node's
 *   `_prev` is null.
 * - A cancellation wakes the tasks of the subtree depth first, each node's
 *   children oldest first: tasks woken together run in the order they were
 *   started.
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
    if (parent !== null) this._link(parent);
  }

  /** Links this node as `parent`'s newest child. */
  private _link(parent: ScopeNode): void {
    const first = parent._first;
    if (first === null) {
      this._prev = this;
    } else {
      this._next = first;
      this._prev = first._prev;
      first._prev = this;
    }
    parent._first = this;
  }

  /** Removes this node from its parent's children (its `_parent` stays, for lookups). */
  _unlink(): void {
    const parent = this._parent;
    const prev = this._prev;
    if (parent === null || prev === null) return;
    const next = this._next;
    if (parent._first === this) {
      // The newest: the next one is newest now, and holds the oldest (`prev`; itself when it is the last one).
      parent._first = next;
      if (next !== null) next._prev = prev;
    } else {
      prev._next = next;
      if (next !== null) next._prev = prev;
      else parent._first!._prev = prev; // The oldest: its newer neighbour is the oldest now.
    }
    this._prev = null;
    this._next = null;
  }

  /** Moves this node under `parent` (a starting child joining its group, see group.ts). */
  _moveTo(parent: ScopeNode): void {
    this._unlink();
    this._parent = parent;
    this._link(parent);
  }

  /** The reason given when this scope was cancelled. */
  get _reason(): unknown {
    return this._error === null ? undefined : this._error.reason;
  }

  /** Cancels this scope and wakes every task suspended in it (not behind a shield). */
  _cancelScope(reason: unknown): void {
    if (this._error !== null) return;
    this._error = new CancelledError(reason);
    wakeSubtree(this);
  }
}

/**
 * Delivers `cancelled`'s cancellation to every task whose code runs in its
 * subtree, depth first, each node's children oldest first (see the
 * invariants above), skipping shielded nodes and all below them.
 *
 * Where the walk meets a leaf (a task with no child and no inner scope:
 * nearly every node of a large tree) it delivers to it there and then, so
 * it reads each node once. (A stack of every node, popped afterwards, read
 * each of 100,000 tasks twice, the second time long after the first.) The
 * next, newer sibling is read before a node is delivered to: delivery may
 * run code (a `call`'s abort listeners) that moves that node, and then the
 * walk does not go down into its children. Should that code unlink or move
 * the sibling instead, the walk starts the parent's children over:
 * delivering twice to a task changes nothing.
 */
function wakeSubtree(cancelled: ScopeNode): void {
  deliverTo(cancelled, cancelled);
  // For each node the walk went down into: its parent, then its newer sibling to go on with.
  const resume: (ScopeNode | null)[] = [];
  let parent = cancelled;
  let child = oldestChild(cancelled);
  for (;;) {
    if (child === null) {
      if (resume.length === 0) return;
      const newer = resume.pop() as ScopeNode | null;
      parent = resume.pop() as ScopeNode;
      child = still(newer, parent);
      continue;
    }
    const newer = child === parent._first ? null : child._prev;
    if (!child._shield) {
      deliverTo(child, cancelled);
      // Down into its children, unless the delivery moved it out of the scope.
      if (child._first !== null && isChildOf(child, parent)) {
        resume.push(parent, newer);
        parent = child;
        child = oldestChild(child);
        continue;
      }
    }
    child = still(newer, parent);
  }
}

/** `next` if it is still one of `parent`'s children (or null: no more of them), else `parent`'s oldest child, to start over. */
function still(next: ScopeNode | null, parent: ScopeNode): ScopeNode | null {
  return next === null || isChildOf(next, parent) ? next : oldestChild(parent);
}

function isChildOf(node: ScopeNode, parent: ScopeNode): boolean {
  return node._prev !== null && node._parent === parent;
}

/** Wakes the task whose code runs in `node` itself, if any, with `cancelled`'s error (it carries the reason). */
function deliverTo(node: ScopeNode, cancelled: ScopeNode): void {
  const owner = node._owner;
  if (owner !== null && owner._scope === node) owner._deliverCancel(cancelled);
}

function oldestChild(node: ScopeNode): ScopeNode | null {
  const first = node._first;
  return first === null ? null : first._prev;
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

/**
 * `shield(op)`: run an operation that cancellation from outside cannot
 * interrupt (asyncio's `shield`, Trio's `CancelScope(shield=True)`).
 *
 * The operation runs in a shielded scope of the current task. Cancellation
 * requested meanwhile is not lost: it is level-triggered, so the first
 * suspension point after the shield throws `CancelledError`.
 *
 * @module
 */
import { rerun, assertOperation, type Instruction, type Operation } from '../operation.js';
import { ScopeNode } from './scope.js';
import { assertFreshOperation, currentTaskOrThrow } from './task.js';

function* runShielded<T>(op: Operation<T>): Generator<Instruction, T, unknown> {
  const task = currentTaskOrThrow('shield()');
  assertFreshOperation(op, 'shield()');
  const outer = task._scope;
  const scope = new ScopeNode(outer, task, true);
  task._setScope(scope);
  try {
    return yield* op;
  } finally {
    task._setScope(outer);
    scope._unlink();
  }
}

/**
 * Runs `op` protected from cancellation of the enclosing task or scopes.
 * Use it for cleanup that must finish (flushing, releasing a remote lock).
 *
 * @example
 * ```ts
 * try {
 *   yield* work();
 * } finally {
 *   yield* shield(saveProgress()); // runs to the end even while cancelled
 * }
 * ```
 */
export function shield<T>(op: Operation<T>): Operation<T> {
  assertOperation(op, 'shield(op)');
  return rerun(() => runShielded(op));
}


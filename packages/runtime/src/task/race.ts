/**
 * `race(...ops)`: the first operation to finish wins; the rest are
 * cancelled and awaited before the winner's result is returned (or its
 * error thrown).
 *
 * @module
 */
import { CancelledError } from '../errors.js';
import { rerun, assertOperation, type Instruction, type Operation, type OperationResult } from '../operation.js';
import { JOIN, NurseryScope } from './nursery.js';
import { VALUE, currentTaskOrThrow, type Task } from './task.js';

class RaceScope extends NurseryScope {
  _winner: Task<unknown> | null = null;

  protected _settle(child: Task<unknown>): void {
    child._retrieved = true;
    if (this._winner === null) {
      this._winner = child;
      this._cancelScope('another operation won the race');
    } else if (child._outcome !== VALUE && !(child._value instanceof CancelledError)) {
      this._reportLost(child, 'race()');
    }
  }
}

function* runRace(ops: readonly Operation<unknown>[]): Generator<Instruction, unknown, unknown> {
  const task = currentTaskOrThrow('race()');
  const scope = new RaceScope(task);
  try {
    for (const op of ops) scope._start(op, undefined);
    scope._waiter = task;
    yield JOIN;
  } finally {
    yield* scope._exit();
  }
  return scope._winner!._resultOrThrow();
}

/**
 * Runs operations concurrently; the first to finish — by returning or by
 * throwing — decides the result. The others are cancelled and awaited.
 *
 * @example
 * ```ts
 * const page = yield* race(fetchFrom(primary), fetchFrom(mirror));
 * ```
 */
export function race<const Ops extends readonly Operation<unknown>[]>(...ops: Ops): Operation<OperationResult<Ops[number]>> {
  if (ops.length === 0) throw new RangeError('race(...ops): needs at least one operation (an empty race would never finish)');
  for (let i = 0; i < ops.length; i++) assertOperation(ops[i], `race(...ops): argument ${i}`);
  return rerun(() => runRace(ops)) as Operation<OperationResult<Ops[number]>>;
}

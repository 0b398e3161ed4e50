/**
 * `gather(...ops)` and `gatherSettled(...ops)`: run operations concurrently
 * and collect their results in argument order.
 *
 * Each operation runs as a child task in a nursery scope under the caller.
 * `gather` throws the first failure after cancelling the rest and waiting
 * for them (unlike asyncio, nothing keeps running behind the caller's back);
 * a second failure that happens during that cleanup goes to the loop's
 * exception handler rather than being lost. `gatherSettled` never cancels
 * and returns each outcome in place.
 *
 * @module
 */
import { CancelledError } from '../errors.js';
import { assertOperation, type Instruction, type Operation, type OperationResult } from '../operation.js';
import { JOIN, NurseryScope } from './nursery.js';
import { VALUE, currentTaskOrThrow, type Task } from './task.js';

const NO_ERROR: unique symbol = Symbol('no error');

class GatherScope extends NurseryScope {
  readonly _results: unknown[];
  _failure: unknown = NO_ERROR;

  constructor(
    task: Task<unknown>,
    size: number,
    private readonly settled: boolean,
  ) {
    super(task);
    this._results = new Array<unknown>(size);
  }

  protected _settle(child: Task<unknown>): void {
    child._retrieved = true;
    if (this.settled) {
      this._results[child._index] =
        child._outcome === VALUE ? { status: 'fulfilled', value: child._value } : { status: 'rejected', reason: child._value };
      return;
    }
    if (child._outcome === VALUE) {
      this._results[child._index] = child._value;
    } else if (this._failure === NO_ERROR) {
      this._failure = child._value;
      this._cancelScope(child._value instanceof CancelledError ? child._value.reason : 'another operation in gather() failed');
    } else if (!(child._value instanceof CancelledError)) {
      this._reportLost(child, 'gather()');
    }
  }
}

function* runGather(ops: readonly Operation<unknown>[], settled: boolean, where: string): Generator<Instruction, unknown[], unknown> {
  const task = currentTaskOrThrow(where);
  const scope = new GatherScope(task, ops.length, settled);
  try {
    for (let i = 0; i < ops.length; i++) scope._start(ops[i]!, undefined, i);
    if (scope._live > 0) {
      scope._waiter = task;
      yield JOIN;
    }
  } finally {
    yield* scope._exit();
  }
  if (scope._failure !== NO_ERROR) throw scope._failure;
  return scope._results;
}

/** The tuple of results of a list of operations. */
export type GatherResults<Ops extends readonly Operation<unknown>[]> = { -readonly [K in keyof Ops]: OperationResult<Ops[K]> };

/** The tuple of settled outcomes of a list of operations (shaped like `Promise.allSettled`'s). */
export type GatherSettledResults<Ops extends readonly Operation<unknown>[]> = {
  -readonly [K in keyof Ops]: PromiseSettledResult<OperationResult<Ops[K]>>;
};

function assertAll(ops: readonly unknown[], where: string): void {
  for (let i = 0; i < ops.length; i++) assertOperation(ops[i], `${where}: argument ${i}`);
}

/**
 * Runs operations concurrently and returns their results as a typed tuple,
 * in argument order (asyncio's `gather`). The first failure cancels the
 * others, waits for them to finish, and is thrown.
 *
 * @example
 * ```ts
 * const [a, b, c] = yield* gather(randn(), randn(), randn()); // 3.00 s, not 9
 * const all = yield* gather(...Array.from({ length: 10 }, () => randn()));
 * ```
 */
export function gather<const Ops extends readonly Operation<unknown>[]>(...ops: Ops): Operation<GatherResults<Ops>> {
  assertAll(ops, 'gather(...ops)');
  return runGather(ops, false, 'gather()') as Operation<GatherResults<Ops>>;
}

/**
 * Runs operations concurrently and returns every outcome in argument order,
 * shaped like `Promise.allSettled`: `{ status: 'fulfilled', value }` or
 * `{ status: 'rejected', reason }` (a cancelled operation is rejected with
 * its `CancelledError`). Nothing is cancelled when one fails.
 *
 * @example
 * ```ts
 * const [ok, bad] = yield* gatherSettled(randn(), failing());
 * if (bad.status === 'rejected') console.log(bad.reason);
 * ```
 */
export function gatherSettled<const Ops extends readonly Operation<unknown>[]>(...ops: Ops): Operation<GatherSettledResults<Ops>> {
  assertAll(ops, 'gatherSettled(...ops)');
  return runGather(ops, true, 'gatherSettled()') as Operation<GatherSettledResults<Ops>>;
}

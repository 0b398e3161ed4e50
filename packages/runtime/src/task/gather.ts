/**
 * `gather(...ops)` and `gatherSettled(...ops)`: run operations concurrently
 * and collect their results in argument order. Both also take an array of
 * operations, with an optional `{ concurrency }`.
 *
 * Each operation runs as a child task in a nursery scope under the caller.
 * With a concurrency n below the number of operations, n worker tasks run
 * them instead, each taking the next operation when its last one finishes
 * (Effect's `forEach` with `concurrency`, p-map's pool): a job costs a
 * `yield*` in a running task rather than a task of its own, and operations
 * not yet started when the gather is cancelled or fails never start.
 * `gather` throws the first failure after cancelling the rest and waiting
 * for them (unlike asyncio, nothing keeps running behind the caller's back);
 * a second failure that happens during that cleanup goes to the loop's
 * exception handler rather than being lost. `gatherSettled` never cancels
 * and returns each outcome in place.
 *
 * @module
 */
import { CancelledError } from '../errors.js';
import { assertCount, assertOperation, describe, isOperation, type Instruction, type Operation, type OperationResult } from '../operation.js';
import { JOIN, NurseryScope } from './nursery.js';
import { VALUE, claimGenerator, currentTaskOrThrow, type Task } from './task.js';

const NO_ERROR: unique symbol = Symbol('no error');

class GatherScope extends NurseryScope {
  readonly _results: unknown[];
  _failure: unknown = NO_ERROR;

  constructor(
    task: Task<unknown>,
    size: number,
    private readonly settled: boolean,
    /** The children are pool workers, which store their operations' results themselves. */
    private readonly pool: boolean,
  ) {
    super(task);
    this._results = new Array<unknown>(size);
  }

  protected _settle(child: Task<unknown>): void {
    child._retrieved = true;
    if (this.pool) {
      if (child._outcome !== VALUE) this._fail(child);
      return;
    }
    if (this.settled) {
      this._results[child._index] =
        child._outcome === VALUE ? { status: 'fulfilled', value: child._value } : { status: 'rejected', reason: child._value };
      return;
    }
    if (child._outcome === VALUE) this._results[child._index] = child._value;
    else this._fail(child);
  }

  /** A child failed or was cancelled: the first such outcome cancels the rest and is thrown; later errors are reported. */
  private _fail(child: Task<unknown>): void {
    if (this._failure === NO_ERROR) {
      this._failure = child._value;
      this._cancelScope(child._value instanceof CancelledError ? child._value.reason : 'another operation in gather() failed');
    } else if (!(child._value instanceof CancelledError)) {
      this._reportLost(child, 'gather()');
    }
  }
}

/**
 * One worker of a pooled gather: runs the next operation not yet taken
 * until none is left. In gatherSettled it records each outcome and goes on;
 * a cancelled gather starts no new operation, and those never started are
 * rejected with its CancelledError.
 */
function* poolWorker(scope: GatherScope, ops: readonly Operation<unknown>[], cursor: { next: number }, settled: boolean): Generator<Instruction, void, unknown> {
  const results = scope._results;
  if (!settled) {
    while (cursor.next < ops.length) {
      const i = cursor.next++;
      const op = ops[i]!;
      claimGenerator(op, 'gather(ops, options)', i);
      results[i] = yield* op;
    }
    return;
  }
  const task = currentTaskOrThrow('gatherSettled()');
  while (cursor.next < ops.length) {
    const cancelled = task._cancelledScope();
    if (cancelled !== null) {
      while (cursor.next < ops.length) results[cursor.next++] = { status: 'rejected', reason: cancelled._error };
      return;
    }
    const i = cursor.next++;
    try {
      const op = ops[i]!;
      claimGenerator(op, 'gatherSettled(ops, options)', i);
      results[i] = { status: 'fulfilled', value: yield* op };
    } catch (error) {
      results[i] = { status: 'rejected', reason: error };
    }
  }
}

function* runGather(ops: readonly Operation<unknown>[], settled: boolean, where: string, limit = Infinity): Generator<Instruction, unknown[], unknown> {
  const task = currentTaskOrThrow(where);
  const pool = limit < ops.length;
  const scope = new GatherScope(task, ops.length, settled, pool);
  try {
    if (pool) {
      const cursor = { next: 0 };
      for (let w = 0; w < limit; w++) scope._start(poolWorker(scope, ops, cursor, settled), undefined, w);
    } else {
      for (let i = 0; i < ops.length; i++) scope._start(ops[i]!, undefined, i);
    }
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

/** Options of the array forms of {@link gather} and {@link gatherSettled}. */
export interface GatherOptions {
  /**
   * How many of the operations run at once: a whole number >= 1, or
   * Infinity (the default: all at once, each in a task of its own). Below
   * the number of operations, that many worker tasks run them, each taking
   * the next one when its last one finishes; a task an operation spawns
   * then belongs to its worker.
   */
  concurrency?: number;
}

function assertAll(ops: readonly unknown[], where: string, what = 'argument'): void {
  // The message is built only for a bad one: a string per operation would cost gathering 100,000 of them ~10 %.
  for (let i = 0; i < ops.length; i++) if (!isOperation(ops[i])) assertOperation(ops[i], `${where}: ${what} ${i}`);
}

/** The operations and limit of a gather called with an array (and maybe options), or null for the variadic form. */
function arrayForm(args: readonly unknown[], name: string): { ops: readonly Operation<unknown>[]; limit: number } | null {
  const [ops, options = {}] = args;
  if (!Array.isArray(ops)) return null;
  const where = `${name}(ops, options)`;
  if (args.length > 2) throw new TypeError(`${where}: pass the operations either as one array (and an options object) or as separate arguments, not both`);
  if (typeof options !== 'object' || options === null || Array.isArray(options) || isOperationLike(options)) {
    throw new TypeError(`${where}: options must be an object such as { concurrency: 8 }, got ${describe(options)}`);
  }
  assertAll(ops, where, 'ops');
  const { concurrency = Infinity } = options as GatherOptions;
  assertCount(concurrency, where, 'options.concurrency', 1);
  return { ops: ops as readonly Operation<unknown>[], limit: concurrency };
}

/** Both forms of gather (settled false) and gatherSettled (settled true): checks the arguments, then runs them. */
function gatherCall(args: unknown[], settled: boolean): Operation<unknown> {
  const name = settled ? 'gatherSettled' : 'gather';
  const array = arrayForm(args, name);
  if (array !== null) return runGather(array.ops, settled, `${name}()`, array.limit);
  assertAll(args, `${name}(...ops)`);
  return runGather(args as Operation<unknown>[], settled, `${name}()`);
}

function isOperationLike(value: object): boolean {
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/**
 * Runs operations concurrently and returns their results as a typed tuple,
 * in argument order (asyncio's `gather`). The first failure cancels the
 * others, waits for them to finish, and is thrown.
 *
 * Given an array of operations (and optionally `{ concurrency: n }`), it
 * returns an array of results; with n below the array's length, at most n
 * run at once, in n worker tasks (Effect's `forEach` with `concurrency`).
 *
 * @example
 * ```ts
 * const [a, b, c] = yield* gather(randn(), randn(), randn()); // 3.00 s, not 9
 * const all = yield* gather(Array.from({ length: 10 }, () => randn()));
 * // 10,000 downloads, 8 at a time:
 * const pages = yield* gather(urls.map((url) => download(url)), { concurrency: 8 });
 * ```
 */
export function gather<T>(ops: readonly Operation<T>[], options?: GatherOptions): Operation<T[]>;
export function gather<const Ops extends readonly Operation<unknown>[]>(...ops: Ops): Operation<GatherResults<Ops>>;
export function gather(...args: unknown[]): Operation<unknown> {
  return gatherCall(args, false);
}

/**
 * Runs operations concurrently and returns every outcome in argument order,
 * shaped like `Promise.allSettled`: `{ status: 'fulfilled', value }` or
 * `{ status: 'rejected', reason }` (a cancelled operation is rejected with
 * its `CancelledError`). Nothing is cancelled when one fails.
 *
 * Like {@link gather}, it also takes an array of operations and
 * `{ concurrency: n }`; operations a cancelled gather never started are
 * rejected with its `CancelledError`.
 *
 * @example
 * ```ts
 * const [ok, bad] = yield* gatherSettled(randn(), failing());
 * if (bad.status === 'rejected') console.log(bad.reason);
 * const checks = yield* gatherSettled(hosts.map(ping), { concurrency: 16 });
 * ```
 */
export function gatherSettled<T>(ops: readonly Operation<T>[], options?: GatherOptions): Operation<PromiseSettledResult<T>[]>;
export function gatherSettled<const Ops extends readonly Operation<unknown>[]>(...ops: Ops): Operation<GatherSettledResults<Ops>>;
export function gatherSettled(...args: unknown[]): Operation<unknown> {
  return gatherCall(args, true);
}

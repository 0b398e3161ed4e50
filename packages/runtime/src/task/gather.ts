/**
 * `gather(...ops)` and `gatherSettled(...ops)`: run operations concurrently
 * and collect their results in argument order. Both also take an array of
 * operations, or items and a function making each item's operation, with
 * an optional `{ concurrency }`.
 *
 * Each operation runs as a child task in a nursery scope under the caller.
 * With a concurrency n below the number of operations, n worker tasks run
 * them instead, each taking the next operation when its last one finishes
 * (Effect's `forEach` with `concurrency`, p-map's pool): a job costs a
 * `yield*` in a running task rather than a task of its own, and operations
 * not yet started when the gather is cancelled or fails never start.
 * Given items and a function instead, the pool calls the function for an
 * item only when a worker takes it, so no operation exists before its turn.
 * `gather` throws the first failure after cancelling the rest and waiting
 * for them (unlike asyncio, nothing keeps running behind the caller's back);
 * a second failure that happens during that cleanup goes to the loop's
 * exception handler rather than being lost. `gatherSettled` never cancels
 * and returns each outcome in place.
 *
 * @module
 */
import { CancelledError, InvalidStateError } from '../errors.js';
import { isDeferred, settle } from '../interop/call.js';
import type { Settled } from '../stream/stage.js';
import { assertCount, assertOperation, describe, DONE_VOID, generatorNext, generatorThrow, isGenerator, isOperation, rerun, type Instruction, type Operation, type OperationResult } from '../operation.js';
import { JOIN, NurseryScope } from './nursery.js';
import { VALUE, currentTaskOrThrow, markRun, type Task } from './task.js';

const NO_ERROR: unique symbol = Symbol('no error');

class GatherScope extends NurseryScope {
  readonly _results: unknown[];
  _failure: unknown = NO_ERROR;
  /**
   * The id of the first child: the children are started one after another,
   * so their ids are consecutive and a child's slot is its id less this one
   * (a task keeps no field for it: every task would carry it).
   */
  private first = 0;
  /** Slots of children whose ids are not consecutive (a task was created while they were started: a trace listener's `loop.createTask`); null while there are none. */
  private irregular: Map<Task<unknown>, number> | null = null;

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

  /** Starts the operations' tasks, slot by slot. */
  _startAll(ops: readonly Operation<unknown>[]): void {
    for (let i = 0; i < ops.length; i++) {
      const child = this._start(ops[i]!, undefined);
      if (i === 0) this.first = child.id;
      else if (child.id !== this.first + i) (this.irregular ??= new Map()).set(child, i);
    }
  }

  private slotOf(child: Task<unknown>): number {
    const irregular = this.irregular;
    return (irregular === null ? undefined : irregular.get(child)) ?? child.id - this.first;
  }

  protected _settle(child: Task<unknown>): void {
    child._retrieved = true;
    if (this.pool) {
      if (child._outcome !== VALUE) this._fail(child);
      return;
    }
    if (this.settled) {
      this._results[this.slotOf(child)] =
        child._outcome === VALUE ? { status: 'fulfilled', value: child._value } : { status: 'rejected', reason: child._value };
      return;
    }
    if (child._outcome === VALUE) this._results[this.slotOf(child)] = child._value;
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
 * The jobs of a pooled gather: `items`, each turned into its operation by
 * `fn` when a worker takes it (the ops form has no fn: its items are the
 * operations), and the index of the next one to take.
 */
class Jobs {
  next = 0;

  constructor(
    readonly items: readonly unknown[],
    readonly fn: ((item: unknown, index: number) => unknown) | null,
    /** The call, for a generator object that already ran: `gather(ops, options)`. */
    readonly where: string,
  ) {}

  /** Job `i`'s operation, or its plain value when `fn` returned one. */
  make(i: number): unknown {
    const fn = this.fn;
    return fn === null ? this.items[i] : fn(this.items[i], i);
  }

  /** Job `i` is a generator object that already ran, or is running. */
  reused(i: number): InvalidStateError {
    return new InvalidStateError(
      `${this.where}: ${this.fn === null ? `ops ${i}` : `fn's result for items[${i}]`} is a generator object that already ran (or is running); a generator object runs once, so call the coroutine function again for each operation`,
    );
  }
}

/**
 * One worker of a pooled gather: runs the next job not yet taken until none
 * is left. In gatherSettled it records each outcome and goes on; a
 * cancelled gather starts no new job, and those never started are rejected
 * with its CancelledError.
 *
 * It is the worker task's iterator itself and steps each job's iterator by
 * hand, as `yield*` would: a generator wrapped around `yield* job` costs a
 * generator resumption more on every step of every job.
 */
class PoolWorker implements Operation<void>, Iterator<Instruction, void, unknown> {
  /** The job being run (its iterator), or null between jobs. */
  private job: Iterator<Instruction, unknown, unknown> | null = null;
  /** The job is a generator, stepped through the intrinsic methods. */
  private native = false;
  private index = 0;
  /** The worker's task, known from its first step. */
  private task: Task<unknown> | null = null;

  constructor(
    private readonly scope: GatherScope,
    private readonly jobs: Jobs,
    private readonly settled: boolean,
  ) {}

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    return this;
  }

  next(send?: unknown): IteratorResult<Instruction, void> {
    const job = this.job;
    if (job === null) return this.take();
    let step: IteratorResult<Instruction, unknown>;
    try {
      step = this.native ? (generatorNext.call(job, send) as IteratorResult<Instruction, unknown>) : job.next(send);
    } catch (error) {
      return this.failed(error);
    }
    if (step.done !== true) return step;
    this.store(step.value);
    return this.take();
  }

  throw(error: unknown): IteratorResult<Instruction, void> {
    const job = this.job;
    // A task throws only into an iterator suspended on an instruction, and the worker suspends only inside a job.
    if (job === null) throw error;
    let step: IteratorResult<Instruction, unknown>;
    try {
      if (this.native) step = generatorThrow.call(job, error) as IteratorResult<Instruction, unknown>;
      else if (typeof job.throw === 'function') step = job.throw(error);
      else throw error;
    } catch (thrown) {
      return this.failed(thrown);
    }
    if (step.done !== true) return step;
    this.store(step.value);
    return this.take();
  }

  return(): IteratorResult<Instruction, void> {
    return DONE_VOID;
  }

  /**
   * Starts jobs until one suspends (its step is returned) or none is left.
   * A cancelled worker starts none, even when its last job swallowed the
   * CancelledError: gather ends cancelled, gatherSettled rejects the jobs
   * never started with the CancelledError.
   */
  private take(): IteratorResult<Instruction, void> {
    const jobs = this.jobs;
    const count = jobs.items.length;
    const task = (this.task ??= currentTaskOrThrow(jobs.where));
    while (jobs.next < count) {
      const cancelled = task._cancelledScope();
      if (cancelled !== null) {
        // A cancelled scope always has its error.
        if (!this.settled) throw cancelled._error!;
        const results = this.scope._results;
        while (jobs.next < count) results[jobs.next++] = { status: 'rejected', reason: cancelled._error };
        break;
      }
      const i = (this.index = jobs.next++);
      let step: IteratorResult<Instruction, unknown>;
      try {
        const job = jobs.make(i);
        if (isGenerator(job)) {
          if (!markRun(job)) throw jobs.reused(i);
          this.native = true;
          this.job = job;
          step = generatorNext.call(job, undefined) as IteratorResult<Instruction, unknown>;
        } else if (isDeferred(job)) {
          this.native = false;
          const iterator = settle(job)[Symbol.iterator]();
          this.job = iterator;
          step = iterator.next(undefined);
        } else {
          this.store(job);
          continue;
        }
      } catch (error) {
        if (!this.settled) throw error;
        this.reject(error);
        continue;
      }
      if (step.done !== true) return step;
      this.store(step.value);
    }
    this.job = null;
    return DONE_VOID;
  }

  private store(value: unknown): void {
    this.scope._results[this.index] = this.settled ? { status: 'fulfilled', value } : value;
  }

  private reject(reason: unknown): void {
    this.scope._results[this.index] = { status: 'rejected', reason };
  }

  /** The job threw: gather fails with the error; gatherSettled records it and goes on. */
  private failed(error: unknown): IteratorResult<Instruction, void> {
    if (!this.settled) throw error;
    this.reject(error);
    return this.take();
  }
}

/**
 * A gather's work, checked when gather is called: operations to run each in
 * a task of its own, or jobs (`items`, each turned into its operation by
 * `fn`, or the operations themselves when `fn` is null) for a pool of
 * `workers` tasks. Each run takes the jobs from the first.
 */
type Work =
  | { ops: readonly Operation<unknown>[]; items: null; fn: null; where: string; workers: 0 }
  | { ops: null; items: readonly unknown[]; fn: ((item: unknown, index: number) => unknown) | null; where: string; workers: number };

function* runGather(work: Work, settled: boolean, where: string): Generator<Instruction, unknown[], unknown> {
  const task = currentTaskOrThrow(where);
  const pooled = work.ops === null;
  const scope = new GatherScope(task, pooled ? work.items.length : work.ops.length, settled, pooled);
  try {
    if (work.ops === null) {
      const jobs = new Jobs(work.items, work.fn, work.where);
      // Named only when they are a pool (a worker per job needs no name of its own): after fn, where it has a name.
      const named = work.workers < jobs.items.length;
      const prefix = jobs.fn !== null && jobs.fn.name !== '' ? jobs.fn.name : where;
      for (let w = 0; w < work.workers; w++) scope._start(new PoolWorker(scope, jobs, settled), named ? `${prefix} worker ${w}` : undefined);
    } else {
      scope._startAll(work.ops);
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

/**
 * Options of the array and items forms of {@link gather} and
 * {@link gatherSettled}.
 *
 * @example
 * ```ts
 * const options: GatherOptions = { concurrency: 8 };
 * const pages = yield* gather(urls, download, options);
 * ```
 */
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

/** Checks the options argument of the array forms and returns the concurrency. */
function concurrencyOf(options: unknown, where: string): number {
  if (typeof options !== 'object' || options === null || Array.isArray(options) || isIterable(options)) {
    throw new TypeError(`${where}: options must be an object such as { concurrency: 8 }, got ${describe(options)}`);
  }
  const { concurrency = Infinity } = options as GatherOptions;
  assertCount(concurrency, where, 'options.concurrency', 1);
  return concurrency;
}

/** What a gather called with an array of operations, or with items and a function, is to run; null for the variadic form. */
function arrayForm(args: readonly unknown[], name: string): Work | null {
  const [first, second] = args;
  // (op, fn) is the variadic form with an uncalled coroutine function, reported as such; (op, fn, options) meant items.
  if (typeof second === 'function' && (!isOperation(first) || (args.length === 3 && !isOperation(args[2])))) {
    const where = `${name}(items, fn, options)`;
    if (args.length > 3) throw new TypeError(`${where}: expected at most 3 arguments, got ${args.length}`);
    if (isOperation(first)) {
      throw new TypeError(`${where}: items must be an array, a Set, a Map or a typed array, got ${describe(first)}; a generator object or other operation is not taken as items (pass Array.from(values) instead)`);
    }
    if (!isIterable(first)) throw new TypeError(`${where}: items must be an array, a Set, a Map or a typed array, got ${describe(first)}`);
    const concurrency = concurrencyOf(args.length > 2 ? args[2] : {}, where);
    const items = Array.isArray(first) ? (first as readonly unknown[]) : Array.from(first);
    return { ops: null, items, fn: second as (item: unknown, index: number) => unknown, where, workers: Math.min(concurrency, items.length) };
  }
  if (!Array.isArray(first)) return null;
  const where = `${name}(ops, options)`;
  if (args.length > 2) throw new TypeError(`${where}: pass the operations either as one array (and an options object) or as separate arguments, not both`);
  const concurrency = concurrencyOf(args.length > 1 ? second : {}, where);
  const ops = first as readonly Operation<unknown>[];
  assertAll(ops, where, 'ops');
  if (concurrency >= ops.length) return { ops, items: null, fn: null, where, workers: 0 };
  return { ops: null, items: ops, fn: null, where, workers: concurrency };
}

/** Both forms of gather (settled false) and gatherSettled (settled true): checks the arguments, then runs them. */
function gatherCall(args: unknown[], settled: boolean): Operation<unknown> {
  const name = settled ? 'gatherSettled' : 'gather';
  const where = `${name}()`;
  const work = arrayForm(args, name) ?? variadicForm(args, name);
  return rerun(() => runGather(work, settled, where));
}

/** What a gather called with operations as separate arguments is to run. */
function variadicForm(args: unknown[], name: string): Work {
  assertAll(args, `${name}(...ops)`);
  return { ops: args as Operation<unknown>[], items: null, fn: null, where: `${name}(...ops)`, workers: 0 };
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/**
 * Runs operations concurrently and returns their results as a typed tuple,
 * in argument order (asyncio's `gather`). The first failure cancels the
 * others, waits for them to finish, and is thrown.
 *
 * Given an array of operations (and optionally `{ concurrency: n }`), it
 * returns an array of results; with n below the array's length, at most n
 * run at once, in n worker tasks (p-map's pool).
 *
 * Given items (an array or any iterable) and a function, it calls
 * `fn(item, index)` for each item only when a worker takes it, and returns
 * the results in item order (Effect's `forEach` with `concurrency`,
 * `pMap`). `fn` may be a generator function or return an operation, a
 * promise or a plain value, as `map`'s may. Nothing is made before its
 * turn, so 100,000 items at 64 at a time hold 64 operations, not 100,000.
 * A throw from `fn` is that item's failure. It is also the form for very
 * many operations: `gather(...ops)` passes each one as an argument, and
 * spreading more than ~120,000 overflows V8's stack at the call, before
 * gather runs (`RangeError: Maximum call stack size exceeded`).
 *
 * @example
 * ```ts
 * const [a, b, c] = yield* gather(randn(), randn(), randn()); // 3.00 s, not 9
 * const all = yield* gather(Array.from({ length: 10 }, () => randn()));
 * // 10,000 downloads, 8 at a time, each started when its turn comes:
 * const pages = yield* gather(urls, (url) => download(url), { concurrency: 8 });
 * ```
 */
export function gather<T>(ops: readonly Operation<T>[], options?: GatherOptions): Operation<T[]>;
export function gather<T, R>(items: Iterable<T>, fn: (item: T, index: number) => R, options?: GatherOptions): Operation<Settled<R>[]>;
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
 * Like {@link gather}, it also takes an array of operations, or items and
 * a function, with `{ concurrency: n }`; a throw from `fn` is that item's
 * rejection, and operations a cancelled gather never started are rejected
 * with its `CancelledError`.
 *
 * @example
 * ```ts
 * const [ok, bad] = yield* gatherSettled(randn(), failing());
 * if (bad.status === 'rejected') console.log(bad.reason);
 * const checks = yield* gatherSettled(hosts, ping, { concurrency: 16 });
 * ```
 */
export function gatherSettled<T>(ops: readonly Operation<T>[], options?: GatherOptions): Operation<PromiseSettledResult<T>[]>;
export function gatherSettled<T, R>(items: Iterable<T>, fn: (item: T, index: number) => R, options?: GatherOptions): Operation<PromiseSettledResult<Settled<R>>[]>;
export function gatherSettled<const Ops extends readonly Operation<unknown>[]>(...ops: Ops): Operation<GatherSettledResults<Ops>>;
export function gatherSettled(...args: unknown[]): Operation<unknown> {
  return gatherCall(args, true);
}


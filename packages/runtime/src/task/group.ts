/**
 * `taskGroup(body)`: a nursery (Trio) / TaskGroup (asyncio) whose body runs
 * in the current task while children run beside it.
 *
 * Rules:
 * - The group waits for every child before it returns, whatever happens.
 * - The first non-cancellation error (from a child or the body) cancels the
 *   group's scope: the body and all siblings get `CancelledError` at their
 *   next suspension point.
 * - On exit, every non-cancellation error is thrown together as one
 *   {@link TaskGroupError}, in the order they happened; an error that
 *   reached the body through `group.start` is counted once.
 * - Cancellation from outside passes through: children are cancelled and
 *   awaited, then the body's `CancelledError` propagates. If the body had
 *   already returned, waiting for the children was the suspension point:
 *   the group throws a `CancelledError` once they are done.
 *
 * @module
 */
import { CancelledError, InvalidStateError, TaskGroupError } from '../errors.js';
import { rerun, assertOperation, describe, Instruction, yieldedWithoutStar, type Operation } from '../operation.js';
import { JOIN, NurseryScope } from './nursery.js';
import { cancelledScopeOf } from './scope.js';
import { spawnName } from './spawn.js';
import { CANCELLED, ERROR, currentTaskOrThrow, type SpawnOptions, type Task, type TaskWatcher } from './task.js';

const NO_ERROR: unique symbol = Symbol('no error');

/**
 * The handle a {@link taskGroup} body receives, to start children in the group.
 *
 * @example
 * ```ts
 * yield* taskGroup(function* (group) {
 *   group.spawn(producer(queue));
 *   group.spawn(consumer(queue));
 * });
 * ```
 */
export class TaskGroup extends NurseryScope {
  /** @internal */ _errors: unknown[] = [];
  /** @internal */ _closed = false;
  /** @internal Children whose outcome `start()` reports instead of the group (see Start). */
  _handedOff: Set<Task<unknown>> | null = null;
  /** @internal `cancel()` was called: the group's own cancellation, which it absorbs on exit. */
  _cancelRequested = false;

  /**
   * Cancels the group (Trio's `nursery.cancel_scope.cancel()`): the body
   * and every child get `CancelledError` at their next suspension point,
   * the group waits for them as always, and then `taskGroup` returns
   * quietly — its own cancellation is not an error of the task that opened
   * it (the value is `undefined` when the body was interrupted, else the
   * body's value). A child's real error still comes out as a
   * `TaskGroupError`, and a cancellation from outside still propagates.
   * Cancelling twice, or after the group exited, does nothing.
   *
   * @example
   * ```ts
   * yield* taskGroup(function* (group) {
   *   group.spawn(serveForever(listener));
   *   yield* shutdownRequested.wait();
   *   group.cancel('shutting down'); // stops the server; taskGroup then returns
   * });
   * ```
   */
  cancel(reason?: unknown): void {
    if (this._closed) return;
    this._cancelRequested = true;
    this._cancelScope(reason === undefined ? 'group.cancel()' : reason);
  }

  /**
   * Starts `op` as a child of the group and returns its task at once (it
   * first runs on the next pass). Throws `InvalidStateError` once the
   * group has exited.
   *
   * @example
   * ```ts
   * const task = group.spawn(randn(), { name: 'randn' });
   * ```
   */
  spawn<T>(op: Operation<T>, options?: SpawnOptions): Task<T> {
    assertOperation(op, 'group.spawn(op)');
    const name = spawnName(options, 'group.spawn(op, options)');
    this.assertOpen('spawn');
    return this._start(op, name);
  }

  /**
   * Starts a child and waits until it calls `ready(value)`, then returns
   * that value while the child keeps running in the group (Trio's
   * `nursery.start`). Until then the child runs under the caller's cancel
   * scope: an error it throws before `ready` comes out of `start` (the
   * caller can catch it, say a server that cannot bind its port) and does
   * not fail the group; returning without calling `ready` is an
   * `InvalidStateError` from `start`. After `ready`, the child belongs to
   * the group like any other.
   *
   * @example
   * ```ts
   * const port = yield* group.start<number>(function* (ready) {
   *   const server = yield* listen(0);
   *   ready(server.port);
   *   yield* server.serveForever();
   * });
   * ```
   */
  start<T = void>(fn: (ready: (value: T) => void) => Operation<unknown>, options?: SpawnOptions): Operation<T> {
    if (typeof fn !== 'function') throw new TypeError(`group.start(fn): fn must be a function that receives ready(value), got ${describe(fn)}`);
    const name = spawnName(options, 'group.start(fn, options)');
    return new Start<T>(this, fn, name);
  }

  /** @internal */
  assertOpen(what: string): void {
    if (this._closed) throw new InvalidStateError(`group.${what}(): the task group has already exited; start children from inside its body`);
  }

  /** @internal Records a failure and cancels everything in the group. */
  _fail(error: unknown): void {
    if (this._errors.includes(error)) return;
    this._errors.push(error);
    this._cancelScope('a task in the group failed');
  }

  /** @internal `child` ended before calling ready(): its outcome goes to the `start()` caller, not to the group. */
  _handOff(child: Task<unknown>): void {
    child._retrieved = true;
    (this._handedOff ??= new Set()).add(child);
  }

  protected _settle(child: Task<unknown>): void {
    if (this._handedOff !== null && this._handedOff.delete(child)) return;
    if (child._outcome === ERROR) {
      child._retrieved = true;
      this._fail(child._value);
    }
  }
}

/**
 * `group.start(fn)`, Trio's `nursery.start`. Until it calls `ready(value)`
 * the child runs under the *caller's* cancel scope, and the caller waits
 * for it without being interruptible (so cancelling the caller cancels the
 * child, and the caller hears how the child ended):
 * - an error (or cancellation) before `ready()` comes out of `start()` and
 *   does not fail the group;
 * - returning without `ready()` is an `InvalidStateError` from `start()`;
 * - `ready(value)` moves the child under the group's scope, where its errors
 *   fail the group as any child's do, and `start()` returns `value`.
 */
class Start<T> extends Instruction implements Operation<T>, Iterator<Instruction, T, unknown>, TaskWatcher {
  readonly kind = 'start';
  private started = false;
  private waiter: Task<unknown> | null = null;
  private child: Task<unknown> | null = null;
  private readied = false;
  private value: T | undefined = undefined;

  constructor(
    private readonly group: TaskGroup,
    private readonly fn: (ready: (value: T) => void) => Operation<unknown>,
    private readonly name: string | undefined,
  ) {
    super();
  }

  override get _uncancellable(): boolean {
    return true;
  }

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    return this.started ? new Start(this.group, this.fn, this.name) : this;
  }

  next(value?: unknown): IteratorResult<Instruction, T> {
    if (this.started) return { done: true, value: value as T };
    this.started = true;
    this.group.assertOpen('start');
    const caller = currentTaskOrThrow('group.start()');
    const op = this.fn(this.ready);
    assertOperation(op, 'group.start(fn): fn(ready)');
    // ready() called by fn itself, before the child exists: it starts in the group directly.
    const child = this.group._start(op, this.name, this.readied ? this.group : caller._scope);
    this.child = child;
    child._watch(this);
    return { done: false, value: this };
  }

  throw(error: unknown): IteratorResult<Instruction, T> {
    throw error;
  }

  _suspend(task: Task<unknown>): void {
    if (!this.started) {
      task._resumeThrow(yieldedWithoutStar(task, this));
      return;
    }
    if (this.readied) {
      task._resume(this.value);
      return;
    }
    this.waiter = task;
  }

  override _cancel(): void {
    this.waiter = null;
  }

  override _describe(): string {
    const child = this.child;
    return child === null ? 'group.start()' : `group.start(): task "${child.name}" (id ${child.id}) to call ready()`;
  }

  private readonly ready = (value: T): void => {
    if (this.readied) throw new InvalidStateError('group.start(): ready() was called twice; call it once, when the task is ready');
    const child = this.child;
    if (child !== null && child.done()) throw new InvalidStateError(`group.start(): ready() was called after task "${child.name}" finished`);
    this.readied = true;
    this.value = value;
    if (child !== null) {
      // The child joins the group: from now on the group's cancellation reaches it and its errors fail the group.
      const group = this.group;
      child._moveTo(group);
      const cancelled = cancelledScopeOf(group);
      if (cancelled !== null) child._deliverCancel(cancelled);
    }
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      waiter._resume(value);
    }
  };

  _taskDone(child: Task<unknown>): void {
    const waiter = this.waiter;
    if (this.readied || waiter === null) return;
    this.waiter = null;
    // Watchers hear before the nursery: the group then leaves this outcome to start().
    this.group._handOff(child);
    if (child._outcome === ERROR || child._outcome === CANCELLED) waiter._resumeThrow(child._value);
    else waiter._resumeThrow(new InvalidStateError(`group.start(): task "${child.name}" returned without calling ready(value); call ready() once it is ready to serve`));
  }
}

function* runGroup<T>(body: (group: TaskGroup) => Operation<T>): Generator<Instruction, T, unknown> {
  const task = currentTaskOrThrow('taskGroup()');
  const group = new TaskGroup(task);
  const outer = task._scope;
  task._setScope(group);
  let value: T | undefined;
  let bodyError: unknown = NO_ERROR;
  try {
    const op = body(group);
    assertOperation(op, 'taskGroup(body): body(group)');
    value = yield* op;
  } catch (error) {
    bodyError = error;
    if (!(error instanceof CancelledError)) group._fail(error);
  }
  let waited = false;
  try {
    if (group._live > 0) {
      group._waiter = task;
      waited = true;
      yield JOIN;
    }
  } finally {
    // Also reached when the operation is closed early: children are cancelled and awaited there.
    yield* group._exit();
    task._setScope(outer);
    group._closed = true;
  }
  if (group._errors.length > 0) throw new TaskGroupError(group._errors);
  if (bodyError !== NO_ERROR) {
    // The group's own cancel() is absorbed here, as a Trio scope catches its own Cancelled, unless a cancellation from outside is also in force.
    if (bodyError === group._error && group._cancelRequested && cancelledScopeOf(outer) === null) return undefined as T;
    throw bodyError;
  }
  if (waited) {
    // The wait for the children was a suspension point: cancellation from outside passes through it.
    const cancelled = cancelledScopeOf(outer);
    if (cancelled !== null) throw cancelled._error!;
  }
  return value as T;
}

/**
 * Runs `body` with a {@link TaskGroup} and returns the body's value once the
 * body and every child have finished (asyncio's `TaskGroup`, Trio's
 * nursery). A failure cancels the body and all children; every
 * non-cancellation error is thrown together as a {@link TaskGroupError}.
 *
 * @example
 * ```ts
 * const results: number[] = [];
 * yield* taskGroup(function* (group) {
 *   for (let i = 0; i < 3; i++) {
 *     group.spawn(function* () { results.push(yield* randn()); }());
 *   }
 * });
 * console.log(results.length); // 3
 * ```
 */
export function taskGroup<T>(body: (group: TaskGroup) => Operation<T>): Operation<T> {
  if (typeof body !== 'function') throw new TypeError(`taskGroup(body): body must be a generator function receiving the group, got ${describe(body)}`);
  return rerun(() => runGroup(body));
}

/**
 * Tasks: a coroutine being stepped by the loop.
 *
 * A task owns one iterator (the coroutine's generator, or a runtime
 * operation) and steps it synchronously from the loop's run queue: a task
 * switch is a function call, never a promise round-trip. Each step runs the
 * coroutine until it yields an {@link Instruction}; the task then suspends
 * on that instruction, which resumes it later with a value or an error.
 *
 * Life cycle: created (queued, not started) → ready ⇄ running ⇄ suspended →
 * finishing (its coroutine returned but children it spawned are being
 * cancelled and awaited) → done. A task is itself the root node of its cancel
 * scope subtree (see scope.ts) and the nursery of the tasks it `spawn`s.
 *
 * Invariants:
 * - A task is in the run queue at most once (only `_resume*` queue it, and
 *   only from the suspended state).
 * - A task cancelled before its first step never runs any of its code
 *   (asyncio's rule); afterwards, cancellation arrives at suspension points.
 * - A task is done only after every task it spawned is done: nothing it
 *   started outlives it.
 * - Finishing notifies, in order: awaiting tasks and watchers, then the
 *   owning nursery (a group or gather), so a `group.start` waiter hears
 *   about its child before the group reacts.
 *
 * @module
 */
import { CancelledError, InvalidStateError } from '../errors.js';
import { describe, generatorNext, generatorThrow, Instruction, isGenerator, rejectAwait, type Operation } from '../operation.js';
import type { Loop } from '../loop/loop.js';
import type { Runnable } from '../loop/ready-queue.js';
import { defaultTaskName, nameOf } from './naming.js';
import { ScopeNode, cancelledScopeOf, expireDue } from './scope.js';

/** Options accepted wherever a task is created. */
export interface SpawnOptions {
  /** A name for traces, the console and error messages. Default `Task-<id>`. */
  name?: string;
}

/** The state of a task, as reported by {@link Task.state}. */
export type TaskState = 'ready' | 'running' | 'suspended' | 'finishing' | 'done';

/** @internal Something a task closes when it finishes (an open stream subscription). */
export interface Closable {
  readonly closed: boolean;
  close(): Operation<void>;
}

/** @internal Receives a task's children as they finish. */
export interface Nursery {
  _childDone(child: Task<unknown>): void;
}

/** @internal Notified when a task is done. */
export interface TaskWatcher {
  _taskDone(task: Task<unknown>): void;
}

const CREATED = 0;
const READY = 1;
const RUNNING = 2;
const SUSPENDED = 3;
const FINISHING = 4;
const DONE = 5;

/** @internal */ export const PENDING = 0;
/** @internal */ export const VALUE = 1;
/** @internal */ export const ERROR = 2;
/** @internal */ export const CANCELLED = 3;

/** `_iter` is a native generator: stepped through the intrinsic next/throw. */
const NATIVE = 1;
/** The next step throws `_value` into the coroutine instead of sending it. */
const THROWING = 2;
const RETRIEVED = 4;
/**
 * A scope the task's code runs in may be cancelled, so its next suspension
 * must look up the scope chain. Set by cancellation delivery (which reaches
 * every task whose current scope is in the cancelled subtree) and rechecked
 * whenever the task enters or leaves a scope; a suspension with the bit
 * clear skips the walk (~140 instructions on a four-deep chain of
 * differently shaped scopes). A stale bit only costs one walk, which clears it.
 */
const EXPOSED = 32;
/**
 * A scope with a deadline encloses the task's code, so its next suspension
 * must expire any deadline that is due but whose timer has not fired yet
 * (the clock was advanced by hand, or a long synchronous stretch ran past
 * it): an expired deadline is seen at the very next suspension point,
 * `sleep(0)` included. Set by `_setScope` and, while any deadline scope is
 * open on the loop, for every new task; a suspension that finds no live
 * deadline clears it.
 */
const TIMED = 64;
const OUTCOME_SHIFT = 3;
const OUTCOME_MASK = 3 << OUTCOME_SHIFT;

/**
 * The parts of a task only some tasks need, kept out of the Task object:
 * each field there costs every task (measured: 7 more fields made the spawn
 * workload ~15 % slower), and most tasks never spawn a free child, get
 * awaited from async code or open a stream.
 */
class TaskExtra {
  /** Children started with a free `spawn` and not finished. */
  liveChildren = 0;
  failedChildren: Task<unknown>[] | null = null;
  watchers: TaskWatcher[] | null = null;
  promise: Promise<unknown> | null = null;
  /** Subscriptions opened with iterate(); any still open are closed when the task finishes. */
  resources: Set<Closable> | null = null;
  /** The nursery told when the task finishes, while it is not the task's parent (a `group.start` child before `ready()`). */
  nursery: Nursery | null = null;
}

let current: Task<unknown> | null = null;

/**
 * @internal What the task sends into a coroutine resumed from `sleep(0)`:
 * the yield's iterator (sleep.ts) ends its step on it and starts one on
 * anything else.
 */
export const RESUMED: unique symbol = Symbol('resumed');

/** The instruction of `sleep(0)`: requeue the task at the back of the run queue (asyncio's `sleep(0)`). */
class YieldInstruction extends Instruction {
  get kind(): string {
    return 'sleep';
  }

  override _describe(): string {
    return 'sleep(0) (ready again at once)';
  }

  _suspend(task: Task<unknown>): void {
    task._resume(RESUMED);
  }
}

/** @internal The one instruction every `sleep(0)` yields; `Task._run` requeues it without calling `_suspend`. */
export const YIELD_INSTRUCTION: Instruction = new YieldInstruction();

/** Marks a generator object some task has started: each may be run by one task, once. */
const STARTED: unique symbol = Symbol('loop.started');

function reusedGenerator(task: Task<unknown>): InvalidStateError {
  return new InvalidStateError(
    `task "${task.name}": its operation is a generator object that another task already ran (or is running); a generator object runs once, so call the coroutine function again for each task (spawn(work()), not the same work() value twice)`,
  );
}

/**
 * @internal Marks a generator object as run; false if it already was run,
 * or is running, by a task or a pooled gather's worker (each reports that
 * as an InvalidStateError). A symbol-keyed mark adds a small property store
 * to each generator (measured: 0–8 % on the spawn workload, ~60 B per live
 * task); a WeakSet cost ~300 ns (its ephemeron table slows every GC).
 */
export function markRun(generator: Generator<Instruction, unknown, unknown>): boolean {
  const marked = generator as { [STARTED]?: true };
  if (marked[STARTED] === true) return false;
  marked[STARTED] = true;
  return true;
}

/**
 * @internal For a runtime operation that runs `op` in the current task
 * (`timeout(ms, op)`, `shield(op)`): refuses a generator object that the
 * runtime already ran, or is running (a task, a pooled gather, or one of
 * these). `yield*` of a finished generator returns `undefined` without
 * running anything, so running such an operation again (a retry) would
 * hand back `undefined` as `op`'s result. A generator the caller ran itself
 * with a plain `yield*` carries no mark: JavaScript offers no way to ask a
 * generator whether it has finished.
 */
export function assertFreshOperation(op: Operation<unknown>, where: string): void {
  if (isGenerator(op) && !markRun(op)) {
    throw new InvalidStateError(
      `${where}: op is a generator object that already ran (or is running); a generator object runs once, so call the coroutine function again for each run (a retry makes a new work() each time), or pass an operation the runtime made, which runs anew`,
    );
  }
}

/** @internal The task being stepped right now, or null outside any task. */
export function currentTaskOrNull(): Task<unknown> | null {
  return current;
}

/** @internal The task being stepped; `where` names the caller in the error. */
export function currentTaskOrThrow(where: string): Task<unknown> {
  if (current === null) {
    throw new InvalidStateError(`${where} must run inside a task: yield* it from a coroutine started with run(), spawn() or loop.run()`);
  }
  return current;
}

/**
 * A coroutine scheduled on the loop (asyncio's `Task`). Create one with
 * `yield* spawn(op)`, `group.spawn(op)` or `loop.run(op)`.
 *
 * A task is an operation (`yield* task` waits for it and returns its value
 * or rethrows its error) and a `PromiseLike` (async code can `await` it).
 *
 * @example
 * ```ts
 * const task = yield* spawn(randn(), { name: 'randn' });
 * const value = yield* task;     // wait inside a coroutine
 * console.log(task.done(), task.result() === value); // true true
 * ```
 */
export class Task<T = unknown> extends ScopeNode implements Operation<T>, PromiseLike<T>, Runnable, Nursery {
  /** A unique, increasing id within the loop. */
  readonly id: number;
  /** The loop this task runs on. */
  readonly loop: Loop;

  /** @internal The operation until the first step, then its iterator; null once finished. */
  _iter: Iterator<Instruction, T, unknown> | Operation<T> | null;
  /** @internal */ _state = CREATED;
  /** @internal NATIVE, THROWING and RETRIEVED bits and the outcome (see the accessors below). */
  _flags = PENDING << OUTCOME_SHIFT;
  /** @internal */ _waiting: Instruction | null = null;
  /** @internal The innermost scope the task's code runs in. */
  _scope: ScopeNode;
  /** @internal The value to resume with while running; the result or error once finished. */
  _value: unknown = undefined;
  /** @internal Unset until a name is given or read (names are built lazily). */
  _name: string | undefined;
  /** @internal What only some tasks need (children, watchers, a promise, open streams); null until one does. */
  _extra: TaskExtra | null = null;

  /**
   * @internal Use spawn(), group.spawn() or loop.run(). `parent` is the
   * task's node in the scope tree; `nursery` is told when it finishes. They
   * are one object (a task, a nursery scope, the loop's root) except for a
   * `group.start` child until `ready()`, so a task keeps no field for its
   * nursery (every task would carry it) but in that case.
   */
  constructor(loop: Loop, op: Operation<T>, name: string | undefined, parent: ScopeNode, parentTask: Task<unknown> | null, nursery: Nursery) {
    super(parent, null, false);
    this._owner = this;
    this._scope = this;
    this.loop = loop;
    this.id = ++loop._taskCount;
    this._name = name;
    this._iter = op;
    if (nursery !== (parent as unknown)) (this._extra = new TaskExtra()).nursery = nursery;
    if (loop._deadlines > 0) this._flags |= TIMED;
    loop._live++;
    if (loop._tracing) loop._emitSpawn(this, parentTask === null ? null : parentTask.id);
    loop._enqueue(this);
  }

  /** @internal PENDING, VALUE, ERROR or CANCELLED. */
  get _outcome(): number {
    return (this._flags & OUTCOME_MASK) >> OUTCOME_SHIFT;
  }

  set _outcome(outcome: number) {
    this._flags = (this._flags & ~OUTCOME_MASK) | (outcome << OUTCOME_SHIFT);
  }

  /** @internal True once the task's error was retrieved (or someone is waiting to retrieve it). */
  get _retrieved(): boolean {
    return (this._flags & RETRIEVED) !== 0;
  }

  set _retrieved(retrieved: boolean) {
    this._flags = retrieved ? this._flags | RETRIEVED : this._flags & ~RETRIEVED;
  }

  /**
   * The task's name: the one given; else its coroutine function's name
   * where it can be had (a `coroutine(fn)` wrapper, or a namer installed
   * with `setCoroutineNamer`, as `@loop/node`'s `nameCoroutines()` does);
   * else `Task-<id>`. Worked out when first read.
   */
  get name(): string {
    return this._ownName() ?? (this._name = defaultTaskName(this.id));
  }

  set name(name: string) {
    if (typeof name !== 'string') throw new TypeError(`task.name must be a string, got ${describe(name)}`);
    this._name = name;
  }

  /** @internal The name, or undefined while it is the default `Task-<id>` (which a trace line writes without making the string). */
  _ownName(): string | undefined {
    return (this._name ??= nameOf(this._iter));
  }

  /** True once the task has finished: returned, failed or was cancelled. */
  done(): boolean {
    return this._state === DONE;
  }

  /** True when the task finished by cancellation (a `CancelledError` escaped it). */
  cancelled(): boolean {
    return this._outcome === CANCELLED && this._state === DONE;
  }

  /** Where the task is in its life cycle. */
  get state(): TaskState {
    switch (this._state) {
      case CREATED:
      case READY:
        return 'ready';
      case RUNNING:
        return 'running';
      case SUSPENDED:
        return 'suspended';
      case FINISHING:
        return 'finishing';
      default:
        return 'done';
    }
  }

  /** What the task is suspended on (`sleep`, `join`, `call`, …), or null when it is not suspended. */
  get waitingOn(): string | null {
    return this._waiting === null ? null : this._waiting.kind;
  }

  /**
   * Requests cancellation: a `CancelledError` carrying `reason` is thrown
   * into the task at its current (or next) suspension point, and at every
   * one after (level-triggered). Tasks it spawned are cancelled too.
   * Returns `false` when the task is already done, else `true`.
   *
   * @example
   * ```ts
   * const task = yield* spawn(sleep(60_000));
   * task.cancel('no longer needed'); // true
   * yield* sleep(0);
   * task.cancelled(); // true
   * ```
   */
  cancel(reason?: unknown): boolean {
    if (this._state === DONE) return false;
    this._cancelScope(reason);
    return true;
  }

  /**
   * The task's return value. Throws its error if it failed, a
   * `CancelledError` if it was cancelled, and `InvalidStateError` if it has
   * not finished.
   *
   * @example
   * ```ts
   * yield* task;
   * console.log(task.result());
   * ```
   */
  result(): T {
    if (this._state !== DONE) {
      throw new InvalidStateError(`task "${this.name}" has not finished: yield* the task (or await it) before reading its result`);
    }
    return this._resultOrThrow();
  }

  /**
   * The error the task failed with, or `undefined` when it returned. Throws a
   * `CancelledError` if it was cancelled and `InvalidStateError` if it has
   * not finished.
   *
   * @example
   * ```ts
   * yield* wait([task]);
   * if (task.exception() !== undefined) console.error(task.exception());
   * ```
   */
  exception(): unknown {
    if (this._state !== DONE) {
      throw new InvalidStateError(`task "${this.name}" has not finished: wait for it before reading its exception`);
    }
    this._retrieved = true;
    if (this._outcome === CANCELLED) throw this._value;
    return this._outcome === ERROR ? this._value : undefined;
  }

  /**
   * Calls `callback(task)` soon after the task is done (at once on the next
   * pass if it already is). Errors thrown by the callback go to the loop's
   * exception handler.
   *
   * @example
   * ```ts
   * task.addDoneCallback((t) => console.log(t.name, 'finished'));
   * ```
   */
  addDoneCallback(callback: (task: Task<T>) => void): void {
    if (typeof callback !== 'function') throw new TypeError(`task.addDoneCallback(callback): callback must be a function, got ${describe(callback)}`);
    const watcher = new DoneCallback(callback as (task: Task<unknown>) => void);
    if (this._state === DONE) watcher._taskDone(this);
    else this._watch(watcher);
  }

  /**
   * Removes every registration of `callback`; returns how many were removed.
   *
   * @example
   * ```ts
   * task.removeDoneCallback(onDone); // 1
   * ```
   */
  removeDoneCallback(callback: (task: Task<T>) => void): number {
    const watchers = this._extra?.watchers ?? null;
    if (watchers === null) return 0;
    let removed = 0;
    for (let i = watchers.length - 1; i >= 0; i--) {
      const w = watchers[i];
      if (w instanceof DoneCallback && w.callback === callback) {
        watchers.splice(i, 1);
        removed++;
      }
    }
    return removed;
  }

  /** Waits for the task from async code: resolves with its value, rejects with its error or `CancelledError`. */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this._retrieved = true;
    return this._toPromise().then(onfulfilled, onrejected);
  }

  /** `yield* task` waits for the task and returns its value (or rethrows its error). */
  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    return new Join<T>(this);
  }

  /** @internal */
  _toPromise(): Promise<T> {
    const extra = (this._extra ??= new TaskExtra());
    if (extra.promise === null) {
      if (this._state === DONE) {
        // A task may fail with any thrown value, not only an Error; the promise rejects with exactly that value.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        extra.promise = this._outcome === VALUE ? Promise.resolve(this._value as T) : Promise.reject(this._value);
      } else {
        let watcher!: PromiseWatcher;
        extra.promise = new Promise<T>((resolve, reject) => {
          watcher = new PromiseWatcher(resolve as (value: unknown) => void, reject);
        });
        this._watch(watcher);
      }
    }
    return extra.promise as Promise<T>;
  }

  /** @internal */
  _resultOrThrow(): T {
    this._retrieved = true;
    if (this._outcome === VALUE) return this._value as T;
    throw this._value;
  }

  /** @internal */
  _watch(watcher: TaskWatcher): void {
    const extra = (this._extra ??= new TaskExtra());
    if (extra.watchers === null) extra.watchers = [watcher];
    else extra.watchers.push(watcher);
  }

  /** @internal Starts a child task in this task's own nursery (a free `spawn`). */
  _spawnChild<C>(op: Operation<C>, name: string | undefined): Task<C> {
    (this._extra ??= new TaskExtra()).liveChildren++;
    return new Task<C>(this.loop, op, name, this, this, this);
  }

  /** @internal Closes `resource` when this task finishes, if it is still open then. */
  _track(resource: Closable): void {
    ((this._extra ??= new TaskExtra()).resources ??= new Set()).add(resource);
  }

  /** @internal Forgets `resource` (it was closed by other means), so a long-lived task does not keep every closed one. */
  _untrack(resource: Closable): void {
    const extra = this._extra;
    if (extra !== null && extra.resources !== null) extra.resources.delete(resource);
  }

  /** @internal A spawned child finished. */
  _childDone(child: Task<unknown>): void {
    const extra = this._extra!;
    extra.liveChildren--;
    if (child._outcome === ERROR) (extra.failedChildren ??= []).push(child);
    if (extra.liveChildren === 0 && this._state === FINISHING) this._complete();
  }

  /** @internal Wakes the suspended task with `value`. */
  _resume(value: unknown): void {
    this._waiting = null;
    this._value = value;
    this._flags &= ~THROWING;
    this._state = READY;
    const loop = this.loop;
    if (loop._tracing) loop._emitResume(this);
    loop._enqueue(this);
  }

  /** @internal Wakes the suspended task by throwing `error` at its suspension point. */
  _resumeThrow(error: unknown): void {
    this._resume(error);
    this._flags |= THROWING;
  }

  /** @internal Moves the task's code into `scope` (entering or leaving a scope) and rechecks whether it is cancelled there. */
  _setScope(scope: ScopeNode): void {
    this._scope = scope;
    // cancelledScopeOf's walk, also noting a deadline on the way (TIMED).
    let flags = this._flags & ~(EXPOSED | TIMED);
    for (let s: ScopeNode | null = scope; s !== null; s = s._parent) {
      if (s._error !== null) {
        flags |= EXPOSED;
        break;
      }
      if (s._timed) flags |= TIMED;
      if (s._shield) break;
    }
    this._flags = flags;
  }

  /**
   * @internal The innermost cancelled scope the task's code is exposed to,
   * or null; no walk up the scope chain while no cancellation can have
   * reached the task.
   */
  _cancelledScope(): ScopeNode | null {
    if ((this._flags & EXPOSED) === 0) return null;
    const cancelled = cancelledScopeOf(this._scope);
    if (cancelled === null) this._flags &= ~EXPOSED;
    return cancelled;
  }

  /** @internal Called by scope delivery: interrupt the wait if the task is suspended on a cancellable one. */
  _deliverCancel(scope: ScopeNode): void {
    this._flags |= EXPOSED;
    if (this._state !== SUSPENDED) return;
    const waiting = this._waiting!;
    if (waiting._uncancellable) return;
    waiting._cancel(this);
    if (this.loop._tracing) this.loop._emitCancel(this, scope._reason);
    this._resumeThrow(scope._error);
  }

  /** @internal One run slice: step the coroutine until it suspends or finishes. */
  _run(): void {
    const state = this._state;
    if (state !== READY && state !== CREATED) return;
    const loop = this.loop;
    const tracing = loop._tracing;
    const started = tracing ? loop._stepStart() : 0;
    const previous = current;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the scheduler records which task is running
    current = this;
    this._state = RUNNING;
    let send = this._value;
    let throwing = (this._flags & THROWING) !== 0;
    this._value = undefined;
    this._flags &= ~THROWING;
    let iter: Iterator<Instruction, T, unknown>;
    if (state === CREATED) {
      const op = this._iter as Operation<T>;
      const cancelled = cancelledScopeOf(this);
      if (cancelled !== null) {
        // Cancelled before it ever ran: none of its code runs (asyncio's rule).
        if (tracing) loop._emitCancel(this, cancelled._reason);
        this._finishSlice(started, CANCELLED, cancelled._error);
        current = previous;
        return;
      }
      try {
        // A generator is its own iterator. Checking its prototype chain, not
        // looking up [Symbol.iterator], matters: every generator function has
        // its own prototype, so with many coroutine closures that lookup is
        // megamorphic and costs ~1 µs; this check costs ~70 ns.
        if (isGenerator(op)) {
          // A generator object runs once (asyncio: "cannot reuse already awaited
          // coroutine"): a second task stepping it would steal the first one's
          // resumptions, and a finished one would silently return undefined.
          if (!markRun(op)) throw reusedGenerator(this);
          iter = op as Iterator<Instruction, T, unknown>;
          this._flags |= NATIVE;
        } else {
          // A coroutine(fn) wrapper names its task now: once stepped, only the generator inside is left.
          this._name ??= nameOf(op);
          iter = op[Symbol.iterator]();
          // An operation that makes a generator for each run (the runtime's gather, timeout, …): stepped as one.
          if (isGenerator(iter)) this._flags |= NATIVE;
        }
        this._iter = iter;
      } catch (error) {
        this._finishSlice(started, ERROR, error);
        current = previous;
        return;
      }
    } else {
      iter = this._iter as Iterator<Instruction, T, unknown>;
    }
    const native = (this._flags & NATIVE) !== 0;
    for (;;) {
      let step: IteratorResult<Instruction, T>;
      try {
        if (native) {
          step = throwing ? (generatorThrow.call(iter, send) as IteratorResult<Instruction, T>) : (generatorNext.call(iter, send) as IteratorResult<Instruction, T>);
        } else if (throwing) {
          if (typeof iter.throw !== 'function') throw send;
          step = iter.throw(send);
        } else {
          step = iter.next(send);
        }
      } catch (error) {
        this._finishSlice(started, error instanceof CancelledError ? CANCELLED : ERROR, error);
        current = previous;
        return;
      }
      if (step.done === true) {
        this._finishSlice(started, VALUE, step.value);
        current = previous;
        return;
      }
      const instruction = step.value;
      if (instruction === YIELD_INSTRUCTION && (this._flags & (EXPOSED | TIMED)) === 0 && !tracing) {
        // sleep(0), the commonest suspension, requeued in place: what its
        // _suspend and this task's _resume would do, minus the calls.
        this._state = READY;
        this._value = RESUMED;
        loop._ready.push(this);
        break;
      }
      if (!(instruction instanceof Instruction)) {
        throwing = true;
        send = new TypeError(
          `task "${this.name}" yielded ${describe(instruction)} to the loop; coroutines must use yield* to run an operation (yield* sleep(ms), not yield sleep(ms))`,
        );
        continue;
      }
      if ((this._flags & (EXPOSED | TIMED)) !== 0 && !instruction._uncancellable) {
        // A deadline that is due expires here, before the task suspends (setting EXPOSED through delivery).
        if ((this._flags & TIMED) !== 0 && !expireDue(this._scope, loop.clock.now())) this._flags &= ~TIMED;
        const cancelled = this._cancelledScope();
        if (cancelled !== null) {
          throwing = true;
          send = cancelled._error;
          if (tracing) loop._emitCancel(this, cancelled._reason);
          continue;
        }
      }
      this._state = SUSPENDED;
      this._waiting = instruction;
      if (tracing) {
        this._suspendTraced(instruction, started);
      } else {
        instruction._suspend(this);
      }
      break;
    }
    current = previous;
  }

  /**
   * Suspends on `instruction` while the loop is traced: the slice's end is
   * read once, and the events that close it (`task.suspend`, whatever the
   * instruction emits as it parks the task, `task.step`) share that reading
   * (a clock read costs about 100 ns on some hosts).
   */
  private _suspendTraced(instruction: Instruction, started: number): void {
    const loop = this.loop;
    const end = loop._sliceEnding();
    try {
      loop._emitSuspend(this, instruction);
      instruction._suspend(this);
      loop._emitStep(this, started, end);
    } finally {
      loop._sliceEnded(end);
    }
  }

  /** Ends the slice in which the coroutine finished: its `task.step` comes before the task's `task.done` (TRACE.md), which share one clock reading. */
  private _finishSlice(started: number, outcome: number, value: unknown): void {
    const loop = this.loop;
    if (!loop._tracing) {
      this._finish(outcome, value);
      return;
    }
    const end = loop._sliceEnding();
    try {
      loop._emitStep(this, started, end);
      this._finish(outcome, value);
    } finally {
      loop._sliceEnded(end);
    }
  }

  /** @internal The coroutine returned or threw: cancel leftover children, then complete. */
  _finish(outcome: number, value: unknown): void {
    this._iter = null;
    this._waiting = null;
    this._outcome = outcome;
    this._value = value;
    for (let child = this._first; child !== null; child = child._next) {
      if (child instanceof Task) child.cancel('the task that spawned it finished');
    }
    const extra = this._extra;
    const resources = extra === null ? null : extra.resources;
    if (resources !== null) {
      // Streams left open are closed by shielded child tasks, so their
      // finally blocks run (and may still wait) even in a cancelled task.
      extra!.resources = null;
      for (const resource of resources) {
        if (!resource.closed) this._spawnChild(resource.close(), `close ${this.name}'s stream`)._shield = true;
      }
    }
    if (this._extra !== null && this._extra.liveChildren > 0) {
      this._state = FINISHING;
      return;
    }
    this._complete();
  }

  /** @internal */
  _complete(): void {
    this._state = DONE;
    this._unlink();
    const loop = this.loop;
    loop._live--;
    const extra = this._extra;
    if (extra !== null && extra.failedChildren !== null) {
      for (const child of extra.failedChildren) loop._reportUnretrieved(child);
      extra.failedChildren = null;
    }
    if (loop._tracing) loop._emitDone(this);
    const watchers = extra === null ? null : extra.watchers;
    if (watchers !== null) {
      extra!.watchers = null;
      for (const watcher of watchers) watcher._taskDone(this);
    }
    // Its nursery: the parent, unless the task finished where it was started, before it joined its nursery.
    (extra !== null && extra.nursery !== null ? extra.nursery : (this._parent as ScopeNode & Nursery))._childDone(this);
  }
}

/** `yield* task`: suspends until the task is done, then returns its result. */
class Join<T> extends Instruction implements Iterator<Instruction, T, unknown>, TaskWatcher {
  readonly kind = 'join';
  private waiter: Task<unknown> | null = null;
  private started = false;

  constructor(private readonly target: Task<T>) {
    super();
  }

  next(): IteratorResult<Instruction, T> {
    const target = this.target;
    if (target._state === DONE) return { done: true, value: target._resultOrThrow() };
    if (this.started) throw new Error('internal: join resumed before its task finished');
    this.started = true;
    return { done: false, value: this };
  }

  throw(error: unknown): IteratorResult<Instruction, T> {
    throw error;
  }

  return(value?: unknown): IteratorResult<Instruction, T> {
    return { done: true, value: value as T };
  }

  _suspend(task: Task<unknown>): void {
    if (task === this.target) {
      task._resumeThrow(new InvalidStateError(`task "${task.name}" cannot wait for itself`));
      return;
    }
    this.waiter = task;
    this.target._watch(this);
  }

  override _cancel(): void {
    this.waiter = null;
  }

  override _describe(): string {
    return `join task "${this.target.name}" (id ${this.target.id})`;
  }

  _taskDone(): void {
    const waiter = this.waiter;
    if (waiter === null) return;
    this.waiter = null;
    waiter._resume(undefined);
  }
}

class DoneCallback implements TaskWatcher {
  constructor(readonly callback: (task: Task<unknown>) => void) {}

  _taskDone(task: Task<unknown>): void {
    task._retrieved = true;
    task.loop.callSoon(this.callback, task);
  }
}

class PromiseWatcher implements TaskWatcher {
  constructor(
    private readonly resolve: (value: unknown) => void,
    private readonly reject: (reason: unknown) => void,
  ) {}

  _taskDone(task: Task<unknown>): void {
    if (task._outcome === VALUE) this.resolve(task._value);
    else this.reject(task._value);
  }
}

/** @internal An operation that finishes at once with a value computed when it runs. */
export class Immediate<T> implements Operation<T>, Iterator<Instruction, T, unknown> {
  constructor(private readonly compute: () => T) {}

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    return this;
  }

  next(): IteratorResult<Instruction, T> {
    return { done: true, value: this.compute() };
  }
}

/**
 * The loop running the current task (asyncio's `get_running_loop()`).
 *
 * @example
 * ```ts
 * const loop = yield* getLoop();
 * const start = loop.time();
 * ```
 */
export function getLoop(): Operation<Loop> {
  return new Immediate(() => currentTaskOrThrow('getLoop()').loop);
}

/**
 * The task running this code (asyncio's `current_task()`).
 *
 * @example
 * ```ts
 * const me = yield* currentTask();
 * console.log(me.name);
 * ```
 */
export function currentTask(): Operation<Task<unknown>> {
  return new Immediate(() => currentTaskOrThrow('currentTask()'));
}

// `await` of these operations rejects with a TypeError saying to use yield* (operation.ts).
rejectAwait(Immediate);

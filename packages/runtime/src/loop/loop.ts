/**
 * The event loop: a run queue, a timer heap and a clock.
 *
 * One *pass* (asyncio's `_run_once`) moves every timer that is due onto the
 * run queue, then runs exactly the entries that were queued when the pass
 * began; whatever they queue waits for the next pass. Tasks and callbacks
 * that become ready at the same loop time therefore run FIFO, and timers
 * with the same deadline fire in the order they were set.
 *
 * Driving: the loop runs passes synchronously until nothing is ready. Then
 * it waits — on the real clock by arming one host timer for the earliest
 * deadline, on a virtual clock by jumping to it (unless a foreign promise is
 * pending, whose settling may still queue work now). When a task started by
 * `loop.run` finishes, its async caller counts as such a pending party until
 * the host's next macrotask: as asyncio's `run_until_complete` stops the loop,
 * the clock holds at the time the operation finished, so the caller (and
 * `run`'s shutdown) sees that time and no later timer fires first. A wakeup from outside
 * (a foreign promise settling, a callback scheduled by async code) schedules
 * one drive as a microtask. While a foreign promise is pending or the clock
 * is real, a long busy stretch yields to the host every few milliseconds so
 * that its IO callbacks and promises can run.
 *
 * What the loop must never do: run a task from inside another task's step,
 * allocate per step on the hot path, or keep the host process alive when it
 * has nothing left to wait for (after `close()`, no host timer is armed).
 *
 * @module
 */
import { RealClock, type Clock, type ClockHost } from '../clock/clock.js';
import { DeadlockError, InvalidStateError, describeReason, type BlockedTask } from '../errors.js';
import { seededRandom } from '../random.js';
import { assertDelay, assertFunction, assertOperation, describe, type Instruction, type Operation } from '../operation.js';
import { ScopeNode } from '../task/scope.js';
import { CANCELLED, ERROR, Task, currentTaskOrNull, type Nursery, type SpawnOptions } from '../task/task.js';
import type { LoopListener } from '../trace/events.js';
import { ListenerSink, type EventSink } from '../trace/sink.js';
import { Handle, TimerHandle, type Callback } from './handle.js';
import { Labels, describeSuspension, liveTasks, snapshotOf, type TaskSnapshot } from './introspect.js';
import { ReadyQueue, type Runnable } from './ready-queue.js';
import { TimerHeap, type TimerEntry } from './timer-heap.js';

/**
 * Decides the choices a real run could make differently — which of the
 * same-time ready entries runs next, and how late a timer fires — for
 * schedule exploration (`@loop/test` builds its random and PCT strategies
 * on it). Without one the loop runs FIFO (or shuffled by `seed`).
 *
 * @example
 * ```ts
 * // Always run the most recently queued entry first (LIFO), logging each choice.
 * const lifo: Scheduler = {
 *   pick: (candidates) => candidates.length - 1,
 * };
 * await run(main, { clock: new VirtualClock(), scheduler: lifo });
 * ```
 */
export interface Scheduler {
  /**
   * Called before each entry of a pass runs, while more than one entry of
   * the pass is left: `candidates` are those entries (tasks and callback
   * handles) in FIFO order. Returns the index of the one to run next; 0
   * keeps FIFO order. An index out of range is reported to the exception
   * handler and taken as 0.
   */
  pick(candidates: readonly (Task<unknown> | Handle)[]): number;
  /**
   * Optional: extra milliseconds (finite, >= 0) added to every timer as it
   * is set (`delay` is what was asked for), so that of two equal sleeps
   * either may end first.
   */
  jitter?(delay: number): number;
}

/** The root of a loop's scope tree: no task's code runs in it, and the tasks started on it (`run`, `createTask`) report to the loop when they finish. */
class RootScope extends ScopeNode implements Nursery {
  constructor(private readonly onChildDone: (task: Task<unknown>) => void) {
    super(null, null, false);
  }

  _childDone(task: Task<unknown>): void {
    this.onChildDone(task);
  }
}

/** Options for a {@link Loop}. */
export interface LoopOptions {
  /** The loop's clock. Default: a {@link RealClock}. */
  clock?: Clock;
  /**
   * Shuffles the entries of each pass with a PRNG seeded by this integer, to
   * flush out code that depends on the order of same-time events. The same
   * seed always gives the same order.
   */
  seed?: number;
  /** Decides the order of same-time work and timer jitter (see {@link Scheduler}); not with `seed`. */
  scheduler?: Scheduler;
}

/** Options for {@link Loop.subscribe}. */
export interface SubscribeOptions {
  /** Add the spawning code's `file:line:col` to `task.spawn` events as `site` (costs a stack trace per spawn). Default false. */
  spawnSites?: boolean;
  /** Add `detail` to `task.suspend` events: what the task waits on, in words (`sleep until 3.000s`, `queue.get() on Queue#1 (empty)`). Default false. */
  details?: boolean;
}

/** What the exception handler receives (asyncio's context dict). */
export interface ExceptionContext {
  message: string;
  exception?: unknown;
  task?: Task<unknown>;
}

/** Handles errors nobody else can: failing callbacks, unretrieved task errors. */
export type ExceptionHandler = (loop: Loop, context: ExceptionContext) => void;

/**
 * The seed of loops created without `options.seed`: unset (FIFO) unless a
 * test harness sets it. The runtime's own suite sets it from `LOOP_SEED`
 * (test/seeds/setup.ts) to run every test with shuffled same-time work; the
 * runtime never reads the environment itself, since it is platform-neutral.
 */
let defaultSeed: number | undefined;

/**
 * @internal Sets the seed used by loops created without `options.seed`;
 * `undefined` restores FIFO order. For test harnesses only (not exported
 * from the package).
 */
export function _setDefaultSeed(seed: number | undefined): void {
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed))) {
    throw new TypeError(`_setDefaultSeed(seed): seed must be an integer or undefined, got ${describe(seed)}`);
  }
  defaultSeed = seed;
}

/** How long a busy loop runs before yielding to the host when it must (ms). */
const SLICE_MS = 8;

const schedulerMacrotask: (callback: () => void) => void = (() => {
  const host = globalThis as { setImmediate?: (callback: () => void) => unknown };
  if (typeof host.setImmediate === 'function') {
    const setImmediate = host.setImmediate;
    return (callback: () => void) => void setImmediate(callback);
  }
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    const queue: (() => void)[] = [];
    channel.port1.onmessage = () => queue.shift()?.();
    return (callback: () => void) => {
      queue.push(callback);
      channel.port2.postMessage(null);
    };
  }
  return (callback: () => void) => void setTimeout(callback, 0);
})();

/**
 * An event loop (asyncio's `AbstractEventLoop`). Most programs never make
 * one by hand: {@link run} creates a loop, runs the main coroutine and closes
 * it. Inside a coroutine, `yield* getLoop()` returns the running loop.
 *
 * @example
 * ```ts
 * const loop = new Loop({ clock: new VirtualClock() });
 * loop.callLater(3000, () => console.log('at', loop.time())); // at 3000
 * const value = await loop.run(randn());
 * loop.close();
 * ```
 */
export class Loop implements ClockHost {
  /** The loop's clock. */
  readonly clock: Clock;

  /** @internal */ _tracing = false;
  /**
   * @internal While a traced task's slice is ending: the one `performance.now()`
   * reading its closing events share (see Task._suspendTraced); NaN otherwise.
   */
  _stepEnd = NaN;
  /**
   * @internal When the last thing the loop ran was a traced task slice: the
   * reading that ended it, which the next slice of the same pass takes as its
   * start instead of reading the clock again; NaN otherwise (a pass starts,
   * a callback ran).
   */
  _lastStepEnd = NaN;
  /** @internal */ _live = 0;
  /** @internal */ _taskCount = 0;
  /** @internal Foreign promises being awaited (`call`); the virtual clock does not jump while any is pending. */
  _foreign = 0;
  /** @internal Labels for the primitives this loop's reports describe (`Queue#1`). */
  readonly _labels = new Labels();
  /** @internal Subscriptions that asked for `task.suspend` details: while any is open, suspensions describe their wait. */
  _details = 0;
  /** @internal Deadline scopes not yet left: while any is, new tasks check for expired deadlines at their suspensions. */
  _deadlines = 0;

  /** @internal The run queue (tasks requeue themselves here directly from a `sleep(0)`). */
  readonly _ready = new ReadyQueue();
  private readonly timers = new TimerHeap();
  private timerSeq = 0;
  private closed = false;
  private driving = false;
  private scheduled = false;
  private hostTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  private hostDeadline = Infinity;
  /** @internal Where the events go while the loop is traced (see trace/sink.ts): one per subscription. */
  _sinks: EventSink[] = [];
  /** Subscriptions that asked for spawn sites: while any is open, `task.spawn` events carry `site`. */
  private siteListeners = 0;
  private exceptionHandler: ExceptionHandler | null = null;
  private readonly random: (() => number) | null;
  private readonly scheduler: Scheduler | null;
  /** The root of the scope tree, and the nursery of the tasks `run` and `createTask` start. */
  private readonly rootScope = new RootScope((task) => this.rootTaskDone(task));
  private shutdownWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  /** Tasks started by loop.run whose callers have not been resumed yet, with how to reject a caller's promise (on a deadlock). */
  private readonly runTasks = new Map<Task<unknown>, (error: unknown) => void>();
  /** This loop's entry in the process's registry of open loops (for tools that attach). */
  private readonly registration: WeakRef<Loop>;
  /** A deadlock check is queued (virtual clock: one macrotask after the loop went idle). */
  private deadlockCheckQueued = false;

  constructor(options: LoopOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError(`new Loop(options): options must be an object, got ${describe(options)}`);
    const clock = options.clock ?? new RealClock();
    if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function' || typeof clock._attach !== 'function') {
      throw new TypeError(`new Loop(options): options.clock must be a Clock (RealClock or VirtualClock), got ${describe(clock)}`);
    }
    const seed = options.seed === undefined ? defaultSeed : options.seed;
    if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed))) {
      throw new TypeError(`new Loop(options): options.seed must be an integer, got ${describe(seed)}`);
    }
    const scheduler = options.scheduler ?? null;
    if (scheduler !== null) {
      if (typeof scheduler !== 'object' || typeof scheduler.pick !== 'function' || (scheduler.jitter !== undefined && typeof scheduler.jitter !== 'function')) {
        throw new TypeError(`new Loop(options): options.scheduler must be an object with a pick(candidates) method (and an optional jitter(delay)), got ${describe(scheduler)}`);
      }
      if (options.seed !== undefined) throw new TypeError('new Loop(options): options.seed and options.scheduler both decide the order of same-time work; pass one of them');
    }
    // Last: a loop that fails validation must not leave its clock bound.
    clock._attach(this);
    this.clock = clock;
    this.scheduler = scheduler;
    this.random = seed === undefined || scheduler !== null ? null : seededRandom(seed);
    this.registration = registerLoop(this);
  }

  /**
   * The loop's current time in milliseconds, on its clock (asyncio's
   * `loop.time()`). On a virtual clock it moves only when the loop waits.
   *
   * @example
   * ```ts
   * const loop = yield* getLoop();
   * const t0 = loop.time();
   * yield* sleep(3000);
   * console.log(loop.time() - t0); // 3000 on a virtual clock
   * ```
   */
  time(): number {
    return this.clock.now();
  }

  /** True once {@link Loop.close} has run. */
  isClosed(): boolean {
    return this.closed;
  }

  /** Number of tasks that have not finished. */
  get liveTasks(): number {
    return this._live;
  }

  /**
   * A snapshot of every task that has not finished, parents before
   * children: id, name, parent, state and what it waits on
   * (`sleep until 3.000s`, `queue.get() on Queue#1 (empty)`,
   * `join task "producer" (id 2)`, …). Each entry holds the task, so any
   * of them can be cancelled by id. Costs O(tasks); nothing is recorded
   * while no one asks.
   *
   * @example
   * ```ts
   * const loop = yield* getLoop();
   * for (const t of loop.tasks()) console.log(t.id, t.name, t.state, t.waitingOn);
   * loop.tasks().find((t) => t.id === 7)?.task.cancel('stuck');
   * ```
   */
  tasks(): TaskSnapshot[] {
    return liveTasks(this.rootScope).map((task) => snapshotOf(task, this._labels));
  }

  /**
   * Schedules `callback(...args)` for the next pass of the loop (FIFO with
   * everything else that is ready).
   *
   * @example
   * ```ts
   * loop.callSoon(console.log, 'first');
   * loop.callSoon(console.log, 'second');
   * ```
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => void, ...args: A): Handle {
    this.assertOpen('callSoon');
    assertFunction(callback, 'loop.callSoon(callback)', 'callback');
    const handle = new Handle(this, callback as unknown as Callback, args);
    this._enqueue(handle);
    return handle;
  }

  /**
   * Schedules `callback(...args)` to run `ms` milliseconds from now.
   * Callbacks due at the same time run in the order they were scheduled.
   *
   * @example
   * ```ts
   * const handle = loop.callLater(500, () => console.log('half a second later'));
   * ```
   */
  callLater<A extends unknown[]>(ms: number, callback: (...args: A) => void, ...args: A): TimerHandle {
    this.assertOpen('callLater');
    assertDelay(ms, 'loop.callLater(ms, callback)');
    assertFunction(callback, 'loop.callLater(ms, callback)', 'callback');
    return this.schedule(this.time() + ms, callback as unknown as Callback, args);
  }

  /**
   * Schedules `callback(...args)` at loop time `when` (ms, as returned by
   * {@link Loop.time}); a time in the past runs on the next pass.
   *
   * @example
   * ```ts
   * loop.callAt(loop.time() + 1000, () => console.log('one second later'));
   * ```
   */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => void, ...args: A): TimerHandle {
    this.assertOpen('callAt');
    if (typeof when !== 'number') throw new TypeError(`loop.callAt(when, callback): when must be a loop time in ms, got ${describe(when)}`);
    if (Number.isNaN(when)) throw new RangeError('loop.callAt(when, callback): when must be a loop time in ms, got NaN');
    if (!Number.isFinite(when)) throw new RangeError(`loop.callAt(when, callback): when must be finite, got ${when}`);
    assertFunction(callback, 'loop.callAt(when, callback)', 'callback');
    return this.schedule(when, callback as unknown as Callback, args);
  }

  /**
   * Runs `op` as a new task on this loop and resolves with its result
   * (asyncio's `run_until_complete`). The loop stays open: call
   * {@link Loop.close} when done, or use {@link run}, which does both.
   *
   * @example
   * ```ts
   * const loop = new Loop();
   * console.log(await loop.run(randn()));
   * loop.close();
   * ```
   */
  run<T>(op: Operation<T>, options: SpawnOptions = {}): Promise<T> {
    this.assertOpen('run');
    assertOperation(op, 'loop.run(op)');
    const task = this.spawnRoot(op, options.name);
    task._retrieved = true;
    const promise = new Promise<T>((resolve, reject) => {
      this.runTasks.set(task, reject);
      task._toPromise().then(resolve, reject);
    });
    this.drive();
    return promise;
  }

  /**
   * Starts `op` as a top-level task on this loop without waiting for it.
   * Prefer `spawn` inside a coroutine; this is for callbacks and async code.
   *
   * @example
   * ```ts
   * const task = loop.createTask(worker(), { name: 'worker' });
   * ```
   */
  createTask<T>(op: Operation<T>, options: SpawnOptions = {}): Task<T> {
    this.assertOpen('createTask');
    assertOperation(op, 'loop.createTask(op)');
    const task = this.spawnRoot(op, options.name);
    if (!this.driving) this.wakeSoon();
    return task;
  }

  /**
   * Closes the loop: pending callbacks and timers are dropped and no host
   * timer stays armed. Throws `InvalidStateError` while tasks are still
   * running (cancel them first, or use {@link run}). Closing twice is a no-op.
   *
   * @example
   * ```ts
   * await loop.run(main());
   * loop.close();
   * ```
   */
  close(): void {
    if (this.closed) return;
    if (this._live > 0) {
      throw new InvalidStateError(
        `loop.close(): ${this._live} task(s) are still running; cancel them and wait for them first, or use run(), which does that for you`,
      );
    }
    this.closed = true;
    registered?.delete(this.registration);
    unwatchBeforeExit(this);
    this.disarmHostTimer();
    this.timers.clear();
    this._ready.clear();
    this.clock._detach(this);
  }

  /**
   * Sets the handler for errors nobody else can receive: exceptions in
   * callbacks, errors of tasks that were never awaited. `null` restores the
   * default, which writes to `console.error`.
   *
   * @example
   * ```ts
   * loop.setExceptionHandler((loop, context) => log.error(context.message, context.exception));
   * ```
   */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== 'function') {
      throw new TypeError(`loop.setExceptionHandler(handler): handler must be a function or null, got ${describe(handler)}`);
    }
    this.exceptionHandler = handler;
  }

  /** The handler set with {@link Loop.setExceptionHandler}, or null for the default. */
  getExceptionHandler(): ExceptionHandler | null {
    return this.exceptionHandler;
  }

  /**
   * Passes `context` to the exception handler (or the default one). An
   * error thrown by the handler itself is written to `console.error`.
   *
   * @example
   * ```ts
   * loop.callExceptionHandler({ message: 'worker crashed', exception: error });
   * ```
   */
  callExceptionHandler(context: ExceptionContext): void {
    const handler = this.exceptionHandler;
    if (handler === null) {
      defaultExceptionHandler(this, context);
      return;
    }
    try {
      handler(this, context);
    } catch (error) {
      console.error('loop: the exception handler failed:', error, 'while handling:', context);
    }
  }

  /**
   * Listens to the loop's events (see {@link LoopEvent}); returns a function
   * that unsubscribes. With no listener, no event is ever created; each
   * listener gets its own event object, which it may keep. A listener that
   * throws is reported on `console.error` and the loop goes on.
   *
   * `options.spawnSites` adds the spawning code's `file:line:col` to every
   * `task.spawn` event (as `site`) while this subscription is open. It reads
   * a stack trace per spawn, which costs several microseconds each (about
   * 5× a whole task's cost), so it is off unless asked for; `loop-console`
   * asks for it.
   *
   * @example
   * ```ts
   * const stop = loop.subscribe((event) => console.log(event.type, event.taskId));
   * await loop.run(main());
   * stop();
   *
   * loop.subscribe((event) => {
   *   if (event.type === 'task.spawn') console.log(event.name, 'spawned at', event.site);
   * }, { spawnSites: true });
   * ```
   */
  subscribe(listener: LoopListener, options: SubscribeOptions = {}): () => void {
    if (typeof listener !== 'function') throw new TypeError(`loop.subscribe(listener): listener must be a function, got ${describe(listener)}`);
    const sites = spawnSitesOption(options, 'loop.subscribe(listener, options)');
    const details = options.details;
    if (details !== undefined && typeof details !== 'boolean') throw new TypeError(`loop.subscribe(listener, options): options.details must be a boolean, got ${describe(details)}`);
    return this._attach(new ListenerSink(listener), sites, details === true);
  }

  /** @internal Sends the loop's events to `sink` (see {@link Loop.subscribe}); returns the function that stops it. */
  _attach(sink: EventSink, sites: boolean, details: boolean): () => void {
    this._sinks = [...this._sinks, sink];
    this._tracing = true;
    if (sites) this.siteListeners++;
    if (details) this._details++;
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      const index = this._sinks.indexOf(sink);
      if (index >= 0) this._sinks = [...this._sinks.slice(0, index), ...this._sinks.slice(index + 1)];
      this._tracing = this._sinks.length > 0;
      if (sites) this.siteListeners--;
      if (details) this._details--;
    };
  }

  // ---- internals used by tasks, timers and operations ----

  /** @internal Queues a runnable; wakes the loop when it is not running. */
  _enqueue(item: Runnable): void {
    this._ready.push(item);
    if (!this.driving) this.wakeSoon();
  }

  /** @internal Arms a heap entry for loop time `deadline`. */
  _addTimer(entry: TimerEntry, deadline: number): void {
    const scheduler = this.scheduler;
    if (scheduler !== null && scheduler.jitter !== undefined) deadline += this.jitter(scheduler, deadline);
    entry._deadline = deadline;
    entry._seq = ++this.timerSeq;
    this.timers.push(entry);
    if (this._tracing) {
      const task = currentTaskOrNull();
      const time = this._eventTime();
      const taskId = task === null ? null : task.id;
      for (const sink of this._sinks) sink.timerSet(time, taskId, entry._seq, deadline);
    }
    if (!this.driving) this.wakeSoon();
  }

  /** @internal */
  _cancelTimer(entry: TimerEntry): void {
    this.timers.cancel(entry);
    // From outside a drive (a handle cancelled by async code), let idle() disarm or re-arm the host timer.
    if (!this.driving) this.wakeSoon();
  }

  /** @internal A foreign promise started (the virtual clock will not jump past it). */
  _foreignStart(): void {
    this._foreign++;
  }

  /** @internal A foreign promise settled or was abandoned. */
  _foreignEnd(): void {
    this._foreign--;
    if (!this.driving) this.wakeSoon();
  }

  /** @internal VirtualClock.advance moved time. */
  _clockAdvanced(): void {
    if (!this.driving && !this.closed) this.wakeSoon();
  }

  /** @internal A failed task whose error nobody retrieved. */
  _reportUnretrieved(task: Task<unknown>): void {
    if (task._retrieved) return;
    task._retrieved = true;
    if (this._tracing) {
      const time = this._eventTime();
      const error = errorText(task._value);
      for (const sink of this._sinks) sink.unretrieved(time, task.id, error);
    }
    this.callExceptionHandler({ message: `Task exception was never retrieved (task "${task.name}")`, exception: task._value, task });
  }

  /** @internal A traced slice's start: the previous slice's end when it ran just before, else a clock reading. */
  _stepStart(): number {
    const last = this._lastStepEnd;
    this._lastStepEnd = NaN;
    return last === last ? last : performance.now();
  }

  /** @internal The loop time for an event: the ending slice's shared reading on a real clock, else the clock's time. */
  _eventTime(): number {
    const end = this._stepEnd;
    return end === end && !this.clock.virtual ? end : this.clock.now();
  }

  /** @internal */
  _emitSpawn(task: Task<unknown>, parentId: number | null): void {
    const site = this.siteListeners > 0 ? spawnSite() : undefined;
    const time = this._eventTime();
    const sinks = this._sinks;
    const name = task._ownName();
    for (let i = 0; i < sinks.length; i++) sinks[i]!.spawn(time, task.id, name, parentId, site);
  }

  /** @internal */
  _emitResume(task: Task<unknown>): void {
    const time = this._eventTime();
    const sinks = this._sinks;
    for (let i = 0; i < sinks.length; i++) sinks[i]!.resume(time, task.id);
  }

  /** @internal A `task.suspend` on `instruction`, with its `detail` while a subscription asked for details. */
  _emitSuspend(task: Task<unknown>, instruction: Instruction): void {
    const time = this._eventTime();
    const detail = this._details > 0 ? describeSuspension(task, instruction, this._labels) : undefined;
    const sinks = this._sinks;
    for (let i = 0; i < sinks.length; i++) sinks[i]!.suspend(time, task.id, instruction.kind, detail);
  }

  /** @internal A traced slice is ending: the one clock reading the events that close it share (until {@link Loop._sliceEnded}). */
  _sliceEnding(): number {
    return (this._stepEnd = performance.now());
  }

  /** @internal The closing events are out: the next slice of this pass may start at `end`. */
  _sliceEnded(end: number): void {
    this._stepEnd = NaN;
    this._lastStepEnd = end;
  }

  /** @internal `end` is the slice's closing reading ({@link Loop._sliceEnding}). */
  _emitStep(task: Task<unknown>, start: number, end: number): void {
    // A real clock reads performance.now() itself: one reading serves as both the loop time and the step's end.
    const time = this.clock.virtual ? this.clock.now() : end;
    const sinks = this._sinks;
    for (let i = 0; i < sinks.length; i++) sinks[i]!.step(time, task.id, start, end - start);
  }

  /** @internal */
  _emitCancel(task: Task<unknown>, reason: unknown): void {
    const time = this._eventTime();
    const text = reason === undefined ? undefined : describeReason(reason);
    for (const sink of this._sinks) sink.cancel(time, task.id, text);
  }

  /** @internal */
  _emitDone(task: Task<unknown>): void {
    const outcome = task._outcome === CANCELLED ? 'cancelled' : task._outcome === ERROR ? 'error' : 'value';
    const error = task._outcome === ERROR ? errorText(task._value) : undefined;
    const time = this._eventTime();
    const sinks = this._sinks;
    for (let i = 0; i < sinks.length; i++) sinks[i]!.done(time, task.id, outcome, error);
  }

  /** @internal Cancels every top-level task and resolves once all tasks are done. */
  _shutdown(): Promise<void> {
    if (this._live === 0 || this.closed) return Promise.resolve();
    for (let node = this.rootScope._first; node !== null; node = node._next) {
      if (node instanceof Task) node.cancel('the loop is shutting down');
    }
    const done = new Promise<void>((resolve, reject) => this.shutdownWaiters.push({ resolve, reject }));
    this.drive();
    return done;
  }

  /**
   * @internal Reports a deadlock if the loop can prove one now: tasks are
   * alive, someone waits for them (a `loop.run` caller or `run`'s close),
   * and nothing can wake any of them — nothing ready, no timer, no foreign
   * promise pending, no drive queued. The callers' promises reject with a
   * {@link DeadlockError} naming every blocked task.
   */
  _confirmDeadlock(): void {
    this.deadlockCheckQueued = false;
    if (this.closed || this.driving || this.scheduled || this._live === 0 || this._foreign > 0) return;
    if (this._ready.length > 0 || this.timers.size > 0) return;
    if (this.runTasks.size === 0 && this.shutdownWaiters.length === 0) return;
    const error = new DeadlockError(this.blockedTasks());
    const rejects = [...this.runTasks.values()];
    this.runTasks.clear();
    const waiters = this.shutdownWaiters;
    this.shutdownWaiters = [];
    for (const reject of rejects) reject(error);
    for (const waiter of waiters) waiter.reject(error);
  }

  // ---- private ----

  private spawnRoot<T>(op: Operation<T>, name: string | undefined): Task<T> {
    return new Task<T>(this, op, name, this.rootScope, null, this.rootScope);
  }

  private rootTaskDone(task: Task<unknown>): void {
    if (this.runTasks.delete(task) && this.clock.autojump) {
      // Hold the virtual clock until the caller awaiting loop.run has run (see the module comment).
      this._foreignStart();
      schedulerMacrotask(this.releaseRunCaller);
    }
    if (task._outcome === ERROR) this._reportUnretrieved(task);
    if (this._live === 0 && this.shutdownWaiters.length > 0) {
      const waiters = this.shutdownWaiters;
      this.shutdownWaiters = [];
      for (const waiter of waiters) waiter.resolve();
    }
  }

  private schedule(when: number, callback: Callback, args: readonly unknown[]): TimerHandle {
    const handle = new TimerHandle(this, callback, args);
    this._addTimer(handle, when);
    return handle;
  }

  private assertOpen(what: string): void {
    if (this.closed) throw new InvalidStateError(`loop.${what}(): the loop is closed; create a new Loop (or call run() again)`);
  }

  private wakeSoon(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    queueMicrotask(this.wake);
  }

  /** The queued wakeup: a no-op when a drive already ran since it was queued (loop.run drives synchronously). */
  private readonly wake = (): void => {
    if (this.scheduled) this.drive();
  };

  /**
   * Drives from a host callback (the host timer, a slice's continuation) by
   * way of a microtask. V8 makes an exception thrown in a macrotask callback
   * dearer than one thrown in a microtask (apparently because only the
   * microtask runner wraps its callbacks in a native try/catch; without one,
   * V8 prepares an error message, source location included, for every throw
   * in case it goes uncaught). Every cancelled task takes a throw, so this
   * matters where many are cancelled at once: 100,000 generator throws cost
   * ~84 ms from setImmediate or setTimeout and ~55 ms from a microtask, and
   * 100,000 tasks cancelled by a `moveOnAfter` deadline finished in ~72 ms
   * instead of ~105 ms.
   */
  private readonly driveFromHost = (): void => {
    queueMicrotask(this.drive);
  };

  private readonly drive = (): void => {
    if (this.driving || this.closed) return;
    this.scheduled = false;
    this.driving = true;
    let yielded = false;
    try {
      yielded = this.runUntilIdle();
    } finally {
      this.driving = false;
    }
    if (!yielded && !this.closed) this.idle();
  };

  /** Runs passes until nothing is ready; returns true if it yielded to the host instead. */
  private runUntilIdle(): boolean {
    const clock = this.clock;
    const ready = this._ready;
    const timers = this.timers;
    const sliceStart = performance.now();
    let passes = 0;
    let ran = 0;
    for (;;) {
      if (this.closed) return false;
      this.collectDue(clock.now());
      let n = ready.length;
      if (n === 0) {
        if (clock.autojump && this._foreign === 0) {
          const next = timers.peekDeadline();
          if (next !== undefined) {
            if (this._tracing) this.emitIdle(clock.now(), next);
            clock._jumpTo(next);
            continue;
          }
        }
        return false;
      }
      if (this.random !== null) ready.shuffleFront(n, this.random);
      // Timers fired and time passed since the last slice: the next slice reads the clock itself.
      this._lastStepEnd = NaN;
      ran += n;
      if (this.scheduler !== null) {
        this.runPicked(n);
      } else {
        // close() from inside a callback clears the queue: the rest of the pass is dropped.
        while (n-- > 0 && !this.closed) ready.shift()!._run();
      }
      if (++passes >= 32 || ran >= 4096) {
        passes = 0;
        ran = 0;
        if ((this._foreign > 0 || !clock.virtual) && performance.now() - sliceStart > SLICE_MS) {
          this.scheduled = true;
          schedulerMacrotask(this.driveFromHost);
          return true;
        }
      }
    }
  }

  /** One pass in the order the scheduler picks (schedule exploration; never on the plain hot path). */
  private runPicked(n: number): void {
    const pass: (Task<unknown> | Handle)[] = [];
    for (let i = 0; i < n; i++) pass.push(this._ready.shift() as Task<unknown> | Handle);
    const scheduler = this.scheduler!;
    while (pass.length > 0 && !this.closed) {
      let index = 0;
      if (pass.length > 1) {
        try {
          index = scheduler.pick(pass);
        } catch (error) {
          this.callExceptionHandler({ message: 'scheduler.pick(candidates) threw; running the first candidate', exception: error });
          index = 0;
        }
        if (!Number.isInteger(index) || index < 0 || index >= pass.length) {
          this.callExceptionHandler({ message: `scheduler.pick(candidates) returned ${describe(index)}, not an index from 0 to ${pass.length - 1}; running the first candidate` });
          index = 0;
        }
      }
      pass.splice(index, 1)[0]!._run();
    }
  }

  /** The scheduler's extra delay for a timer, checked (a bad one is reported and taken as 0). */
  private jitter(scheduler: Scheduler, deadline: number): number {
    const delay = Math.max(0, deadline - this.clock.now());
    let extra: unknown;
    try {
      extra = scheduler.jitter!(delay);
    } catch (error) {
      this.callExceptionHandler({ message: 'scheduler.jitter(delay) threw; no jitter added', exception: error });
      return 0;
    }
    if (typeof extra !== 'number' || !Number.isFinite(extra) || extra < 0) {
      this.callExceptionHandler({ message: `scheduler.jitter(delay) returned ${describe(extra)}, not a finite number >= 0; no jitter added` });
      return 0;
    }
    return extra;
  }

  private emitIdle(time: number, until: number | null): void {
    for (const sink of this._sinks) sink.idle(time, until);
  }

  private collectDue(now: number): void {
    const timers = this.timers;
    let entry: TimerEntry | undefined;
    while ((entry = timers.popDue(now)) !== undefined) {
      if (this._tracing) for (const sink of this._sinks) sink.timerFire(now, entry._seq);
      entry._fire();
    }
  }

  /** Nothing is ready: arm the host timer for the next deadline (real clock). */
  private idle(): void {
    const next = this.timers.peekDeadline();
    if (this._tracing) this.emitIdle(this.time(), next ?? null);
    if (next === undefined && this._live > 0 && this._foreign === 0) this.suspectDeadlock();
    if (this.clock.virtual || next === undefined) {
      this.disarmHostTimer();
      return;
    }
    if (this.hostTimer !== undefined && this.hostDeadline === next) return;
    this.disarmHostTimer();
    this.hostDeadline = next;
    this.hostTimer = setTimeout(this.onHostTimer, Math.max(0, Math.ceil(next - this.clock.now())));
  }

  /**
   * Nothing can wake a task from inside the loop. On a virtual clock that
   * decides it, once async code has had a macrotask to call in; on the real
   * clock only the host can tell that nothing else will call in (Node's
   * `beforeExit`: no handle, timer or IO left), so the check waits for it.
   */
  private suspectDeadlock(): void {
    if (this.runTasks.size === 0 && this.shutdownWaiters.length === 0) return;
    if (!this.clock.virtual) {
      watchBeforeExit(this);
      return;
    }
    if (this.deadlockCheckQueued) return;
    this.deadlockCheckQueued = true;
    schedulerMacrotask(this.confirmDeadlockSoon);
  }

  private readonly confirmDeadlockSoon = (): void => {
    this._confirmDeadlock();
  };

  /** Every task not done, parents before children, with what it waits on. */
  private blockedTasks(): BlockedTask[] {
    return this.tasks().map(({ id, name, state, waitingOn }) => ({ id, name, waitingOn: waitingOn ?? state }));
  }

  private readonly releaseRunCaller = (): void => {
    this._foreignEnd();
  };

  private readonly onHostTimer = (): void => {
    const deadline = this.hostDeadline;
    this.hostTimer = undefined;
    this.hostDeadline = Infinity;
    if (this._tracing) {
      const now = this.clock.now();
      const lag = Math.max(0, now - deadline);
      for (const sink of this._sinks) sink.lag(now, deadline, lag);
    }
    this.driveFromHost();
  };

  private disarmHostTimer(): void {
    if (this.hostTimer !== undefined) {
      clearTimeout(this.hostTimer);
      this.hostTimer = undefined;
      this.hostDeadline = Infinity;
    }
  }
}

/**
 * The process's loops, for tools that attach to a running program
 * (`loop-console ps <pid>` evaluates `globalThis[Symbol.for('@loop/runtime')]
 * .loops()` through the inspector). Weak references: an open loop the
 * program dropped is not kept alive by being listed. Each copy of the
 * runtime in a process (say ESM and CJS) adds its own registry to the list.
 */
interface LoopRegistry {
  readonly version: 1;
  /** The open loops, oldest first. */
  loops(): Loop[];
}

const REGISTRY = Symbol.for('@loop/runtime');
let registered: Set<WeakRef<Loop>> | null = null;

function registerLoop(loop: Loop): WeakRef<Loop> {
  if (registered === null) {
    const loops = new Set<WeakRef<Loop>>();
    registered = loops;
    const registry: LoopRegistry = {
      version: 1,
      loops(): Loop[] {
        const open: Loop[] = [];
        for (const ref of loops) {
          const each = ref.deref();
          if (each === undefined || each.isClosed()) loops.delete(ref);
          else open.push(each);
        }
        return open;
      },
    };
    const host = globalThis as { [REGISTRY]?: LoopRegistry[] };
    (host[REGISTRY] ??= []).push(registry);
  }
  const ref = new WeakRef(loop);
  registered.add(ref);
  return ref;
}

/**
 * Loops on the real clock waiting to learn whether anything else can call
 * in: Node's `beforeExit` fires once the host has no handle, timer or IO
 * left, which proves that nothing outside the loop will wake its tasks. The
 * listener is added only while such a loop exists (and keeps nothing alive).
 */
const beforeExitWatch = new Set<Loop>();

interface HostProcess {
  on(event: 'beforeExit', listener: () => void): unknown;
  off(event: 'beforeExit', listener: () => void): unknown;
}

function hostProcess(): HostProcess | null {
  const host = (globalThis as { process?: Partial<HostProcess> }).process;
  return host !== undefined && typeof host.on === 'function' && typeof host.off === 'function' ? (host as HostProcess) : null;
}

function watchBeforeExit(loop: Loop): void {
  const host = hostProcess();
  if (host === null || beforeExitWatch.has(loop)) return;
  if (beforeExitWatch.size === 0) host.on('beforeExit', onBeforeExit);
  beforeExitWatch.add(loop);
}

function unwatchBeforeExit(loop: Loop): void {
  if (!beforeExitWatch.delete(loop) || beforeExitWatch.size > 0) return;
  hostProcess()?.off('beforeExit', onBeforeExit);
}

function onBeforeExit(): void {
  const loops = [...beforeExitWatch];
  beforeExitWatch.clear();
  hostProcess()?.off('beforeExit', onBeforeExit);
  for (const loop of loops) loop._confirmDeadlock();
}

function defaultExceptionHandler(_loop: Loop, context: ExceptionContext): void {
  if (context.exception === undefined) console.error(`loop: ${context.message}`);
  else console.error(`loop: ${context.message}\n`, context.exception);
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * @internal Validates `options.spawnSites` (an options object with an
 * optional boolean) and returns it; `where` names the call in the error.
 */
export function spawnSitesOption(options: unknown, where: string): boolean {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  const sites = (options as SubscribeOptions).spawnSites;
  if (sites !== undefined && typeof sites !== 'boolean') throw new TypeError(`${where}: options.spawnSites must be a boolean, got ${describe(sites)}`);
  return sites === true;
}

/** A stack frame of the runtime's own code (its sources or its build). */
const RUNTIME_FRAME = /[\\/]runtime[\\/](src|dist)[\\/]/;

/** V8's structured stack frame, the little of it read here. */
interface CallSite {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}

type CaptureStackTrace = (target: object, constructorOpt?: (...args: never[]) => unknown) => void;

const captureStackTrace = (Error as { captureStackTrace?: CaptureStackTrace }).captureStackTrace;
const returnCallSites = (_error: unknown, sites: unknown): unknown => sites;

/** The first stack frame outside the runtime, e.g. `main.ts:12:5`. */
function spawnSite(): string | undefined {
  if (typeof captureStackTrace === 'function') {
    // V8: read structured frames, skipping the text formatting of a whole stack (about 3× cheaper).
    const ErrorWithHooks = Error as { prepareStackTrace?: unknown; stackTraceLimit?: number | undefined };
    const prepare = ErrorWithHooks.prepareStackTrace;
    const limit = ErrorWithHooks.stackTraceLimit;
    const holder: { stack?: unknown } = {};
    try {
      ErrorWithHooks.prepareStackTrace = returnCallSites;
      ErrorWithHooks.stackTraceLimit = 12;
      captureStackTrace(holder, spawnSite);
      const sites = holder.stack;
      if (Array.isArray(sites)) {
        for (const site of sites as CallSite[]) {
          const file = site.getFileName();
          if (typeof file !== 'string' || file === '' || RUNTIME_FRAME.test(file) || file.startsWith('node:')) continue;
          return `${file.replace(/^file:\/\//, '')}:${site.getLineNumber() ?? 0}:${site.getColumnNumber() ?? 0}`;
        }
        return undefined;
      }
    } finally {
      ErrorWithHooks.prepareStackTrace = prepare;
      ErrorWithHooks.stackTraceLimit = limit;
    }
  }
  const stack = new Error().stack;
  if (stack === undefined) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    if (RUNTIME_FRAME.test(line)) continue;
    const match = /\(?([^()\s]+:\d+:\d+)\)?\s*$/.exec(line);
    if (match !== null) return match[1]!.replace(/^file:\/\//, '');
  }
  return undefined;
}

/**
 * Waiting for a Node event inside a coroutine.
 *
 * Node IO objects report progress through events ('readable', 'drain',
 * 'exit', …). A task that must wait for one suspends on an {@link IoWait}:
 * an instruction of the runtime's, the whole cost of one wait (no promise,
 * no AbortController, no closure). While it waits, the loop counts it as
 * foreign work in flight, as the runtime's `call` does, so a virtual clock
 * does not jump past IO. Nothing is consumed by waiting: callers look at
 * the stream's state again after every wakeup, so a cancelled wait loses no
 * data. Only the task's own cancellation interrupts a wait: it unregisters
 * the wait and the runtime throws the `CancelledError` at the `yield*`.
 *
 * Two ways to be woken:
 * - {@link Readiness}: listeners added once, for the stream's whole life,
 *   that wake every task waiting on it. A read or a write that waits costs
 *   no listener at all; this is the hot path (every read that finds the
 *   socket empty, every write past the high-water mark).
 * - {@link waitFor}: a one-off wait (connecting, closing, a process
 *   starting) that adds one listener function to each of the events and
 *   removes it when it wakes or is cancelled.
 *
 * Runtime contract used (see `Instruction` in @loop/runtime): `_suspend`
 * registers the task, a wakeup calls `task._resume`, `_cancel` undoes the
 * registration, `loop._foreignStart/_foreignEnd` bracket the wait.
 *
 * @module
 */
import type { EventEmitter } from 'node:events';
import { Instruction, type Operation, type Task } from '@loop/runtime';

const FRESH = 0;
const HANDED_OUT = 1;
const WAITING = 2;
const FINISHED = 3;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The waits woken since the last batch, in the order they were woken.
 * Node runs every IO callback of one poll before its check phase, so
 * resuming them all from one `setImmediate` turns N ready sockets into one
 * drive of the loop instead of N (each `_resume` of an idle loop queues a
 * drive as a microtask, which Node would run after every single callback).
 * The cost to one lone wakeup is the hop from the poll phase to the check
 * phase of the same turn: no extra poll, no timer.
 */
let wokenBatch: (IoWait | null)[] = [];
/** How many waits `wokenBatch` holds: the batches are emptied by clearing their slots, not by `length = 0`, which drops an array's backing store (each batch would grow it again, copying, through the push builtin). */
let wokenCount = 0;
let spareBatch: (IoWait | null)[] = [];

function resumeWoken(): void {
  const batch = wokenBatch;
  const count = wokenCount;
  wokenBatch = spareBatch;
  wokenCount = 0;
  for (let i = 0; i < count; i++) {
    const wait = batch[i]!;
    batch[i] = null;
    wait._resumeWoken();
  }
  spareBatch = batch;
}

/**
 * @internal One wait: the operation, its iterator, its first result and
 * the instruction the task suspends on, all in one object (as the
 * runtime's `sleep`).
 */
export abstract class IoWait extends Instruction implements Operation<void>, Iterator<Instruction, void, unknown> {
  readonly kind = 'io';
  readonly done = false;
  readonly value: Instruction = this;
  private state = FRESH;
  private task: Task<unknown> | null = null;
  /** True once woken: the task is resumed in the next batch. */
  private woken = false;

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    return this;
  }

  next(): IteratorResult<Instruction, void> {
    if (this.state === FRESH) {
      this.state = HANDED_OUT;
      return this;
    }
    this.state = FINISHED;
    this.finished();
    return DONE;
  }

  throw(error: unknown): IteratorResult<Instruction, void> {
    this.state = FINISHED;
    throw error;
  }

  return(): IteratorResult<Instruction, void> {
    this.state = FINISHED;
    return DONE;
  }

  _suspend(task: Task<unknown>): void {
    if (this.state !== HANDED_OUT) {
      task._resumeThrow(new TypeError('an IO wait reached the loop without yield*; coroutines must use yield* to run an operation'));
      return;
    }
    this.state = WAITING;
    this.task = task;
    task.loop._foreignStart();
    this.register();
  }

  override _cancel(task: Task<unknown>): void {
    if (this.task === null) return;
    this.task = null;
    if (!this.woken) this.unregister();
    task.loop._foreignEnd();
  }

  /**
   * Wakes the waiting task (at most once). The task is not resumed from
   * inside the Node callback but with every other wait woken in the same
   * turn of Node's event loop (see {@link resumeWoken}): one loop drive for
   * all the sockets that became ready in one poll.
   */
  wake(): void {
    if (this.task === null || this.woken) return;
    this.woken = true;
    this.unregister();
    if (!this.batched()) {
      this._resumeWoken();
      return;
    }
    if (wokenCount === 0) setImmediate(resumeWoken);
    if (wokenCount === wokenBatch.length) wokenBatch.push(this);
    else wokenBatch[wokenCount] = this;
    wokenCount++;
  }

  /** @internal Resumes the task woken by {@link wake}, unless it was cancelled since. */
  _resumeWoken(): void {
    const task = this.task;
    if (task === null) return;
    this.task = null;
    task.loop._foreignEnd();
    task._resume(undefined);
  }

  /**
   * Called once the `yield*` running this wait has taken its result: the
   * task was resumed (the runtime no longer refers to the wait) and nothing
   * will use the object again, so it may be reused.
   */
  protected finished(): void {}

  /**
   * @internal Starts the wait for a generator of this package that hands it
   * to the loop with a plain `yield` instead of `yield*` (see
   * {@link Readiness.yielded}). Once the `yield` has returned (the task was
   * resumed), call {@link _finish}.
   */
  _handOut(): void {
    this.state = HANDED_OUT;
  }

  /** @internal The `yield` of a wait from {@link _handOut} has returned: finished (and free to be reused). */
  _finish(): void {
    this.state = FINISHED;
    this.finished();
  }

  /** @internal Makes a finished wait fresh again (see {@link Readiness.wait}). */
  _renew(): void {
    this.state = FRESH;
    this.woken = false;
  }

  /** Whether a wakeup waits for the batch (see {@link wake}), or resumes the task at once. */
  protected batched(): boolean {
    return true;
  }

  /** Starts listening for the wakeup. */
  protected abstract register(): void;
  /** Stops listening (woken or cancelled). */
  protected abstract unregister(): void;
}

/**
 * @internal A started wait, as {@link Readiness.yielded} returns it: the
 * instruction to hand to the loop with a plain `yield` (typed as an
 * instruction, not an operation, so `yield` is the right form for it), and
 * `_finish()` to call once that `yield` has returned.
 */
export interface YieldedWait extends Instruction {
  _finish(): void;
}

/**
 * @internal The readiness of one Node stream: listeners on `events`, added
 * once for the stream's whole life, wake every task waiting on it.
 */
export class Readiness {
  /** The wait registered now, if any: almost always none or one. */
  private first: ReadinessWait | null = null;
  /** Waits registered while `first` was taken (two tasks reading one socket at once), in order. */
  private more: ReadinessWait[] | null = null;
  /** A finished wait, ready to be used again by the next {@link wait}, or null. */
  private spare: ReadinessWait | null = null;

  constructor(
    emitter: EventEmitter,
    events: readonly string[],
    /**
     * Whether wakeups wait for the batch. Yes for events from Node's poll
     * phase (data, end, a connection): many come in one poll. No for
     * 'drain', which a write that completed at once emits from
     * `process.nextTick`: a batch would hold the writer back a whole turn of
     * Node's event loop per write.
     */
    readonly batch = true,
  ) {
    for (const event of events) emitter.on(event, this.wakeAll);
  }

  /**
   * An operation that returns once any of the events fires after the task
   * suspends on it. The wait object of the last wait that finished is used
   * again (a reader or writer waits for every line or chunk, and almost
   * always one task at a time): no allocation and no constructor call.
   */
  wait(): Operation<void> {
    return this.fresh();
  }

  /**
   * @internal {@link wait} for a generator of this package, which suspends
   * on it with a plain `yield` and then calls `_finish()` on it:
   *
   *     const wait = readiness.yielded();
   *     yield wait; // throws here if the task is cancelled while it waits
   *     wait._finish();
   *
   * The same wait, one delegation less: with `yield*` every wakeup resumes
   * the reader's generator, which calls the wait's `next()` again to learn
   * that it is done; with `yield` the task resumes the reader's generator
   * past the wait directly. A wait whose task was cancelled is not
   * finished, so it is not reused (as with `yield*`).
   */
  yielded(): YieldedWait {
    const wait = this.fresh();
    wait._handOut();
    return wait;
  }

  /** The spare wait made fresh, or a new one. */
  private fresh(): ReadinessWait {
    const spare = this.spare;
    if (spare === null) return new ReadinessWait(this);
    this.spare = null;
    spare._renew();
    return spare;
  }

  /** @internal A wait that finished, kept for the next {@link wait}. */
  _keep(wait: ReadinessWait): void {
    this.spare ??= wait;
  }

  /** @internal */
  _add(wait: ReadinessWait): void {
    if (this.first === null) this.first = wait;
    else (this.more ??= []).push(wait);
  }

  /** @internal */
  _remove(wait: ReadinessWait): void {
    if (this.first === wait) {
      this.first = this.more === null || this.more.length === 0 ? null : this.more.shift()!;
      return;
    }
    const more = this.more;
    const at = more === null ? -1 : more.indexOf(wait);
    if (at !== -1) more!.splice(at, 1);
  }

  /** Wakes every task waiting now (the listener of the events; also called by a reader that got a chunk). */
  readonly wakeAll = (): void => {
    const first = this.first;
    if (first === null) return;
    const more = this.more === null || this.more.length === 0 ? null : [...this.more];
    first.wake();
    if (more !== null) for (const wait of more) wait.wake();
  };
}

class ReadinessWait extends IoWait {
  constructor(private readonly readiness: Readiness) {
    super();
  }

  protected override batched(): boolean {
    return this.readiness.batch;
  }

  protected override finished(): void {
    this.readiness._keep(this);
  }

  protected register(): void {
    this.readiness._add(this);
  }

  protected unregister(): void {
    this.readiness._remove(this);
  }
}

class EventWait extends IoWait {
  /** The one listener function this wait adds to each event. */
  private readonly listener = (): void => this.wake();

  constructor(
    private readonly emitter: EventEmitter,
    private readonly events: readonly string[],
  ) {
    super();
  }

  protected register(): void {
    for (const event of this.events) this.emitter.on(event, this.listener);
  }

  protected unregister(): void {
    for (const event of this.events) this.emitter.off(event, this.listener);
  }
}

/** @internal Waits until `emitter` emits one of `events` (a one-off wait; streams use a {@link Readiness}). */
export function waitFor(emitter: EventEmitter, events: readonly string[]): Operation<void> {
  return new EventWait(emitter, events);
}

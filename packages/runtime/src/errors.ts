/**
 * Error classes of the runtime. Each has a stable `name` so it can be told
 * apart after crossing a process or a JSON trace, and a message that says
 * what to do about it.
 *
 * @module
 */

/**
 * Thrown into a task at a suspension point when its scope is cancelled
 * (asyncio's `CancelledError`, Trio's `Cancelled`).
 *
 * Cancellation is level-triggered: while the scope stays cancelled, every
 * further suspension point throws a new `CancelledError`, so catching one
 * cannot keep a cancelled task alive. Let it propagate after cleaning up.
 *
 * @example
 * ```ts
 * const task = yield* spawn(function* () {
 *   try {
 *     yield* sleep(60_000);
 *   } catch (error) {
 *     if (error instanceof CancelledError) console.log('cancelled:', error.reason);
 *     throw error;
 *   }
 * }());
 * task.cancel('shutting down');
 * ```
 */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  /** The reason given to `task.cancel(reason)`, or what cancelled the scope. */
  readonly reason: unknown;

  constructor(reason?: unknown) {
    // The stack of a cancellation is the scheduler's own frames and says
    // nothing; skipping its capture makes cancelling 100,000 tasks several
    // times cheaper (V8 reads Error.stackTraceLimit; other engines ignore it).
    const host = Error as { stackTraceLimit?: number | undefined };
    const limit = host.stackTraceLimit;
    host.stackTraceLimit = 0;
    super(reason === undefined ? 'the task was cancelled' : `the task was cancelled: ${describeReason(reason)}`);
    host.stackTraceLimit = limit;
    this.reason = reason;
  }
}

/**
 * Thrown by {@link failAfter} / {@link timeout} when the deadline passes
 * before the operation finishes (Trio's `TooSlowError`).
 *
 * @example
 * ```ts
 * try {
 *   yield* timeout(1000, fetchPage());
 * } catch (error) {
 *   if (error instanceof TimeoutError) console.log(`gave up after ${error.ms} ms`);
 * }
 * ```
 */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  /** The timeout that expired, in milliseconds. */
  readonly ms: number;

  /**
   * `cause` is the `CancelledError` the deadline's own cancellation threw
   * into the operation, which this error replaces (asyncio's
   * `raise TimeoutError from exc`).
   */
  constructor(ms: number, options?: { cause?: unknown }) {
    super(`the operation did not finish within ${ms} ms`, options);
    this.ms = ms;
  }
}

/**
 * Misuse of an object in its current state: the result of an unfinished
 * task, a closed loop used again, a task group used after it exited.
 *
 * @example
 * ```ts
 * const task = yield* spawn(sleep(10));
 * task.result(); // throws InvalidStateError: the task has not finished
 * ```
 */
export class InvalidStateError extends Error {
  override readonly name: string = 'InvalidStateError';
}

/** An error class to match against, such as `RangeError` or a class of your own. */
type ErrorClass<E> = abstract new (...args: never[]) => E;

/**
 * Every non-cancellation error of a {@link taskGroup}, thrown together when
 * the group exits (Python's `ExceptionGroup`, Trio's `MultiError`). It is an
 * `AggregateError`: `errors` holds each cause in the order they happened.
 *
 * @example
 * ```ts
 * try {
 *   yield* taskGroup(function* (group) {
 *     group.spawn(failsWith(new RangeError('a')));
 *     group.spawn(failsWith(new TypeError('b')));
 *   });
 * } catch (error) {
 *   if (error instanceof TaskGroupError) {
 *     const [ranges, rest] = error.split(RangeError);
 *     console.log(ranges?.errors.length, rest?.errors.length); // 1 1
 *   }
 * }
 * ```
 */
export class TaskGroupError extends AggregateError {
  override readonly name = 'TaskGroupError';
  declare readonly errors: unknown[];

  constructor(errors: readonly unknown[], message = summarize(errors)) {
    super(errors, message);
  }

  /** The errors that are instances of `type`, as a group, or `null` when none is. */
  subgroup<E>(type: ErrorClass<E>): TaskGroupError | null {
    return this.split(type)[0];
  }

  /** Splits into `[matching, rest]`; either side is `null` when empty. */
  split<E>(type: ErrorClass<E>): [TaskGroupError | null, TaskGroupError | null] {
    const matching = this.errors.filter((error) => error instanceof type);
    const rest = this.errors.filter((error) => !(error instanceof type));
    return [
      matching.length > 0 ? new TaskGroupError(matching) : null,
      rest.length > 0 ? new TaskGroupError(rest) : null,
    ];
  }
}

function summarize(errors: readonly unknown[]): string {
  const first = errors[0];
  const what = first instanceof Error ? `${first.name}: ${first.message}` : String(first);
  return errors.length === 1
    ? `a task in the group failed (${what})`
    : `${errors.length} tasks in the group failed (first: ${what})`;
}

/** One task in a {@link DeadlockError}: who it is and what it waits on. */
export interface BlockedTask {
  /** The task's id on its loop. */
  readonly id: number;
  /** The task's name. */
  readonly name: string;
  /** What it waits on, e.g. `queue.get() on Queue#1 (empty)` or `join task "producer" (id 2)`. */
  readonly waitingOn: string;
}

/**
 * Every task on the loop is blocked and nothing can ever wake any of them:
 * no ready work, no timer, no pending foreign promise (Go's "all goroutines
 * are asleep - deadlock!"). `run()` rejects with it instead of hanging; the
 * message lists each blocked task and what it waits on, and `tasks` holds
 * the same as data. Decided always on a `VirtualClock`; on the real clock
 * in Node, when the host has nothing left that could call in (its
 * `beforeExit`), so a pending foreign promise or open IO is never taken for
 * a deadlock.
 *
 * @example
 * ```ts
 * try {
 *   await run(function* () {
 *     const lock = new Lock();
 *     yield* lock.acquire();
 *     yield* lock.acquire(); // no owner: waits for itself
 *   }, { clock: new VirtualClock() });
 * } catch (error) {
 *   if (error instanceof DeadlockError) console.error(error.message);
 *   // deadlock: every task is blocked and nothing can wake any of them
 *   //   task "main" (id 1) waits on lock.acquire() on Lock#1 (held)
 * }
 * ```
 */
export class DeadlockError extends Error {
  override readonly name = 'DeadlockError';
  /** Each blocked task, in the order of the task tree (parents before children). */
  readonly tasks: readonly BlockedTask[];

  constructor(tasks: readonly BlockedTask[]) {
    super(
      [
        'deadlock: every task is blocked and nothing can wake any of them (no ready work, no timer, no pending foreign work)',
        ...tasks.map((task) => `  task "${task.name}" (id ${task.id}) waits on ${task.waitingOn}`),
      ].join('\n'),
    );
    this.tasks = tasks;
  }
}

/** @internal A cancellation reason as text. */
export function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  if (typeof reason === 'string') return reason;
  if (typeof reason === 'object' && reason !== null) {
    try {
      return JSON.stringify(reason);
    } catch {
      return Object.prototype.toString.call(reason);
    }
  }
  return String(reason);
}

/**
 * `queue.putNowait(item)` on a full queue (asyncio's `QueueFull`).
 *
 * @example
 * ```ts
 * const queue = new Queue<number>(1);
 * queue.putNowait(1);
 * queue.putNowait(2); // throws QueueFull
 * ```
 */
export class QueueFull extends Error {
  override readonly name = 'QueueFull';
}

/**
 * `queue.getNowait()` on an empty queue (asyncio's `QueueEmpty`).
 *
 * @example
 * ```ts
 * new Queue<number>().getNowait(); // throws QueueEmpty
 * ```
 */
export class QueueEmpty extends Error {
  override readonly name = 'QueueEmpty';
}

/**
 * A queue was shut down: `put` fails at once; `get` fails once the queue is
 * drained (or at once after `shutdown(true)`) (asyncio's `QueueShutDown`).
 *
 * @example
 * ```ts
 * queue.shutdown();
 * yield* queue.put(1); // throws QueueShutDown
 * ```
 */
export class QueueShutDown extends Error {
  override readonly name = 'QueueShutDown';
}

/**
 * A barrier was aborted or reset while tasks waited on it (asyncio's
 * `BrokenBarrierError`).
 *
 * @example
 * ```ts
 * barrier.abort();
 * yield* barrier.wait(); // throws BrokenBarrierError
 * ```
 */
export class BrokenBarrierError extends Error {
  override readonly name = 'BrokenBarrierError';
}

/**
 * A `…Nowait` call that would have had to wait (Trio's `WouldBlock`): a full
 * channel, an empty channel, no token left in a `CapacityLimiter`.
 *
 * @example
 * ```ts
 * const [send] = channel<number>(0);
 * send.sendNowait(1); // throws WouldBlock: nobody is receiving
 * ```
 */
export class WouldBlock extends Error {
  override readonly name = 'WouldBlock';
}

/**
 * Receiving from a channel whose every sender is closed and whose buffer is
 * drained (Trio's `EndOfChannel`). Reading the receive end as a stream
 * (`forEach`, `for await`) simply ends.
 *
 * @example
 * ```ts
 * send.close();
 * yield* receive.receive(); // throws EndOfChannel once the buffer is drained
 * ```
 */
export class EndOfChannel extends Error {
  override readonly name = 'EndOfChannel';
}

/**
 * Using a channel end (or another resource) after closing it yourself
 * (Trio's `ClosedResourceError`).
 *
 * @example
 * ```ts
 * send.close();
 * yield* send.send(1); // throws ClosedResourceError
 * ```
 */
export class ClosedResourceError extends Error {
  override readonly name = 'ClosedResourceError';
}

/**
 * Sending into a channel whose every receive end is closed: nobody will
 * ever take the value (Trio's `BrokenResourceError`).
 *
 * @example
 * ```ts
 * receive.close();
 * yield* send.send(1); // throws BrokenResourceError
 * ```
 */
export class BrokenResourceError extends Error {
  override readonly name = 'BrokenResourceError';
}

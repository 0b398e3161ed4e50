/**
 * Deadlines: `failAfter` / `timeout` and `moveOnAfter` (Trio's cancel scopes
 * with a deadline; asyncio's `timeout` / `wait_for`).
 *
 * The operation runs in a new cancel scope of the current task whose
 * deadline is one timer-heap entry. When the deadline passes the scope is
 * cancelled: everything inside gets `CancelledError` at its suspension
 * points, and when that error reaches the scope it is turned into the
 * timeout.
 *
 * A deadline reports only what it did (DESIGN.md, "Semantics decided"):
 * - It throws `TimeoutError` (or reports `timedOut: true`) only when its own
 *   cancellation interrupted the operation: a `CancelledError` reached the
 *   scope while the scope was cancelled. An operation that finishes anyway
 *   (a `shield(...)` inside, or code that catches the cancellation and
 *   returns) hands back its value: `timeout(5000, shield(commit()))` never
 *   reports a commit that happened as failed. The `TimeoutError` carries the
 *   `CancelledError` it replaces as `cause`.
 * - Nested deadlines that expire together are reported by the outermost: a
 *   scope converts the cancellation only if no enclosing scope (up to a
 *   shield) is cancelled too; otherwise the `CancelledError` travels on to
 *   the scope that owns it. Deadlines already due when the error reaches a
 *   scope are expired first, so a tie goes to the outermost.
 * - An expired deadline is seen at the next suspension point even when its
 *   timer has not fired yet (the clock was advanced by hand, or a long
 *   synchronous stretch ran past it): a task inside a deadline carries the
 *   TIMED bit, and its suspensions expire due deadlines first (task.ts).
 *
 * `timeout(ms)` without an operation is the same deadline as a stream stage:
 * each read of the upstream runs under its own `failAfter(ms, …)`, so the
 * upstream (stepped inline, in the consumer's task) is cancelled when a
 * value is late, and the stage throws `TimeoutError`. One deadline scope and
 * one timer-heap entry per value.
 *
 * @module
 */
import { CancelledError, TimeoutError } from '../errors.js';
import { Rerun, assertDelay, assertOperation, type Instruction, type Operation } from '../operation.js';
import type { TimerEntry } from '../loop/timer-heap.js';
import { ScopeNode, expireDue } from '../task/scope.js';
import { assertFreshOperation, currentTaskOrThrow, type Task } from '../task/task.js';
import { reading, toStream, type Stage } from '../stream/stage.js';
import { stream, type Stream } from '../stream/stream.js';

/** @internal A cancel scope with a deadline. */
export class DeadlineScope extends ScopeNode implements TimerEntry {
  _deadline = 0;
  _seq = 0;
  _armed = false;
  _slot = -1;

  constructor(
    task: Task<unknown>,
    private readonly ms: number,
  ) {
    super(task._scope, task, false);
    task.loop._addTimer(this, task.loop.time() + ms);
    task.loop._deadlines++;
  }

  /** The heap's timer fired. */
  _fire(): void {
    this._cancelScope(new TimeoutError(this.ms));
  }

  /** The deadline is due but its timer has not fired yet: expire it now (see `expireDue` in scope.ts). */
  _expire(): void {
    this._owner!.loop._cancelTimer(this);
    this._fire();
  }

  /** Leaves the scope after the operation finished: its value stands, whatever the deadline did. */
  _leave(): void {
    const loop = this._owner!.loop;
    loop._cancelTimer(this);
    loop._deadlines--;
    this._unlink();
  }

  /** Leaves the scope after the operation threw; true when this scope is the one whose cancellation must be reported. */
  _exit(): boolean {
    this._leave();
    return outermostCancelled(this, this._owner!.loop.time()) === this;
  }
}
DeadlineScope.prototype._timed = true;

/**
 * Expires every deadline due at `now` from `scope` up to the nearest shield
 * (so deadlines that tie with the work win), then returns the outermost
 * cancelled scope on that path: the one that reports the cancellation.
 */
function outermostCancelled(scope: ScopeNode, now: number): ScopeNode | null {
  expireDue(scope, now);
  let outermost: ScopeNode | null = null;
  for (let s: ScopeNode | null = scope; s !== null; s = s._parent) {
    if (s._error !== null) outermost = s;
    if (s._shield) break;
  }
  return outermost;
}

/** What {@link moveOnAfter} returns. */
export type MoveOnResult<T> = { timedOut: false; value: T } | { timedOut: true; value?: undefined };

/** What a deadline reports: how `failAfter` and `moveOnAfter` turn the operation's value, or its interruption, into their result. */
interface Report<T, R> {
  /** The operation finished (whatever the deadline did meanwhile). */
  finished(value: T): R;
  /** The deadline's own cancellation interrupted the operation: `cancellation` is the `CancelledError` that reached the scope. */
  interrupted(ms: number, cancellation: CancelledError): R;
}

/** `failAfter` / `timeout`: the value as it is, or `TimeoutError`. */
const FAIL: Report<unknown, unknown> = {
  finished: (value) => value,
  interrupted(ms, cancellation) {
    throw new TimeoutError(ms, { cause: cancellation });
  },
};

/** `moveOnAfter`: `{ timedOut, value }`. */
const MOVE_ON: Report<unknown, MoveOnResult<unknown>> = {
  finished: (value) => ({ timedOut: false, value }),
  interrupted: () => ({ timedOut: true }),
};

/** `op` under a deadline that throws `TimeoutError`, for one run (a `timeout(ms)` stage's read of one value). */
function failing<T>(ms: number, op: Operation<T>, where: string): Generator<Instruction, T, unknown> {
  return withDeadline(ms, op, where, FAIL as Report<T, T>);
}

/** What `failAfter`, `timeout` and `moveOnAfter` return: each `yield*` runs `op` under a deadline of its own. */
class Deadline<T, R> extends Rerun<R> {
  constructor(
    private readonly ms: number,
    private readonly op: Operation<T>,
    private readonly where: string,
    private readonly report: Report<T, R>,
  ) {
    super();
  }

  [Symbol.iterator](): Iterator<Instruction, R, unknown> {
    return withDeadline(this.ms, this.op, this.where, this.report);
  }
}

/**
 * Runs `op` in a deadline scope of the current task and reports the
 * outcome. One generator per call: each of `op`'s suspensions passes
 * through one frame of ours.
 */
function* withDeadline<T, R>(ms: number, op: Operation<T>, where: string, report: Report<T, R>): Generator<Instruction, R, unknown> {
  const task = currentTaskOrThrow(where);
  assertFreshOperation(op, where);
  const outer = task._scope;
  const scope = new DeadlineScope(task, ms);
  task._setScope(scope);
  let left = false;
  let value: T;
  try {
    value = yield* op;
  } catch (error) {
    task._setScope(outer);
    left = true;
    // Only the deadline's own cancellation is converted: any other error passes through as it is.
    if (scope._exit() && error instanceof CancelledError) return report.interrupted(ms, error);
    throw error;
  } finally {
    // The normal exit, and an early close (the generator's return()), leave the scope here.
    if (!left) {
      task._setScope(outer);
      scope._leave();
    }
  }
  return report.finished(value);
}

/**
 * Runs `op` with a deadline `ms` from now; if it has not finished by then it
 * is cancelled and `TimeoutError` is thrown (Trio's `fail_after`), with the
 * `CancelledError` it replaced as `cause`. Only an interrupted operation
 * times out: one that finishes anyway (shielded, or catching the
 * cancellation and returning) hands back its value.
 *
 * @example
 * ```ts
 * try {
 *   yield* failAfter(1000, sleep(5000));
 * } catch (error) {
 *   console.log(error instanceof TimeoutError); // true, at loop time +1000
 * }
 * ```
 */
export function failAfter<T>(ms: number, op: Operation<T>): Operation<T> {
  assertDelay(ms, 'failAfter(ms, op)');
  assertOperation(op, 'failAfter(ms, op)');
  return new Deadline(ms, op, 'failAfter()', FAIL as Report<T, T>);
}

/**
 * The same as {@link failAfter} under asyncio's name: `TimeoutError` when
 * `op` has not finished within `ms`.
 *
 * With no operation, a stream stage: the stream fails with `TimeoutError`
 * when its next value takes longer than `ms` to arrive, counted from when
 * the consumer asks for it (the late upstream is cancelled and closed).
 *
 * @example
 * ```ts
 * const page = yield* timeout(2000, fetchPage(url));
 *
 * // Give up on a feed that goes quiet for more than 30 s between messages.
 * yield* forEach(pipe(messages, timeout(30_000)), handle);
 * ```
 */
export function timeout<T>(ms: number): Stage<T, T>;
export function timeout<T>(ms: number, op: Operation<T>): Operation<T>;
export function timeout<T>(ms: number, op?: Operation<T>): Operation<T> | Stage<T, T> {
  if (arguments.length < 2) {
    assertDelay(ms, 'timeout(ms)');
    return (input: Stream<T>): Stream<T> => eachWithin(ms, toStream(input, 'timeout(ms)(input)'));
  }
  assertDelay(ms, 'timeout(ms, op)');
  assertOperation(op, 'timeout(ms, op)');
  return new Deadline(ms, op, 'timeout()', FAIL as Report<T, T>);
}

function eachWithin<T>(ms: number, source: Stream<T>): Stream<T> {
  return stream<T>(() =>
    reading(source, function* (upstream) {
      for (;;) {
        const step = yield* failing(ms, upstream.next(), 'timeout()');
        if (step.done === true) return;
        yield step.value;
      }
    }),
  );
}

/**
 * Runs `op` with a deadline `ms` from now; if it has not finished by then it
 * is cancelled and `{ timedOut: true }` is returned quietly (Trio's
 * `move_on_after`). `timedOut` is true only when the deadline's
 * cancellation interrupted `op`: an operation that finishes anyway (say,
 * shielded) reports `{ timedOut: false, value }`.
 *
 * @example
 * ```ts
 * const { timedOut, value } = yield* moveOnAfter(100, queue.get());
 * if (timedOut) console.log('nothing arrived in 100 ms');
 * ```
 */
export function moveOnAfter<T>(ms: number, op: Operation<T>): Operation<MoveOnResult<T>> {
  assertDelay(ms, 'moveOnAfter(ms, op)');
  assertOperation(op, 'moveOnAfter(ms, op)');
  return new Deadline(ms, op, 'moveOnAfter()', MOVE_ON as Report<T, MoveOnResult<T>>);
}


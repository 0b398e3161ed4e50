/**
 * `Event`: a flag tasks can wait for (asyncio's `Event`).
 *
 * Invariants:
 * - `set()` wakes every task waiting at that moment, in the order they
 *   started waiting. They are woken, not asked to look at the flag again, so
 *   a `clear()` before they run does not put them back to sleep.
 * - `wait()` on a set event returns without yielding to the loop.
 *
 * Costs: `set()` is O(waiters); `wait()` on a set event is a function call.
 *
 * @module
 */
import type { Operation } from '../operation.js';
import { WAIT, WaitList, Waiter } from './waiter.js';

/**
 * A flag that tasks wait for (asyncio's `Event`): `wait()` returns once
 * `set()` has been called, until `clear()` resets it.
 *
 * @example
 * ```ts
 * const ready = new Event();
 * group.spawn(function* () {
 *   yield* ready.wait();
 *   console.log('go');
 * }());
 * yield* sleep(100);
 * ready.set();
 * ```
 */
export class Event {
  /** @internal */
  _flag = false;
  /** @internal */
  readonly _waiters = new WaitList<EventWait>();

  /**
   * Sets the flag and wakes every task waiting for it, even if the flag is
   * cleared again before they run. Setting a set event does nothing.
   *
   * @example
   * ```ts
   * event.set();
   * event.isSet(); // true
   * ```
   */
  set(): void {
    if (this._flag) return;
    this._flag = true;
    this._waiters.wakeAll(undefined);
  }

  /**
   * Resets the flag: later `wait()` calls wait again.
   *
   * @example
   * ```ts
   * event.clear();
   * event.isSet(); // false
   * ```
   */
  clear(): void {
    this._flag = false;
  }

  /**
   * True when the flag is set.
   *
   * @example
   * ```ts
   * new Event().isSet(); // false
   * ```
   */
  isSet(): boolean {
    return this._flag;
  }

  /**
   * Waits until the flag is set; returns without yielding when it already is.
   *
   * @example
   * ```ts
   * yield* event.wait();
   * ```
   */
  wait(): Operation<void> {
    return new EventWait(this);
  }
}

class EventWait extends Waiter<void> {
  constructor(private readonly event: Event) {
    super();
  }

  get kind(): string {
    return 'event';
  }

  override _describe(label: (target: object, kind: string) => string): string {
    return `event.wait() on ${label(this.event, 'Event')} (not set)`;
  }

  protected get _list(): WaitList<EventWait> {
    return this.event._waiters;
  }

  protected _now(): void | typeof WAIT {
    return this.event._flag ? undefined : WAIT;
  }

  protected _again(): EventWait {
    return new EventWait(this.event);
  }
}

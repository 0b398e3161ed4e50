/**
 * A receive end read as a stream: the {@link Subscription} that
 * `forEach(receive, fn)`, `iterate(receive)` and the stream combinators open
 * inside a coroutine.
 *
 * Each `next()` is a `receive()` whose `EndOfChannel` is the end of the
 * stream. It takes a buffered value (or a blocked sender's) without
 * suspending, or waits in the channel's line of receivers as the reading
 * task's own operation. So, unlike the promise-backed `for await` iterator
 * (iterator.ts):
 * - a `VirtualClock` jumps ahead while the reader waits on the channel: the
 *   loop sees a blocked task, not a pending foreign promise;
 * - a reader cancelled while waiting leaves the line at once and takes
 *   nothing; one woken with a value gets it even if it is cancelled in the
 *   same instant (the wait protocol's guarantees, sync/waiter.ts).
 *
 * Invariants:
 * - `close()` ends this subscription only: the channel and its ends stay
 *   open (Trio's `async for` over a receive channel does not close it
 *   either). After `close()` or `EndOfChannel`, `next()` returns
 *   `{ done: true }` without touching the channel.
 * - Other errors (`ClosedResourceError`, a cancellation) pass through and
 *   leave the subscription open, since the channel itself has not ended.
 *
 * Costs: per value, one receive operation, the `next()` generator and its
 * result; nothing per subscription beyond this object. A consumer that asks
 * `_ready()` first (the stream stages) takes a value in hand for its result
 * alone; one that asks `_take()` (`forEach`, `reduce`) for nothing.
 *
 * @module
 */
import { EndOfChannel } from '../errors.js';
import type { Instruction, Operation } from '../operation.js';
import { STREAM_END, type Subscription } from '../stream/stream.js';
import { WAIT } from '../sync/waiter.js';
import { Immediate } from '../task/task.js';
import type { ReceiveChannel } from './receive.js';

/**
 * @internal What `receive._open()` returns: values from the channel until it
 * ends, read inside the consumer's task.
 *
 * @example
 * ```ts
 * const values = yield* iterate(receive); // opens a ChannelSubscription
 * const step = yield* values.next();      // { done: false, value } or { done: true }
 * yield* values.close();                  // the channel stays open
 * ```
 */
export class ChannelSubscription<T> implements Subscription<T> {
  closed = false;

  constructor(private readonly end: ReceiveChannel<T>) {}

  next(): Operation<IteratorResult<T, undefined>> {
    return this.receiveNext();
  }

  close(): Operation<void> {
    return new Immediate(() => {
      this.closed = true;
    });
  }

  /** @internal A buffered value (or a blocked sender's), or the end, as `next()` would take it without waiting; null when it would wait. */
  _ready(): IteratorResult<T, undefined> | null {
    const value = this._take(WAIT);
    if (value !== WAIT) return { done: false, value };
    return this.closed ? STREAM_END : null;
  }

  /** @internal {@link _ready}'s value without its result object; `none` when it would wait or the channel has ended (then this subscription is closed). */
  _take<N>(none: N): T | N {
    if (this.closed) return none;
    let value: T | typeof WAIT;
    try {
      value = this.end._take('receive.receive()');
    } catch (error) {
      this.ended(error);
      return none;
    }
    return value === WAIT ? none : value;
  }

  private *receiveNext(): Generator<Instruction, IteratorResult<T, undefined>, unknown> {
    if (this.closed) return STREAM_END;
    try {
      return { done: false, value: yield* this.end.receive() };
    } catch (error) {
      return this.ended(error);
    }
  }

  /** A receive failed: `EndOfChannel` ends this subscription; anything else is rethrown. */
  private ended(error: unknown): IteratorReturnResult<undefined> {
    if (!(error instanceof EndOfChannel)) throw error;
    this.closed = true;
    return STREAM_END;
  }
}

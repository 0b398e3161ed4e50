/**
 * The state one channel's ends share (Trio's `MemoryChannelState`): the
 * buffer, the lines of blocked senders and receivers, and how many ends of
 * each kind are open. Every transfer of a value and every effect of closing
 * happens here, once, for task waiters and promise waiters alike.
 *
 * Invariants, true between any two steps of the loop:
 * - Receivers wait only when nothing can be received: receivers in line ⇒
 *   the buffer is empty and no sender waits.
 * - Senders wait only when the buffer is full: senders in line ⇒ the buffer
 *   holds `capacity` values and no receiver waits. (A rendezvous channel,
 *   capacity 0, never buffers: a value passes straight from sender to
 *   receiver.)
 * - A value is never lost: it sits in the buffer, or in a waiting sender
 *   (which has not returned yet), or it was handed to exactly one receiver
 *   at the moment that receiver was woken. A task woken with a value
 *   receives it even if it is cancelled in the same instant (see scope.ts),
 *   and a cancelled waiter leaves its line before anything is handed to it.
 * - No receive end open ⇒ the buffer is empty and no sender waits. No send
 *   end open ⇒ no sender waits.
 *
 * The lines are the shared wait protocol's {@link WaitList}s (sync/waiter.ts):
 * a task blocked in `send()` / `receive()` stands in them as its operation
 * object, a pending `next()` of a `for await` loop as a promise-backed node
 * (iterator.ts).
 *
 * Costs: sending and receiving are O(1) (a buffer push or shift, a line
 * push or shift); closing an end is O(waiters in line).
 *
 * @module
 */
import { BrokenResourceError, ClosedResourceError, EndOfChannel } from '../errors.js';
import { WAIT, WaitList, type WaitNode } from '../sync/waiter.js';
import { ChannelBuffer } from './buffer.js';

/** What to do about an end closed under a waiting task. */
const CLOSE_ADVICE = 'close an end only once the code using it is done, or give each user its own clone()';

/**
 * @internal A party in one of a channel's lines: a task blocked in `send()`
 * or `receive()`, or a pending `next()` of a `for await` loop. A receiver is
 * woken with its value, a sender with `undefined` (its value was taken);
 * either is woken by a throw when the channel ends, breaks or its end closes.
 */
export interface ChannelWaiter extends WaitNode {
  /** The end it waits through; closing that end fails it with `ClosedResourceError`. */
  readonly _end: object;
}

/** @internal A blocked sender, holding the value it has not delivered yet. */
export interface SendWaiter<T> extends ChannelWaiter {
  readonly _value: T;
}

/**
 * A snapshot of a channel (Trio's `MemoryChannelStatistics`), the same
 * from either end.
 *
 * @example
 * ```ts
 * const [send, receive] = channel<number>(2);
 * send.sendNowait(1);
 * receive.statistics();
 * // { currentBufferUsed: 1, maxBufferSize: 2, openSendChannels: 1,
 * //   openReceiveChannels: 1, tasksWaitingSend: 0, tasksWaitingReceive: 0 }
 * ```
 */
export interface ChannelStatistics {
  /** Values in the buffer. */
  readonly currentBufferUsed: number;
  /** The capacity given to `channel(capacity)` (`Infinity` for unbounded). */
  readonly maxBufferSize: number;
  /** Send ends (the original and its clones) not yet closed. */
  readonly openSendChannels: number;
  /** Receive ends not yet closed. */
  readonly openReceiveChannels: number;
  /** Tasks blocked in `send()`. */
  readonly tasksWaitingSend: number;
  /** Tasks blocked in `receive()`, plus pending `next()` calls of async iterators over the receive end. */
  readonly tasksWaitingReceive: number;
}

/**
 * @internal The state shared by every end of one channel.
 *
 * @example
 * ```ts
 * const state = new ChannelState<number>(1);
 * state.trySend(1, 'send.sendNowait(value)');    // true: buffered
 * state.tryReceive('receive.receiveNowait()');   // 1
 * ```
 */
export class ChannelState<T> {
  readonly buffer = new ChannelBuffer<T>();
  readonly senders = new WaitList<SendWaiter<T>>();
  readonly receivers = new WaitList<ChannelWaiter>();
  openSendEnds = 1;
  openReceiveEnds = 1;

  constructor(readonly capacity: number) {}

  /**
   * Sends `value` without waiting if possible: straight to the first waiting
   * receiver, else into the buffer when it has room. False when the sender
   * would have to wait. Throws `BrokenResourceError` when no receive end is open.
   */
  trySend(value: T, where: string): boolean {
    if (this.openReceiveEnds === 0) {
      throw new BrokenResourceError(`${where}: every receive end of the channel is closed, so nobody will ever take the value; stop sending`);
    }
    const receiver = this.receivers.shift();
    if (receiver !== null) {
      receiver._wake(value);
      return true;
    }
    if (this.buffer.length < this.capacity) {
      this.buffer.push(value);
      return true;
    }
    return false;
  }

  /**
   * Receives without waiting if possible: the oldest buffered value (the
   * first waiting sender's value takes the freed slot), else a waiting
   * sender's value directly. `WAIT` when the receiver would have to wait;
   * throws `EndOfChannel` when drained and no send end is open.
   */
  tryReceive(where: string): T | typeof WAIT {
    const sender = this.senders.shift();
    if (this.buffer.length > 0) {
      const value = this.buffer.shift();
      if (sender !== null) {
        this.buffer.push(sender._value);
        sender._wake(undefined);
      }
      return value;
    }
    if (sender !== null) {
      sender._wake(undefined);
      return sender._value;
    }
    if (this.openSendEnds === 0) {
      throw new EndOfChannel(`${where}: the channel is drained and every send end is closed; no more values will come`);
    }
    return WAIT;
  }

  /** A send end closed: its blocked senders fail; the last one to close ends the channel for receivers. */
  closeSendEnd(end: object): void {
    for (const sender of this.senders.removeWhere((waiter) => waiter._end === end)) {
      sender._wakeThrow(new ClosedResourceError(`send.send(value): the send end was closed while this send waited on it, so the value was not delivered; ${CLOSE_ADVICE}`));
    }
    if (--this.openSendEnds === 0) {
      this.receivers.throwAll(() => new EndOfChannel('receive.receive(): every send end was closed while this task waited and the channel is drained; no more values will come'));
    }
  }

  /** A receive end closed: its blocked receivers fail; the last one to close breaks the channel for senders. */
  closeReceiveEnd(end: object): void {
    for (const receiver of this.receivers.removeWhere((waiter) => waiter._end === end)) {
      receiver._wakeThrow(new ClosedResourceError(`receive: the receive end was closed while this receive waited on it; ${CLOSE_ADVICE}`));
    }
    if (--this.openReceiveEnds === 0) {
      this.senders.throwAll(() => new BrokenResourceError('send.send(value): every receive end was closed while this task waited to send; the value was not delivered'));
      this.buffer.clear();
    }
  }

  statistics(): ChannelStatistics {
    return {
      currentBufferUsed: this.buffer.length,
      maxBufferSize: this.capacity,
      openSendChannels: this.openSendEnds,
      openReceiveChannels: this.openReceiveEnds,
      tasksWaitingSend: this.senders.length,
      tasksWaitingReceive: this.receivers.length,
    };
  }
}

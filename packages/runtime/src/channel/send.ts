/**
 * The send end of a channel: `send` (waits for room or, on a rendezvous
 * channel, for a receiver), `sendNowait`, `clone` and `close`.
 *
 * A `send()` that must wait is a {@link Waiter} of the wait protocol the
 * synchronization primitives share (sync/waiter.ts). A sender blocked in it holds its value
 * until a receiver takes it; cancelled before that, it leaves the line with
 * its value undelivered (the channel never saw it). Closing the last open
 * send end lets receivers drain the buffer and then get `EndOfChannel`.
 *
 * @module
 */
import { WouldBlock } from '../errors.js';
import { FINISHED_VOID, rejectAwait, type Instruction, type Operation } from '../operation.js';
import { WAIT, Waiter, type WaitList } from '../sync/waiter.js';
import { assertOpen, type ChannelEnd } from './end.js';
import type { ChannelState, ChannelStatistics, SendWaiter } from './state.js';

/**
 * `send.send(value)`: the value goes to a waiting receiver or the buffer
 * when `yield*` starts the call, allocating nothing more; only a send that
 * must wait becomes a {@link SendWaiter}, which waits in line holding it.
 */
class Send<T> implements Operation<void> {
  constructor(
    private readonly end: SendChannel<T>,
    private readonly value: T,
  ) {}

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    return this.end._offer(this.value, 'send.send(value)') ? FINISHED_VOID : new SendWaiting(this.end, this.value);
  }
}

/** A send that found neither room nor a receiver, waiting in line with its value. */
class SendWaiting<T> extends Waiter<void> implements SendWaiter<T> {
  constructor(
    readonly _end: SendChannel<T>,
    readonly _value: T,
  ) {
    super();
  }

  get kind(): string {
    return 'channel.send';
  }

  override _describe(label: (target: object, kind: string) => string): string {
    return `send.send() on ${label(this._end._state, 'Channel')} (no room, no receiver)`;
  }

  protected get _list(): WaitList<SendWaiter<T>> {
    return this._end._state.senders;
  }

  protected _now(): void | typeof WAIT {
    return this._end._offer(this._value, 'send.send(value)') ? undefined : WAIT;
  }

  protected _again(): SendWaiting<T> {
    return new SendWaiting(this._end, this._value);
  }
}

/**
 * The sending end of a {@link channel} (Trio's `MemorySendChannel`).
 *
 * @example
 * ```ts
 * const [send, receive] = channel<string>();
 * group.spawn(function* () {
 *   using producer = send;            // closed when the producer is done
 *   for (const word of ['a', 'b']) yield* producer.send(word);
 * }());
 * ```
 */
export class SendChannel<T> implements ChannelEnd {
  /** @internal */ _closed = false;

  /** @internal Ends are made by `channel(capacity)` and `clone()`. */
  constructor(/** @internal */ readonly _state: ChannelState<T>) {}

  /**
   * Sends `value`, waiting while the buffer is full (on a rendezvous
   * channel, until a receiver takes it). Returns without suspending when it
   * need not wait. Throws `BrokenResourceError` when every receive end is
   * closed (also to a sender blocked when that happens) and
   * `ClosedResourceError` when this end is closed (also to a sender blocked
   * on it when another task closes it). Cancelled while blocked, the value is
   * not delivered.
   *
   * @example
   * ```ts
   * yield* send.send(42); // resumes once a receiver has it (capacity 0) or it is buffered
   * ```
   */
  send(value: T): Operation<void> {
    return new Send(this, value);
  }

  /**
   * Sends `value` if that needs no waiting, else throws `WouldBlock`. Also
   * callable from plain (non-coroutine) code, such as an event callback.
   *
   * @example
   * ```ts
   * const [send, receive] = channel<MouseEvent>(Infinity);
   * element.addEventListener('click', (event) => send.sendNowait(event));
   * ```
   */
  sendNowait(value: T): void {
    if (!this._offer(value, 'send.sendNowait(value)')) {
      const capacity = this._state.capacity;
      throw new WouldBlock(
        capacity === 0
          ? 'send.sendNowait(value): no receiver is waiting and the channel has no buffer (capacity 0); yield* send.send(value) to wait for one'
          : `send.sendNowait(value): the buffer is full (capacity ${capacity}) and no receiver is waiting; yield* send.send(value) to wait for room`,
      );
    }
  }

  /**
   * A new, independent send end of the same channel. The channel ends for
   * receivers only once every send end is closed, so give each producer its
   * own clone and let each close it. Throws `ClosedResourceError` if this
   * end is closed.
   *
   * @example
   * ```ts
   * for (const url of urls) group.spawn(fetchInto(url, send.clone()));
   * send.close(); // the clones keep the channel open until the last one closes
   * ```
   */
  clone(): SendChannel<T> {
    assertOpen(this._closed, 'send.clone()');
    this._state.openSendEnds++;
    return new SendChannel(this._state);
  }

  /** A snapshot of the channel, the same from either end: {@link ChannelEnd.statistics}. */
  statistics(): ChannelStatistics {
    return this._state.statistics();
  }

  /**
   * Closes this send end (again: nothing). Senders blocked on it fail with
   * `ClosedResourceError`; once every send end is closed, receivers drain
   * the buffer and then get `EndOfChannel`.
   *
   * @example
   * ```ts
   * for (const line of lines) yield* send.send(line);
   * send.close(); // the consumer's loop ends once it has read every line
   * ```
   */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    this._state.closeSendEnd(this);
  }

  /** Closes this end when a `using` declaration goes out of scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** @internal Sends without waiting if possible (false: it would block), after checking this end is open. */
  _offer(value: T, where: string): boolean {
    assertOpen(this._closed, where);
    return this._state.trySend(value, where);
  }
}

// `await` of these operations rejects with a TypeError saying to use yield* (operation.ts).
rejectAwait(Send);

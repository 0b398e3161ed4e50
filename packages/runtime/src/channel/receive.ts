/**
 * The receive end of a channel: `receive` (waits for a value),
 * `receiveNowait`, `clone`, `close`, and reading it as a stream.
 *
 * A `receive()` that must wait is a {@link Waiter} of the wait protocol the
 * synchronization primitives share (sync/waiter.ts): a receiver blocked in it is handed its
 * value at the moment it is woken, so a receiver cancelled while waiting
 * takes nothing (the next one gets the value) and one woken with a value
 * keeps it even if cancelled in the same instant. Closing the last open
 * receive end breaks the channel: buffered values are dropped and every
 * send fails with `BrokenResourceError`.
 *
 * A receive end is a {@link Stream}: inside a coroutine, `forEach`,
 * `iterate` and the stream combinators read it through a
 * {@link ChannelSubscription}, whose every `next()` is a `receive()`. From
 * async code, `for await` uses the promise-backed iterator (iterator.ts)
 * instead, which needs no loop. Neither closes the channel when it stops.
 *
 * @module
 */
import { WouldBlock } from '../errors.js';
import { finishedWith, rejectAwait, type Instruction, type Operation } from '../operation.js';
import { Stream } from '../stream/stream.js';
import { WAIT, Waiter, type WaitList } from '../sync/waiter.js';
import { assertOpen, type ChannelEnd } from './end.js';
import { ChannelIterator } from './iterator.js';
import type { ChannelState, ChannelStatistics, ChannelWaiter } from './state.js';
import { ChannelSubscription } from './subscription.js';

/**
 * `receive.receive()`: takes the oldest value when `yield*` starts the call
 * (one small result, no waiter), or becomes a {@link ReceiveWaiting} that
 * waits in line until a sender hands one over. It holds no state, so every
 * `receive()` of an end returns the same operation.
 */
class Receive<T> implements Operation<T> {
  constructor(private readonly end: ReceiveChannel<T>) {}

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    const value = this.end._take('receive.receive()');
    return value === WAIT ? new ReceiveWaiting(this.end) : finishedWith(value);
  }
}

/** A receive that found nothing to take, waiting in line for a sender. */
class ReceiveWaiting<T> extends Waiter<T> implements ChannelWaiter {
  constructor(readonly _end: ReceiveChannel<T>) {
    super();
  }

  get kind(): string {
    return 'channel.receive';
  }

  override _describe(label: (target: object, kind: string) => string): string {
    return `receive.receive() on ${label(this._end._state, 'Channel')} (nothing sent)`;
  }

  protected get _list(): WaitList<ChannelWaiter> {
    return this._end._state.receivers;
  }

  protected _now(): T | typeof WAIT {
    return this._end._take('receive.receive()');
  }

  protected _again(): ReceiveWaiting<T> {
    return new ReceiveWaiting(this._end);
  }
}

/**
 * The receiving end of a {@link channel} (Trio's `MemoryReceiveChannel`),
 * and a {@link Stream} of the values sent.
 *
 * Inside a coroutine, read it with `yield* forEach(receive, fn)` (or
 * `iterate`, or any stream combinator): it ends once every send end is
 * closed and the buffer is drained, and stopping early leaves the channel
 * open. `receive()` takes one value at a time. From async code, iterate it
 * with `for await`.
 *
 * @example
 * ```ts
 * yield* forEach(receive, function* (job) {
 *   yield* handle(job); // the next job is taken once this one is handled
 * });
 * // every send end is closed and every job was handled
 * ```
 */
export class ReceiveChannel<T> extends Stream<T> implements ChannelEnd {
  /** @internal */ _closed = false;

  /** @internal Ends are made by `channel(capacity)` and `clone()`. */
  constructor(/** @internal */ readonly _state: ChannelState<T>) {
    super();
  }

  /**
   * Receives the oldest value, waiting until one is sent. Returns without
   * suspending when a value is buffered or a sender waits. Throws
   * `EndOfChannel` once every send end is closed and the buffer is drained,
   * and `ClosedResourceError` when this end is closed (also to a receiver
   * blocked on it when another task closes it).
   *
   * @example
   * ```ts
   * const value = yield* receive.receive();
   * ```
   */
  receive(): Operation<T> {
    return (this.receiveOperation ??= new Receive(this));
  }

  /** The operation every `receive()` returns, made on first use. */
  private receiveOperation: Receive<T> | undefined = undefined;

  /**
   * Receives a value if one is available without waiting; else throws
   * `WouldBlock` (senders remain) or `EndOfChannel` (every send end closed
   * and the buffer drained).
   *
   * @example
   * ```ts
   * const [send, receive] = channel<number>(1);
   * send.sendNowait(7);
   * receive.receiveNowait(); // 7
   * receive.receiveNowait(); // throws WouldBlock
   * ```
   */
  receiveNowait(): T {
    const value = this._take('receive.receiveNowait()');
    if (value === WAIT) {
      throw new WouldBlock('receive.receiveNowait(): no value is buffered and no sender is waiting; yield* receive.receive() to wait for one');
    }
    return value;
  }

  /**
   * A new, independent receive end of the same channel (several consumers
   * share the values, each value going to one of them). The channel breaks
   * for senders only once every receive end is closed. Throws
   * `ClosedResourceError` if this end is closed.
   *
   * @example
   * ```ts
   * for (let i = 0; i < 4; i++) group.spawn(worker(receive.clone()));
   * receive.close();
   * ```
   */
  clone(): ReceiveChannel<T> {
    assertOpen(this._closed, 'receive.clone()');
    this._state.openReceiveEnds++;
    return new ReceiveChannel(this._state);
  }

  /** A snapshot of the channel, the same from either end: {@link ChannelEnd.statistics}. */
  statistics(): ChannelStatistics {
    return this._state.statistics();
  }

  /**
   * Closes this receive end (again: nothing). Receivers blocked on it fail
   * with `ClosedResourceError`; once every receive end is closed, buffered
   * values are dropped and every send fails with `BrokenResourceError`.
   *
   * @example
   * ```ts
   * const [send, receive] = channel<number>(4);
   * receive.close();
   * send.sendNowait(1); // throws BrokenResourceError
   * ```
   */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    this._state.closeReceiveEnd(this);
  }

  /** Closes this end when a `using` declaration goes out of scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** @internal Opens the stream for the consuming task: each `next()` is a `receive()`; closing it leaves the channel open. */
  _open(): ChannelSubscription<T> {
    return new ChannelSubscription(this);
  }

  /**
   * Iterates the values from async code, without a loop: each `next()`
   * resolves with the next value (waiting in line with the tasks blocked in
   * `receive()`), and the iteration ends at `EndOfChannel`. Leaving the loop
   * early does not close the channel. (This replaces the `Stream` default,
   * which would run the stream on a loop of its own.)
   *
   * Inside a coroutine, use `forEach(receive, fn)` instead: it waits as the
   * task's own operation, so a `VirtualClock` can jump ahead meanwhile and a
   * cancelled reader takes no value.
   *
   * @example
   * ```ts
   * const [send, receive] = channel<string>(Infinity);
   * socket.on('message', (text) => send.sendNowait(text));
   * socket.on('close', () => send.close());
   * for await (const text of receive) console.log(text);
   * ```
   */
  override [Symbol.asyncIterator](): AsyncIterableIterator<T, undefined> {
    return new ChannelIterator(this);
  }

  /** @internal Receives without waiting if possible (`WAIT`: it would block), after checking this end is open. */
  _take(where: string): T | typeof WAIT {
    assertOpen(this._closed, where);
    return this._state.tryReceive(where);
  }
}

// `await` of these operations rejects with a TypeError saying to use yield* (operation.ts).
rejectAwait(Receive);

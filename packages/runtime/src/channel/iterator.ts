/**
 * Async iteration of a receive end (`for await (const v of receive)`), for
 * async code: an event handler's consumer, a test, another loop.
 *
 * Each `next()` returns a promise. When a value can be received at once it
 * resolves with it; otherwise a {@link NextWaiter} joins the channel's line
 * of receivers, the same line tasks blocked in `receive()` stand in, and the
 * sender that reaches it resolves the promise with its value. The iteration
 * ends (`{ done: true }`) at `EndOfChannel`; `ClosedResourceError` (this end
 * closed) rejects.
 *
 * `return()` (a `for await` left early) ends this iterator and takes its
 * pending `next()` calls out of line unanswered, so they consume no value;
 * it does not close the channel (Trio's `async for` does not either): close
 * the end yourself, or declare it with `using`.
 *
 * Inside a coroutine a pending `next()` would be foreign work to the loop
 * (it settles through a promise): there the receive end is read as a stream
 * instead (`forEach(receive, fn)`, subscription.ts), waiting as the task's
 * own operation.
 *
 * Costs: a promise and a {@link NextWaiter} per `next()`; `return()` is
 * O(receivers in line).
 *
 * @module
 */
import { EndOfChannel } from '../errors.js';
import { DONE_VOID } from '../operation.js';
import { WAIT, type WaitNode } from '../sync/waiter.js';
import type { ReceiveChannel } from './receive.js';
import type { ChannelWaiter } from './state.js';

type Resolve<T> = (result: IteratorResult<T, undefined>) => void;

/** A pending `next()` standing in the channel's line of receivers: woken, it settles its promise. */
class NextWaiter<T> implements ChannelWaiter {
  _prev: WaitNode | null = null;
  _next: WaitNode | null = null;

  constructor(
    readonly iterator: ChannelIterator<T>,
    readonly _end: ReceiveChannel<T>,
    private readonly resolve: Resolve<T>,
    private readonly reject: (error: unknown) => void,
  ) {}

  _wake(value: T): void {
    this.resolve({ done: false, value });
  }

  _wakeThrow(error: unknown): void {
    if (error instanceof EndOfChannel) {
      this.iterator._finished = true;
      this.resolve(DONE_VOID);
    } else {
      this.reject(error);
    }
  }

  /** The iterator was closed while this `next()` waited. */
  _withdraw(): void {
    this.resolve(DONE_VOID);
  }
}

/**
 * @internal The iterator `receive[Symbol.asyncIterator]()` returns.
 *
 * @example
 * ```ts
 * const values = receive[Symbol.asyncIterator]();
 * const first = await values.next(); // { done: false, value: … }
 * await values.return();             // stop; the channel stays open
 * ```
 */
export class ChannelIterator<T> implements AsyncIterableIterator<T, undefined> {
  /** @internal True once the iteration has ended or been closed. */
  _finished = false;

  constructor(private readonly end: ReceiveChannel<T>) {}

  next(): Promise<IteratorResult<T, undefined>> {
    if (this._finished) return Promise.resolve(DONE_VOID);
    return new Promise<IteratorResult<T, undefined>>((resolve, reject) => {
      const waiter = new NextWaiter(this, this.end, resolve, reject);
      let value: T | typeof WAIT;
      try {
        value = this.end._take('for await (… of receive)');
      } catch (error) {
        waiter._wakeThrow(error);
        return;
      }
      if (value === WAIT) this.end._state.receivers.push(waiter);
      else waiter._wake(value);
    });
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this._finished = true;
    const mine = this.end._state.receivers.removeWhere((waiter) => waiter instanceof NextWaiter && waiter.iterator === this);
    for (const waiter of mine) (waiter as NextWaiter<T>)._withdraw();
    return Promise.resolve(DONE_VOID);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

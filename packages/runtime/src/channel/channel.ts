/**
 * `channel(capacity)`: Trio's memory channels, a pair of ends sharing one
 * state (see state.ts for the invariants and costs).
 *
 * Capacity 0 is a rendezvous: a send completes only when a receiver takes
 * the value. A positive capacity buffers that many values before senders
 * wait (backpressure); `Infinity` never makes a sender wait.
 *
 * @module
 */
import { describe } from '../operation.js';
import { ReceiveChannel } from './receive.js';
import { SendChannel } from './send.js';
import { ChannelState } from './state.js';

/**
 * Creates a channel and returns its two ends, `[send, receive]` (Trio's
 * `open_memory_channel`). `capacity` is how many values it buffers: 0 (the
 * default) for a rendezvous, a positive integer, or `Infinity`. A negative,
 * NaN or fractional capacity is a `RangeError`.
 *
 * Each end can be cloned (several producers or consumers) and is closed on
 * its own; receivers get `EndOfChannel` once every send end is closed and
 * the buffer is drained.
 *
 * @example
 * ```ts
 * const [send, receive] = channel<number>(0);
 * yield* taskGroup(function* (group) {
 *   group.spawn(function* () {
 *     for (let i = 0; i < 3; i++) yield* send.send(i); // each waits for the receiver
 *     send.close();
 *   }());
 *   yield* forEach(receive, (value) => console.log(value)); // 0, 1, 2; ends once send is closed
 * });
 * ```
 */
export function channel<T>(capacity = 0): readonly [SendChannel<T>, ReceiveChannel<T>] {
  if (typeof capacity !== 'number') {
    throw new TypeError(`channel(capacity): capacity must be a number (0, a positive integer or Infinity), got ${describe(capacity)}`);
  }
  if (!(capacity === Infinity || (Number.isInteger(capacity) && capacity >= 0))) {
    throw new RangeError(`channel(capacity): capacity must be 0 (rendezvous), a positive integer or Infinity, got ${capacity}`);
  }
  const state = new ChannelState<T>(capacity);
  return [new SendChannel(state), new ReceiveChannel(state)] as const;
}

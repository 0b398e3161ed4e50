/**
 * What both ends of a channel have in common: statistics, `close()` (and
 * `using`), and the rule that an end you closed is not used again.
 *
 * Each end (the original and every clone) is closed on its own; the channel
 * counts the open ends of each kind in its state. Using an end after closing
 * it is a `ClosedResourceError` (Trio's rule: it is the caller's own bug,
 * unlike `EndOfChannel` / `BrokenResourceError`, which report what the
 * other side did).
 *
 * This is an interface, not a base class: a receive end is a `Stream` (it
 * extends that class, see receive.ts) and a send end is not, so the ends
 * share this contract and {@link assertOpen}, and each keeps its own
 * `closed` flag.
 *
 * @module
 */
import { ClosedResourceError } from '../errors.js';
import type { ChannelStatistics } from './state.js';

/**
 * One end of a channel: a {@link SendChannel} or a {@link ReceiveChannel}.
 *
 * @example
 * ```ts
 * function report(end: ChannelEnd): void {
 *   const { currentBufferUsed, maxBufferSize } = end.statistics();
 *   console.log(`${currentBufferUsed}/${maxBufferSize} buffered`);
 * }
 * ```
 */
export interface ChannelEnd extends Disposable {
  /**
   * A snapshot of the channel: buffer use and capacity, open ends of each
   * kind, blocked senders and receivers. Works on a closed end too.
   *
   * @example
   * ```ts
   * const [send, receive] = channel<string>(0);
   * receive.close();
   * send.statistics().openReceiveChannels; // 0
   * ```
   */
  statistics(): ChannelStatistics;

  /**
   * Closes this end, at once (closing twice does nothing). Tasks blocked in
   * `send()` / `receive()` through this very end fail with
   * `ClosedResourceError`; other ends are not affected until the last end of
   * a kind closes:
   * - the last send end: receivers drain the buffer, then get
   *   `EndOfChannel` (those already waiting get it at once);
   * - the last receive end: buffered values are dropped and every send fails
   *   with `BrokenResourceError` (blocked senders at once).
   *
   * @example
   * ```ts
   * for (const line of lines) yield* send.send(line);
   * send.close(); // the consumer's loop ends once it has read every line
   * ```
   */
  close(): void;

  /**
   * Closes this end when a `using` declaration goes out of scope.
   *
   * @example
   * ```ts
   * {
   *   using producer = send.clone();
   *   yield* producer.send('hello');
   * } // producer is closed here
   * ```
   */
  [Symbol.dispose](): void;
}

/** @internal Throws `ClosedResourceError` naming `where` if the end is `closed`. */
export function assertOpen(closed: boolean, where: string): void {
  if (closed) {
    throw new ClosedResourceError(`${where}: this end of the channel is closed; clone() it before closing if other code still needs it`);
  }
}

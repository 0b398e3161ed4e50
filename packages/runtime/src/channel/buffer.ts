/**
 * A channel's buffer: values sent but not yet received, oldest first.
 *
 * The queues' ring buffer (sync/queue-storage.ts): `push` and `shift` are
 * O(1) amortised, and a channel that fills and drains its buffer over and
 * over (the common producer and consumer) allocates nothing once the ring
 * has grown to its capacity. The array it replaced was emptied with
 * `length = 0` at every drain, so V8 dropped its backing store and every
 * refill grew a new one: about a fifth of a busy channel's time went to
 * collecting those arrays.
 *
 * A ring that grew past {@link SHRINK_ABOVE} slots for a burst (an
 * `Infinity` channel that held many values) goes back to a small one once
 * it is drained, so the burst's memory is not kept.
 *
 * @module
 */
import { RingBuffer } from '../sync/queue-storage.js';

/** Rings larger than this are dropped when they drain. */
const SHRINK_ABOVE = 1024;

/** @internal */
export class ChannelBuffer<T> extends RingBuffer<T> {
  get length(): number {
    return this.size;
  }

  shift(): T {
    const value = this.take();
    this.shrinkWhenEmpty(SHRINK_ABOVE);
    return value;
  }
}

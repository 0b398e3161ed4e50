/**
 * A channel's buffer: values sent but not yet received, oldest first.
 *
 * A ring buffer whose size is a power of two (wrapping is a mask): `push`
 * writes after the last value, growing the ring by doubling when it is
 * full; `shift` reads the head slot, clears it (so the value can be
 * collected) and moves the head on. Both are O(1) amortised, and a channel
 * that fills and drains its buffer over and over (the common producer and
 * consumer) allocates nothing once the ring has grown to its capacity. The
 * array it replaced was emptied with `length = 0` at every drain, so V8
 * dropped its backing store and every refill grew a new one: about a fifth
 * of a busy channel's time went to collecting those arrays.
 *
 * A ring that grew past {@link SHRINK_ABOVE} slots for a burst (an
 * `Infinity` channel that held many values) goes back to a small one once
 * it is drained, so the burst's memory is not kept.
 *
 * Invariant: the `size` values are at `items[(head + i) & mask]` for
 * `i < size`, in order; every other slot is `undefined`.
 *
 * @module
 */

const INITIAL = 8;

/** Rings larger than this are dropped when they drain. */
const SHRINK_ABOVE = 1024;

/** @internal */
export class ChannelBuffer<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(INITIAL);
  private head = 0;
  private mask = INITIAL - 1;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) & this.mask] = value;
    this.size++;
  }

  shift(): T {
    const value = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    if (--this.size === 0 && this.items.length > SHRINK_ABOVE) this.clear();
    return value;
  }

  clear(): void {
    this.items = new Array<T | undefined>(INITIAL);
    this.head = 0;
    this.mask = INITIAL - 1;
    this.size = 0;
  }

  private grow(): void {
    const old = this.items;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & this.mask];
    this.items = next;
    this.head = 0;
    this.mask = next.length - 1;
  }
}

/**
 * A channel's buffer: values sent but not yet received, oldest first.
 *
 * An array read from a moving head index. `push` appends; `shift` reads the
 * head slot, clears it (so the value can be collected) and moves the head
 * on. Once the consumed prefix is at least half the array (and past a small
 * floor) it is cut off with one `splice`, so both operations are O(1)
 * amortised and the array stays within twice the values it holds. A plain
 * `Array.prototype.shift` would move every remaining value on each call,
 * which an unbounded (`Infinity`) channel holding many values cannot afford.
 *
 * Invariant: `items[head .. items.length)` are the buffered values, in order;
 * every slot before `head` is `undefined`.
 *
 * @module
 */

/** Compaction waits until at least this many slots are consumed, so small buffers never splice. */
const COMPACT_FLOOR = 32;

/**
 * @internal A FIFO of values with O(1) amortised `push` and `shift`.
 *
 * @example
 * ```ts
 * const buffer = new ChannelBuffer<number>();
 * buffer.push(1);
 * buffer.push(2);
 * buffer.shift(); // 1
 * buffer.length;  // 1
 * ```
 */
export class ChannelBuffer<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  /** How many values are buffered. */
  get length(): number {
    return this.items.length - this.head;
  }

  push(value: T): void {
    this.items.push(value);
  }

  /** Removes and returns the oldest value. The caller checks `length > 0` first. */
  shift(): T {
    const items = this.items;
    const value = items[this.head] as T;
    items[this.head] = undefined;
    this.head++;
    if (this.head === items.length) {
      items.length = 0;
      this.head = 0;
    } else if (this.head >= COMPACT_FLOOR && this.head * 2 >= items.length) {
      items.splice(0, this.head);
      this.head = 0;
    }
    return value;
  }

  /** Drops every value (the last receive end closed: nobody will read them). */
  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/**
 * Where a queue keeps its items: the one thing `Queue`, `LifoQueue` and
 * `PriorityQueue` do differently. Waiting and waking live in queue.ts and
 * are shared; a storage only stores.
 *
 * - {@link RingBuffer} (FIFO): a growable power-of-two ring; push and take
 *   are O(1) and allocate nothing once it has grown to the queue's
 *   high-water mark (a bounded queue never grows past its maxsize).
 * - {@link Stack} (LIFO): an array used from its end; O(1).
 * - {@link Heap} (priority): a binary min-heap in two parallel arrays, items
 *   and insertion numbers, so ties leave in FIFO order without a wrapper
 *   object per item; push and take are O(log n).
 *
 * A storage never holds on to an item it has handed out (slots are cleared),
 * so the queue keeps nothing alive that it no longer holds.
 *
 * @module
 */
import { describe } from '../operation.js';

/** @internal The storage policy of a queue. */
export interface Storage<T> {
  readonly size: number;
  push(item: T): void;
  /** Removes and returns the next item; only called when `size > 0`. */
  take(): T;
  clear(): void;
  /** Checks an item when it is offered, before the queue commits to it; throws a TypeError for one it cannot order. */
  admit?(item: T, where: string): void;
}

/** A new or shrunk ring's slots (a power of two: wrapping is a mask). */
const INITIAL = 8;

/** @internal FIFO storage: a ring buffer. */
export class RingBuffer<T> implements Storage<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(INITIAL);
  private head = 0;
  private mask = INITIAL - 1;
  size = 0;

  push(item: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) & this.mask] = item;
    this.size++;
  }

  take(): T {
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return item;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.size = 0;
  }

  /** Goes back to a small ring once empty, if it grew past `max` slots: a burst's memory is not kept. */
  shrinkWhenEmpty(max: number): void {
    if (this.size === 0 && this.items.length > max) {
      this.items = new Array<T | undefined>(INITIAL);
      this.head = 0;
      this.mask = INITIAL - 1;
    }
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

/** @internal LIFO storage: the last item pushed is taken first. */
export class Stack<T> implements Storage<T> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
  }

  take(): T {
    return this.items.pop() as T;
  }

  clear(): void {
    this.items.length = 0;
  }
}

/**
 * @internal The order a `PriorityQueue` uses when given no compare function:
 * numbers and bigints by value, strings by code unit.
 */
export function naturalOrder(a: unknown, b: unknown): number {
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** Which natural-order family a value belongs to; numbers and bigints compare with each other. */
function family(value: unknown): 'number' | 'string' | null {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'bigint' || (typeof value === 'number' && !Number.isNaN(value))) return 'number';
  return null;
}

/** @internal Priority storage: a binary min-heap under `compare`, ties in insertion order. */
export class Heap<T> implements Storage<T> {
  private readonly items: T[] = [];
  /** Insertion number of the item at the same index: the tie-breaker. */
  private readonly order: number[] = [];
  private pushed = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  admit(item: T, where: string): void {
    if (this.compare !== naturalOrder) return;
    const kind = family(item);
    if (kind === null) {
      throw new TypeError(
        `${where}: without a compare function a PriorityQueue orders numbers, strings and bigints, got ${describe(item)}; pass one: new PriorityQueue(0, (a, b) => a.priority - b.priority)`,
      );
    }
    const first = this.items[0];
    if (this.items.length > 0 && family(first) !== kind) {
      throw new TypeError(`${where}: cannot order ${describe(item)} against ${describe(first)} already queued; pass a compare function to mix kinds of items`);
    }
  }

  push(item: T): void {
    const items = this.items;
    const order = this.order;
    const seq = this.pushed++;
    // Sift up: move parents down into the hole until the item fits.
    let i = items.length;
    items.push(item);
    order.push(seq);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(item, seq, items[parent]!, order[parent]!)) break;
      items[i] = items[parent]!;
      order[i] = order[parent]!;
      i = parent;
    }
    items[i] = item;
    order[i] = seq;
  }

  take(): T {
    const items = this.items;
    const order = this.order;
    const top = items[0]!;
    const last = items.pop()!;
    const lastSeq = order.pop()!;
    const n = items.length;
    if (n > 0) {
      // Sift down: move the smaller child up into the hole until the last item fits.
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && this.before(items[child + 1]!, order[child + 1]!, items[child]!, order[child]!)) child++;
        if (!this.before(items[child]!, order[child]!, last, lastSeq)) break;
        items[i] = items[child]!;
        order[i] = order[child]!;
        i = child;
      }
      items[i] = last;
      order[i] = lastSeq;
    }
    return top;
  }

  clear(): void {
    this.items.length = 0;
    this.order.length = 0;
  }

  /** True when (a, aSeq) leaves before (b, bSeq). */
  private before(a: T, aSeq: number, b: T, bSeq: number): boolean {
    const c = this.compare(a, b);
    return c < 0 || (c === 0 && aSeq < bSeq);
  }
}

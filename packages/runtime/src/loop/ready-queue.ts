/**
 * The run queue: a growable ring buffer of runnables (tasks and callback
 * handles) in FIFO order.
 *
 * push and shift are O(1) amortised with no allocation once the buffer has
 * grown to the program's high-water mark; the capacity is a power of two so
 * wrapping is a mask, not a modulo. A pass of the loop runs exactly the
 * items that were queued when it started (`length` read once), so work
 * queued during a pass waits for the next one.
 *
 * @module
 */

/** @internal Something the loop can run from its queue. */
export interface Runnable {
  _run(): void;
}

/** @internal */
export class ReadyQueue {
  private items: (Runnable | undefined)[] = new Array<Runnable | undefined>(16);
  private head = 0;
  private count = 0;
  private mask = 15;

  get length(): number {
    return this.count;
  }

  push(item: Runnable): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  shift(): Runnable | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }

  /** Shuffles the first `n` items in place (Fisher–Yates) with `random()` in [0, 1). */
  shuffleFront(n: number, random: () => number): void {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const a = (this.head + i) & this.mask;
      const b = (this.head + j) & this.mask;
      const tmp = this.items[a];
      this.items[a] = this.items[b];
      this.items[b] = tmp;
    }
  }

  clear(): void {
    this.items = new Array<Runnable | undefined>(16);
    this.head = 0;
    this.count = 0;
    this.mask = 15;
  }

  private grow(): void {
    const old = this.items;
    const size = old.length * 2;
    const next = new Array<Runnable | undefined>(size);
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & this.mask];
    this.items = next;
    this.head = 0;
    this.mask = size - 1;
  }
}

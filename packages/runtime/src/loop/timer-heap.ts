/**
 * The loop's timers: one binary min-heap ordered by (deadline, sequence).
 *
 * Every timed wait in the program — `sleep`, `callLater`, a scope's
 * deadline, a `wait` timeout — is one entry here, and the loop arms a single
 * host timer for the earliest live entry (or, on a virtual clock, jumps to
 * it). The sequence number is taken when the entry is scheduled, so timers
 * with the same deadline fire in the order they were set.
 *
 * Costs: push O(log n); popping the earliest O(log n); cancel O(1). Cancelled
 * entries are left in place and skipped when they reach the top (as asyncio
 * does); when more than half of a large heap is cancelled it is rebuilt in
 * O(n), so a burst of cancellations (100,000 sleepers cancelled at once)
 * costs O(n) in total rather than O(n log n) of sift operations.
 *
 * @module
 */

/** @internal An entry in the heap. */
export interface TimerEntry {
  _deadline: number;
  _seq: number;
  /** True while the entry is in the heap and has not been cancelled. */
  _armed: boolean;
  _fire(): void;
}

const COMPACT_MIN = 1024;

/** @internal */
export class TimerHeap {
  private heap: TimerEntry[] = [];
  private cancelled = 0;

  /** Number of live (not cancelled) entries. */
  get size(): number {
    return this.heap.length - this.cancelled;
  }

  push(entry: TimerEntry): void {
    entry._armed = true;
    const heap = this.heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  /** Marks an entry cancelled; it is dropped when it reaches the top or at the next compaction. */
  cancel(entry: TimerEntry): void {
    if (!entry._armed) return;
    entry._armed = false;
    this.cancelled++;
    if (this.cancelled > COMPACT_MIN && this.cancelled * 2 > this.heap.length) this.compact();
  }

  /** The earliest live deadline, or `undefined` when no timer is armed. */
  peekDeadline(): number | undefined {
    this.dropCancelledTop();
    return this.heap[0]?._deadline;
  }

  /** Removes and returns the earliest live entry if its deadline is <= `now`. */
  popDue(now: number): TimerEntry | undefined {
    this.dropCancelledTop();
    const top = this.heap[0];
    if (top === undefined || top._deadline > now) return undefined;
    this.removeTop();
    top._armed = false;
    return top;
  }

  clear(): void {
    for (const entry of this.heap) entry._armed = false;
    this.heap = [];
    this.cancelled = 0;
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && !this.heap[0]!._armed) {
      this.removeTop();
      this.cancelled--;
    }
  }

  private removeTop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const n = heap.length;
    const entry = heap[start]!;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
      const c = heap[child]!;
      if (!before(c, entry)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = entry;
  }

  private compact(): void {
    this.heap = this.heap.filter((entry) => entry._armed);
    this.cancelled = 0;
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a._deadline < b._deadline || (a._deadline === b._deadline && a._seq < b._seq);
}

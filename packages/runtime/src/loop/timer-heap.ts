/**
 * The loop's timers: entries ordered by (deadline, sequence).
 *
 * Every timed wait in the program — `sleep`, `callLater`, a scope's
 * deadline, a `wait` timeout — is one entry here, and the loop arms a single
 * host timer for the earliest live entry (or, on a virtual clock, jumps to
 * it). The sequence number is taken when the entry is scheduled, so timers
 * with the same deadline fire in the order they were set.
 *
 * Most programs set timers in deadline order: 100,000 tasks that each
 * `sleep(200)` ask for deadlines that only grow, and a few durations
 * interleaved (timeouts of 5 s, sleeps of 100 ms) make a few such
 * sequences. So an entry goes first to one of a few **sorted runs**: it is
 * appended to the first run whose last deadline is not after its own (as
 * Node keeps one list per timer duration), and only an entry that fits no
 * run goes to a binary min-heap. Setting a timer then costs O(1) and taking
 * the earliest one costs a look at each run's head and the heap's top
 * instead of O(log n) sift steps.
 *
 * Each place an entry is put records the entry's sequence number at that
 * moment (and in the heap its deadline too: parallel arrays, no object per
 * timer); the place is live while the entry is armed with that same
 * sequence number. So an entry cancelled and set again (a stream's wake-up
 * re-armed with a later deadline) never lets its old place stand in for the
 * new one, which would put it out of order and hold back every timer due
 * before it.
 *
 * Cancel is O(1): the entry is disarmed and its place is skipped when it
 * reaches the front (as asyncio does). When more than half of a large
 * structure is dead, it is rebuilt in O(n) the next time the loop looks at
 * it, so a burst of cancellations (100,000 sleepers cancelled at once) costs
 * one O(n) pass in total.
 *
 * @module
 */

/** @internal An entry in the heap. */
export interface TimerEntry {
  _deadline: number;
  /** Set by the loop each time the entry is scheduled, unique per scheduling. */
  _seq: number;
  /** True while the entry is scheduled and has neither fired nor been cancelled. */
  _armed: boolean;
  _fire(): void;
}

const COMPACT_MIN = 1024;
/** Sorted runs kept at most; an entry that fits none goes to the heap. */
const MAX_RUNS = 8;
/** A run drops the entries it has handed out once they are this many and half of it. */
const TRIM_MIN = 1024;

/**
 * Entries in (deadline, sequence) order, handed out from `head`. A live
 * place's deadline is its entry's `_deadline`; only the last deadline is
 * kept apart, for appending after a place that may be dead.
 */
class Run {
  entries: TimerEntry[] = [];
  seqs: number[] = [];
  head = 0;
  last = -Infinity;

  append(entry: TimerEntry): void {
    this.entries.push(entry);
    this.seqs.push(entry._seq);
    this.last = entry._deadline;
  }

  /** Forgets the entries before `head`, so a run that never empties does not grow without bound. */
  trim(): void {
    const head = this.head;
    this.entries = this.entries.slice(head);
    this.seqs = this.seqs.slice(head);
    this.head = 0;
  }
}

/** Where the earliest live entry is: a run's index, HEAP, or NONE. */
const HEAP = -1;
const NONE = -2;

/** @internal */
export class TimerHeap {
  private runs: Run[] = [];
  private heap: TimerEntry[] = [];
  private heapDeadlines: number[] = [];
  private heapSeqs: number[] = [];
  /** Places held, live or dead. */
  private places = 0;
  /** Dead places held (cancelled, or left behind when their entry was set again). */
  private dead = 0;

  /** Number of live (armed) entries. */
  get size(): number {
    return this.places - this.dead;
  }

  /** Schedules `entry` at its `_deadline`, ordered after every entry with the same deadline scheduled before. */
  push(entry: TimerEntry): void {
    // Set again while still armed: the place it had is dead from now on.
    if (entry._armed) this.dead++;
    entry._armed = true;
    this.places++;
    const deadline = entry._deadline;
    const runs = this.runs;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i]!;
      // Sequence numbers only grow, so an equal deadline goes after the last one.
      // An emptied run takes any deadline: a task that sleeps again and again
      // cycles through one run, trimmed once per 1,024 timers.
      if (deadline >= run.last || run.head === run.entries.length) {
        run.append(entry);
        return;
      }
    }
    if (runs.length < MAX_RUNS) {
      const run = new Run();
      run.append(entry);
      runs.push(run);
      return;
    }
    this.heapPush(entry);
  }

  /** Marks an entry cancelled; its place is dropped when it reaches the front or at the next rebuild. */
  cancel(entry: TimerEntry): void {
    if (!entry._armed) return;
    entry._armed = false;
    this.dead++;
  }

  /** The earliest live deadline, or `undefined` when no timer is armed. */
  peekDeadline(): number | undefined {
    const where = this.front();
    if (where === NONE) return undefined;
    if (where === HEAP) return this.heapDeadlines[0];
    const run = this.runs[where]!;
    return run.entries[run.head]!._deadline;
  }

  /** Removes and returns the earliest live entry if its deadline is <= `now`. */
  popDue(now: number): TimerEntry | undefined {
    const where = this.front();
    if (where === NONE) return undefined;
    let entry: TimerEntry;
    if (where === HEAP) {
      if (this.heapDeadlines[0]! > now) return undefined;
      entry = this.heap[0]!;
      this.removeTop();
    } else {
      const run = this.runs[where]!;
      entry = run.entries[run.head]!;
      if (entry._deadline > now) return undefined;
      run.head++;
    }
    this.places--;
    entry._armed = false;
    return entry;
  }

  /** Disarms every entry and forgets them all. */
  clear(): void {
    for (const run of this.runs) {
      for (let i = run.head; i < run.entries.length; i++) if (isLive(run.entries[i]!, run.seqs[i]!)) run.entries[i]!._armed = false;
    }
    for (let i = 0; i < this.heap.length; i++) if (isLive(this.heap[i]!, this.heapSeqs[i]!)) this.heap[i]!._armed = false;
    this.runs = [];
    this.heap = [];
    this.heapDeadlines = [];
    this.heapSeqs = [];
    this.places = 0;
    this.dead = 0;
  }

  /**
   * Drops dead places from the front of every run and the top of the heap,
   * then says where the earliest live entry is.
   */
  private front(): number {
    if (this.dead > COMPACT_MIN && this.dead * 2 > this.places) this.compact();
    const runs = this.runs;
    let where = NONE;
    let deadline = 0;
    let seq = 0;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i]!;
      const entries = run.entries;
      let head = run.head;
      while (head < entries.length && !isLive(entries[head]!, run.seqs[head]!)) {
        head++;
        this.places--;
        this.dead--;
      }
      run.head = head;
      if (head >= TRIM_MIN && head * 2 > entries.length) run.trim();
      if (run.head === run.entries.length) continue;
      const d = run.entries[run.head]!._deadline;
      const s = run.seqs[run.head]!;
      if (where === NONE || precedes(d, s, deadline, seq)) {
        where = i;
        deadline = d;
        seq = s;
      }
    }
    const heap = this.heap;
    while (heap.length > 0 && !isLive(heap[0]!, this.heapSeqs[0]!)) {
      this.removeTop();
      this.places--;
      this.dead--;
    }
    if (heap.length > 0) {
      const d = this.heapDeadlines[0]!;
      if (where === NONE || precedes(d, this.heapSeqs[0]!, deadline, seq)) where = HEAP;
    }
    return where;
  }

  private heapPush(entry: TimerEntry): void {
    const heap = this.heap;
    const deadlines = this.heapDeadlines;
    const seqs = this.heapSeqs;
    const deadline = entry._deadline;
    const seq = entry._seq;
    let i = heap.length;
    heap.push(entry);
    deadlines.push(deadline);
    seqs.push(seq);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!precedes(deadline, seq, deadlines[parent]!, seqs[parent]!)) break;
      this.moveHeapPlace(parent, i);
      i = parent;
    }
    this.setHeapPlace(i, entry, deadline, seq);
  }

  private moveHeapPlace(from: number, to: number): void {
    this.setHeapPlace(to, this.heap[from]!, this.heapDeadlines[from]!, this.heapSeqs[from]!);
  }

  private setHeapPlace(i: number, entry: TimerEntry, deadline: number, seq: number): void {
    this.heap[i] = entry;
    this.heapDeadlines[i] = deadline;
    this.heapSeqs[i] = seq;
  }

  private removeTop(): void {
    const last = this.heap.pop()!;
    const lastDeadline = this.heapDeadlines.pop()!;
    const lastSeq = this.heapSeqs.pop()!;
    if (this.heap.length === 0) return;
    this.setHeapPlace(0, last, lastDeadline, lastSeq);
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const deadlines = this.heapDeadlines;
    const seqs = this.heapSeqs;
    const n = heap.length;
    const entry = heap[start]!;
    const deadline = deadlines[start]!;
    const seq = seqs[start]!;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && precedes(deadlines[right]!, seqs[right]!, deadlines[left]!, seqs[left]!) ? right : left;
      if (!precedes(deadlines[child]!, seqs[child]!, deadline, seq)) break;
      this.moveHeapPlace(child, i);
      i = child;
    }
    this.setHeapPlace(i, entry, deadline, seq);
  }

  /** Rebuilds without the dead places: each run keeps its order, the heap is re-heapified. */
  private compact(): void {
    let places = 0;
    const runs: Run[] = [];
    for (const run of this.runs) {
      const kept = new Run();
      for (let i = run.head; i < run.entries.length; i++) {
        if (isLive(run.entries[i]!, run.seqs[i]!)) kept.append(run.entries[i]!);
      }
      if (kept.entries.length > 0) {
        runs.push(kept);
        places += kept.entries.length;
      }
    }
    this.runs = runs;
    const heap: TimerEntry[] = [];
    const deadlines: number[] = [];
    const seqs: number[] = [];
    for (let i = 0; i < this.heap.length; i++) {
      if (isLive(this.heap[i]!, this.heapSeqs[i]!)) {
        heap.push(this.heap[i]!);
        deadlines.push(this.heapDeadlines[i]!);
        seqs.push(this.heapSeqs[i]!);
      }
    }
    this.heap = heap;
    this.heapDeadlines = deadlines;
    this.heapSeqs = seqs;
    places += heap.length;
    this.places = places;
    this.dead = 0;
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }
}

/** Whether (deadline d1, sequence s1) comes before (d2, s2). */
function precedes(d1: number, s1: number, d2: number, s2: number): boolean {
  return d1 < d2 || (d1 === d2 && s1 < s2);
}

/** A place is live while its entry is armed and was last scheduled there. */
function isLive(entry: TimerEntry, seq: number): boolean {
  return entry._armed && entry._seq === seq;
}

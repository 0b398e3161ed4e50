/**
 * The loop's timers: entries ordered by (deadline, sequence).
 *
 * Every timed wait in the program — `sleep`, `callLater`, a scope's
 * deadline, a `wait` timeout — is one entry here, and the loop arms a single
 * host timer for the earliest live entry (or, on a virtual clock, jumps to
 * it). The sequence number is taken when the entry is scheduled, so timers
 * with the same deadline fire in the order they were set.
 *
 * A few timers (a task sleeping in a loop, a handful of periodic tasks and
 * timeouts) live in a binary min-heap: with tens of entries its sift steps
 * are fewer than any scan. Many timers are mostly set in deadline order:
 * 100,000 tasks that each `sleep(200)` ask for deadlines that only grow, and
 * a few durations interleaved (timeouts of 5 s, sleeps of 100 ms) make a few
 * such sequences. So once the heap holds `HEAP_FIRST` entries, an entry goes
 * to one of a few **sorted runs**: it is appended to the first run whose
 * last deadline is not after its own (as Node keeps one list per timer
 * duration), and only an entry that fits no run goes to the heap. Setting
 * one of many timers then costs O(1), and taking the earliest costs a look
 * at each run's head and the heap's top instead of O(log n) sift steps. The
 * earliest place is remembered until the timers change (and the earliest
 * run head until a run's head may have changed), so the loop's "anything
 * due? when is the next one?" pair looks once, and a pop from the heap does
 * not rescan the runs.
 *
 * An entry set again while its place is still held must not let that old
 * place stand in for the new one: it would be out of order and hold back
 * every timer due before it (a stream's wake-up, re-armed by debounce at
 * every value, did this). In the heap, an entry knows its place (`_slot`),
 * so setting it again moves that place to the new deadline. A place in a
 * run records the entry's sequence number when it was put there, and is
 * live only while the entry is armed with that same number.
 *
 * Cancel gives the place back at once where that is cheap: a place in the
 * heap is removed (O(log n) sift steps, the heap being small), and so is the
 * last place of the run an entry was last appended to — the deadline that
 * its operation beat before any other timer was set (`timeout(ms, op)`
 * around an `op` that finished). Such an entry is garbage as soon as its
 * operation is: holding it until a rebuild kept every finished deadline
 * alive through the young generation's collections. Any other place is
 * dead: skipped when it reaches the front (as asyncio does), O(1). When more
 * than half of a large structure is dead, it is rebuilt in O(n) the next
 * time the loop looks at it, so a burst of cancellations (100,000 sleepers
 * cancelled at once) costs one O(n) pass in total.
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
  /** Where the entry's place is in the heap, or -1 (in a sorted run, or nowhere): kept by the heap. */
  _slot: number;
  _fire(): void;
}

const COMPACT_MIN = 1024;
/** Entries the heap takes before sorted runs are used. */
const HEAP_FIRST = 64;
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

/** Where the earliest live entry is: a run's index, HEAP, or NONE; UNKNOWN until `findFront()` looks. */
const HEAP = -1;
const NONE = -2;
const UNKNOWN = -3;

/** @internal */
export class TimerHeap {
  private runs: Run[] = [];
  /**
   * A binary min-heap by each entry's own (deadline, sequence): an entry
   * knows its place (`_slot`), so setting it again while its place is here
   * moves that place to the new deadline instead of leaving a stale one.
   */
  private heap: TimerEntry[] = [];
  /** Places held, live or dead. */
  private places = 0;
  /** Dead places held (cancelled, or left behind in a run when their entry was set again). */
  private dead = 0;
  /** The earliest live place as `findFront()` last found it (UNKNOWN once the timers changed), and its deadline. */
  private where = UNKNOWN;
  private frontDeadline = 0;
  /**
   * The earliest live run head as last found (UNKNOWN once a run's head may
   * have changed: a pop from a run, a cancel, an entry into an empty or new
   * run), so a pop from the heap does not make the next look scan every run.
   */
  private bestRun = UNKNOWN;
  private bestRunDeadline = 0;
  private bestRunSeq = 0;
  /** The run an entry was last appended to, whose last place `cancel` may give back; null after a rebuild. */
  private lastRun: Run | null = null;

  /** Number of live (armed) entries. */
  get size(): number {
    return this.places - this.dead;
  }

  /** Schedules `entry` at its `_deadline`, ordered after every entry with the same deadline scheduled before. */
  push(entry: TimerEntry): void {
    this.where = UNKNOWN;
    const slot = entry._slot;
    if (slot >= 0) {
      // Its place is in the heap (so it is armed: cancel takes a heap place out): the place takes the new deadline.
      this.rekey(slot);
      return;
    }
    // Set again while its place in a run is live: that place is dead from now on (and may have been a run's head).
    if (entry._armed) {
      this.dead++;
      this.bestRun = UNKNOWN;
    }
    entry._armed = true;
    this.places++;
    if (this.heap.length < HEAP_FIRST) this.heapPush(entry);
    else this.pushMany(entry);
  }

  /**
   * Disarms an entry. Its place goes at once if it is in the heap or the
   * last of the run last appended to; otherwise it is dropped when it
   * reaches the front or at the next rebuild.
   */
  cancel(entry: TimerEntry): void {
    if (!entry._armed) return;
    entry._armed = false;
    this.where = UNKNOWN;
    const slot = entry._slot;
    if (slot >= 0) {
      this.removeAt(slot);
      this.places--;
      return;
    }
    const run = this.lastRun;
    if (run !== null) {
      const last = run.entries.length - 1;
      if (last >= run.head && run.entries[last] === entry && run.seqs[last] === entry._seq) {
        run.entries.pop();
        run.seqs.pop();
        this.places--;
        // The run's `last` stays: still no earlier than its last place, which is all an append needs.
        if (last === run.head) this.bestRun = UNKNOWN; // the run is empty now (findBestRun drops it)
        return;
      }
    }
    this.dead++;
    this.bestRun = UNKNOWN;
  }

  /** @internal Places held, live or dead (for tests: what the structure keeps reachable). */
  get _placesHeld(): number {
    return this.places;
  }

  /** The earliest live deadline, or `undefined` when no timer is armed. */
  peekDeadline(): number | undefined {
    if (this.where === UNKNOWN) this.findFront();
    return this.where === NONE ? undefined : this.frontDeadline;
  }

  /** Removes and returns the earliest live entry if its deadline is <= `now`. */
  popDue(now: number): TimerEntry | undefined {
    // The hot path, asked at every pass, stays small enough for V8 to inline into the loop.
    if (this.where === UNKNOWN) this.findFront();
    return this.where === NONE || this.frontDeadline > now ? undefined : this.takeFront();
  }

  /** Disarms every entry and forgets them all. */
  clear(): void {
    for (const run of this.runs) {
      for (let i = run.head; i < run.entries.length; i++) if (isLive(run.entries[i]!, run.seqs[i]!)) run.entries[i]!._armed = false;
    }
    for (const entry of this.heap) {
      entry._armed = false;
      entry._slot = -1;
    }
    this.forget();
  }

  /** Drops every place (their entries are disarmed, and out of the heap, already). */
  private forget(): void {
    this.runs = [];
    this.heap = [];
    this.places = 0;
    this.dead = 0;
    this.where = UNKNOWN;
    this.bestRun = UNKNOWN;
    this.lastRun = null;
  }

  /** Removes the earliest live entry (known to be there) and disarms it. */
  private takeFront(): TimerEntry {
    const where = this.where;
    let entry: TimerEntry;
    if (where === HEAP) {
      entry = this.heap[0]!;
      this.removeTop();
    } else {
      const run = this.runs[where]!;
      entry = run.entries[run.head]!;
      run.head++;
      this.bestRun = UNKNOWN;
    }
    this.where = UNKNOWN;
    this.places--;
    entry._armed = false;
    return entry;
  }

  /** Places an entry once the heap holds HEAP_FIRST: the first sorted run it extends, a new run, or else the heap. */
  private pushMany(entry: TimerEntry): void {
    const deadline = entry._deadline;
    const runs = this.runs;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i]!;
      // Sequence numbers only grow, so an equal deadline goes after the last one.
      if (deadline >= run.last) {
        // Appended after its last place: not the run's head (a run is never left empty while bestRun is known).
        run.append(entry);
        this.lastRun = run;
        return;
      }
    }
    if (runs.length < MAX_RUNS) {
      const run = new Run();
      run.append(entry);
      runs.push(run);
      this.lastRun = run;
      this.bestRun = UNKNOWN;
      return;
    }
    this.heapPush(entry);
  }

  /**
   * Finds the earliest live place and its deadline (kept in `where` and
   * `frontDeadline` until the timers change), dropping dead places from the
   * front of every run (and runs left empty) and from the top of the heap.
   */
  private findFront(): void {
    if (this.runs.length > 0 || this.dead > COMPACT_MIN) {
      this.findFrontInRuns();
      return;
    }
    // Only the heap holds timers (a few of them, as in most programs): small enough for V8 to inline.
    const heap = this.heap;
    if (heap.length === 0) {
      this.where = NONE;
    } else {
      this.where = HEAP;
      this.frontDeadline = heap[0]!._deadline;
    }
  }

  /** findFront() once sorted runs hold timers, or a rebuild is due. */
  private findFrontInRuns(): void {
    if (this.dead > COMPACT_MIN && this.dead * 2 > this.places) this.compact();
    if (this.bestRun === UNKNOWN) this.findBestRun();
    let where = this.bestRun;
    let deadline = this.bestRunDeadline;
    const heap = this.heap;
    if (heap.length > 0) {
      const top = heap[0]!;
      if (where === NONE || precedes(top._deadline, top._seq, deadline, this.bestRunSeq)) {
        where = HEAP;
        deadline = top._deadline;
      }
    }
    this.where = where;
    this.frontDeadline = deadline;
  }

  /** Finds the earliest live run head, dropping dead places from the front of every run and runs left empty. */
  private findBestRun(): void {
    const runs = this.runs;
    let best = NONE;
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
      if (head === entries.length) {
        runs.splice(i--, 1);
        continue;
      }
      if (head >= TRIM_MIN && head * 2 > entries.length) run.trim();
      const d = run.entries[run.head]!._deadline;
      const s = run.seqs[run.head]!;
      if (best === NONE || precedes(d, s, deadline, seq)) {
        best = i;
        deadline = d;
        seq = s;
      }
    }
    this.bestRun = best;
    this.bestRunDeadline = deadline;
    this.bestRunSeq = seq;
  }

  private heapPush(entry: TimerEntry): void {
    const i = this.heap.length;
    this.heap.push(entry);
    this.siftUp(i, entry);
  }

  /** The entry at `slot` has a new (deadline, sequence): moves it up or down to where that belongs. */
  private rekey(slot: number): void {
    const heap = this.heap;
    const entry = heap[slot]!;
    if (slot > 0 && before(entry, heap[(slot - 1) >> 1]!)) this.siftUp(slot, entry);
    else this.siftDown(slot);
  }

  private siftUp(start: number, entry: TimerEntry): void {
    const heap = this.heap;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(entry, p)) break;
      this.place(i, p);
      i = parent;
    }
    this.place(i, entry);
  }

  private removeTop(): void {
    const heap = this.heap;
    heap[0]!._slot = -1;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    this.siftDown(0);
  }

  /** Takes the place at `slot` out of the heap (the last place fills it and moves to where it belongs). */
  private removeAt(slot: number): void {
    const heap = this.heap;
    heap[slot]!._slot = -1;
    const last = heap.pop()!;
    if (slot === heap.length) return;
    heap[slot] = last;
    last._slot = slot;
    this.rekey(slot);
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
      this.place(i, c);
      i = child;
    }
    this.place(i, entry);
  }

  /** Puts `entry` at heap index `i`, and tells it so. */
  private place(i: number, entry: TimerEntry): void {
    this.heap[i] = entry;
    entry._slot = i;
  }

  /** Rebuilds the runs without their dead places, each keeping its order (the heap has none: cancel takes a heap place out). */
  private compact(): void {
    if (this.dead === this.places) {
      // Every place is dead (a burst of cancellations took every timer), so every one is in a run: nothing to
      // sort out.
      this.forget();
      return;
    }
    let places = this.heap.length;
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
    this.lastRun = null;
    this.bestRun = UNKNOWN;
    this.places = places;
    this.dead = 0;
  }
}

/** Whether entry a's (deadline, sequence) comes before b's. */
function before(a: TimerEntry, b: TimerEntry): boolean {
  return precedes(a._deadline, a._seq, b._deadline, b._seq);
}

/** Whether (deadline d1, sequence s1) comes before (d2, s2). */
function precedes(d1: number, s1: number, d2: number, s2: number): boolean {
  return d1 < d2 || (d1 === d2 && s1 < s2);
}

/** A place is live while its entry is armed and was last scheduled there. */
function isLive(entry: TimerEntry, seq: number): boolean {
  return entry._armed && entry._seq === seq;
}

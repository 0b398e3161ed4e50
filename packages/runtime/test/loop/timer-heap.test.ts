import { describe, expect, test } from 'vitest';
import { TimerHeap, type TimerEntry } from '../../src/loop/timer-heap.js';

interface Entry extends TimerEntry {
  label: string;
}

let seq = 0;

/** An entry as the loop makes them: the deadline and a sequence number taken when it is scheduled. */
function entry(deadline: number, label = `t${deadline}`): Entry {
  return { label, _deadline: deadline, _seq: ++seq, _armed: false, _slot: -1, _fire: () => {} };
}

function popAll(heap: TimerHeap, now = Infinity): Entry[] {
  const out: Entry[] = [];
  let next: TimerEntry | undefined;
  while ((next = heap.popDue(now)) !== undefined) out.push(next as Entry);
  return out;
}

/** A small deterministic PRNG so the big tests are reproducible. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('TimerHeap', () => {
  test('an empty heap has size 0, no deadline and nothing due', () => {
    const heap = new TimerHeap();
    expect([heap.size, heap.peekDeadline(), heap.popDue(Infinity)]).toEqual([0, undefined, undefined]);
  });

  test('pops entries in deadline order', () => {
    const heap = new TimerHeap();
    for (const d of [50, 10, 40, 30, 20]) heap.push(entry(d));
    expect(popAll(heap).map((e) => e._deadline)).toEqual([10, 20, 30, 40, 50]);
  });

  test('entries with the same deadline pop in the order they were scheduled (sequence)', () => {
    const heap = new TimerHeap();
    heap.push(entry(10, 'a'));
    heap.push(entry(5, 'early'));
    heap.push(entry(10, 'b'));
    heap.push(entry(10, 'c'));
    heap.push(entry(10, 'd'));
    expect(popAll(heap).map((e) => e.label)).toEqual(['early', 'a', 'b', 'c', 'd']);
  });

  test('popDue(now) returns only entries whose deadline is <= now', () => {
    const heap = new TimerHeap();
    for (const d of [10, 20, 30]) heap.push(entry(d));
    expect({ due: popAll(heap, 20).map((e) => e._deadline), size: heap.size, next: heap.peekDeadline() }).toEqual({
      due: [10, 20],
      size: 1,
      next: 30,
    });
  });

  test('peekDeadline() is the earliest live deadline and does not remove it', () => {
    const heap = new TimerHeap();
    heap.push(entry(30));
    heap.push(entry(7));
    expect([heap.peekDeadline(), heap.peekDeadline(), heap.size]).toEqual([7, 7, 2]);
  });

  test('push arms an entry and popping disarms it', () => {
    const heap = new TimerHeap();
    const e = entry(1);
    heap.push(e);
    const armedInHeap = e._armed;
    heap.popDue(1);
    expect([armedInHeap, e._armed]).toEqual([true, false]);
  });

  test('a cancelled entry is never popped', () => {
    const heap = new TimerHeap();
    const a = entry(10, 'a');
    const b = entry(20, 'b');
    const c = entry(30, 'c');
    for (const e of [a, b, c]) heap.push(e);
    heap.cancel(a);
    heap.cancel(c);
    expect(popAll(heap).map((e) => e.label)).toEqual(['b']);
  });

  test('peekDeadline() skips cancelled entries at the top', () => {
    const heap = new TimerHeap();
    const a = entry(10);
    heap.push(a);
    heap.push(entry(20));
    heap.cancel(a);
    expect(heap.peekDeadline()).toBe(20);
  });

  test('size counts live entries only', () => {
    const heap = new TimerHeap();
    const entries = [entry(1), entry(2), entry(3), entry(4)];
    for (const e of entries) heap.push(e);
    heap.cancel(entries[1]!);
    heap.cancel(entries[3]!);
    expect(heap.size).toBe(2);
  });

  test('cancelling the same entry twice counts once', () => {
    const heap = new TimerHeap();
    const a = entry(1);
    heap.push(a);
    heap.push(entry(2));
    heap.cancel(a);
    heap.cancel(a);
    expect([heap.size, popAll(heap).length]).toEqual([1, 1]);
  });

  test('cancelling an entry that was already popped changes nothing', () => {
    const heap = new TimerHeap();
    const a = entry(1);
    heap.push(a);
    heap.push(entry(2));
    heap.popDue(1);
    heap.cancel(a);
    expect([heap.size, heap.peekDeadline()]).toEqual([1, 2]);
  });

  test('a cancelled entry can be pushed again and pops once, at its new deadline', () => {
    const heap = new TimerHeap();
    const a = entry(5, 'a');
    heap.push(a);
    heap.cancel(a);
    heap.popDue(Infinity); // drops the cancelled copy
    a._deadline = 15;
    a._seq = ++seq;
    heap.push(a);
    heap.push(entry(10, 'b'));
    expect(popAll(heap).map((e) => [e.label, e._deadline])).toEqual([
      ['b', 10],
      ['a', 15],
    ]);
  });

  test('clear() removes and disarms every entry', () => {
    const heap = new TimerHeap();
    const entries = [entry(1), entry(2), entry(3)];
    for (const e of entries) heap.push(e);
    heap.clear();
    expect({ size: heap.size, next: heap.peekDeadline(), armed: entries.map((e) => e._armed) }).toEqual({
      size: 0,
      next: undefined,
      armed: [false, false, false],
    });
  });

  test('1000 random deadlines pop sorted by (deadline, sequence)', () => {
    const heap = new TimerHeap();
    const random = prng(1);
    const entries = Array.from({ length: 1000 }, () => entry(Math.floor(random() * 100)));
    for (const e of entries) heap.push(e);
    const expected = [...entries].sort((x, y) => x._deadline - y._deadline || x._seq - y._seq);
    expect(popAll(heap)).toEqual(expected);
  });

  test('after 4000 of 5000 entries are cancelled (compacting on the way), the 1000 left pop in order', () => {
    const heap = new TimerHeap();
    const random = prng(42);
    const entries = Array.from({ length: 5000 }, () => entry(Math.floor(random() * 2000)));
    for (const e of entries) heap.push(e);
    const shuffled = [...entries];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const cancelled = shuffled.slice(0, 4000);
    for (const e of cancelled) heap.cancel(e);
    const sizeAfterCancel = heap.size;
    const live = new Set(shuffled.slice(4000));
    const expected = entries.filter((e) => live.has(e)).sort((x, y) => x._deadline - y._deadline || x._seq - y._seq);
    const popped = popAll(heap);
    expect({ sizeAfterCancel, sizeAfterPop: heap.size, samePopped: popped.length === expected.length && popped.every((e, i) => e === expected[i]) }).toEqual({
      sizeAfterCancel: 1000,
      sizeAfterPop: 0,
      samePopped: true,
    });
  });

  test('entries pushed after a compaction still interleave correctly with the survivors', () => {
    const heap = new TimerHeap();
    const entries = Array.from({ length: 3000 }, (_, i) => entry(i));
    for (const e of entries) heap.push(e);
    // cancel every entry except multiples of 10: crosses the compaction threshold
    for (const e of entries) if (e._deadline % 10 !== 0) heap.cancel(e);
    for (const d of [5, 15, 25]) heap.push(entry(d));
    const firstSix = [];
    for (let i = 0; i < 6; i++) firstSix.push(heap.popDue(Infinity)!._deadline);
    expect({ firstSix, size: heap.size }).toEqual({ firstSix: [0, 5, 10, 15, 20, 25], size: 297 });
  });
  test('an entry cancelled and set again with a later deadline does not hold back a timer due before it', () => {
    const heap = new TimerHeap();
    const wakeup = entry(10, 'wakeup');
    const other = entry(20, 'other');
    heap.push(wakeup);
    heap.push(other);
    heap.cancel(wakeup);
    wakeup._deadline = 1000;
    wakeup._seq = ++seq;
    heap.push(wakeup);
    expect({ size: heap.size, next: heap.peekDeadline(), due: (heap.popDue(20) as Entry | undefined)?.label, later: popAll(heap).map((e) => [e.label, e._deadline]) }).toEqual({
      size: 2,
      next: 20,
      due: 'other',
      later: [['wakeup', 1000]],
    });
  });

  test('an entry set again while still armed moves to its new deadline, earlier or later, and keeps one place', () => {
    const heap = new TimerHeap();
    const [a, b, c, d] = [entry(10, 'a'), entry(20, 'b'), entry(30, 'c'), entry(40, 'd')];
    for (const e of [a, b, c, d]) heap.push(e);
    for (const [e, deadline] of [[d, 5], [a, 35]] as const) {
      e._deadline = deadline;
      e._seq = ++seq;
      heap.push(e);
    }
    expect({ size: heap.size, order: popAll(heap).map((e) => [e.label, e._deadline]) }).toEqual({
      size: 4,
      order: [['d', 5], ['b', 20], ['c', 30], ['a', 35]],
    });
  });

  test('once many timers are set, an entry set again while at the head of a sorted run leaves no stale place behind', () => {
    const heap = new TimerHeap();
    for (let i = 0; i < 100; i++) heap.push(entry(1000 + i));
    const [a, b, c] = [entry(1100, 'a'), entry(1200, 'b'), entry(1300, 'c')];
    for (const e of [a, b, c]) heap.push(e);
    const before = heap.peekDeadline();
    for (let i = 0; i < 100; i++) heap.popDue(Infinity);
    const head = heap.peekDeadline();
    a._deadline = 1250;
    a._seq = ++seq;
    heap.push(a);
    expect({ before, head, next: heap.peekDeadline(), size: heap.size, order: popAll(heap).map((e) => [e.label, e._deadline]) }).toEqual({
      before: 1000,
      head: 1100,
      next: 1200,
      size: 3,
      order: [['b', 1200], ['a', 1250], ['c', 1300]],
    });
  });

  test('entries set in deadline order and a few interleaved durations pop in (deadline, sequence) order', () => {
    const heap = new TimerHeap();
    const entries: Entry[] = [];
    for (let i = 0; i < 3000; i++) entries.push(entry(i + [50, 100, 200][i % 3]!));
    for (const e of entries) heap.push(e);
    const expected = [...entries].sort((x, y) => x._deadline - y._deadline || x._seq - y._seq);
    const popped = popAll(heap);
    expect({ count: popped.length, inOrder: popped.every((e, i) => e === expected[i]) }).toEqual({ count: 3000, inOrder: true });
  });

  test('a timer set and cancelled before any other is set gives its place back at once, in the heap and in a sorted run', () => {
    const heap = new TimerHeap();
    const kept = Array.from({ length: 200 }, (_, i) => entry(1000 + i));
    for (const e of kept) heap.push(e);
    const before = heap._placesHeld;
    // 10,000 deadlines that their operations beat, as `timeout(ms, op)` around an op that finished: with 200 timers
    // set, each one's place is at the end of a sorted run.
    for (let i = 0; i < 10_000; i++) {
      const e = entry(5000);
      heap.push(e);
      heap.cancel(e);
    }
    const afterRun = heap._placesHeld;
    const small = new TimerHeap();
    small.push(entry(10));
    const inHeap = entry(5);
    small.push(inHeap);
    small.cancel(inHeap);
    expect({ before, afterRun, smallHeld: small._placesHeld, smallFirst: small.peekDeadline(), order: popAll(heap).every((e, i) => e === kept[i]) }).toEqual({
      before: 200,
      afterRun: 200,
      smallHeld: 1,
      smallFirst: 10,
      order: true,
    });
  });

  test('a burst of cancellations is rebuilt once, when the heap is next read: the survivors pop in order', () => {
    const heap = new TimerHeap();
    const entries = Array.from({ length: 10_000 }, (_, i) => entry(1000 + (i % 7)));
    for (const e of entries) heap.push(e);
    for (const e of entries) if (e._seq % 100 !== 0) heap.cancel(e);
    const sizeBeforeRead = heap.size;
    const deadline = heap.peekDeadline();
    const popped = popAll(heap);
    const expected = entries.filter((e) => e._seq % 100 === 0).sort((x, y) => x._deadline - y._deadline || x._seq - y._seq);
    expect({ sizeBeforeRead, deadline, count: popped.length, inOrder: popped.every((e, i) => e === expected[i]) }).toEqual({
      sizeBeforeRead: 100,
      deadline: expected[0]!._deadline,
      count: 100,
      inOrder: true,
    });
  });

  test('a burst that cancels every timer leaves none: nothing due, no deadline, and timers set again afterwards (one had its place in the heap, one in a sorted run) pop in order', () => {
    const heap = new TimerHeap();
    const entries = Array.from({ length: 5_000 }, (_, i) => entry(1000 + (i % 7)));
    for (const e of entries) heap.push(e);
    for (const e of entries) heap.cancel(e);
    const emptied = { size: heap.size, deadline: heap.peekDeadline(), due: heap.popDue(Infinity) };
    const [fromHeap, fromRun] = [entries[0]!, entries[4_999]!];
    for (const [e, deadline] of [[fromRun, 20], [fromHeap, 10]] as const) {
      e._deadline = deadline;
      e._seq = ++seq;
      heap.push(e);
    }
    expect({ emptied, popped: popAll(heap).map((e) => e._deadline), after: heap.size }).toEqual({
      emptied: { size: 0, deadline: undefined, due: undefined },
      popped: [10, 20],
      after: 0,
    });
  });

  // ~0.2 s alone; the timeout allows for CI running every project of every package at once on two cores.
  test('invariant: under any interleaving of push, cancel, re-arming, bursts of cancellation and popDue, each pop is the earliest live entry that is due, peekDeadline is the earliest live deadline, size counts the live ones, and a timer set and cancelled at once holds no place', () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 60 && failures.length === 0; seed++) {
      const random = prng(seed);
      const heap = new TimerHeap();
      const live: Entry[] = [];
      const remove = (i: number) => {
        live[i] = live[live.length - 1]!;
        live.pop();
      };
      const made: Entry[] = [];
      const add = (deadline: number) => {
        const e = entry(deadline);
        heap.push(e);
        live.push(e);
        // The first ones are in the heap; later ones, past its first 64, mostly in sorted runs.
        if (made.length < 64 || random() < 0.2) made.push(e);
      };
      let now = 0;
      const ops = 300 + Math.floor(random() * 1200);
      for (let op = 0; op < ops && failures.length === 0; op++) {
        const r = random();
        if (r < 0.02 && live.length < 400) {
          // Past the heap's first 64: later timers go to sorted runs.
          for (let i = 0; i < 100; i++) add(now + Math.floor(random() * 50));
        } else if (r < 0.03) {
          // A burst: 1,500 more, then most of everything (a third of the time all of it) cancelled at once (past the
          // rebuild threshold).
          for (let i = 0; i < 1500; i++) add(now + Math.floor(random() * 50));
          const all = random() < 1 / 3;
          for (let i = live.length - 1; i >= 0; i--) {
            if (all || random() < 0.9) {
              heap.cancel(live[i]!);
              remove(i);
            }
          }
        } else if (r < 0.08) {
          // A deadline its operation beat: set and cancelled before any other timer is set. It holds no place after.
          const held = heap._placesHeld;
          const e = entry(now + Math.floor(random() * 50));
          heap.push(e);
          heap.cancel(e);
          if (heap._placesHeld !== held) failures.push(`seed ${seed}, op ${op}: a timer set and cancelled at once left ${heap._placesHeld - held} place(s) held`);
        } else if (r < 0.45) {
          add(now + Math.floor(random() * 50));
        } else if (r < 0.7 && live.length > 0) {
          const i = Math.floor(random() * live.length);
          heap.cancel(live[i]!);
          remove(i);
        } else if (r < 0.8 && made.length > 0) {
          // Set again, as the loop re-arms a stream's wake-up: live, cancelled or already fired, with a new deadline.
          // Half the time the entry first in line, as a debounce re-arms the wake-up about to fire.
          const firstInLine = random() < 0.5 && live.length > 0 ? live.reduce((f, e) => (e._deadline < f._deadline || (e._deadline === f._deadline && e._seq < f._seq) ? e : f)) : undefined;
          const e = firstInLine ?? made[Math.floor(random() * made.length)]!;
          const i = live.indexOf(e);
          if (i !== -1) remove(i);
          e._deadline = now + Math.floor(random() * 50);
          e._seq = ++seq;
          heap.push(e);
          live.push(e);
        } else {
          now += Math.floor(random() * 5);
          let first = -1;
          for (let i = 0; i < live.length; i++) {
            const e = live[i]!;
            if (e._deadline > now) continue;
            const f = first === -1 ? undefined : live[first]!;
            if (f === undefined || e._deadline < f._deadline || (e._deadline === f._deadline && e._seq < f._seq)) first = i;
          }
          const expected = first === -1 ? undefined : live[first];
          const got = heap.popDue(now) as Entry | undefined;
          if (got !== expected) failures.push(`seed ${seed}, op ${op}: popped ${got?.label ?? 'nothing'} where ${expected?.label ?? 'nothing'} was due first`);
          else if (first !== -1) remove(first);
        }
        if (heap.size !== live.length) failures.push(`seed ${seed}, op ${op}: size ${heap.size}, ${live.length} live`);
        const earliest = live.length === 0 ? undefined : Math.min(...live.map((e) => e._deadline));
        if (heap.peekDeadline() !== earliest) failures.push(`seed ${seed}, op ${op}: peekDeadline ${heap.peekDeadline()}, earliest live ${earliest}`);
      }
    }
    expect(failures).toEqual([]);
  }, 30_000);
});

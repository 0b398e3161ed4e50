import { describe, expect, test } from 'vitest';
import { ReadyQueue, type Runnable } from '../../src/loop/ready-queue.js';

/** A runnable that only carries a label. */
function item(label: number): Runnable & { label: number } {
  return { label, _run: () => {} };
}

function labelOf(runnable: Runnable | undefined): number | undefined {
  return (runnable as { label: number } | undefined)?.label;
}

function drain(queue: ReadyQueue): number[] {
  const out: number[] = [];
  while (queue.length > 0) out.push(labelOf(queue.shift())!);
  return out;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

describe('ReadyQueue', () => {
  test('a new queue is empty and shift() returns undefined', () => {
    const queue = new ReadyQueue();
    expect([queue.length, queue.shift()]).toEqual([0, undefined]);
  });

  test('shift() returns items in the order they were pushed', () => {
    const queue = new ReadyQueue();
    for (const n of [3, 1, 2]) queue.push(item(n));
    expect(drain(queue)).toEqual([3, 1, 2]);
  });

  test('length counts pushed items not yet shifted', () => {
    const queue = new ReadyQueue();
    for (const n of range(0, 5)) queue.push(item(n));
    queue.shift();
    queue.shift();
    expect(queue.length).toBe(3);
  });

  test('stays FIFO while growing past its initial capacity of 16', () => {
    const queue = new ReadyQueue();
    for (const n of range(0, 100)) queue.push(item(n));
    expect(drain(queue)).toEqual(range(0, 100));
  });

  test('stays FIFO when the items wrap around the end of the buffer', () => {
    const queue = new ReadyQueue();
    for (const n of range(0, 12)) queue.push(item(n));
    for (let i = 0; i < 10; i++) queue.shift();
    // head is now at 10: these 10 pushes wrap past index 15 without growing.
    for (const n of range(12, 22)) queue.push(item(n));
    expect(drain(queue)).toEqual(range(10, 22));
  });

  test('stays FIFO when it grows while wrapped around', () => {
    const queue = new ReadyQueue();
    for (const n of range(0, 12)) queue.push(item(n));
    for (let i = 0; i < 10; i++) queue.shift();
    // 2 left at indices 10 and 11; 40 more wrap and then force two doublings.
    for (const n of range(12, 52)) queue.push(item(n));
    expect({ length: queue.length, order: drain(queue) }).toEqual({ length: 42, order: range(10, 52) });
  });

  test('interleaved pushes and shifts over many laps keep FIFO order', () => {
    const queue = new ReadyQueue();
    const out: number[] = [];
    let next = 0;
    for (let lap = 0; lap < 50; lap++) {
      for (let i = 0; i < 7; i++) queue.push(item(next++));
      for (let i = 0; i < 5; i++) out.push(labelOf(queue.shift())!);
    }
    out.push(...drain(queue));
    expect(out).toEqual(range(0, 350));
  });

  test('shuffleFront(n) permutes only the first n items (here: a rotation, with random() always 0)', () => {
    const queue = new ReadyQueue();
    for (const n of range(0, 6)) queue.push(item(n));
    queue.shuffleFront(4, () => 0);
    expect(drain(queue)).toEqual([1, 2, 3, 0, 4, 5]);
  });

  test('shuffleFront with random() just below 1 swaps nothing', () => {
    const queue = new ReadyQueue();
    for (const n of range(0, 6)) queue.push(item(n));
    queue.shuffleFront(6, () => 0.999999);
    expect(drain(queue)).toEqual(range(0, 6));
  });

  test('shuffleFront works on the ring: the shuffled run may wrap around the buffer end', () => {
    const queue = new ReadyQueue();
    for (const n of range(0, 14)) queue.push(item(n));
    for (let i = 0; i < 12; i++) queue.shift();
    // items 12..17 sit at indices 12..15 then 0..1
    for (const n of range(14, 18)) queue.push(item(n));
    queue.shuffleFront(5, () => 0);
    expect(drain(queue)).toEqual([13, 14, 15, 16, 12, 17]);
  });

  test('shuffleFront gives a permutation of the first n for any random source', () => {
    const queue = new ReadyQueue();
    for (const n of range(0, 20)) queue.push(item(n));
    let state = 12345;
    const random = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    queue.shuffleFront(10, random);
    const order = drain(queue);
    expect({ front: [...order.slice(0, 10)].sort((a, b) => a - b), rest: order.slice(10) }).toEqual({ front: range(0, 10), rest: range(10, 20) });
  });

  test('shuffleFront(1) and shuffleFront(0) change nothing and never call random()', () => {
    const queue = new ReadyQueue();
    for (const n of range(0, 3)) queue.push(item(n));
    let calls = 0;
    queue.shuffleFront(1, () => ++calls);
    queue.shuffleFront(0, () => ++calls);
    expect({ calls, order: drain(queue) }).toEqual({ calls: 0, order: [0, 1, 2] });
  });

  test('clear() empties the queue and it works as new afterwards', () => {
    const queue = new ReadyQueue();
    for (const n of range(0, 40)) queue.push(item(n));
    queue.clear();
    const lengthAfterClear = queue.length;
    for (const n of range(100, 103)) queue.push(item(n));
    expect({ lengthAfterClear, order: drain(queue) }).toEqual({ lengthAfterClear: 0, order: [100, 101, 102] });
  });
});

/**
 * Stress: the runtime under load, on the virtual clock. These tests check
 * correctness at scale (sums, counts, every finally) and bounded memory, never
 * speed: the generous timeouts only keep a broken build from hanging CI.
 *
 * Run with `pnpm --filter @loop/runtime test:stress` (the `stress` vitest
 * project, whose workers start with `--expose-gc` so the memory check can
 * collect garbage before it measures).
 */
import { getHeapStatistics } from 'node:v8';
import { describe, expect, test } from 'vitest';
import { Queue, QueueShutDown, VirtualClock, getLoop, run, sleep, spawn, suspend, taskGroup, type Operation, type Task } from '../../src/index.js';

const TIMEOUT = 180_000;
const virtual = (): { clock: VirtualClock } => ({ clock: new VirtualClock() });

/** The figures RELIABILITY.md reports; asserted below. */
export const SPAWNED_TASKS = 1_000_000;
export const CANCELLED_SLEEPERS = 100_000;
export const PRODUCERS = 16;
export const CONSUMERS = 16;
export const ITEMS_PER_PRODUCER = 10_000;
export const MEMORY_RUNS = 10;
/** Growth of the used heap allowed across ten runs after the first, after a full GC. */
export const MEMORY_BOUND_BYTES = 4 * 1024 * 1024;

function* add(i: number): Operation<number> {
  if (i % 2 === 0) yield* sleep(0);
  return i;
}

describe('stress', () => {
  test(`${SPAWNED_TASKS.toLocaleString('en')} tasks spawned and finished: the sum of their results is exact`, async () => {
    const result = await run(function* () {
      let sum = 0;
      // In batches, so the program also exercises task reuse of the run queue's ring buffer.
      const batch = 10_000;
      for (let start = 0; start < SPAWNED_TASKS; start += batch) {
        const tasks: Task<number>[] = [];
        for (let i = start; i < start + batch; i++) tasks.push(yield* spawn(add(i)));
        for (const task of tasks) sum += yield* task;
      }
      return sum;
    }, virtual());
    expect(result).toBe((SPAWNED_TASKS * (SPAWNED_TASKS - 1)) / 2);
  }, TIMEOUT);

  test(`${CANCELLED_SLEEPERS.toLocaleString('en')} concurrent sleepers cancelled: every finally ran, at the time of the cancel`, async () => {
    const finallyTimes = new Map<number, number>();
    const cancelled = await run(function* () {
      const loop = yield* getLoop();
      const tasks: Task<void>[] = [];
      yield* taskGroup(function* (group) {
        for (let i = 0; i < CANCELLED_SLEEPERS; i++) {
          tasks.push(
            group.spawn(
              (function* () {
                try {
                  yield* sleep(60_000 + (i % 1000));
                } finally {
                  finallyTimes.set(loop.time(), (finallyTimes.get(loop.time()) ?? 0) + 1);
                }
              })(),
            ),
          );
        }
        yield* sleep(1000);
        for (const task of tasks) task.cancel('stress');
      });
      return tasks.filter((task) => task.cancelled()).length;
    }, virtual());
    expect({ cancelled, finallyTimes: [...finallyTimes] }).toEqual({ cancelled: CANCELLED_SLEEPERS, finallyTimes: [[1000, CANCELLED_SLEEPERS]] });
  }, TIMEOUT);

  test(`a bounded Queue under ${PRODUCERS} producers and ${CONSUMERS} consumers delivers every item exactly once`, async () => {
    const total = PRODUCERS * ITEMS_PER_PRODUCER;
    const received = new Uint8Array(total);
    let duplicates = 0;
    await run(function* () {
      const queue = new Queue<number>(8);
      yield* taskGroup(function* (group) {
        const producers: Task<void>[] = [];
        for (let p = 0; p < PRODUCERS; p++) {
          producers.push(
            group.spawn(
              (function* () {
                for (let i = 0; i < ITEMS_PER_PRODUCER; i++) {
                  yield* queue.put(p * ITEMS_PER_PRODUCER + i);
                  // Vary the interleaving: some producers pause between items.
                  if ((i + p) % 7 === 0) yield* sleep(1);
                }
              })(),
            ),
          );
        }
        for (let c = 0; c < CONSUMERS; c++) {
          group.spawn(
            (function* () {
              try {
                for (;;) {
                  const item = yield* queue.get();
                  if (received[item] === 1) duplicates++;
                  received[item] = 1;
                  if ((item + c) % 11 === 0) yield* sleep(1);
                }
              } catch (error) {
                if (!(error instanceof QueueShutDown)) throw error;
              }
            })(),
          );
        }
        for (const producer of producers) yield* producer;
        queue.shutdown();
      });
    }, virtual());
    expect({ missing: received.filter((seen) => seen === 0).length, duplicates }).toEqual({ missing: 0, duplicates: 0 });
  }, TIMEOUT);

  test(`memory: ${MEMORY_RUNS} runs in one process leave the used heap within ${MEMORY_BOUND_BYTES / 1024 / 1024} MiB of where it started`, async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'the stress project starts workers with --expose-gc').toBeTypeOf('function');
    const collect = (): number => {
      gc!();
      gc!();
      return getHeapStatistics().used_heap_size;
    };
    // Each run: 10,000 sleepers, a task parked forever then cancelled, and 10,000 items through a bounded queue.
    // Were the loop to keep its finished tasks alive (~300 bytes each), ten runs would grow the heap by ~30 MB.
    function* workload(): Operation<number> {
      const queue = new Queue<number>(16);
      let sum = 0;
      yield* taskGroup(function* (group) {
        for (let i = 0; i < 10_000; i++) group.spawn(sleep(i % 50));
        const sleeper = group.spawn(suspend());
        group.spawn(
          (function* () {
            for (let i = 0; i < 10_000; i++) yield* queue.put(i);
          })(),
        );
        for (let i = 0; i < 10_000; i++) sum += yield* queue.get();
        sleeper.cancel();
      });
      return sum;
    }
    // One warm-up run, so the heap holds compiled code and the runtime's shared objects before measuring.
    expect(await run(workload, virtual())).toBe(49_995_000);
    const before = collect();
    for (let i = 0; i < MEMORY_RUNS; i++) expect(await run(workload, virtual())).toBe(49_995_000);
    const after = collect();
    const growth = after - before;
    console.log(`memory: used heap ${before} → ${after} bytes after ${MEMORY_RUNS} runs (growth ${growth} bytes)`);
    expect(growth).toBeLessThan(MEMORY_BOUND_BYTES);
  }, TIMEOUT);
});

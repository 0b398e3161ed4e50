/**
 * Beyond the lesson: producer and consumers around a `Queue` (asyncio's
 * `asyncio.Queue`). The queue is bounded, so the producer waits whenever it
 * is full; each consumer calls `taskDone()` per job, and `join()` returns
 * once every job put has been done. The consumers loop forever, so the
 * producer cancels them at the end.
 */
import { Queue, getLoop, sleep, spawn, type Operation } from '@loop/runtime';

/** Two consumers work through five jobs (each job is how many seconds it takes) from a queue of size 2. */
export function* main(print: (line: string) => void = console.log): Operation<void> {
  // #region main
  const loop = yield* getLoop();
  const start = loop.time();
  const at = (): string => `${((loop.time() - start) / 1000).toFixed(2)} s`;
  const queue = new Queue<number>(2);

  function* consumer(name: string): Operation<void> {
    for (;;) {
      const seconds = yield* queue.get();
      yield* sleep(seconds * 1000);
      print(`${name} did a ${seconds} s job at ${at()}`);
      queue.taskDone();
    }
  }

  const consumers = [yield* spawn(consumer('A')), yield* spawn(consumer('B'))];
  for (const seconds of [3, 1, 2, 1, 2]) {
    yield* queue.put(seconds); // waits while the queue is full
    print(`put a ${seconds} s job at ${at()}`);
  }
  yield* queue.join(); // until taskDone() was called for every job
  print(`all jobs done at ${at()}`);
  for (const task of consumers) task.cancel();
  // #endregion main
}

/**
 * A bounded-queue consumer that loses an item when it is cancelled: it takes
 * an item, then yields while "processing" it, and a cancellation landing
 * there drops the item on the floor. The fix puts the item back when the
 * processing is interrupted.
 */
import { CancelledError, Queue, spawn, sleep, wait, type Operation } from '@loop/runtime';

function* producer(queue: Queue<number>, items: number): Operation<void> {
  for (let i = 1; i <= items; i++) yield* queue.put(i);
}

function* consumer(queue: Queue<number>, processed: number[], requeue: boolean): Operation<void> {
  for (;;) {
    const item = yield* queue.get();
    try {
      yield* sleep(0); // processing
      processed.push(item);
    } catch (error) {
      if (requeue && error instanceof CancelledError) queue.putNowait(item);
      throw error;
    }
  }
}

function* program(requeue: boolean): Operation<void> {
  const queue = new Queue<number>(1);
  const processed: number[] = [];
  const items = 3;
  const making = yield* spawn(producer(queue, items), { name: 'producer' });
  const taking = yield* spawn(consumer(queue, processed, requeue), { name: 'consumer' });
  yield* making;
  taking.cancel('shutting down');
  yield* wait([taking]); // let it finish its cleanup
  const left: number[] = [];
  while (!queue.empty()) left.push(queue.getNowait());
  const seen = [...processed, ...left].sort();
  if (seen.length !== items) throw new Error(`lost an item: processed [${processed.join(', ')}], left in the queue [${left.join(', ')}]`);
}

export const cancelledConsumer = {
  name: 'a bounded queue consumer that loses an item on cancellation',
  buggy: () => program(false),
  fixed: () => program(true),
  maxDeviations: 2,
};

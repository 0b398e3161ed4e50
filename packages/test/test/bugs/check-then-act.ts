/**
 * Check-then-act on a queue: a consumer sees the queue is not empty, yields,
 * then takes without waiting. A second consumer can take the item in
 * between, and `getNowait` throws `QueueEmpty`.
 */
import { Queue, QueueEmpty, gather, sleep, spawn, type Operation } from '@loop/runtime';

function* takeRacy(queue: Queue<string>, taken: string[]): Operation<void> {
  if (!queue.empty()) {
    yield* sleep(0); // log "taking an item" before taking it
    taken.push(queue.getNowait());
  }
}

function* takeChecked(queue: Queue<string>, taken: string[]): Operation<void> {
  yield* sleep(0);
  try {
    taken.push(queue.getNowait()); // the check and the take are one step
  } catch (error) {
    if (!(error instanceof QueueEmpty)) throw error;
  }
}

function* consumer(queue: Queue<string>, taken: string[], take: typeof takeRacy, warmUp: number): Operation<void> {
  for (let i = 0; i < warmUp; i++) yield* sleep(0);
  yield* take(queue, taken);
}

function* program(take: typeof takeRacy): Operation<void> {
  const queue = new Queue<string>();
  queue.putNowait('job');
  const taken: string[] = [];
  const a = yield* spawn(consumer(queue, taken, take, 0), { name: 'consumer#1' });
  const b = yield* spawn(consumer(queue, taken, take, 1), { name: 'consumer#2' });
  yield* gather(a, b);
  if (taken.length !== 1) throw new Error(`expected one item taken, got ${taken.length}`);
}

export const checkThenAct = {
  name: 'check-then-act on a Queue',
  buggy: () => program(takeRacy),
  fixed: () => program(takeChecked),
  maxDeviations: 1,
};

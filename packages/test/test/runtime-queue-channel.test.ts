/**
 * explore on our own runtime: a bounded `Queue` and a memory `channel` under
 * every order of same-time work, with consumers and producers cancelled at
 * moments drawn from the schedule. The runtime promises that no item is lost
 * or duplicated (a waiter cancelled while waiting takes nothing; one woken
 * with an item keeps it even if cancelled in the same instant) and that a
 * bounded buffer never holds more than its size. These tests rule out a
 * schedule that breaks either, over 1,000 PCT and 1,000 random schedules each.
 */
import { describe, expect, test } from 'vitest';
import { Queue, channel, sleep, spawn, wait, type Operation, type Task } from '@loop/runtime';
import { explore, type ExploreContext, type Strategy } from '../src/index.js';

const ITEMS = 6;
const SCHEDULES = 1000;

/** Cancels `task` after a number of passes drawn from the schedule's random(). */
function* cancelSoon(context: ExploreContext, task: Task<unknown>, maxPasses: number): Operation<void> {
  const passes = Math.floor(context.random() * maxPasses);
  for (let i = 0; i < passes; i++) yield* sleep(0);
  task.cancel('drawn by the schedule');
}

/** A consumer that records every item it was handed, even one it is cancelled with. */
function* queueConsumer(queue: Queue<number>, got: number[]): Operation<void> {
  for (;;) {
    const item = yield* queue.get();
    got.push(item);
    yield* sleep(0);
  }
}

function* queueProducer(queue: Queue<number>, first: number, count: number, put: number[]): Operation<void> {
  for (let item = first; item < first + count; item++) {
    yield* queue.put(item);
    put.push(item);
  }
}

function* queueProgram(context: ExploreContext): Operation<void> {
  const queue = new Queue<number>(2);
  const put: number[] = [];
  const got: number[] = [];
  context.invariant(() => queue.qsize() <= 2, 'queue.qsize() <= maxsize');
  const producers = [
    yield* spawn(queueProducer(queue, 0, ITEMS / 2, put), { name: 'producer#1' }),
    yield* spawn(queueProducer(queue, 100, ITEMS / 2, put), { name: 'producer#2' }),
  ];
  const consumers = [yield* spawn(queueConsumer(queue, got), { name: 'consumer#1' }), yield* spawn(queueConsumer(queue, got), { name: 'consumer#2' })];
  yield* spawn(cancelSoon(context, consumers[0]!, 8), { name: 'cancel consumer#1' });
  yield* spawn(cancelSoon(context, producers[1]!, 8), { name: 'cancel producer#2' });
  yield* wait(producers);
  while (!consumers[1]!.done() && queue.qsize() > 0) yield* sleep(0);
  for (const consumer of consumers) consumer.cancel();
  yield* wait(consumers);
  const left: number[] = [];
  while (!queue.empty()) left.push(queue.getNowait());
  const sorted = (items: number[]) => [...items].sort((a, b) => a - b);
  // Every item whose put returned was taken exactly once or is still queued; nothing else was.
  if (JSON.stringify(sorted([...got, ...left])) !== JSON.stringify(sorted(put))) {
    throw new Error(`put [${sorted(put).join(', ')}] but got [${sorted(got).join(', ')}] and left [${left.join(', ')}]`);
  }
}

function* channelProgram(context: ExploreContext): Operation<void> {
  const [send, receive] = channel<number>(1);
  const sent: number[] = [];
  const received: number[] = [];
  context.invariant(() => send.statistics().currentBufferUsed <= 1, 'channel buffer <= capacity');
  const sender = function* (first: number): Operation<void> {
    for (let item = first; item < first + ITEMS / 2; item++) {
      yield* send.send(item);
      sent.push(item);
    }
  };
  const receiver = function* (): Operation<void> {
    for (;;) {
      received.push(yield* receive.receive());
      yield* sleep(0);
    }
  };
  const senders = [yield* spawn(sender(0), { name: 'sender#1' }), yield* spawn(sender(100), { name: 'sender#2' })];
  const receivers = [yield* spawn(receiver(), { name: 'receiver#1' }), yield* spawn(receiver(), { name: 'receiver#2' })];
  yield* spawn(cancelSoon(context, receivers[0]!, 8), { name: 'cancel receiver#1' });
  yield* spawn(cancelSoon(context, senders[0]!, 8), { name: 'cancel sender#1' });
  yield* wait(senders);
  while (!receivers[1]!.done() && send.statistics().currentBufferUsed > 0) yield* sleep(0);
  for (const task of receivers) task.cancel();
  yield* wait(receivers);
  const left: number[] = [];
  while (send.statistics().currentBufferUsed > 0) left.push(receive.receiveNowait());
  const sorted = (items: number[]) => [...items].sort((a, b) => a - b);
  if (JSON.stringify(sorted([...received, ...left])) !== JSON.stringify(sorted(sent))) {
    throw new Error(`sent [${sorted(sent).join(', ')}] but received [${sorted(received).join(', ')}] and left [${left.join(', ')}]`);
  }
}

describe.each(['pct', 'random'] satisfies Strategy[])('runtime under %s schedules with cancellation', (strategy) => {
  test(`a bounded Queue loses and duplicates no item and never holds more than its size (${SCHEDULES} schedules)`, async () => {
    expect(await explore(queueProgram, { strategy, schedules: SCHEDULES })).toMatchObject({ schedules: SCHEDULES });
  });

  test(`a memory channel loses and duplicates no value and never buffers past its capacity (${SCHEDULES} schedules)`, async () => {
    expect(await explore(channelProgram, { strategy, schedules: SCHEDULES })).toMatchObject({ schedules: SCHEDULES });
  });
});

test('the check has teeth: a consumer that drops the item it was cancelled with is found', async () => {
  const dropping = function* (context: ExploreContext): Operation<void> {
    const queue = new Queue<number>(1);
    const put: number[] = [];
    const got: number[] = [];
    const consumer = yield* spawn(
      (function* (): Operation<void> {
        for (;;) {
          const item = yield* queue.get();
          yield* sleep(0); // cancelled here, the item is dropped
          got.push(item);
        }
      })(),
      { name: 'consumer' },
    );
    yield* spawn(cancelSoon(context, consumer, 6), { name: 'canceller' });
    yield* queueProducer(queue, 0, 3, put);
    yield* wait([consumer]);
    while (!queue.empty()) got.push(queue.getNowait());
    if (got.length !== put.length) throw new Error(`put ${put.length}, got ${got.length}`);
  };
  const error = await explore(dropping, { failuresDir: null }).catch((caught: unknown) => caught);
  expect(error).toMatchObject({ name: 'ExploreError', kind: 'error', seed: 0 });
  expect((error as { error: Error }).error.message).toBe('put 3, got 2');
});

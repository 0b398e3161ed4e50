/**
 * Lost update: read a shared counter, yield, write it back. When another
 * increment reads between the two, one increment is lost. FIFO happens to
 * run the second increment's read after the first one's write.
 */
import { gather, sleep, spawn, type Operation } from '@loop/runtime';

interface Counter {
  value: number;
}

function* incrementRacy(counter: Counter): Operation<void> {
  const seen = counter.value;
  yield* sleep(0); // an await between the read and the write
  counter.value = seen + 1;
}

function* incrementAtomic(counter: Counter): Operation<void> {
  yield* sleep(0);
  counter.value += 1; // read and write in one step: nothing can run in between
}

function* worker(counter: Counter, increment: (counter: Counter) => Operation<void>, warmUp: number): Operation<void> {
  for (let i = 0; i < warmUp; i++) yield* sleep(0);
  yield* increment(counter);
}

function* program(increment: (counter: Counter) => Operation<void>): Operation<void> {
  const counter = { value: 0 };
  const a = yield* spawn(worker(counter, increment, 0), { name: 'increment#1' });
  const b = yield* spawn(worker(counter, increment, 1), { name: 'increment#2' });
  yield* gather(a, b);
  if (counter.value !== 2) throw new Error(`lost update: counter is ${counter.value} after two increments`);
}

export const lostUpdate = {
  name: 'lost update (read, yield, write)',
  buggy: () => program(incrementRacy),
  fixed: () => program(incrementAtomic),
  maxDeviations: 1,
};

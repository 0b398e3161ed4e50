/**
 * Two locks taken in opposite orders: each task holds one lock and waits
 * for the other, and nothing can ever wake them (`DeadlockError`). FIFO lets
 * the first task take both before the second starts.
 */
import { Lock, gather, sleep, spawn, type Operation } from '@loop/runtime';

function* transfer(first: Lock, second: Lock, warmUp: number): Operation<void> {
  for (let i = 0; i < warmUp; i++) yield* sleep(0);
  yield* first.acquire();
  try {
    yield* sleep(0); // read the first account
    yield* second.acquire();
    try {
      yield* sleep(0); // move the money
    } finally {
      second.release();
    }
  } finally {
    first.release();
  }
}

function* program(ordered: boolean): Operation<void> {
  const a = new Lock();
  const b = new Lock();
  const one = yield* spawn(transfer(a, b, 0), { name: 'transfer#1' });
  // The fix: every task takes the locks in one global order.
  const two = yield* spawn(ordered ? transfer(a, b, 1) : transfer(b, a, 1), { name: 'transfer#2' });
  yield* gather(one, two);
}

export const lockOrder = {
  name: 'two locks taken in opposite order',
  buggy: () => program(false),
  fixed: () => program(true),
  maxDeviations: 1,
};

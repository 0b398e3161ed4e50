/**
 * The "Testing with the virtual clock" guide's examples, which are real
 * tests: the guide includes their regions, and this suite runs them.
 */
import { DeadlockError, FIRST_COMPLETED, Queue, VirtualClock, gather, getLoop, run, sleep, spawn, timeout, TimeoutError, wait, type LoopEvent, type Operation } from '@loop/runtime';
import { describe, expect, test } from 'vitest';

// #region lesson
function* randn(): Operation<number> {
  yield* sleep(3000);
  return 1 + Math.floor(Math.random() * 10);
}

function* tenRandn(): Operation<{ values: number[]; elapsed: number }> {
  const loop = yield* getLoop();
  const start = loop.time();
  const values = yield* gather(...Array.from({ length: 10 }, () => randn()));
  return { values, elapsed: loop.time() - start };
}

test('ten randn() gathered take 3.00 seconds, not 30', async () => {
  const { values, elapsed } = await run(tenRandn, { clock: new VirtualClock() });
  expect(values).toHaveLength(10);
  expect(elapsed).toBe(3000); // exact, and the test takes milliseconds
});
// #endregion lesson

// #region timeouts
function* fetchWithRetry(attempt: (n: number) => Operation<string>): Operation<string> {
  for (let n = 1; ; n++) {
    try {
      return yield* timeout(1000, attempt(n));
    } catch (error) {
      if (!(error instanceof TimeoutError) || n === 3) throw error;
      yield* sleep(500 * n); // back off
    }
  }
}

test('a slow first attempt is retried after the timeout and a back-off', async () => {
  const clock = new VirtualClock();
  const result = await run(
    () =>
      fetchWithRetry(function* (n) {
        yield* sleep(n === 1 ? 5000 : 200);
        return `attempt ${n}`;
      }),
    { clock },
  );
  expect(result).toBe('attempt 2');
  expect(clock.now()).toBe(1000 + 500 + 200);
});
// #endregion timeouts

// #region advance
/** Lets the loop run what became due (it wakes through a host callback). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

test('with autojump off, time moves only when the test advances it', async () => {
  const clock = new VirtualClock({ autojump: false });
  const seen: number[] = [];
  const done = run(function* () {
    const loop = yield* getLoop();
    for (let i = 0; i < 3; i++) {
      yield* sleep(1000);
      seen.push(loop.time());
    }
  }, { clock });

  clock.advance(999);
  await settle();
  expect(seen).toEqual([]);

  clock.advance(1);
  await settle();
  expect(seen).toEqual([1000]);

  clock.advance(1500); // the next sleep was set at 1000: due at 2000
  await settle();
  expect(seen).toEqual([1000, 2500]);

  clock.advance(1000);
  await done;
  expect(seen).toEqual([1000, 2500, 3500]);
}, 5000);
// #endregion advance

// #region events
test('the event stream shows what each task waited on', async () => {
  const waits: string[] = [];
  await run(
    function* () {
      const worker = yield* spawn(sleep(100), { name: 'worker' });
      yield* wait([worker], { returnWhen: FIRST_COMPLETED });
    },
    {
      clock: new VirtualClock(),
      onEvent: (event: LoopEvent) => {
        if (event.type === 'task.suspend') waits.push(`${event.taskId}:${event.on} at ${event.time}`);
      },
    },
  );
  expect(waits).toEqual(['1:wait at 0', '2:sleep at 0']);
});
// #endregion events

describe('seeded runs', () => {
  // #region seed
  test('the result does not depend on the order of same-time work', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const order: string[] = [];
      await run(
        function* () {
          yield* gather(
            ...['a', 'b', 'c'].map(function* (name): Operation<void> {
              yield* sleep(100);
              order.push(name);
            }),
          );
        },
        { clock: new VirtualClock(), seed },
      );
      expect([...order].sort()).toEqual(['a', 'b', 'c']); // any order, all three
    }
  });
  // #endregion seed
});

// #region deadlock
test('a program where every task waits for the other fails with DeadlockError instead of hanging', async () => {
  function* relay(name: string, inbox: Queue<string>, outbox: Queue<string>): Operation<void> {
    const message = yield* inbox.get();
    yield* outbox.put(`${name}: ${message}`);
  }
  const program = run(function* () {
    const [a, b] = [new Queue<string>(), new Queue<string>()];
    yield* gather(relay('left', a, b), relay('right', b, a)); // nobody ever puts first
  }, { clock: new VirtualClock() });
  await expect(program).rejects.toThrow(DeadlockError);
  await expect(program).rejects.toThrow('waits on queue.get() on Queue#1 (empty)');
});
// #endregion deadlock

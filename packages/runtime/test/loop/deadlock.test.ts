import { describe, expect, test } from 'vitest';
import {
  Condition,
  DeadlockError,
  Event,
  Lock,
  Loop,
  Queue,
  VirtualClock,
  call,
  channel,
  gather,
  run,
  sleep,
  spawn,
  taskGroup,
  type Operation,
} from '../../src/index.js';

const virtual = (): { clock: VirtualClock } => ({ clock: new VirtualClock() });

async function deadlockOf(promise: Promise<unknown>): Promise<DeadlockError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeadlockError) return error;
    throw error;
  }
  throw new Error('expected a DeadlockError');
}

describe('DeadlockError: run() rejects instead of hanging when nothing can wake any task', () => {
  test('two tasks each waiting on a Queue the other should fill: both named with the queue each waits on', async () => {
    function* pingPong(name: string, inbox: Queue<string>, outbox: Queue<string>): Operation<void> {
      const message = yield* inbox.get();
      yield* outbox.put(`${name} got ${message}`);
    }
    const error = await deadlockOf(run(function* () {
      const a = new Queue<string>();
      const b = new Queue<string>();
      yield* taskGroup(function* (group) {
        group.spawn(pingPong('ping', a, b), { name: 'ping' });
        group.spawn(pingPong('pong', b, a), { name: 'pong' });
      });
    }, virtual()));
    expect(error.tasks).toEqual([
      { id: 1, name: 'main', waitingOn: 'the 2 child task(s) of its taskGroup' },
      { id: 2, name: 'ping', waitingOn: 'queue.get() on Queue#1 (empty)' },
      { id: 3, name: 'pong', waitingOn: 'queue.get() on Queue#2 (empty)' },
    ]);
    expect(error.message).toBe(
      [
        'deadlock: every task is blocked and nothing can wake any of them (no ready work, no timer, no pending foreign work)',
        '  task "main" (id 1) waits on the 2 child task(s) of its taskGroup',
        '  task "ping" (id 2) waits on queue.get() on Queue#1 (empty)',
        '  task "pong" (id 3) waits on queue.get() on Queue#2 (empty)',
      ].join('\n'),
    );
  });

  test('a Lock taken twice by the same task (a Lock has no owner, so it waits for itself)', async () => {
    const error = await deadlockOf(run(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      yield* lock.acquire();
    }, virtual()));
    expect(error.tasks).toEqual([{ id: 1, name: 'main', waitingOn: 'lock.acquire() on Lock#1 (held)' }]);
  });

  test('an Event nobody sets, waited on through a joined child task', async () => {
    const error = await deadlockOf(run(function* () {
      const ready = new Event();
      const waiter = yield* spawn(ready.wait(), { name: 'waiter' });
      yield* waiter;
    }, virtual()));
    expect(error.tasks).toEqual([
      { id: 1, name: 'main', waitingOn: 'join task "waiter" (id 2)' },
      { id: 2, name: 'waiter', waitingOn: 'event.wait() on Event#1 (not set)' },
    ]);
  });

  test('a Condition never notified and a channel nobody sends on are named too', async () => {
    const error = await deadlockOf(run(function* () {
      const condition = new Condition();
      const [, receive] = channel<number>(0);
      yield* gather(
        function* () {
          yield* condition.acquire();
          yield* condition.wait();
        }(),
        receive.receive(),
      );
    }, virtual()));
    expect(error.tasks.map((task) => task.waitingOn)).toEqual([
      'the 2 child task(s) of its gather',
      'condition.wait() on Condition#1 (not notified)',
      'receive.receive() on Channel#1 (nothing sent)',
    ]);
  });

  test('the deadlocked tasks are cancelled afterwards: their finally blocks run before run() rejects', async () => {
    const log: string[] = [];
    const error = await deadlockOf(run(function* () {
      try {
        yield* new Event().wait();
      } finally {
        log.push('main finally');
      }
    }, virtual()));
    expect(error).toBeInstanceOf(DeadlockError);
    expect(log).toEqual(['main finally']);
  });

  test('the deadlock is found at the virtual time every task blocked, after earlier timers ran', async () => {
    let blockedAt = -1;
    const error = await deadlockOf(run(function* () {
      yield* sleep(250);
      blockedAt = 250;
      yield* new Queue<number>().get();
    }, virtual()));
    expect(blockedAt).toBe(250);
    expect(error.tasks).toEqual([{ id: 1, name: 'main', waitingOn: 'queue.get() on Queue#1 (empty)' }]);
  });
});

describe('no false deadlock: the loop reports one only when it can prove it', () => {
  test('a task waiting on a foreign promise that settles later (real time) is not reported', async () => {
    const value = await run(function* () {
      return yield* call(new Promise<string>((resolve) => setTimeout(() => resolve('late'), 20)));
    }, virtual());
    expect(value).toBe('late');
  });

  test('an Event set by async code after a microtask is not a deadlock on the virtual clock', async () => {
    const event = new Event();
    const loop = new Loop({ clock: new VirtualClock() });
    const result = loop.run(function* () {
      yield* event.wait();
      return 'woken';
    }());
    await Promise.resolve();
    event.set();
    expect(await result).toBe('woken');
    loop.close();
  });

  test('a pending timer is not a deadlock: a task blocked on a queue that a sleeper fills later finishes', async () => {
    const value = await run(function* () {
      const queue = new Queue<number>();
      yield* spawn(function* () {
        yield* sleep(1000);
        queue.putNowait(7);
      }());
      return yield* queue.get();
    }, virtual());
    expect(value).toBe(7);
  });

  test('on the real clock, blocked tasks are reported only when the host has nothing left (its beforeExit)', async () => {
    const loop = new Loop();
    let settled = false;
    const result = loop.run(new Event().wait());
    const outcome = result.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    void outcome.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(false);
    // Node emits beforeExit when its event loop is empty; here the test process emits it as the host would.
    process.emit('beforeExit', 0);
    const error = await outcome;
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).tasks).toEqual([{ id: 1, name: 'Task-1', waitingOn: 'event.wait() on Event#1 (not set)' }]);
    await loop._shutdown();
    loop.close();
  });
});

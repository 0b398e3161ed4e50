import { describe, expect, test } from 'vitest';
import { VirtualClock, type CancelledError, getLoop, run, sleep, spawn, suspend, type LoopEvent, type Operation } from '../../src/index.js';

describe('sleep', () => {
  test('resumes the task at exactly loop time now + ms', async () => {
    const times = await run(function* () {
      const loop = yield* getLoop();
      const before = loop.time();
      yield* sleep(250);
      return [before, loop.time()];
    }, { clock: new VirtualClock({ start: 500 }) });
    expect(times).toEqual([500, 750]);
  });

  test('consecutive sleeps add up exactly', async () => {
    const times = await run(function* () {
      const loop = yield* getLoop();
      const seen: number[] = [];
      for (const ms of [10, 0, 25, 1.5]) {
        yield* sleep(ms);
        seen.push(loop.time());
      }
      return seen;
    }, { clock: new VirtualClock() });
    expect(times).toEqual([10, 10, 35, 36.5]);
  });

  test('sleepers with different delays wake in deadline order, not start order', async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      function* sleeper(name: string, ms: number): Operation<void> {
        yield* sleep(ms);
        log.push(`${name}@${loop.time()}`);
      }
      yield* spawn(sleeper('slow', 30));
      yield* spawn(sleeper('fast', 10));
      yield* spawn(sleeper('middle', 20));
      yield* sleep(100);
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['fast@10', 'middle@20', 'slow@30']);
  });

  test('sleep(0) yields to the loop exactly once, so two tasks alternate a, b, a, b', async () => {
    const log: string[] = [];
    await run(function* () {
      function* worker(name: string): Operation<void> {
        for (let i = 0; i < 3; i++) {
          log.push(`${name}${i}`);
          yield* sleep(0);
        }
      }
      const a = yield* spawn(worker('a'));
      const b = yield* spawn(worker('b'));
      yield* a;
      yield* b;
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
  });

  test('sleep(0) does not move loop time and sets no timer', async () => {
    const events: LoopEvent[] = [];
    const time = await run(function* () {
      yield* sleep(0);
      yield* sleep(0);
      return (yield* getLoop()).time();
    }, { clock: new VirtualClock(), onEvent: (event) => events.push(event) });
    expect(time).toBe(0);
    expect(events.filter((e) => e.type === 'timer.set')).toEqual([]);
  });

  test('sleep(0) is one task.suspend on "sleep" followed by one task.resume', async () => {
    const events: LoopEvent[] = [];
    await run(function* () {
      yield* sleep(0);
    }, { clock: new VirtualClock(), onEvent: (event) => events.push(event) });
    expect(events.filter((e) => e.type === 'task.suspend' || e.type === 'task.resume')).toEqual([
      { type: 'task.suspend', time: 0, taskId: 1, on: 'sleep' },
      { type: 'task.resume', time: 0, taskId: 1 },
    ]);
  });

  test('a negative ms is a RangeError naming ms, thrown at the call outside any loop', () => {
    expect(() => sleep(-1)).toThrow(new RangeError('sleep(ms): ms must be >= 0, got -1'));
  });

  test('a NaN ms is a RangeError naming ms', () => {
    expect(() => sleep(Number.NaN)).toThrow(new RangeError('sleep(ms): ms must be a number of milliseconds, got NaN'));
  });

  test('an infinite ms is a RangeError that points to suspend()', () => {
    expect(() => sleep(Infinity)).toThrow(new RangeError('sleep(ms): ms must be finite, got Infinity (use suspend() to wait forever)'));
  });

  test('-Infinity is a RangeError (negative)', () => {
    expect(() => sleep(-Infinity)).toThrow(new RangeError('sleep(ms): ms must be >= 0, got -Infinity'));
  });

  test('a non-number ms is a TypeError naming ms', () => {
    expect(() => sleep('5' as unknown as number)).toThrow(new TypeError('sleep(ms): ms must be a number of milliseconds, got string "5"'));
    expect(() => sleep(undefined as unknown as number)).toThrow(new TypeError('sleep(ms): ms must be a number of milliseconds, got undefined'));
  });

  test('a bad ms inside a coroutine is thrown at the sleep() call, where the coroutine can catch it', async () => {
    const caught = await run(function* () {
      try {
        yield* sleep(-5);
        return 'slept';
      } catch (error) {
        return error;
      }
    }, { clock: new VirtualClock() });
    expect(caught).toEqual(new RangeError('sleep(ms): ms must be >= 0, got -5'));
    expect(caught).toBeInstanceOf(RangeError);
  });

  test('the same sleep(10) value yielded* twice sleeps twice: 20 ms in all', async () => {
    const times = await run(function* () {
      const loop = yield* getLoop();
      const tick = sleep(10);
      yield* tick;
      const first = loop.time();
      yield* tick;
      return [first, loop.time()];
    }, { clock: new VirtualClock() });
    expect(times).toEqual([10, 20]);
  });

  test('one sleep(10) value yielded* by two tasks at once wakes each of them at 10', async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      const shared = sleep(10);
      function* sleeper(name: string): Operation<void> {
        yield* shared;
        log.push(`${name}@${loop.time()}`);
      }
      const a = yield* spawn(sleeper('a'));
      const b = yield* spawn(sleeper('b'));
      yield* a;
      yield* b;
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['a@10', 'b@10']);
  });

  test('a cancelled sleep throws CancelledError at the moment of cancellation and its timer never fires', async () => {
    const events: LoopEvent[] = [];
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      const task = yield* spawn(function* () {
        try {
          yield* sleep(1000);
          log.push('woke');
        } catch (error) {
          log.push(`${(error as Error).name}@${loop.time()}`);
          throw error;
        }
      }());
      yield* sleep(10);
      task.cancel();
      try {
        yield* task;
      } catch (error) {
        log.push(`joined ${(error as Error).name}@${loop.time()}`);
      }
    }, { clock: new VirtualClock(), onEvent: (event) => events.push(event) });
    expect(log).toEqual(['CancelledError@10', 'joined CancelledError@10']);
    expect(events.filter((e) => e.type === 'timer.fire').map((e) => e.time)).toEqual([10]);
  });
});

describe('suspend', () => {
  test('waits until the task is cancelled, then throws CancelledError with the reason', async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      const task = yield* spawn(function* () {
        try {
          yield* suspend();
        } catch (error) {
          log.push(`${(error as CancelledError).message} @${loop.time()}`);
          throw error;
        } finally {
          log.push('finally');
        }
      }());
      yield* sleep(5000);
      log.push(`cancel @${loop.time()}`);
      task.cancel('enough');
      yield* sleep(0);
      log.push(`cancelled=${task.cancelled()}`);
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['cancel @5000', 'the task was cancelled: enough @5000', 'finally', 'cancelled=true']);
  });

  test('sets no timer: the task is suspended on "suspend" until cancelled', async () => {
    const events: LoopEvent[] = [];
    await run(function* () {
      const task = yield* spawn(suspend());
      yield* sleep(0);
      task.cancel();
    }, { clock: new VirtualClock(), onEvent: (event) => events.push(event) });
    expect(events.filter((e) => e.type === 'timer.set')).toEqual([]);
    expect(events.filter((e) => e.type === 'task.suspend').map((e) => e.type === 'task.suspend' && e.on)).toEqual(['sleep', 'suspend']);
  });
});

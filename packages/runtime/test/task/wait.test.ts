import { describe, expect, test } from 'vitest';
import {
  ALL_COMPLETED,
  CancelledError,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type TimeoutError,
  asCompleted,
  currentTask,
  moveOnAfter,
  run,
  sleep,
  spawn,
  wait,
  type ExceptionContext,
  type Operation,
  type ReturnWhen,
  type Task,
  type WaitResult,
} from '../../src/index.js';
import { after, catching, failAfterMs, now, virtual } from './support.js';

function* selfCancelAfter(ms: number): Operation<string> {
  yield* sleep(ms);
  (yield* currentTask()).cancel('self');
  yield* sleep(0);
  return 'not reached';
}

/** The names of the tasks in each set, sorted, plus the loop time. */
function* summary<T>(result: WaitResult<T>): Operation<{ done: string[]; pending: string[]; time: number }> {
  return {
    done: [...result.done].map((t) => t.name).sort(),
    pending: [...result.pending].map((t) => t.name).sort(),
    time: yield* now(),
  };
}

describe('wait', () => {
  test('the returnWhen constants are asyncio’s string values', () => {
    expect([FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED]).toEqual(['FIRST_COMPLETED', 'FIRST_EXCEPTION', 'ALL_COMPLETED']);
  });

  test('FIRST_COMPLETED returns as soon as one task finishes, split into done and pending Sets', async () => {
    const result = await run(function* () {
      const fast = yield* spawn(after(10, 'fast'), { name: 'fast' });
      const slow = yield* spawn(after(50, 'slow'), { name: 'slow' });
      const waited = yield* wait([fast, slow], { returnWhen: FIRST_COMPLETED });
      expect(waited.done).toBeInstanceOf(Set);
      expect(waited.pending).toBeInstanceOf(Set);
      expect(waited.done.has(fast) && waited.pending.has(slow)).toBe(true);
      return yield* summary(waited);
    }, virtual());
    expect(result).toEqual({ done: ['fast'], pending: ['slow'], time: 10 });
  });

  test('FIRST_EXCEPTION returns when a task fails', async () => {
    const result = await run(function* () {
      const ok = yield* spawn(after(10, 'ok'), { name: 'ok' });
      const bad = yield* spawn(failAfterMs(20, new Error('bad')), { name: 'bad' });
      const slow = yield* spawn(after(30, 'slow'), { name: 'slow' });
      const summarised = yield* summary(yield* wait([ok, bad, slow], { returnWhen: FIRST_EXCEPTION }));
      bad.exception();
      return summarised;
    }, virtual());
    expect(result).toEqual({ done: ['bad', 'ok'], pending: ['slow'], time: 20 });
  });

  test('FIRST_EXCEPTION does not count cancellation; with no failure it waits for all', async () => {
    const result = await run(function* () {
      const cancelled = yield* spawn(selfCancelAfter(5), { name: 'cancelled' });
      const ok = yield* spawn(after(30, 'ok'), { name: 'ok' });
      return yield* summary(yield* wait([cancelled, ok], { returnWhen: FIRST_EXCEPTION }));
    }, virtual());
    expect(result).toEqual({ done: ['cancelled', 'ok'], pending: [], time: 30 });
  });

  test('ALL_COMPLETED is the default: wait returns when every task is done, failed ones included', async () => {
    const result = await run(function* () {
      const a = yield* spawn(after(10, 'a'), { name: 'a' });
      const b = yield* spawn(failAfterMs(20, new Error('b')), { name: 'b' });
      const c = yield* spawn(after(40, 'c'), { name: 'c' });
      const summarised = yield* summary(yield* wait([a, b, c]));
      b.exception();
      return summarised;
    }, virtual());
    expect(result).toEqual({ done: ['a', 'b', 'c'], pending: [], time: 40 });
  });

  test('timeout returns what is done when it passes, and cancels nothing', async () => {
    const log: string[] = [];
    const result = await run(function* () {
      const a = yield* spawn(after(10, 'a'), { name: 'a' });
      const b = yield* spawn(after(50, 'b'), { name: 'b' });
      const summarised = yield* summary(yield* wait([a, b], { timeout: 25 }));
      log.push(`b is ${b.state} at ${yield* now()}`);
      log.push(`b later returned ${yield* b} at ${yield* now()}`);
      return summarised;
    }, virtual());
    expect(result).toEqual({ done: ['a'], pending: ['b'], time: 25 });
    expect(log).toEqual(['b is suspended at 25', 'b later returned b at 50']);
  });

  test('a condition met before the timeout returns at once; the timeout does not fire later', async () => {
    const result = await run(function* () {
      const a = yield* spawn(after(10, 'a'), { name: 'a' });
      const waited = yield* summary(yield* wait([a], { timeout: 1000 }));
      yield* sleep(1);
      return waited;
    }, virtual());
    expect(result).toEqual({ done: ['a'], pending: [], time: 10 });
  });

  test('FIRST_COMPLETED cancels nothing: the pending task keeps running and finishes', async () => {
    const result = await run(function* () {
      const fast = yield* spawn(after(10, 'fast'));
      const slow = yield* spawn(after(50, 'slow'));
      yield* wait([fast, slow], { returnWhen: FIRST_COMPLETED });
      return [yield* slow, slow.cancelled(), yield* now()];
    }, virtual());
    expect(result).toEqual(['slow', false, 50]);
  });

  test('returns without yielding to the loop when the condition already holds', async () => {
    const log: string[] = [];
    await run(function* () {
      const done = yield* spawn(after(1, 'x'));
      yield* sleep(5);
      const other = yield* spawn(function* () {
        log.push('other task runs');
      }());
      const { done: finished } = yield* wait([done], { returnWhen: ALL_COMPLETED });
      log.push(`wait returned ${finished.size} done`);
      yield* other;
    }, virtual());
    expect(log).toEqual(['wait returned 1 done', 'other task runs']);
  });

  test('a task listed twice is waited for once', async () => {
    const sizes = await run(function* () {
      const a = yield* spawn(after(10, 'a'));
      const { done, pending } = yield* wait([a, a]);
      return [done.size, pending.size];
    }, virtual());
    expect(sizes).toEqual([1, 0]);
  });

  test('a waiter cancelled while waiting gets CancelledError and the tasks keep running', async () => {
    const result = await run(function* () {
      const target = yield* spawn(after(50, 'target'));
      const waiter = yield* spawn(wait([target]));
      yield* sleep(10);
      waiter.cancel('stop');
      const error = yield* catching(waiter);
      return [(error as CancelledError).reason, yield* target, yield* now()];
    }, virtual());
    expect(result).toEqual(['stop', 'target', 50]);
  });

  test('wait does not retrieve errors: a failure nobody reads is still reported when the parent finishes', async () => {
    const contexts: ExceptionContext[] = [];
    const boom = new Error('unread');
    await run(function* () {
      const bad = yield* spawn(failAfterMs(10, boom), { name: 'bad' });
      const { done } = yield* wait([bad]);
      expect(done.has(bad)).toBe(true);
    }, { ...virtual(), exceptionHandler: (_loop, context) => contexts.push(context) });
    expect(contexts.map(({ message, exception }) => ({ message, exception }))).toEqual([
      { message: 'Task exception was never retrieved (task "bad")', exception: boom },
    ]);
  });

  test('an empty task list is a RangeError', () => {
    expect(() => wait([])).toThrow(new RangeError('wait(tasks, options): tasks must not be empty (there would be nothing to wait for)'));
  });

  test('an item that is not a Task is a TypeError naming the item', () => {
    expect(() => wait([sleep(1)] as unknown as Task<void>[])).toThrow(
      new TypeError('wait(tasks, options): item 0 is a Sleep, not a Task; spawn operations first (yield* spawn(op))'),
    );
  });

  test('an unknown returnWhen is a TypeError', async () => {
    const message = await run(function* () {
      const a = yield* spawn(sleep(1));
      try {
        wait([a], { returnWhen: 'FIRST' as ReturnWhen });
        return null;
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    }, virtual());
    expect(message).toBe('TypeError: wait(tasks, options): options.returnWhen must be FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got string "FIRST"');
  });

  test('a negative timeout is a RangeError', async () => {
    const message = await run(function* () {
      const a = yield* spawn(sleep(1));
      try {
        wait([a], { timeout: -1 });
        return null;
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    }, virtual());
    expect(message).toBe('RangeError: wait(tasks, options): options.timeout: ms must be >= 0, got -1');
  });
});

describe('asCompleted', () => {
  test('hands out results in completion order', async () => {
    const result = await run(function* () {
      const tasks = [yield* spawn(after(30, 'a')), yield* spawn(after(10, 'b')), yield* spawn(after(20, 'c'))];
      const seen: string[] = [];
      for (const next of asCompleted(tasks)) seen.push(`${yield* next} at ${yield* now()}`);
      return seen;
    }, virtual());
    expect(result).toEqual(['b at 10', 'c at 20', 'a at 30']);
  });

  test('returns one operation per distinct task', async () => {
    const count = await run(function* () {
      const a = yield* spawn(sleep(1));
      const b = yield* spawn(sleep(1));
      const steps = asCompleted([a, b, a]);
      for (const step of steps) yield* step;
      return steps.length;
    }, virtual());
    expect(count).toBe(2);
  });

  test('a failed task’s step throws its error, and the following steps continue in completion order', async () => {
    const boom = new RangeError('boom');
    const result = await run(function* () {
      const tasks = [yield* spawn(after(30, 'slow')), yield* spawn(failAfterMs(10, boom)), yield* spawn(after(20, 'medium'))];
      const seen: unknown[] = [];
      for (const next of asCompleted(tasks)) {
        try {
          seen.push(yield* next);
        } catch (e) {
          seen.push(e);
        }
      }
      return seen;
    }, virtual());
    expect(result).toEqual([boom, 'medium', 'slow']);
    expect(result[0]).toBe(boom);
  });

  test('a cancelled task’s step throws CancelledError', async () => {
    const error = await run(function* () {
      const [first] = asCompleted([yield* spawn(selfCancelAfter(5))]);
      return yield* catching(first!);
    }, virtual());
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).reason).toBe('self');
  });

  test('tasks that already finished come first, in list order, without waiting', async () => {
    const result = await run(function* () {
      const pending = yield* spawn(after(50, 'pending'));
      const doneB = yield* spawn(after(2, 'done b'));
      const doneA = yield* spawn(after(1, 'done a'));
      yield* sleep(5);
      const seen: string[] = [];
      for (const next of asCompleted([pending, doneB, doneA])) seen.push(`${yield* next} at ${yield* now()}`);
      return seen;
    }, virtual());
    expect(result).toEqual(['done b at 5', 'done a at 5', 'pending at 50']);
  });

  test('a step abandoned while waiting leaves the result it did not take to the next step', async () => {
    const result = await run(function* () {
      const a = yield* spawn(after(10, 'a'));
      const b = yield* spawn(after(20, 'b'));
      const [first, second] = asCompleted([a, b]);
      const abandoned = yield* moveOnAfter(5, first!);
      const next = yield* second!;
      return [abandoned.timedOut, next, yield* now()];
    }, virtual());
    expect(result).toEqual([true, 'a', 10]);
  });

  test('a step can be run only once', async () => {
    const message = await run(function* () {
      const [step] = asCompleted([yield* spawn(after(1, 'x'))]);
      yield* step!;
      try {
        yield* step!;
        return null;
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    }, virtual());
    expect(message).toBe('TypeError: asCompleted(tasks): each step can be run once; take the next one from the iterable');
  });

  test('an empty task list is a RangeError', () => {
    expect(() => asCompleted([])).toThrow(new RangeError('asCompleted(tasks): tasks must not be empty (there would be nothing to wait for)'));
  });

  test('with { timeout }: what finished in time first, then each remaining step throws TimeoutError at the deadline', async () => {
    const log: string[] = [];
    await run(function* () {
      const tasks = [yield* spawn(after(30, 'slow')), yield* spawn(after(10, 'fast')), yield* spawn(after(100, 'late'))];
      for (const next of asCompleted(tasks, { timeout: 50 })) {
        try {
          log.push(`${String(yield* next)} at ${yield* now()}`);
        } catch (error) {
          log.push(`${(error as Error).name} (${(error as TimeoutError).ms} ms) at ${yield* now()}`);
        }
      }
    }, virtual());
    expect(log).toEqual(['fast at 10', 'slow at 30', 'TimeoutError (50 ms) at 50']);
  });

  test('with { timeout }: results that finished before the deadline are still handed out after it, and later steps throw at once', async () => {
    const log: string[] = [];
    await run(function* () {
      const tasks = [yield* spawn(after(10, 'a')), yield* spawn(after(20, 'b')), yield* spawn(after(500, 'c')), yield* spawn(after(600, 'd'))];
      const steps = asCompleted(tasks, { timeout: 50 });
      yield* sleep(200);
      for (const next of steps) {
        try {
          log.push(`${String(yield* next)} at ${yield* now()}`);
        } catch (error) {
          log.push(`${(error as Error).name} at ${yield* now()}`);
        }
      }
    }, virtual());
    expect(log).toEqual(['a at 200', 'b at 200', 'TimeoutError at 200', 'TimeoutError at 200']);
  });

  test('with { timeout }: nothing is cancelled; the tasks still running finish on their own', async () => {
    const seen = await run(function* () {
      const slow = yield* spawn(after(100, 'slow'));
      const [only] = asCompleted([slow], { timeout: 10 });
      yield* catching(only!);
      const at = yield* now();
      return { at, result: yield* slow, end: yield* now() };
    }, virtual());
    expect(seen).toEqual({ at: 10, result: 'slow', end: 100 });
  });

  test('with { timeout } and every task done in time, the deadline leaves no timer behind: the program ends when the tasks do', async () => {
    const end = await run(function* () {
      const tasks = [yield* spawn(after(5, 1)), yield* spawn(after(7, 2))];
      let sum = 0;
      for (const next of asCompleted(tasks, { timeout: 10_000 })) sum += yield* next;
      yield* sleep(0);
      return [sum, yield* now()];
    }, virtual());
    expect(end).toEqual([3, 7]);
  });

  test('a bad timeout is a RangeError and non-object options a TypeError, at the call', async () => {
    await run(function* () {
      const task = yield* spawn(after(1, 1));
      expect(() => asCompleted([task], { timeout: -1 })).toThrow(RangeError);
      expect(() => asCompleted([task], null as unknown as object)).toThrow(TypeError);
      yield* task;
    }, virtual());
  });
});

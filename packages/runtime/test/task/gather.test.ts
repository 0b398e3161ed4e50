import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  CancelledError,
  InvalidStateError,
  VirtualClock,
  type Task,
  currentTask,
  gather,
  gatherSettled,
  getLoop,
  run,
  shield,
  sleep,
  spawn,
  type ExceptionContext,
  type Operation,
} from '../../src/index.js';
import { after, catching, failAfterMs, now, virtual } from './support.js';

/** Sleeps `ms`; on cancellation logs the reason and time, cleans up for `cleanupMs` (shielded), and rethrows. */
function* sleeper(log: string[], name: string, ms: number, cleanupMs = 0): Operation<string> {
  try {
    yield* sleep(ms);
    log.push(`${name} done at ${yield* now()}`);
    return name;
  } catch (e) {
    if (cleanupMs > 0) yield* shield(sleep(cleanupMs));
    log.push(`${name} ${e instanceof CancelledError ? `cancelled (${String(e.reason)})` : 'failed'}, finally at ${yield* shield(now())}`);
    throw e;
  }
}

/** Runs `op` in a task, cancels it with reason 'stop' after `ms`, and returns the reason its CancelledError carried (null if it finished). */
function* cancelledAfter(ms: number, op: Operation<void>): Operation<unknown> {
  const task = yield* spawn(op);
  yield* sleep(ms);
  task.cancel('stop');
  try {
    yield* task;
  } catch (e) {
    return (e as CancelledError).reason;
  }
  return null;
}

describe('gather', () => {
  test('returns results in argument order regardless of the order the operations finish in', async () => {
    const log: string[] = [];
    const result = await run(function* () {
      const values = yield* gather(after(30, 'a', log), after(10, 'b', log), after(20, 'c', log));
      return { values, time: yield* now() };
    }, virtual());
    expect(log).toEqual(['b finished at 10', 'c finished at 20', 'a finished at 30']);
    expect(result).toEqual({ values: ['a', 'b', 'c'], time: 30 });
  });

  test('results keep their order when a task is created while gather starts its children (a trace listener calling loop.createTask)', async () => {
    const result = await run(function* () {
      const loop = yield* getLoop();
      const extra: Task<string>[] = [];
      let spawned = 0;
      const stop = loop.subscribe((event) => {
        // Right after the second child: the ids of gather's children are no longer consecutive.
        if (event.type === 'task.spawn' && ++spawned === 2) extra.push(loop.createTask(after(5, 'extra')));
      });
      const values = yield* gather(after(30, 'first'), after(10, 'second'), after(20, 'third'), after(0, 'fourth'));
      stop();
      return { values, extra: yield* extra[0]! };
    }, virtual());
    expect(result).toEqual({ values: ['first', 'second', 'third', 'fourth'], extra: 'extra' });
  });

  test('runs the operations concurrently: three 3000 ms operations take 3000 ms, not 9000', async () => {
    const time = await run(function* () {
      yield* gather(sleep(3000), sleep(3000), sleep(3000));
      return yield* now();
    }, virtual());
    expect(time).toBe(3000);
  });

  test('the result is a typed tuple matching the arguments', async () => {
    const result = await run(function* () {
      const tuple = yield* gather(after(1, 42), after(2, 'text'), after(3, true));
      expectTypeOf(tuple).toEqualTypeOf<[number, string, boolean]>();
      return tuple;
    }, virtual());
    expect(result).toEqual([42, 'text', true]);
  });

  test('accepts tasks and runtime operations alongside generator objects', async () => {
    const result = await run(function* () {
      const task = yield* spawn(after(5, 'from task'));
      return yield* gather(task, sleep(10), after(1, 'from coroutine'));
    }, virtual());
    expect(result).toEqual(['from task', undefined, 'from coroutine']);
  });

  test('an empty gather returns [] without yielding to the loop', async () => {
    const log: string[] = [];
    const result = await run(function* () {
      const other = yield* spawn(function* () {
        log.push('other task runs');
      }());
      const empty = yield* gather();
      log.push(`gather returned ${JSON.stringify(empty)}`);
      yield* other;
      return empty;
    }, virtual());
    expect(result).toEqual([]);
    expect(log).toEqual(['gather returned []', 'other task runs']);
  });

  test('the first failure cancels the others, whose finally blocks run, and is thrown after they finished', async () => {
    const log: string[] = [];
    const boom = new RangeError('a failed');
    const caught = await run(function* () {
      try {
        yield* gather(failAfterMs(10, boom), sleeper(log, 'b', 100, 5), sleeper(log, 'c', 100));
        return null;
      } catch (e) {
        log.push(`caught at ${yield* now()}`);
        return e;
      }
    }, virtual());
    expect(caught).toBe(boom);
    expect(log).toEqual([
      'c cancelled (another operation in gather() failed), finally at 10',
      'b cancelled (another operation in gather() failed), finally at 15',
      'caught at 15',
    ]);
  });

  test('a non-operation argument is a TypeError naming the argument index, and no operation starts', () => {
    const log: string[] = [];
    function* never(): Operation<void> {
      log.push('started');
      yield* sleep(1);
    }
    expect(() => gather(never(), 5 as unknown as Operation<number>)).toThrow(
      new TypeError('gather(...ops): argument 1: expected an operation (a generator object or a runtime operation such as sleep(ms)), got number 5'),
    );
    expect(log).toEqual([]);
  });

  test('an uncalled coroutine function argument is a TypeError that says to call it', () => {
    expect(() => gather(sleep(1), after as unknown as Operation<number>)).toThrow(
      new TypeError(
        'gather(...ops): argument 1: expected an operation (a generator object or a runtime operation such as sleep(ms)), got function after; did you mean after() — call the coroutine function to get its operation?',
      ),
    );
  });

  test('a second failure during cleanup goes to the exception handler; the first is thrown', async () => {
    const contexts: ExceptionContext[] = [];
    const first = new RangeError('first');
    const second = new TypeError('during cleanup');
    const caught = await run(function* () {
      try {
        yield* gather(
          failAfterMs(10, first),
          function* () {
            try {
              yield* sleep(100);
            } catch {
              throw second;
            }
          }(),
        );
        return null;
      } catch (e) {
        return e;
      }
    }, { ...virtual(), exceptionHandler: (_loop, context) => contexts.push(context) });
    expect(caught).toBe(first);
    expect(contexts.map(({ message, exception }) => ({ message, exception }))).toEqual([
      { message: 'gather(): task "Task-3" also failed while the others were being cancelled', exception: second },
    ]);
    expect(contexts[0]!.task?.name).toBe('Task-3');
  });

  test('errors of gathered operations are never reported as unretrieved', async () => {
    const contexts: ExceptionContext[] = [];
    await run(function* () {
      try {
        yield* gather(failAfterMs(10, new Error('x')), sleep(100));
      } catch {
        // expected
      }
    }, { ...virtual(), exceptionHandler: (_loop, context) => contexts.push(context) });
    expect(contexts).toEqual([]);
  });

  test('cancelling the task running gather cancels every child and waits for them before CancelledError propagates', async () => {
    const log: string[] = [];
    const seen = await run(function* () {
      const task = yield* spawn(function* () {
        try {
          yield* gather(sleeper(log, 'a', 100, 5), sleeper(log, 'b', 100));
        } catch (e) {
          log.push(`task caught ${(e as Error).name} (${String((e as CancelledError).reason)}) at ${yield* shield(now())}`);
          throw e;
        }
      }());
      yield* sleep(10);
      task.cancel('stop');
      try {
        yield* task;
      } catch {
        // expected
      }
      return task.cancelled();
    }, virtual());
    expect(seen).toBe(true);
    expect(log).toEqual(['b cancelled (stop), finally at 10', 'a cancelled (stop), finally at 15', 'task caught CancelledError (stop) at 15']);
  });

  test('a child that is cancelled on its own makes gather cancel the rest and throw its CancelledError', async () => {
    const log: string[] = [];
    const caught = await run(function* () {
      try {
        yield* gather(
          function* () {
            yield* sleep(10);
            (yield* currentTask()).cancel('self');
            yield* sleep(0);
          }(),
          sleeper(log, 'b', 100),
        );
        return null;
      } catch (e) {
        return e;
      }
    }, virtual());
    expect(caught).toBeInstanceOf(CancelledError);
    expect((caught as CancelledError).reason).toBe('self');
    expect(log).toEqual(['b cancelled (self), finally at 10']);
  });
});

describe('gatherSettled', () => {
  test('returns allSettled-shaped records in argument order', async () => {
    const boom = new RangeError('boom');
    const result = await run(function* () {
      return yield* gatherSettled(after(30, 'a'), failAfterMs(10, boom), after(20, 'c'));
    }, virtual());
    expect(result).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'rejected', reason: boom },
      { status: 'fulfilled', value: 'c' },
    ]);
    expect((result[1] as PromiseRejectedResult).reason).toBe(boom);
  });

  test('the records are typed like Promise.allSettled results', async () => {
    await run(function* () {
      const settled = yield* gatherSettled(after(1, 1), after(1, 'x'));
      expectTypeOf(settled).toEqualTypeOf<[PromiseSettledResult<number>, PromiseSettledResult<string>]>();
    }, virtual());
  });

  test('a cancelled child is rejected with its CancelledError', async () => {
    const result = await run(function* () {
      return yield* gatherSettled(
        after(5, 'ok'),
        function* () {
          yield* sleep(10);
          (yield* currentTask()).cancel('self');
          yield* sleep(0);
        }(),
      );
    }, virtual());
    expect(result[0]).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(result[1].status).toBe('rejected');
    const reason = (result[1] as PromiseRejectedResult).reason as unknown;
    expect(reason).toBeInstanceOf(CancelledError);
    expect((reason as CancelledError).reason).toBe('self');
  });

  test('nothing is cancelled when an operation fails: the others run to completion', async () => {
    const log: string[] = [];
    const result = await run(function* () {
      const settled = yield* gatherSettled(failAfterMs(10, new Error('x')), sleeper(log, 'b', 50), sleeper(log, 'c', 30));
      return { statuses: settled.map((s) => s.status), time: yield* now() };
    }, virtual());
    expect(log).toEqual(['c done at 30', 'b done at 50']);
    expect(result).toEqual({ statuses: ['rejected', 'fulfilled', 'fulfilled'], time: 50 });
  });

  test('an empty gatherSettled returns []', async () => {
    const result = await run(function* () {
      return yield* gatherSettled();
    }, virtual());
    expect(result).toEqual([]);
  });

  test('a non-operation argument is a TypeError naming the argument index', () => {
    expect(() => gatherSettled(sleep(1), null as unknown as Operation<void>)).toThrow(
      new TypeError('gatherSettled(...ops): argument 1: expected an operation (a generator object or a runtime operation such as sleep(ms)), got null'),
    );
  });

  test('cancelling the task running gatherSettled cancels every child; the records hold their CancelledErrors', async () => {
    const log: string[] = [];
    const result = await run(
      cancelledAfter(10, function* () {
        const settled = yield* gatherSettled(sleeper(log, 'a', 100), sleeper(log, 'b', 100));
        log.push(`settled: ${settled.map((s) => (s.status === 'rejected' ? (s.reason as Error).name : s.status)).join(', ')}`);
        yield* sleep(0);
        log.push('not reached: the next suspension throws');
      }()),
      virtual(),
    );
    expect(result).toBe('stop');
    expect(log).toEqual(['a cancelled (stop), finally at 10', 'b cancelled (stop), finally at 10', 'settled: CancelledError, CancelledError']);
  });
});

describe('gather and gatherSettled over an array, with { concurrency }', () => {
  /** A job that logs its start time, sleeps `ms` and returns `value`; counts how many run at once in `load`. */
  function* job<T>(ms: number, value: T, starts: number[], load: { running: number; max: number }): Operation<T> {
    starts.push(yield* now());
    load.max = Math.max(load.max, ++load.running);
    try {
      yield* sleep(ms);
      return value;
    } finally {
      load.running--;
    }
  }

  test('an array without options runs every operation at once and returns their results in order', async () => {
    const result = await run(function* () {
      const values = yield* gather([after(30, 'a'), after(10, 'b'), after(20, 'c')]);
      return { values, time: yield* now() };
    }, virtual());
    expect(result).toEqual({ values: ['a', 'b', 'c'], time: 30 });
  });

  test('with concurrency n, at most n run at once; each worker takes the next operation as soon as its last one finishes', async () => {
    const starts: number[] = [];
    const load = { running: 0, max: 0 };
    const delays = [30, 10, 20, 10, 10];
    const result = await run(function* () {
      const values = yield* gather(
        delays.map((ms, i) => job(ms, i * 10, starts, load)),
        { concurrency: 2 },
      );
      return { values, time: yield* now() };
    }, virtual());
    expect(result).toEqual({ values: [0, 10, 20, 30, 40], time: 40 });
    expect(starts).toEqual([0, 0, 10, 30, 30]);
    expect(load.max).toBe(2);
  });

  test('the result array is typed by the operations’ result type', async () => {
    await run(function* () {
      const values = yield* gather([after(1, 1), after(2, 2)], { concurrency: 1 });
      expectTypeOf(values).toEqualTypeOf<number[]>();
      const settled = yield* gatherSettled([after(1, 'x')], { concurrency: 1 });
      expectTypeOf(settled).toEqualTypeOf<PromiseSettledResult<string>[]>();
    }, virtual());
  });

  test('below the number of operations, n worker tasks run them all; otherwise each operation gets a task', async () => {
    const spawned = async (concurrency: number): Promise<number> => {
      let count = 0;
      await run(
        () => gather(Array.from({ length: 10 }, (_, i) => after(i, i)), { concurrency }),
        { ...virtual(), onEvent: (event) => void (event.type === 'task.spawn' && count++) },
      );
      return count - 1; // not the root task
    };
    expect([await spawned(3), await spawned(10), await spawned(Infinity)]).toEqual([3, 10, 10]);
  });

  test('a failure cancels the running operations and is thrown; operations not yet started never start', async () => {
    const log: string[] = [];
    const boom = new RangeError('boom');
    const result = await run(function* () {
      try {
        yield* gather([failAfterMs(10, boom), sleeper(log, 'b', 100), sleeper(log, 'c', 100), sleeper(log, 'd', 100)], { concurrency: 2 });
      } catch (e) {
        return { error: e, time: yield* now() };
      }
      return null;
    }, virtual());
    expect(result).toEqual({ error: boom, time: 10 });
    expect(log).toEqual(['b cancelled (another operation in gather() failed), finally at 10']);
  });

  test('gatherSettled goes on past a failure and returns every outcome in order', async () => {
    const boom = new RangeError('boom');
    const settled = await run(() => gatherSettled([after(10, 'a'), failAfterMs(5, boom), after(1, 'c')], { concurrency: 1 }), virtual());
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'rejected', reason: boom },
      { status: 'fulfilled', value: 'c' },
    ]);
  });

  test('the same generator object twice is an InvalidStateError when its second turn comes, as it is for tasks', async () => {
    const op = after(1, 'a');
    const error = await run(() => catching(gather([op, op], { concurrency: 1 })), virtual());
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toBe(
      'gather(ops, options): ops 1 is a generator object that already ran (or is running); a generator object runs once, so call the coroutine function again for each operation',
    );
    const again = after(1, 'b');
    const settled = await run(() => gatherSettled([again, again], { concurrency: 2 }), virtual());
    expect(settled.map((record) => (record.status === 'fulfilled' ? record.value : (record.reason as Error).name))).toEqual(['b', 'InvalidStateError']);
  });

  test('cancelling the task running a pooled gatherSettled rejects the running and the never-started operations with its CancelledError', async () => {
    const log: string[] = [];
    const result = await run(
      cancelledAfter(15, function* () {
        const settled = yield* gatherSettled([sleeper(log, 'a', 10), sleeper(log, 'b', 10), sleeper(log, 'c', 10)], { concurrency: 1 });
        log.push(`settled: ${settled.map((s) => (s.status === 'rejected' ? `${(s.reason as Error).name} (${String((s.reason as CancelledError).reason)})` : s.status)).join(', ')}`);
        yield* sleep(0);
      }()),
      virtual(),
    );
    expect(result).toBe('stop');
    expect(log).toEqual(['a done at 10', 'b cancelled (stop), finally at 15', 'settled: fulfilled, CancelledError (stop), CancelledError (stop)']);
  });
});

describe('gather and gatherSettled over items, with a function making each item’s operation', () => {
  /** A job for `value` that logs its start time, sleeps `ms` and returns `value * 10`; counts how many run at once in `load`. */
  function jobs(delays: readonly number[], starts: number[], load: { running: number; max: number }) {
    return function* job(value: number): Operation<number> {
      starts.push(yield* now());
      load.max = Math.max(load.max, ++load.running);
      try {
        yield* sleep(delays[value]!);
        return value * 10;
      } finally {
        load.running--;
      }
    };
  }

  test('without options every item’s operation starts at once and the results come in item order', async () => {
    const starts: number[] = [];
    const load = { running: 0, max: 0 };
    const result = await run(function* () {
      const values = yield* gather([0, 1, 2], jobs([30, 10, 20], starts, load));
      return { values, time: yield* now() };
    }, virtual());
    expect(result).toEqual({ values: [0, 10, 20], time: 30 });
    expect(starts).toEqual([0, 0, 0]);
  });

  test('fn is called with each item and its index', async () => {
    const values = await run(() => gather(['a', 'b', 'c'], (item, index) => `${item}${index}`, { concurrency: 2 }), virtual());
    expect(values).toEqual(['a0', 'b1', 'c2']);
  });

  test('with concurrency n, fn is called for an item only when a worker takes it, and at most n run at once', async () => {
    const starts: number[] = [];
    const load = { running: 0, max: 0 };
    const calls: string[] = [];
    const job = jobs([30, 10, 20, 10, 10], starts, load);
    const result = await run(function* () {
      const values = yield* gather(
        [0, 1, 2, 3, 4],
        function* (value) {
          calls.push(`${value} at ${yield* now()}`);
          return yield* job(value);
        },
        { concurrency: 2 },
      );
      return { values, time: yield* now() };
    }, virtual());
    expect(result).toEqual({ values: [0, 10, 20, 30, 40], time: 40 });
    expect(calls).toEqual(['0 at 0', '1 at 0', '2 at 10', '3 at 30', '4 at 30']);
    expect(load.max).toBe(2);
  });

  test('fn may return a plain value, a promise or an operation, as map’s callback may', async () => {
    const values = await run(
      () =>
        gather(
          [1, 2, 3],
          (n): number | Promise<number> | Operation<number> => (n === 1 ? n : n === 2 ? Promise.resolve(n * 2) : after(5, n * 3)),
          { concurrency: 2 },
        ),
      virtual(),
    );
    expect(values).toEqual([1, 4, 9]);
  });

  test('a Set’s values and a Map’s entries are items too', async () => {
    const result = await run(function* () {
      const fromSet = yield* gather(new Set([3, 1, 2]), (n) => n * 2, { concurrency: 2 });
      const fromMap = yield* gather(new Map([['a', 1], ['b', 2]]), ([key, n]) => `${key}=${n}`);
      return { fromSet, fromMap };
    }, virtual());
    expect(result).toEqual({ fromSet: [6, 2, 4], fromMap: ['a=1', 'b=2'] });
  });

  test('the result array is typed by what fn’s results stand for', async () => {
    await run(function* () {
      const strings = yield* gather([1, 2], function* (n) {
        yield* sleep(1);
        return String(n);
      }, { concurrency: 1 });
      expectTypeOf(strings).toEqualTypeOf<string[]>();
      const numbers = yield* gather([1, 2], (n) => Promise.resolve(n));
      expectTypeOf(numbers).toEqualTypeOf<number[]>();
      const settled = yield* gatherSettled(['x'], (s) => s.length, { concurrency: 1 });
      expectTypeOf(settled).toEqualTypeOf<PromiseSettledResult<number>[]>();
    }, virtual());
  });

  test('a pool’s workers are tasks named after fn (after the call when fn has no name); without a limit each item’s operation runs in a task of its own', async () => {
    const spawned = async (concurrency: number): Promise<string[]> => {
      const names: string[] = [];
      await run(() => gather([1, 2, 3], (n) => after(n, n), { concurrency }), {
        ...virtual(),
        onEvent: (event) => void (event.type === 'task.spawn' && event.parentId !== null && names.push(event.name)),
      });
      return names;
    };
    expect(await spawned(2)).toEqual(['gather() worker 0', 'gather() worker 1']);
    expect((await spawned(Infinity)).length).toBe(3);
    const named: string[] = [];
    function job(n: number): Operation<number> {
      return after(n, n);
    }
    await run(() => gather([1, 2, 3], job, { concurrency: 2 }), {
      ...virtual(),
      onEvent: (event) => void (event.type === 'task.spawn' && event.parentId !== null && named.push(event.name)),
    });
    expect(named).toEqual(['job worker 0', 'job worker 1']);
  });

  test('a throw from fn fails the gather: the running operations are cancelled and fn is not called for the items after it', async () => {
    const log: string[] = [];
    const boom = new RangeError('boom');
    const result = await run(function* () {
      try {
        yield* gather(
          ['a', 'b', 'c', 'd'],
          (name) => {
            log.push(`fn ${name}`);
            if (name === 'c') throw boom;
            return sleeper(log, name, name === 'a' ? 10 : 100);
          },
          { concurrency: 2 },
        );
      } catch (e) {
        return { error: e, time: yield* now() };
      }
      return null;
    }, virtual());
    expect(result).toEqual({ error: boom, time: 10 });
    expect(log).toEqual(['fn a', 'fn b', 'a done at 10', 'fn c', 'b cancelled (another operation in gather() failed), finally at 10']);
  });

  test('gatherSettled records a throw from fn as that item’s rejection and goes on', async () => {
    const boom = new RangeError('boom');
    const settled = await run(
      () =>
        gatherSettled(
          [1, 2, 3],
          (n) => {
            if (n === 2) throw boom;
            return after(n, n);
          },
          { concurrency: 1 },
        ),
      virtual(),
    );
    expect(settled).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: boom },
      { status: 'fulfilled', value: 3 },
    ]);
  });

  test('fn returning the same generator object for two items is an InvalidStateError naming the second item', async () => {
    const shared = after(1, 'a');
    const error = await run(() => catching(gather([1, 2], () => shared, { concurrency: 1 })), virtual());
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toBe(
      "gather(items, fn, options): fn's result for items[1] is a generator object that already ran (or is running); a generator object runs once, so call the coroutine function again for each operation",
    );
  });

  test('cancelling a pooled gatherSettled rejects the items never started with its CancelledError, without calling fn for them', async () => {
    const log: string[] = [];
    const result = await run(
      cancelledAfter(15, function* () {
        const settled = yield* gatherSettled(
          ['a', 'b', 'c'],
          (name) => {
            log.push(`fn ${name}`);
            return sleeper(log, name, 10);
          },
          { concurrency: 1 },
        );
        log.push(`settled: ${settled.map((s) => (s.status === 'rejected' ? `${(s.reason as Error).name} (${String((s.reason as CancelledError).reason)})` : s.status)).join(', ')}`);
        yield* sleep(0);
      }()),
      virtual(),
    );
    expect(result).toBe('stop');
    expect(log).toEqual(['fn a', 'a done at 10', 'fn b', 'b cancelled (stop), finally at 15', 'settled: fulfilled, CancelledError (stop), CancelledError (stop)']);
  });

  test('a cancelled pool starts no further job, even when the running job swallows the CancelledError', async () => {
    const log: string[] = [];
    const result = await run(
      cancelledAfter(5, function* () {
        yield* gather(
          ['a', 'b'],
          function* (name) {
            log.push(`fn ${name}`);
            try {
              yield* sleep(10);
            } catch {
              log.push(`${name} swallowed the cancellation at ${yield* now()}`);
            }
            return name;
          },
          { concurrency: 1 },
        );
      }()),
      virtual(),
    );
    expect(result).toBe('stop');
    expect(log).toEqual(['fn a', 'a swallowed the cancellation at 5']);
  });

  test('no items returns an empty array at once', async () => {
    const result = await run(function* () {
      const values = yield* gather([], () => sleep(10), { concurrency: 4 });
      return { values, time: yield* now() };
    }, virtual());
    expect(result).toEqual({ values: [], time: 0 });
  });
});

describe('gather closed early', () => {
  test('closing a gather before its children finish cancels them and waits for their finally blocks', async () => {
    const log: string[] = [];
    function* child(name: string): Operation<void> {
      try {
        yield* sleep(1000);
        log.push(`${name} done`);
      } finally {
        log.push(`${name} finally`);
      }
    }
    const result = await run(function* () {
      const iterator = gather(child('a'), child('b'))[Symbol.iterator]();
      const started = iterator.next();
      expect(started.done).toBe(false);
      yield* sleep(10); // the children start and are sleeping
      let step = iterator.return!(undefined);
      while (step.done !== true) step = iterator.next(yield step.value);
      log.push('closed');
      return (yield* getLoop()).time();
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['a finally', 'b finally', 'closed']);
    expect(result).toBe(10);
  });
});

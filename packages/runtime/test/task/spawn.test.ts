import { describe, expect, test } from 'vitest';
import {
  CancelledError,
  InvalidStateError,
  run,
  shield,
  sleep,
  spawn,
  type ExceptionContext,
  type Operation,
} from '../../src/index.js';
import { failAfterMs, now, virtual } from './support.js';

/** Sleeps `ms`, logging how it ended: returned, or cancelled (with the reason and time). */
function* sleeper(log: string[], name: string, ms: number): Operation<void> {
  try {
    yield* sleep(ms);
    log.push(`${name} done at ${yield* now()}`);
  } catch (e) {
    log.push(`${name} ${e instanceof CancelledError ? `cancelled (${String(e.reason)})` : 'failed'} at ${yield* shield(now())}`);
    throw e;
  }
}

describe('spawn', () => {
  test('spawn returns the task at once without suspending the parent; the child first runs on the next pass', async () => {
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(function* () {
        log.push('child runs');
      }());
      log.push(`parent continues, child is ${task.state}`);
      yield* task;
    }, virtual());
    expect(log).toEqual(['parent continues, child is ready', 'child runs']);
  });

  test('parent and child run concurrently: their sleeps overlap', async () => {
    const elapsed = await run(function* () {
      const child = yield* spawn(sleep(3000));
      yield* sleep(3000);
      yield* child;
      return yield* now();
    }, virtual());
    expect(elapsed).toBe(3000);
  });

  test('a child still running when its parent returns is cancelled, and its finally runs before run() resolves', async () => {
    const log: string[] = [];
    const value = await run(function* () {
      yield* spawn(sleeper(log, 'child', 60_000));
      yield* sleep(10);
      log.push('main returns');
      return 'main value';
    }, virtual());
    log.push('run resolved');
    expect(value).toBe('main value');
    expect(log).toEqual(['main returns', 'child cancelled (the task that spawned it finished) at 10', 'run resolved']);
  });

  test('a parent is not done until its cancelled child has finished cleaning up', async () => {
    const log: string[] = [];
    const seen = await run(function* () {
      const parent = yield* spawn(function* () {
        yield* spawn(function* () {
          try {
            yield* sleep(60_000);
          } finally {
            yield* shield(sleep(25));
            log.push(`child cleaned up at ${yield* shield(now())}`);
          }
        }());
        yield* sleep(10);
        return 'parent value';
      }());
      const value = yield* parent;
      log.push(`parent joined at ${yield* now()}`);
      return value;
    }, virtual());
    expect(seen).toBe('parent value');
    expect(log).toEqual(['child cleaned up at 35', 'parent joined at 35']);
  });

  test('a child that fails while its parent also fails: the parent still waits for its other children', async () => {
    const log: string[] = [];
    const boom = new RangeError('parent failed');
    const caught = await run(function* () {
      const parent = yield* spawn(function* () {
        yield* spawn(sleeper(log, 'child', 60_000));
        yield* sleep(10);
        throw boom;
      }());
      try {
        yield* parent;
        return null;
      } catch (e) {
        log.push(`main caught at ${yield* now()}`);
        return e;
      }
    }, virtual());
    expect(caught).toBe(boom);
    expect(log).toEqual(['child cancelled (the task that spawned it finished) at 10', 'main caught at 10']);
  });

  test('cancelling a parent cancels its children and grandchildren with the same reason', async () => {
    const log: string[] = [];
    await run(function* () {
      const parent = yield* spawn(function* () {
        yield* spawn(function* () {
          yield* spawn(sleeper(log, 'grandchild', 100));
          yield* sleeper(log, 'child', 100);
        }());
        yield* sleeper(log, 'parent', 100);
      }());
      yield* sleep(10);
      parent.cancel('stop');
      yield* sleep(0);
      log.push(`parent cancelled: ${String(parent.cancelled())}`);
    }, virtual());
    expect(log).toEqual([
      'parent cancelled (stop) at 10',
      'child cancelled (stop) at 10',
      'grandchild cancelled (stop) at 10',
      'parent cancelled: true',
    ]);
  });

  test('a child failure does not cancel the parent or its siblings', async () => {
    const log: string[] = [];
    await run(function* () {
      const bad = yield* spawn(failAfterMs(10, new Error('child failed')));
      const sibling = yield* spawn(sleeper(log, 'sibling', 50));
      yield* sleeper(log, 'parent', 30);
      yield* sibling;
      bad.exception();
    }, virtual());
    expect(log).toEqual(['parent done at 30', 'sibling done at 50']);
  });

  test('an unretrieved child error is reported to the exception handler when its parent finishes', async () => {
    const contexts: ExceptionContext[] = [];
    const times: number[] = [];
    const boom = new RangeError('lost');
    let child: unknown;
    const value = await run(function* () {
      child = yield* spawn(failAfterMs(10, boom));
      yield* sleep(50);
      return 'main ok';
    }, {
      ...virtual(),
      exceptionHandler: (loop, context) => {
        contexts.push(context);
        times.push(loop.time());
      },
    });
    expect(value).toBe('main ok');
    // (Tasks are iterable, so toEqual would iterate them: compare the task by identity.)
    expect(contexts.map(({ message, exception }) => ({ message, exception }))).toEqual([
      { message: 'Task exception was never retrieved (task "Task-2")', exception: boom },
    ]);
    expect(contexts[0]!.message).toContain('never retrieved');
    expect(contexts[0]!.task).toBe(child);
    expect(times).toEqual([50]);
  });

  test('a child error retrieved with yield* task is not reported', async () => {
    const contexts: ExceptionContext[] = [];
    const caught = await run(function* () {
      const child = yield* spawn(failAfterMs(10, new Error('seen')));
      yield* sleep(20);
      try {
        yield* child;
      } catch (e) {
        return (e as Error).message;
      }
      return null;
    }, { ...virtual(), exceptionHandler: (_loop, context) => contexts.push(context) });
    expect(caught).toBe('seen');
    expect(contexts).toEqual([]);
  });

  test('a child error read with exception() is not reported', async () => {
    const contexts: ExceptionContext[] = [];
    const message = await run(function* () {
      const child = yield* spawn(failAfterMs(10, new Error('seen')));
      yield* sleep(20);
      return (child.exception() as Error).message;
    }, { ...virtual(), exceptionHandler: (_loop, context) => contexts.push(context) });
    expect(message).toBe('seen');
    expect(contexts).toEqual([]);
  });

  test('a child that was cancelled is not reported as an unretrieved error', async () => {
    const contexts: ExceptionContext[] = [];
    await run(function* () {
      const child = yield* spawn(sleep(100));
      yield* sleep(10);
      child.cancel();
      yield* sleep(10);
    }, { ...virtual(), exceptionHandler: (_loop, context) => contexts.push(context) });
    expect(contexts).toEqual([]);
  });

  test('spawn outside a task throws InvalidStateError when run', () => {
    expect(() => spawn(sleep(1))[Symbol.iterator]().next()).toThrow(
      new InvalidStateError('spawn() must run inside a task: yield* it from a coroutine started with run(), spawn() or loop.run()'),
    );
  });

  test('spawn of an array is a TypeError telling to spread it', () => {
    expect(() => spawn([sleep(1), sleep(2)] as unknown as Operation<void>)).toThrow(
      new TypeError(
        'spawn(op): expected an operation (a generator object or a runtime operation such as sleep(ms)), got an array of length 2; pass operations as separate arguments (spread the array)',
      ),
    );
  });

  test('spawn of a promise is a TypeError telling to wrap it with call()', () => {
    expect(() => spawn(Promise.resolve(1) as unknown as Operation<number>)).toThrow(
      new TypeError(
        'spawn(op): expected an operation (a generator object or a runtime operation such as sleep(ms)), got a Promise; wrap a promise with call(promise)',
      ),
    );
  });

  test('a runtime operation can be spawned directly: spawn(sleep(ms)) finishes after ms', async () => {
    const seen = await run(function* () {
      const task = yield* spawn(sleep(250));
      yield* task;
      return [task.result(), yield* now()];
    }, virtual());
    expect(seen).toEqual([undefined, 250]);
  });
});

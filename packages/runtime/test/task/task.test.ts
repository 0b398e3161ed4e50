import { describe, expect, test } from 'vitest';
import {
  CancelledError,
  InvalidStateError,
  Loop,
  VirtualClock,
  currentTask,
  getLoop,
  run,
  shield,
  sleep,
  spawn,
  type ExceptionContext,
  type Instruction,
  type Task,
} from '../../src/index.js';
import { after, catching, failAfterMs, now, virtual } from './support.js';

describe('Task: done, result, exception', () => {
  test('done() is false while the task runs and true once it has returned', async () => {
    const seen = await run(function* () {
      const task = yield* spawn(after(100, 'v'));
      const before = task.done();
      yield* task;
      return [before, task.done()];
    }, virtual());
    expect(seen).toEqual([false, true]);
  });

  test('result() of an unfinished task throws InvalidStateError naming the task', async () => {
    const error = await run(function* () {
      const task = yield* spawn(after(100, 'v'), { name: 'worker' });
      try {
        task.result();
        return null;
      } catch (e) {
        return e;
      }
    }, virtual());
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toBe('task "worker" has not finished: yield* the task (or await it) before reading its result');
  });

  test('exception() of an unfinished task throws InvalidStateError naming the task', async () => {
    const error = await run(function* () {
      const task = yield* spawn(after(100, 'v'), { name: 'worker' });
      try {
        task.exception();
        return null;
      } catch (e) {
        return e;
      }
    }, virtual());
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toBe('task "worker" has not finished: wait for it before reading its exception');
  });

  test('result() returns the value and exception() returns undefined for a task that returned', async () => {
    const seen = await run(function* () {
      const task = yield* spawn(after(10, 42));
      yield* sleep(20);
      return [task.result(), task.exception()];
    }, virtual());
    expect(seen).toEqual([42, undefined]);
  });

  test('result() rethrows the very error a failed task threw, and exception() returns it', async () => {
    const boom = new RangeError('boom');
    const seen = await run(function* () {
      const task = yield* spawn(failAfterMs(10, boom));
      yield* sleep(20);
      let thrown: unknown;
      try {
        task.result();
      } catch (e) {
        thrown = e;
      }
      return [thrown, task.exception()];
    }, virtual());
    expect(seen[0]).toBe(boom);
    expect(seen[1]).toBe(boom);
  });

  test('result() and exception() of a cancelled task both throw its CancelledError', async () => {
    const seen = await run(function* () {
      const task = yield* spawn(after(100, 'v'));
      yield* sleep(10);
      task.cancel('stop');
      yield* sleep(10);
      const thrown: unknown[] = [];
      for (const read of [() => task.result(), () => task.exception()]) {
        try {
          read();
        } catch (e) {
          thrown.push(e);
        }
      }
      return thrown;
    }, virtual());
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBeInstanceOf(CancelledError);
    expect(seen[1]).toBe(seen[0]);
    expect((seen[0] as CancelledError).reason).toBe('stop');
  });

  test('cancelled() stays false after cancel() until the task has actually finished by cancellation', async () => {
    const seen = await run(function* () {
      const task = yield* spawn(after(100, 'v'));
      yield* sleep(10);
      task.cancel();
      const right = [task.cancelled(), task.done()];
      yield* sleep(0);
      return [...right, task.cancelled(), task.done()];
    }, virtual());
    expect(seen).toEqual([false, false, true, true]);
  });

  test('cancelled() is false for a task that returned or failed', async () => {
    const seen = await run(function* () {
      const ok = yield* spawn(after(10, 1));
      const bad = yield* spawn(failAfterMs(10, new Error('x')));
      yield* sleep(20);
      bad.exception();
      return [ok.cancelled(), bad.cancelled()];
    }, virtual());
    expect(seen).toEqual([false, false]);
  });
});

describe('Task: cancel', () => {
  test('cancel() returns true for an unfinished task and false once it is done', async () => {
    const seen = await run(function* () {
      const task = yield* spawn(after(100, 'v'));
      const finished = yield* spawn(after(1, 'w'));
      yield* sleep(10);
      return [task.cancel(), finished.cancel()];
    }, virtual());
    expect(seen).toEqual([true, false]);
  });

  test('cancel() returns true again for a cancelled task that has not finished yet', async () => {
    const seen = await run(function* () {
      const task = yield* spawn(after(100, 'v'));
      yield* sleep(10);
      const first = task.cancel('a');
      const second = task.cancel('b');
      yield* sleep(0);
      return [first, second, task.cancel('c')];
    }, virtual());
    expect(seen).toEqual([true, true, false]);
  });

  test('the CancelledError thrown into the task carries the reason given to cancel()', async () => {
    const log: string[] = [];
    const reason = { code: 'SHUTDOWN' };
    await run(function* () {
      const task = yield* spawn(function* () {
        try {
          yield* sleep(100);
        } catch (e) {
          log.push(`${(e as Error).name}: ${(e as Error).message}`);
          log.push(`same reason: ${String((e as CancelledError).reason === reason)}`);
          throw e;
        }
      }());
      yield* sleep(10);
      task.cancel(reason);
    }, virtual());
    expect(log).toEqual(['CancelledError: the task was cancelled: {"code":"SHUTDOWN"}', 'same reason: true']);
  });

  test('cancel() without a reason throws a CancelledError whose reason is undefined', async () => {
    const error = await run(function* () {
      const task = yield* spawn(after(100, 'v'));
      yield* sleep(10);
      task.cancel();
      try {
        yield* task;
        return null;
      } catch (e) {
        return e;
      }
    }, virtual());
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).reason).toBeUndefined();
    expect((error as CancelledError).message).toBe('the task was cancelled');
  });

  test('a task that cancels itself and returns without suspending keeps its value: delivery is at suspension points', async () => {
    const seen = await run(function* () {
      const task = yield* spawn(function* () {
        const me = yield* currentTask();
        me.cancel('changed my mind');
        return 'finished anyway';
      }());
      yield* catching(task);
      return { cancelled: task.cancelled(), result: task.result() };
    }, virtual());
    expect(seen).toEqual({ cancelled: false, result: 'finished anyway' });
  });

  test('a task that cancels itself is cancelled at its next suspension point', async () => {
    const seen = await run(function* () {
      const task = yield* spawn(function* () {
        const me = yield* currentTask();
        me.cancel('changed my mind');
        yield* sleep(0);
        return 'not reached';
      }());
      const error = yield* catching(task);
      return { cancelled: task.cancelled(), reason: (error as CancelledError).reason };
    }, virtual());
    expect(seen).toEqual({ cancelled: true, reason: 'changed my mind' });
  });

  test('a task cancelled before it ever ran runs none of its code, not even its finally', async () => {
    const log: string[] = [];
    const seen = await run(function* () {
      const task = yield* spawn(function* () {
        try {
          log.push('body');
          yield* sleep(10);
        } finally {
          log.push('finally');
        }
      }());
      const accepted = task.cancel('too early');
      yield* sleep(0);
      return { accepted, cancelled: task.cancelled(), reason: readReason(task) };
    }, virtual());
    expect(log).toEqual([]);
    expect(seen).toEqual({ accepted: true, cancelled: true, reason: 'too early' });
  });
});

function readReason(task: Task<unknown>): unknown {
  try {
    task.result();
  } catch (e) {
    if (e instanceof CancelledError) return e.reason;
  }
  return 'not cancelled';
}

describe('Task: done callbacks', () => {
  test('addDoneCallback calls the callback once, with the task, on a pass after it finished', async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      const task = yield* spawn(after(10, 'v'), { name: 'worker' });
      task.addDoneCallback((t) => log.push(`callback ${t.name} ${String(t.result())} at ${loop.time()}`));
      yield* sleep(50);
    }, virtual());
    expect(log).toEqual(['callback worker v at 10']);
  });

  test('addDoneCallback on a finished task calls the callback on the next pass, not synchronously', async () => {
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(after(10, 'v'));
      yield* sleep(20);
      task.addDoneCallback(() => log.push('callback'));
      log.push('registered');
      yield* sleep(0);
      log.push('after one pass');
    }, virtual());
    expect(log).toEqual(['registered', 'callback', 'after one pass']);
  });

  test('removeDoneCallback removes every registration of the callback and returns how many it removed', async () => {
    const log: string[] = [];
    const counts = await run(function* () {
      const task = yield* spawn(after(10, 'v'));
      const a = (): void => void log.push('a');
      const b = (): void => void log.push('b');
      task.addDoneCallback(a);
      task.addDoneCallback(b);
      task.addDoneCallback(a);
      const removed = [task.removeDoneCallback(a), task.removeDoneCallback(a)];
      yield* task;
      yield* sleep(0);
      return removed;
    }, virtual());
    expect(counts).toEqual([2, 0]);
    expect(log).toEqual(['b']);
  });

  test('addDoneCallback with a non-function is a TypeError', async () => {
    const error = await run(function* () {
      const task = yield* spawn(after(10, 'v'));
      try {
        task.addDoneCallback(42 as unknown as () => void);
        return null;
      } catch (e) {
        return e;
      }
    }, virtual());
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('task.addDoneCallback(callback): callback must be a function, got number 42');
  });

  test('an error thrown by a done callback goes to the exception handler', async () => {
    const contexts: ExceptionContext[] = [];
    const oops = new Error('oops');
    await run(function* () {
      const task = yield* spawn(after(10, 'v'));
      task.addDoneCallback(function onDone() {
        throw oops;
      });
      yield* sleep(20);
    }, { ...virtual(), exceptionHandler: (_loop, context) => contexts.push(context) });
    expect(contexts).toEqual([{ message: 'Exception in callback onDone', exception: oops }]);
  });

  test('a done callback counts as retrieving the error of a failed child (no never-retrieved report)', async () => {
    const contexts: ExceptionContext[] = [];
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(failAfterMs(10, new Error('x')));
      task.addDoneCallback((t) => log.push(`saw ${(t.exception() as Error).message}`));
      yield* sleep(20);
    }, { ...virtual(), exceptionHandler: (_loop, context) => contexts.push(context) });
    expect(log).toEqual(['saw x']);
    expect(contexts).toEqual([]);
  });
});

describe('Task: names and identity', () => {
  test('a task is named Task-<id> by default, with ids increasing from the main task (id 1, named main)', async () => {
    const names = await run(function* () {
      const me = yield* currentTask();
      const a = yield* spawn(sleep(1));
      const b = yield* spawn(sleep(1));
      return [me.name, me.id, a.name, a.id, b.name, b.id];
    }, virtual());
    expect(names).toEqual(['main', 1, 'Task-2', 2, 'Task-3', 3]);
  });

  test('spawn options.name sets the task name', async () => {
    const name = await run(function* () {
      const task = yield* spawn(sleep(1), { name: 'fetcher' });
      return task.name;
    }, virtual());
    expect(name).toBe('fetcher');
  });

  test('spawn with a name that is not a string is a TypeError at the call', () => {
    expect(() => spawn(sleep(1), { name: 7 as unknown as string })).toThrow(
      new TypeError('spawn(op, options): options.name must be a string, got number 7'),
    );
  });

  test('currentTask() inside a spawned child is that child task', async () => {
    const same = await run(function* () {
      let inside: Task<unknown> | null = null;
      const task = yield* spawn(function* () {
        inside = yield* currentTask();
      }());
      yield* task;
      return inside === task;
    }, virtual());
    expect(same).toBe(true);
  });

  test('getLoop() and currentTask() outside a task throw InvalidStateError', () => {
    expect(() => getLoop()[Symbol.iterator]().next()).toThrow(
      new InvalidStateError('getLoop() must run inside a task: yield* it from a coroutine started with run(), spawn() or loop.run()'),
    );
    expect(() => currentTask()[Symbol.iterator]().next()).toThrow(InvalidStateError);
  });
});

describe('Task: waiting for a task', () => {
  test('yield* task returns the value the task returned', async () => {
    const result = await run(function* () {
      const task = yield* spawn(after(3000, 'value'));
      const value = yield* task;
      return [value, yield* now()];
    }, virtual());
    expect(result).toEqual(['value', 3000]);
  });

  test('yield* task rethrows the very error the task failed with', async () => {
    const boom = new RangeError('boom');
    const caught = await run(function* () {
      const task = yield* spawn(failAfterMs(10, boom));
      try {
        yield* task;
        return null;
      } catch (e) {
        return e;
      }
    }, virtual());
    expect(caught).toBe(boom);
  });

  test('yield* a cancelled task throws its CancelledError', async () => {
    const caught = await run(function* () {
      const task = yield* spawn(after(100, 'v'));
      yield* sleep(10);
      task.cancel('enough');
      try {
        yield* task;
        return null;
      } catch (e) {
        return e;
      }
    }, virtual());
    expect(caught).toBeInstanceOf(CancelledError);
    expect((caught as CancelledError).reason).toBe('enough');
  });

  test('yield* a task that already finished returns at once without yielding to the loop', async () => {
    const log: string[] = [];
    await run(function* () {
      const done = yield* spawn(after(1, 'early'));
      yield* sleep(10);
      const other = yield* spawn(function* () {
        log.push('other task runs');
      }());
      log.push(`got ${yield* done}`);
      yield* other;
    }, virtual());
    expect(log).toEqual(['got early', 'other task runs']);
  });

  test('a task waiting for itself gets InvalidStateError', async () => {
    const error = await run(function* () {
      const me = yield* currentTask();
      try {
        yield* me;
        return null;
      } catch (e) {
        return e;
      }
    }, virtual());
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toBe('task "main" cannot wait for itself');
  });

  test('async code can await a task created with loop.createTask: it resolves with the value at loop time 3000', async () => {
    const loop = new Loop({ clock: new VirtualClock() });
    const task = loop.createTask(after(3000, 'ready'));
    const value = await task;
    expect([value, loop.time(), task.done()]).toEqual(['ready', 3000, true]);
    loop.close();
  });

  test('async code awaiting a failed task rejects with its error', async () => {
    const boom = new RangeError('boom');
    const loop = new Loop({ clock: new VirtualClock() });
    const task = loop.createTask(failAfterMs(10, boom));
    await expect(task.then()).rejects.toBe(boom);
    loop.close();
  });

  test('async code awaiting a cancelled task rejects with its CancelledError', async () => {
    const loop = new Loop({ clock: new VirtualClock() });
    const task = loop.createTask(after(1000, 'never'));
    const main = loop.run(function* () {
      yield* sleep(10);
      task.cancel('stop');
    }());
    const rejection = task.then(
      () => null,
      (e: unknown) => e,
    );
    await main;
    const error = await rejection;
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).reason).toBe('stop');
    loop.close();
  });

  test('a task spawned inside run() can be awaited by async code, which resumes with its value', async () => {
    const log: string[] = [];
    let awaited: Promise<void> = Promise.resolve();
    async function consume(task: Task<string>): Promise<void> {
      log.push(`async got ${await task}`);
    }
    await run(function* () {
      const task = yield* spawn(after(500, 'hello'));
      awaited = consume(task);
      log.push(`coroutine got ${yield* task}`);
    }, virtual());
    await awaited;
    expect(log).toEqual(['coroutine got hello', 'async got hello']);
  });
});

describe('Task: state and waitingOn', () => {
  test('state goes ready -> running -> suspended -> done, and waitingOn names the wait', async () => {
    const seen = await run(function* () {
      let inside = '';
      const task = yield* spawn(function* () {
        inside = (yield* currentTask()).state;
        yield* sleep(100);
      }());
      const atSpawn = [task.state, task.waitingOn];
      yield* sleep(10);
      const whileSleeping = [task.state, task.waitingOn];
      yield* task;
      return [atSpawn, inside, whileSleeping, [task.state, task.waitingOn]];
    }, virtual());
    expect(seen).toEqual([['ready', null], 'running', ['suspended', 'sleep'], ['done', null]]);
  });

  test('a task waiting for another task is suspended on join', async () => {
    const seen = await run(function* () {
      const inner = yield* spawn(after(100, 'v'));
      const outer = yield* spawn(function* () {
        return yield* inner;
      }());
      yield* sleep(10);
      return [outer.state, outer.waitingOn];
    }, virtual());
    expect(seen).toEqual(['suspended', 'join']);
  });

  test('a task whose coroutine returned is finishing until the children it spawned are done', async () => {
    const log: string[] = [];
    const seen = await run(function* () {
      const parent = yield* spawn(function* () {
        yield* spawn(function* () {
          try {
            yield* sleep(1000);
          } finally {
            yield* shield(sleep(50));
            log.push(`child cleaned up at ${yield* now()}`);
          }
        }());
        yield* sleep(10);
        log.push('parent returns at 10');
        return 'p';
      }());
      yield* sleep(20);
      const midway = [parent.state, parent.done(), parent.waitingOn];
      const value = yield* parent;
      return [midway, value, yield* now()];
    }, virtual());
    expect(log).toEqual(['parent returns at 10', 'child cleaned up at 60']);
    expect(seen).toEqual([['finishing', false, null], 'p', 60]);
  });
});

describe('Task: scheduling order', () => {
  test('tasks spawned in the same pass first run in spawn order', async () => {
    const log: string[] = [];
    await run(function* () {
      const tasks: Task<void>[] = [];
      for (const name of ['a', 'b', 'c']) {
        tasks.push(
          yield* spawn(function* () {
            log.push(name);
          }()),
        );
      }
      log.push('main continues');
      for (const task of tasks) yield* task;
    }, virtual());
    expect(log).toEqual(['main continues', 'a', 'b', 'c']);
  });

  test('tasks woken at the same loop time run FIFO in the order their timers were set', async () => {
    const log: string[] = [];
    await run(function* () {
      // a sets its 100 ms deadline last (at time 50), b and c set theirs at time 0.
      const a = yield* spawn(function* () {
        yield* sleep(50);
        yield* sleep(50);
        log.push(`a at ${yield* now()}`);
      }());
      const b = yield* spawn(function* () {
        yield* sleep(100);
        log.push(`b at ${yield* now()}`);
      }());
      const c = yield* spawn(function* () {
        yield* sleep(100);
        log.push(`c at ${yield* now()}`);
      }());
      yield* a;
      yield* b;
      yield* c;
    }, virtual());
    expect(log).toEqual(['b at 100', 'c at 100', 'a at 100']);
  });

  test('sleep(0) yields exactly once: two tasks alternate', async () => {
    const log: string[] = [];
    await run(function* () {
      const tasks: Task<void>[] = [];
      for (const name of ['x', 'y']) {
        tasks.push(
          yield* spawn(function* () {
            for (let i = 0; i < 3; i++) {
              log.push(`${name}${i}`);
              yield* sleep(0);
            }
          }()),
        );
      }
      for (const task of tasks) yield* task;
    }, virtual());
    expect(log).toEqual(['x0', 'y0', 'x1', 'y1', 'x2', 'y2']);
  });

  test('yielding a bare value instead of yield* throws a TypeError into the task', async () => {
    const error = await run(function* (): Generator<Instruction, unknown, unknown> {
      try {
        yield 5 as unknown as Instruction;
        return null;
      } catch (e) {
        return e;
      }
    }, virtual());
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      'task "main" yielded number 5 to the loop; coroutines must use yield* to run an operation (yield* sleep(ms), not yield sleep(ms))',
    );
  });
});

/**
 * Misuse: operations reused after they ran, runtime operations driven
 * outside any task, and a closed loop used again. Each gets a named error
 * that says what to do, and none hangs or leaves a task running.
 */
import { describe, expect, test } from 'vitest';
import {
  InvalidStateError,
  Loop,
  VirtualClock,
  asCompleted,
  call,
  currentTask,
  forEach,
  gather,
  gatherSettled,
  getLoop,
  iterate,
  moveOnAfter,
  failAfter,
  race,
  run,
  shield,
  sleep,
  spawn,
  stream,
  taskGroup,
  type Operation,
} from '../../src/index.js';

const REUSED = 'its operation is a generator object that another task already ran (or is running); a generator object runs once';

function* job(log: string[], name: string): Operation<string> {
  log.push(`${name} started`);
  yield* sleep(10);
  log.push(`${name} finished`);
  return name;
}

/** Runs `main` on a virtual clock and reports its outcome and how many tasks were left alive after run. */
async function outcome<T>(main: () => Operation<T>): Promise<{ value?: T; error?: unknown; liveAfter: number }> {
  let loop: Loop | null = null;
  const capture = (l: Loop): void => {
    loop = l;
  };
  try {
    const value = await run(main, { clock: new VirtualClock(), onLoop: capture, exceptionHandler: () => {} });
    return { value, liveAfter: (loop as Loop | null)?.liveTasks ?? -1 };
  } catch (error) {
    return { error, liveAfter: (loop as Loop | null)?.liveTasks ?? -1 };
  }
}

describe('a generator object reused after a task ran it', () => {
  test('spawning the same generator object twice: the task that starts it first runs it, the other fails with InvalidStateError', async () => {
    const log: string[] = [];
    const result = await outcome(function* () {
      const op = job(log, 'job');
      const tasks = [yield* spawn(op), yield* spawn(op)];
      const outcomes: string[] = [];
      for (const task of tasks) {
        try {
          outcomes.push(`value ${yield* task}`);
        } catch (error) {
          outcomes.push(error instanceof InvalidStateError && error.message.includes(REUSED) ? 'reuse error' : String(error));
        }
      }
      return outcomes.sort();
    });
    expect(result.value).toEqual(['reuse error', 'value job']);
    expect(log).toEqual(['job started', 'job finished']);
    expect(result.liveAfter).toBe(0);
  });

  test('gather(op, op) with the same generator object fails with InvalidStateError instead of returning undefined for one of them', async () => {
    const log: string[] = [];
    const result = await outcome(function* () {
      const op = job(log, 'job');
      return yield* gather(op, op);
    });
    expect(result.error).toBeInstanceOf(InvalidStateError);
    expect((result.error as Error).message).toContain(REUSED);
    expect(result.liveAfter).toBe(0);
  });

  test('running a generator object that already finished fails with InvalidStateError instead of resolving undefined', async () => {
    const log: string[] = [];
    const op = job(log, 'job');
    await expect(run(op, { clock: new VirtualClock() })).resolves.toBe('job');
    await expect(run(op, { clock: new VirtualClock() })).rejects.toThrow(InvalidStateError);
    expect(log).toEqual(['job started', 'job finished']);
  });

  test('group.spawn of one generator object twice fails the group with the reuse error', async () => {
    const log: string[] = [];
    const result = await outcome(function* () {
      yield* taskGroup(function* (group) {
        const op = job(log, 'job');
        group.spawn(op);
        group.spawn(op);
      });
    });
    expect((result.error as AggregateError).errors).toHaveLength(1);
    expect((result.error as AggregateError).errors[0]).toBeInstanceOf(InvalidStateError);
    expect(result.liveAfter).toBe(0);
  });

  test('one step of asCompleted run twice is a TypeError', async () => {
    const result = await outcome(function* () {
      const task = yield* spawn(sleep(5));
      const [step] = asCompleted([task]);
      yield* step!;
      yield* step!;
    });
    expect(result.error).toBeInstanceOf(TypeError);
    expect((result.error as Error).message).toBe('asCompleted(tasks): each step can be run once; take the next one from the iterable');
    expect(result.liveAfter).toBe(0);
  });

  test('a task waiting for itself gets InvalidStateError instead of hanging', async () => {
    const result = await outcome(function* () {
      const me = yield* currentTask();
      yield* me;
    });
    expect(result.error).toBeInstanceOf(InvalidStateError);
    expect((result.error as Error).message).toBe('task "main" cannot wait for itself');
  });

  test('group.spawn after the group has exited is an InvalidStateError naming group.spawn', async () => {
    const result = await outcome(function* () {
      let escaped: { spawn(op: Operation<unknown>): unknown } | null = null;
      yield* taskGroup(function* (group) {
        escaped = group;
      });
      escaped!.spawn(sleep(1));
    });
    expect(result.error).toBeInstanceOf(InvalidStateError);
    expect((result.error as Error).message).toBe('group.spawn(): the task group has already exited; start children from inside its body');
    expect(result.liveAfter).toBe(0);
  });

  test('ready() called twice in group.start is an InvalidStateError', async () => {
    const result = await outcome(function* () {
      yield* taskGroup(function* (group) {
        yield* group.start<number>(function* (ready) {
          ready(1);
          ready(2);
        });
      });
    });
    const errors = (result.error as AggregateError).errors;
    expect(errors[0]).toBeInstanceOf(InvalidStateError);
    expect((errors[0] as Error).message).toBe('group.start(): ready() was called twice; call it once, when the task is ready');
  });

  test('a plain yield of an operation (missing the star) throws a TypeError into the coroutine, which can catch it', async () => {
    const result = await outcome(function* (): Operation<string> {
      try {
        yield sleep(10) as never;
        return 'slept';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(result.value).toBe('task "main" yielded a Sleep to the loop; coroutines must use yield* to run an operation (yield* sleep(ms), not yield sleep(ms))');
  });
});

describe('runtime operations driven outside any task', () => {
  const step = (op: Operation<unknown>): unknown => op[Symbol.iterator]().next();
  const rows: [string, () => unknown][] = [
    ['getLoop()', () => step(getLoop())],
    ['currentTask()', () => step(currentTask())],
    ['spawn()', () => step(spawn(sleep(1)))],
    ['gather()', () => step(gather(sleep(1)))],
    ['gatherSettled()', () => step(gatherSettled(sleep(1)))],
    ['race()', () => step(race(sleep(1)))],
    ['taskGroup()', () => step(taskGroup(function* () {}))],
    ['shield()', () => step(shield(sleep(1)))],
    ['failAfter()', () => step(failAfter(1, sleep(1)))],
    ['moveOnAfter()', () => step(moveOnAfter(1, sleep(1)))],
    ['forEach()', () => step(forEach(stream(function* () {}), () => {}))],
    ['iterate()', () => step(iterate(stream(function* () {})))],
  ];
  test.each(rows)('%s is an InvalidStateError that says to run it inside a task', (name, drive) => {
    expect(drive).toThrow(InvalidStateError);
    expect(drive).toThrow(`${name} must run inside a task: yield* it from a coroutine started with run(), spawn() or loop.run()`);
  });

  test('call(promise) outside a task leaves the promise alone: creating the operation starts nothing', async () => {
    let started = 0;
    call(() => {
      started++;
      return Promise.resolve(1);
    });
    await Promise.resolve();
    expect(started).toBe(0);
  });
});

describe('a closed loop used again', () => {
  const closed = (): Loop => {
    const loop = new Loop({ clock: new VirtualClock() });
    loop.close();
    return loop;
  };
  const rows: [string, (loop: Loop) => unknown][] = [
    ['callSoon', (loop) => loop.callSoon(() => {})],
    ['callLater', (loop) => loop.callLater(10, () => {})],
    ['callAt', (loop) => loop.callAt(10, () => {})],
    ['run', (loop) => loop.run(sleep(1))],
    ['createTask', (loop) => loop.createTask(sleep(1))],
  ];
  test.each(rows)('loop.%s() is an InvalidStateError that says to create a new loop', (name, use) => {
    const loop = closed();
    expect(() => use(loop)).toThrow(InvalidStateError);
    expect(() => use(loop)).toThrow(`loop.${name}(): the loop is closed; create a new Loop (or call run() again)`);
    expect(loop.liveTasks).toBe(0);
  });

  test('closing a loop with a running task is an InvalidStateError, and the task can still be cancelled and finished', async () => {
    const loop = new Loop({ clock: new VirtualClock() });
    const task = loop.createTask(sleep(1000));
    expect(() => loop.close()).toThrow(
      'loop.close(): 1 task(s) are still running; cancel them and wait for them first, or use run(), which does that for you',
    );
    task.cancel();
    await expect(loop.run(sleep(0))).resolves.toBeUndefined();
    expect([task.cancelled(), loop.liveTasks]).toEqual([true, 0]);
    loop.close();
    expect(loop.isClosed()).toBe(true);
  });

  test('a VirtualClock driving a live loop cannot drive a second one; once that loop is closed it can', () => {
    const clock = new VirtualClock();
    const first = new Loop({ clock });
    expect(() => new Loop({ clock })).toThrow('VirtualClock: this clock already drives another loop; create one clock per loop');
    first.close();
    const second = new Loop({ clock });
    expect(second.clock).toBe(clock);
    second.close();
  });

  test('run() after a previous run closed its loop works on a new loop, with the same VirtualClock', async () => {
    const clock = new VirtualClock();
    await run(sleep(100), { clock });
    const time = await run(function* () {
      yield* sleep(50);
      return (yield* getLoop()).time();
    }, { clock });
    expect(time).toBe(150);
  });
});

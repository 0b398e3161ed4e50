import { describe, expect, test } from 'vitest';
import {
  type CancelledError,
  VirtualClock,
  currentTask,
  gather,
  getLoop,
  run,
  sleep,
  spawn,
  type ExceptionContext,
  type Loop,
  type LoopEvent,
  type Operation,
} from '../src/index.js';

// The runtime's tsconfig has no Node types; reach the test host's `process` through globalThis.
const host = (globalThis as unknown as { process: { getActiveResourcesInfo(): string[] } }).process;

function* randn(value: number): Operation<number> {
  yield* sleep(3000);
  return value;
}

describe('run', () => {
  test('runs a coroutine function and resolves with its return value', async () => {
    await expect(run(function* () {
      yield* sleep(0);
      return 42;
    })).resolves.toBe(42);
  });

  test('ten gathered 3 s sleeps end exactly 3000 ms later on a virtual clock', async () => {
    const clock = new VirtualClock();
    const result = await run(function* () {
      const loop = yield* getLoop();
      const start = loop.time();
      const values = yield* gather(...Array.from({ length: 10 }, (_, i) => randn(i + 1)));
      return { values, elapsed: loop.time() - start };
    }, { clock });
    expect(result).toEqual({ values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], elapsed: 3000 });
  });

  test('rejects with the error that escaped main', async () => {
    await expect(run(function* () {
      yield* sleep(10);
      throw new RangeError('bad');
    }, { clock: new VirtualClock() })).rejects.toThrow(new RangeError('bad'));
  });

  test('cancels a child still running when main returns, and runs its finally', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* spawn(function* () {
        try {
          yield* sleep(60_000);
        } finally {
          log.push('child finally');
        }
      }());
      yield* sleep(1);
      log.push('main returns');
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['main returns', 'child finally']);
  });

  test('a coroutine function passed uncalled to spawn is a TypeError that says to call it', () => {
    expect(() => spawn(randn as unknown as Operation<number>)).toThrow(
      'spawn(op): expected an operation (a generator object or a runtime operation such as sleep(ms)), got function randn; did you mean randn() — call the coroutine function to get its operation?',
    );
  });

  test('accepts an operation (a generator object) as well as a coroutine function', async () => {
    await expect(run(randn(7), { clock: new VirtualClock() })).resolves.toBe(7);
  });

  test('accepts a runtime operation such as sleep(ms) and resolves after it on the loop clock', async () => {
    let loop: Loop | undefined;
    await expect(run(sleep(40), { clock: new VirtualClock(), onLoop: (l) => (loop = l) })).resolves.toBeUndefined();
    expect(loop?.time()).toBe(40);
  });

  test('a coroutine function is called once, with no arguments', async () => {
    const calls: unknown[][] = [];
    await run(function* (...args: unknown[]) {
      calls.push(args);
      yield* sleep(0);
    }, { clock: new VirtualClock() });
    expect(calls).toEqual([[]]);
  });

  test('run(42) is a TypeError thrown synchronously at the call', () => {
    expect(() => run(42 as unknown as Operation<number>)).toThrow(
      new TypeError('run(main): expected an operation (a generator object or a runtime operation such as sleep(ms)), got number 42'),
    );
  });

  test('a promise passed to run is a TypeError that says to wrap it with call()', () => {
    expect(() => run(Promise.resolve(1) as unknown as Operation<number>)).toThrow(
      new TypeError('run(main): expected an operation (a generator object or a runtime operation such as sleep(ms)), got a Promise; wrap a promise with call(promise)'),
    );
  });

  test('a function that returns a non-operation is a TypeError naming the value main() returned', () => {
    expect(() => run((() => 42) as unknown as () => Operation<number>)).toThrow(
      new TypeError('run(main): the value main() returned: expected an operation (a generator object or a runtime operation such as sleep(ms)), got number 42'),
    );
  });

  test('an async function passed as main is a TypeError: it returned a promise, not an operation', () => {
    async function fetchOne(): Promise<number> {
      return await Promise.resolve(1);
    }
    expect(() => run(fetchOne as unknown as () => Operation<number>)).toThrow(
      new TypeError(
        'run(main): the value main() returned: expected an operation (a generator object or a runtime operation such as sleep(ms)), got a Promise; wrap a promise with call(promise)',
      ),
    );
  });

  test('options that are not an object are a TypeError', () => {
    expect(() => run(randn(1), null as unknown as object)).toThrow(new TypeError('run(main, options): options must be an object, got null'));
  });

  test('option values of the wrong type are TypeErrors naming the option', () => {
    expect(() => run(randn(1), { name: 5 as unknown as string })).toThrow(new TypeError('run(main, options): options.name must be a string, got number 5'));
    expect(() => run(randn(1), { exceptionHandler: 5 as unknown as () => void })).toThrow(
      new TypeError('run(main, options): options.exceptionHandler must be a function, got number 5'),
    );
    expect(() => run(randn(1), { onEvent: 'log' as unknown as () => void })).toThrow(new TypeError('run(main, options): options.onEvent must be a function, got string "log"'));
    expect(() => run(randn(1), { onLoop: {} as unknown as () => void })).toThrow(new TypeError('run(main, options): options.onLoop must be a function, got an object'));
  });

  test('a run that fails on a bad option leaves its virtual clock free for the next run', async () => {
    const clock = new VirtualClock();
    expect(() => run(randn(1), { clock, exceptionHandler: 5 as unknown as () => void })).toThrow(TypeError);
    await expect(run(randn(2), { clock })).resolves.toBe(2);
    expect(clock.now()).toBe(3000);
  });

  test('an onLoop callback that throws fails run at the call, closes the new loop and frees the clock', async () => {
    const clock = new VirtualClock();
    let loop: Loop | undefined;
    expect(() => run(randn(1), {
      clock,
      onLoop: (l) => {
        loop = l;
        throw new Error('recorder failed to attach');
      },
    })).toThrow(new Error('recorder failed to attach'));
    expect(loop?.isClosed()).toBe(true);
    await expect(run(randn(3), { clock })).resolves.toBe(3);
  });

  test('the main task is named "main" by default', async () => {
    const name = await run(function* () {
      return (yield* currentTask()).name;
    }, { clock: new VirtualClock() });
    expect(name).toBe('main');
  });

  test('options.name names the main task', async () => {
    const name = await run(function* () {
      return (yield* currentTask()).name;
    }, { clock: new VirtualClock(), name: 'entry' });
    expect(name).toBe('entry');
  });

  test('onEvent receives every event of the program from the very first, the spawn of main', async () => {
    const events: LoopEvent[] = [];
    await run(function* () {
      yield* sleep(10);
    }, { clock: new VirtualClock(), onEvent: (event) => events.push(event) });
    expect(events[0]).toMatchObject({ type: 'task.spawn', time: 0, taskId: 1, name: 'main', parentId: null });
    expect(events.map((e) => `${e.type}@${e.time}`)).toEqual([
      'task.spawn@0',
      'task.suspend@0',
      'timer.set@0',
      'task.step@0',
      'loop.idle@0',
      'timer.fire@10',
      'task.resume@10',
      'task.step@10',
      'task.done@10',
      'loop.idle@10',
    ]);
  });

  test('onLoop is called with the new loop before main starts', async () => {
    const log: string[] = [];
    let captured: Loop | undefined;
    const same = await run(function* () {
      log.push('main runs');
      return (yield* getLoop()) === captured;
    }, {
      clock: new VirtualClock(),
      onLoop: (loop) => {
        captured = loop;
        log.push(`onLoop closed=${loop.isClosed()} live=${loop.liveTasks}`);
      },
    });
    expect(log).toEqual(['onLoop closed=false live=0', 'main runs']);
    expect(same).toBe(true);
  });

  test('after run resolves, the loop is closed and no task is left alive', async () => {
    let loop: Loop | undefined;
    await run(function* () {
      yield* spawn(sleep(60_000));
      yield* spawn(sleep(60_000));
      yield* sleep(5);
    }, { clock: new VirtualClock(), onLoop: (l) => (loop = l) });
    expect(loop?.isClosed()).toBe(true);
    expect(loop?.liveTasks).toBe(0);
  });

  test('after run rejects, the loop is closed too', async () => {
    let loop: Loop | undefined;
    await expect(run(function* () {
      yield* spawn(sleep(60_000));
      yield* sleep(5);
      throw new EvalError('main failed');
    }, { clock: new VirtualClock(), onLoop: (l) => (loop = l) })).rejects.toThrow(new EvalError('main failed'));
    expect(loop?.isClosed()).toBe(true);
    expect(loop?.liveTasks).toBe(0);
  });

  test('leftover children are cancelled with a CancelledError and the virtual clock does not run on to their deadlines', async () => {
    const log: string[] = [];
    const clock = new VirtualClock();
    await run(function* () {
      yield* spawn(function* () {
        try {
          yield* sleep(60_000);
        } catch (error) {
          log.push(`child ${(error as Error).name}: ${(error as CancelledError).message}`);
          throw error;
        }
      }());
      yield* sleep(5);
    }, { clock });
    expect(log).toEqual(['child CancelledError: the task was cancelled: the task that spawned it finished']);
    expect(clock.now()).toBe(5);
  });

  test('on the real clock, run leaves no host timer behind when a leftover child was still sleeping', async () => {
    const timers = (): number => host.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    await run(function* () {
      yield* spawn(sleep(60_000));
      yield* sleep(1);
    });
    // At most as many: a timer of an earlier test that was pending before may have fired meanwhile (CI saw 1 before, 0 after).
    expect(timers()).toBeLessThanOrEqual(before);
  });

  test('exceptionHandler receives the error of a child that failed and was never awaited', async () => {
    const reports: ExceptionContext[] = [];
    const failure = new RangeError('child failed');
    const result = await run(function* () {
      yield* spawn(function* () {
        yield* sleep(1);
        throw failure;
      }(), { name: 'kid' });
      yield* sleep(10);
      return 'main finished';
    }, {
      clock: new VirtualClock(),
      exceptionHandler: (_loop, context) => reports.push(context),
    });
    expect(result).toBe('main finished');
    expect(reports).toHaveLength(1);
    expect(reports[0]?.message).toBe('Task exception was never retrieved (task "kid")');
    expect(reports[0]?.exception).toBe(failure);
    expect(reports[0]?.task?.name).toBe('kid');
  });

  test('exceptionHandler is not called for a child error that main awaited', async () => {
    const reports: ExceptionContext[] = [];
    const caught = await run(function* () {
      const child = yield* spawn(function* () {
        yield* sleep(1);
        throw new RangeError('child failed');
      }());
      try {
        yield* child;
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    }, { clock: new VirtualClock(), exceptionHandler: (_loop, context) => reports.push(context) });
    expect(caught).toBe('child failed');
    expect(reports).toEqual([]);
  });

  test('a seed reproduces the same interleaving of same-time tasks on every run', async () => {
    const interleaving = async (seed: number): Promise<string[]> => {
      const log: string[] = [];
      await run(function* () {
        for (const name of ['a', 'b', 'c', 'd']) {
          yield* spawn(function* () {
            for (let i = 0; i < 3; i++) {
              log.push(`${name}${i}`);
              yield* sleep(0);
            }
          }());
        }
        yield* sleep(1);
      }, { clock: new VirtualClock(), seed });
      return log;
    };
    const first = await interleaving(42);
    const second = await interleaving(42);
    expect(second).toEqual(first);
    // Each round is still every task exactly once: the seed shuffles within a pass, never across passes.
    for (let round = 0; round < 3; round++) {
      expect(first.slice(round * 4, round * 4 + 4).sort()).toEqual(['a', 'b', 'c', 'd'].map((n) => `${n}${round}`));
    }
  });

  test('without a seed, same-time tasks run FIFO; seeds shuffle that order', async () => {
    const interleaving = async (seed: number | undefined): Promise<string> => {
      const log: string[] = [];
      await run(function* () {
        for (const name of ['a', 'b', 'c', 'd']) {
          yield* spawn(function* () {
            log.push(name);
            yield* sleep(0);
          }());
        }
        yield* sleep(1);
      }, { clock: new VirtualClock(), ...(seed === undefined ? {} : { seed }) });
      return log.join('');
    };
    expect(await interleaving(undefined)).toBe('abcd');
    const seeded = await Promise.all([1, 2, 3, 4, 5].map((seed) => interleaving(seed)));
    expect(seeded.some((order) => order !== 'abcd')).toBe(true);
  });

  test('a non-integer seed is a TypeError', () => {
    expect(() => run(randn(1), { seed: 1.5 })).toThrow(new TypeError('new Loop(options): options.seed must be an integer, got number 1.5'));
  });
});

/**
 * Unhandled errors are never lost: an error nobody can receive — a task
 * nobody awaits, a done callback, a stream's `finally` run by the task that
 * left it open, a leftover task failing while `run` closes the loop — goes to
 * the loop's exception handler, exactly once, and never becomes an unhandled
 * promise rejection (a process-level listener watches during each test).
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  CancelledError,
  VirtualClock,
  forEach,
  gather,
  getLoop,
  iterate,
  pipe,
  run,
  sleep,
  spawn,
  stream,
  suspend,
  take,
  taskGroup,
  type ExceptionContext,
  type Operation,
} from '../../src/index.js';

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});

afterEach(async () => {
  // Let any rejection that nobody handled surface (Node reports them after the microtask queue drains).
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

/** Runs `main` on a virtual clock, collecting what reaches the exception handler. */
async function reported(main: () => Operation<unknown>): Promise<{ contexts: ExceptionContext[]; result: unknown }> {
  const contexts: ExceptionContext[] = [];
  let result: unknown;
  try {
    result = await run(main, { clock: new VirtualClock(), exceptionHandler: (_loop, context) => void contexts.push(context) });
  } catch (error) {
    result = error;
  }
  return { contexts, result };
}

function* failsAfter(ms: number, error: Error): Operation<never> {
  yield* sleep(ms);
  throw error;
}

describe('errors nobody can receive reach the exception handler', () => {
  test('a spawned task that fails while nobody awaits it: reported once, with the task, when its parent finishes', async () => {
    const boom = new Error('nobody awaited me');
    const { contexts, result } = await reported(function* () {
      yield* spawn(failsAfter(5, boom), { name: 'orphan' });
      yield* sleep(10);
      return 'main done';
    });
    expect(result).toBe('main done');
    expect(contexts.map((c) => [c.message, c.exception, c.task?.name])).toEqual([['Task exception was never retrieved (task "orphan")', boom, 'orphan']]);
  });

  test('a top-level task made with loop.createTask that fails: reported once', async () => {
    const boom = new Error('top-level');
    const { contexts } = await reported(function* () {
      const loop = yield* getLoop();
      loop.createTask(failsAfter(1, boom), { name: 'background' });
      yield* sleep(5);
    });
    expect(contexts.map((c) => [c.message, c.exception])).toEqual([['Task exception was never retrieved (task "background")', boom]]);
  });

  test('a done callback that throws: reported with the callback error, the task still done and other callbacks still called', async () => {
    const boom = new Error('callback failed');
    const calls: string[] = [];
    const { contexts, result } = await reported(function* () {
      const task = yield* spawn(sleep(5), { name: 'watched' });
      task.addDoneCallback(() => {
        throw boom;
      });
      task.addDoneCallback((t) => void calls.push(`second saw ${t.name} done=${t.done()}`));
      yield* task;
      yield* sleep(1);
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(calls).toEqual(['second saw watched done=true']);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]!.exception).toBe(boom);
  });

  test('a stream whose finally throws, left open by iterate(): reported when its task finishes and closes it', async () => {
    const boom = new Error('stream cleanup failed');
    const { contexts, result } = await reported(function* () {
      yield* spawn(
        (function* () {
          const numbers = yield* iterate(
            stream<number>(function* () {
              try {
                for (let i = 0; ; i++) {
                  yield* sleep(1);
                  yield i;
                }
              } finally {
                yield* sleep(1);
                // eslint-disable-next-line no-unsafe-finally -- the point of the test
                throw boom;
              }
            }),
          );
          yield* numbers.next();
          // Returns without closing: the task closes the stream as it finishes.
        })(),
        { name: 'reader' },
      );
      yield* sleep(20);
      return 'main done';
    });
    expect(result).toBe('main done');
    expect(contexts.map((c) => c.exception)).toEqual([boom]);
    expect(contexts[0]!.message).toContain('Task exception was never retrieved');
  });

  test('a stream whose finally throws when its consumer stops early: the error reaches the consumer, not the void', async () => {
    const boom = new Error('stream cleanup failed');
    const { contexts, result } = await reported(function* () {
      const seen: number[] = [];
      yield* forEach(
        pipe(
          stream<number>(function* () {
            try {
              for (let i = 0; ; i++) yield i;
            } finally {
              // eslint-disable-next-line no-unsafe-finally -- the point of the test
              throw boom;
            }
          }),
          take(2),
        ),
        (value) => void seen.push(value),
      );
      return seen;
    });
    expect(result).toBe(boom);
    expect(contexts).toEqual([]);
  });

  test('a leftover task whose finally fails while run() closes the loop: reported, and run still resolves', async () => {
    const boom = new Error('failed during shutdown');
    const { contexts, result } = await reported(function* () {
      const loop = yield* getLoop();
      loop.createTask(
        (function* () {
          try {
            yield* suspend();
          } finally {
            // eslint-disable-next-line no-unsafe-finally -- the point of the test
            throw boom;
          }
        })(),
        { name: 'leftover' },
      );
      yield* sleep(1);
      return 'main done';
    });
    expect(result).toBe('main done');
    expect(contexts.map((c) => [c.message, c.exception])).toEqual([['Task exception was never retrieved (task "leftover")', boom]]);
  });

  test('a second failure in gather while the others are cancelled: reported, the first one thrown', async () => {
    const first = new Error('first');
    const second = new Error('second');
    const { contexts, result } = await reported(function* () {
      yield* gather(
        failsAfter(5, first),
        (function* () {
          try {
            yield* sleep(100);
          } finally {
            // eslint-disable-next-line no-unsafe-finally -- the point of the test
            throw second;
          }
        })(),
      );
    });
    expect(result).toBe(first);
    expect(contexts.map((c) => c.exception)).toEqual([second]);
  });

  test('a group child that fails is thrown in the TaskGroupError and not reported a second time', async () => {
    const boom = new Error('child');
    const { contexts, result } = await reported(function* () {
      yield* taskGroup(function* (group) {
        group.spawn(failsAfter(1, boom));
      });
    });
    expect((result as AggregateError).errors).toEqual([boom]);
    expect(contexts).toEqual([]);
  });

  test('a cancelled task is never reported as an error', async () => {
    const { contexts } = await reported(function* () {
      const task = yield* spawn(suspend());
      yield* sleep(1);
      task.cancel('stop');
      yield* sleep(1);
      return task.cancelled();
    });
    expect(contexts).toEqual([]);
  });

  test('a failing exception handler falls back to console.error instead of throwing into the loop', async () => {
    const printed: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void printed.push(args);
    try {
      const value = await run(
        function* () {
          yield* spawn(failsAfter(1, new Error('orphan')));
          yield* sleep(5);
          return 'ok';
        },
        {
          clock: new VirtualClock(),
          exceptionHandler: () => {
            throw new Error('handler broke');
          },
        },
      );
      expect(value).toBe('ok');
    } finally {
      console.error = original;
    }
    expect(printed.map((args) => args[0])).toEqual(['loop: the exception handler failed:']);
    expect((printed[0]![1] as Error).message).toBe('handler broke');
  });

  test('a task that fails is not an unhandled rejection even when async code never awaits it', async () => {
    await reported(function* () {
      const task = yield* spawn(failsAfter(1, new Error('x')));
      yield* sleep(5);
      return task.done();
    });
    // The afterEach hook asserts that no unhandledRejection was seen.
  });

  test('run() rejects with the main task’s error, which the caller handles: no unhandled rejection, nothing reported', async () => {
    const boom = new Error('main failed');
    const { contexts, result } = await reported(function* () {
      yield* sleep(1);
      throw boom;
    });
    expect(result).toBe(boom);
    expect(contexts).toEqual([]);
  });

  test('a CancelledError escaping main is what run() rejects with', async () => {
    const { result } = await reported(function* () {
      const me = yield* spawn(suspend());
      me.cancel();
      yield* me;
    });
    expect(result).toBeInstanceOf(CancelledError);
  });
});

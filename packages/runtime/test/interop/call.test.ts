import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CancelledError, VirtualClock, call, getLoop, run, sleep, spawn, timeout, type Task } from '../../src/index.js';

// The runtime's tsconfig has no Node types; reach the test host's `process` through globalThis.
interface HostProcess {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): void;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): void;
}
const host = (globalThis as unknown as { process: HostProcess }).process;

/** Lets host timers and every pending microtask run (enough for unhandled-rejection detection). */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('call', () => {
  let unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeEach(() => {
    unhandled = [];
    host.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    host.off('unhandledRejection', onUnhandled);
  });

  test("resolves with the promise's value", async () => {
    const result = await run(function* () {
      return yield* call(Promise.resolve(42));
    }, { clock: new VirtualClock() });
    expect(result).toBe(42);
  });

  test('resolves with the value of a promise that settles later on a host timer', async () => {
    const result = await run(function* () {
      return yield* call(new Promise<string>((resolve) => setTimeout(() => resolve('later'), 5)));
    }, { clock: new VirtualClock() });
    expect(result).toBe('later');
  });

  test('accepts any PromiseLike (a bare thenable)', async () => {
    const thenable: PromiseLike<number> = {
      then<R1, R2>(onfulfilled?: ((value: number) => R1 | PromiseLike<R1>) | null): PromiseLike<R1 | R2> {
        return Promise.resolve(7).then(onfulfilled);
      },
    };
    const result = await run(function* () {
      return yield* call(thenable);
    }, { clock: new VirtualClock() });
    expect(result).toBe(7);
  });

  test("a thenable whose then() throws is a rejection thrown into the coroutine, and the virtual clock keeps running", async () => {
    const hostile = {
      then(): never {
        throw new ReferenceError('then exploded');
      },
    } as unknown as PromiseLike<number>;
    const result = await run(function* () {
      const loop = yield* getLoop();
      let caught: unknown;
      try {
        yield* call(hostile);
      } catch (error) {
        caught = error;
      }
      yield* sleep(10);
      return { caught, at: loop.time() };
    }, { clock: new VirtualClock() });
    expect(result).toEqual({ caught: new ReferenceError('then exploded'), at: 10 });
    expect(result.caught).toBeInstanceOf(ReferenceError);
  });

  test('a rejection is thrown into the coroutine, where it can be caught', async () => {
    const result = await run(function* () {
      try {
        yield* call(Promise.reject(new RangeError('remote failed')));
        return 'no error';
      } catch (error) {
        return error;
      }
    }, { clock: new VirtualClock() });
    expect(result).toEqual(new RangeError('remote failed'));
    expect(result).toBeInstanceOf(RangeError);
  });

  test('an uncaught rejection fails the task with that same error', async () => {
    const error = new SyntaxError('bad payload');
    await expect(run(function* () {
      yield* call(Promise.reject(error));
    }, { clock: new VirtualClock() })).rejects.toBe(error);
  });

  test('the function form is called with an AbortSignal that is not aborted, and its promise value is returned', async () => {
    let received: AbortSignal | undefined;
    const result = await run(function* () {
      return yield* call((signal) => {
        received = signal;
        return Promise.resolve('fetched');
      });
    }, { clock: new VirtualClock() });
    expect(result).toBe('fetched');
    expect(received).toBeInstanceOf(AbortSignal);
    expect(received?.aborted).toBe(false);
  });

  test('the function form is not called until the operation is yielded*', async () => {
    const log: string[] = [];
    await run(function* () {
      const op = call(() => {
        log.push('called');
        return 1;
      });
      log.push('created');
      yield* op;
      log.push('done');
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['created', 'called', 'done']);
  });

  test('a function returning a plain value gives that value', async () => {
    const result = await run(function* () {
      return yield* call(() => ({ plain: true }));
    }, { clock: new VirtualClock() });
    expect(result).toEqual({ plain: true });
  });

  test('a function that throws synchronously throws that error into the coroutine', async () => {
    const result = await run(function* () {
      try {
        yield* call((): number => {
          throw new URIError('sync failure');
        });
        return 'no error';
      } catch (error) {
        return error;
      }
    }, { clock: new VirtualClock() });
    expect(result).toEqual(new URIError('sync failure'));
    expect(result).toBeInstanceOf(URIError);
  });

  test('cancelling the waiting task aborts the signal with a CancelledError, and the task is cancelled without waiting for the foreign promise', async () => {
    let received: AbortSignal | undefined;
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      const task = yield* spawn(function* () {
        try {
          yield* call((signal) => {
            received = signal;
            signal.addEventListener('abort', () => log.push('abort event'));
            return new Promise<never>(() => {});
          });
        } catch (error) {
          log.push(`task caught ${(error as Error).name}: ${(error as Error).message}`);
          throw error;
        }
      }());
      yield* sleep(0);
      log.push(`cancel@${loop.time()}`);
      task.cancel('user left');
      try {
        yield* task;
      } catch (error) {
        log.push(`joined ${(error as Error).name}`);
      }
      log.push(`cancelled=${task.cancelled()}`);
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['cancel@0', 'abort event', 'task caught CancelledError: the task was cancelled: user left', 'joined CancelledError', 'cancelled=true']);
    expect(received?.aborted).toBe(true);
    expect(received?.reason).toBeInstanceOf(CancelledError);
    expect((received?.reason as CancelledError).message).toBe('the task was cancelled: the task awaiting call() was cancelled');
  });

  test('the virtual clock does not jump past a pending call: a sleeper due at 10 wakes only after the foreign promise settles', async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      const sleeper = yield* spawn(function* () {
        yield* sleep(10);
        log.push(`sleeper woke@${loop.time()}`);
      }());
      const value = yield* call(new Promise<string>((resolve) => setTimeout(() => resolve('v'), 15)));
      log.push(`call resolved ${value}@${loop.time()}`);
      yield* sleeper;
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['call resolved v@0', 'sleeper woke@10']);
  });

  test('a timeout around a call that never settles fires when the virtual clock is advanced by hand, and aborts the signal', async () => {
    const clock = new VirtualClock();
    let received: AbortSignal | undefined;
    const promise = run(function* () {
      const loop = yield* getLoop();
      try {
        yield* timeout(100, call((signal) => {
          received = signal;
          return new Promise<never>(() => {});
        }));
        return 'finished';
      } catch (error) {
        return `${(error as Error).name}@${loop.time()}`;
      }
    }, { clock });
    await settle();
    expect(clock.now()).toBe(0);
    clock.advance(100);
    await expect(promise).resolves.toBe('TimeoutError@100');
    expect(received?.aborted).toBe(true);
  });

  test('a non-promise, non-function source is a TypeError at the call site', () => {
    expect(() => call(5 as unknown as Promise<number>)).toThrow(new TypeError('call(source): expected a promise or a function (signal) => promise, got number 5'));
    expect(() => call(null as unknown as Promise<number>)).toThrow(new TypeError('call(source): expected a promise or a function (signal) => promise, got null'));
    expect(() => call({ then: 1 } as unknown as Promise<number>)).toThrow(new TypeError('call(source): expected a promise or a function (signal) => promise, got an object'));
  });

  test('a promise that rejects after its task was cancelled is not reported as an unhandled rejection', async () => {
    let reject!: (error: Error) => void;
    const foreign = new Promise<never>((_, r) => {
      reject = r;
    });
    let task!: Task<void>;
    await run(function* () {
      task = yield* spawn(function* () {
        yield* call(foreign);
      }());
      yield* sleep(0);
      task.cancel();
    }, { clock: new VirtualClock() });
    expect(task.cancelled()).toBe(true);
    reject(new Error('late rejection'));
    await settle();
    expect(unhandled).toEqual([]);
  });

  test('a function-form promise that rejects because of the abort is not reported as an unhandled rejection', async () => {
    let task!: Task<void>;
    await run(function* () {
      task = yield* spawn(function* () {
        yield* call((signal) => new Promise<never>((_, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted by signal')));
        }));
      }());
      yield* sleep(0);
      task.cancel();
    }, { clock: new VirtualClock() });
    await settle();
    expect(task.cancelled()).toBe(true);
    expect(unhandled).toEqual([]);
  });

  test('a promise handed to call() in an already-cancelled task (level-triggered) is not reported as unhandled when it rejects', async () => {
    let reject!: (error: Error) => void;
    const cleanup = new Promise<never>((_, r) => {
      reject = r;
    });
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(function* () {
        try {
          yield* sleep(1000);
        } finally {
          try {
            yield* call(cleanup);
          } catch (error) {
            log.push(`cleanup call threw ${(error as Error).name}`);
          }
        }
      }());
      yield* sleep(0);
      task.cancel();
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['cleanup call threw CancelledError']);
    reject(new Error('cleanup failed late'));
    await settle();
    expect(unhandled).toEqual([]);
  });
});

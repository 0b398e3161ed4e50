import { describe, expect, test } from 'vitest';
import { gather, moveOnAfter, run, sleep, type Operation } from '@loop/runtime';
import { configureThreads, shutdownThreads, toThread } from '../../src/index.js';
import { fixture, runNode } from '../support.js';

const work = new URL('../fixtures/work.mjs', import.meta.url);

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function* settle(op: Operation<unknown>): Operation<unknown> {
  try {
    return yield* op;
  } catch (error) {
    return error;
  }
}

describe('toThread', () => {
  test('a CPU-bound function runs on a thread while the loop keeps ticking: a concurrent sleep finishes first', async () => {
    // The worker computes, then spins until the loop's sleeping task raises a
    // shared flag: if the loop were blocked while the worker runs, this would never end.
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const order: string[] = [];
    const [value] = await run(() =>
      gather(
        (function* () {
          const result = yield* toThread((n: number, done: Int32Array) => {
            const fibonacci = (k: number): number => (k < 2 ? k : fibonacci(k - 1) + fibonacci(k - 2));
            const computed = fibonacci(n);
            while (Atomics.load(done, 0) === 0);
            return computed;
          }, 27, flag);
          order.push('worker done');
          return result;
        })(),
        (function* () {
          yield* sleep(20);
          order.push('sleep done');
          Atomics.store(flag, 0, 1);
        })(),
      ),
    );
    expect(value).toBe(196418);
    expect(order).toEqual(['sleep done', 'worker done']);
  });

  test('the module form calls a named export, or the default export', async () => {
    const values = await run(() => gather(toThread<number>({ module: work, export: 'fib' }, 20), toThread<number>({ module: fixture('work.mjs') }, 21)));
    expect(values).toEqual([6765, 42]);
  });

  test('an async function’s promise is awaited in the worker', async () => {
    const value = await run(() =>
      toThread(async (ms: number) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return `waited ${ms}`;
      }, 10),
    );
    expect(value).toBe('waited 10');
  });

  test('an error thrown in the worker comes back with its name, message, stack and code', async () => {
    const error = await run(() => settle(toThread({ module: work, export: 'validate' }, 42)));
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ValidationError', message: 'invalid value: 42', code: 'E_INVALID' });
    expect((error as Error).stack).toContain('ValidationError: invalid value: 42');
    expect((error as Error).stack).toContain('work.mjs');
  });

  test('a built-in error class crosses as itself', async () => {
    const error = await run(() =>
      settle(
        toThread((n: number) => {
          if (n < 0) throw new RangeError(`n must be >= 0, got ${n}`);
          return n;
        }, -1),
      ),
    );
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('n must be >= 0, got -1');
  });

  test('cancelling a running job terminates its thread; the pool serves the next job', async () => {
    const seen = await run(function* () {
      const spun = yield* moveOnAfter(100, toThread({ module: work, export: 'spin' }));
      const next = yield* toThread(fib, 10);
      return { timedOut: spun.timedOut, next };
    });
    expect(seen).toEqual({ timedOut: true, next: 55 });
  });

  test('a missing export is a TypeError that names it', async () => {
    const error = await run(() => settle(toThread({ module: work, export: 'nope' })));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(`toThread: ${work.href} has no function export named "nope" (found undefined)`);
  });

  test('after run() the process exits by itself, even after a cancelled job (child process)', async () => {
    const result = await runNode(fixture('thread-exit.mjs'));
    expect(result).toEqual({ stdout: '{"value":6765,"timedOut":true}\n', stderr: '', code: 0, signal: null });
  });

  test('shutdownThreads destroys the pool; the next toThread starts a new one', async () => {
    const values = await run(function* () {
      const before = yield* toThread((x: number) => x + 1, 1);
      yield* shutdownThreads();
      const after = yield* toThread((x: number) => x + 1, 2);
      return [before, after];
    });
    expect(values).toEqual([2, 3]);
  });

  test('functions that cannot be sent are TypeErrors at the call', () => {
    const holder = {
      method(this: void, x: number): number {
        return x;
      },
    };
    expect(() => toThread(holder.method, 1)).toThrow(
      new TypeError(
        'toThread(target, ...args): function method cannot be sent to a thread: its source is not a function expression (a method shorthand or a class?); use a function declaration or an arrow function',
      ),
    );
    expect(() => toThread(Math.sqrt, 4)).toThrow(
      new TypeError('toThread(target, ...args): function sqrt is native or bound; only functions written in JavaScript can be sent to a thread (wrap it: (x) => Math.sqrt(x))'),
    );
    expect(() => toThread('fib' as unknown as () => void)).toThrow(
      new TypeError('toThread(target, ...args): target must be a self-contained function or { module, export }, got string "fib"'),
    );
    expect(() => toThread({ module: '' })).toThrow(new TypeError('toThread(target, ...args): target.module must be a non-empty string, got an empty string'));
  });

  test('configureThreads validates its options', () => {
    expect(() => configureThreads({ maxThreads: 0 })).toThrow(new RangeError('configureThreads(options): options.maxThreads must be a whole number >= 1, got 0'));
    expect(() => configureThreads({ minThreads: 3, maxThreads: 2 })).toThrow(
      new RangeError('configureThreads(options): options.minThreads (3) must not exceed options.maxThreads (2)'),
    );
  });
});

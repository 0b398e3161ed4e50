import { describe, expect, test } from 'vitest';
import { CancelledError, InvalidStateError, TimeoutError, VirtualClock, forEach, getLoop, run, sleep, spawn, timeout, type Operation } from '../../src/index.js';

async function* numbers(count: number, log: string[] = []): AsyncGenerator<number> {
  try {
    for (let i = 1; i <= count; i++) yield await Promise.resolve(i);
    log.push('source done');
  } finally {
    log.push('source finally');
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

describe('forEach over an AsyncIterable', () => {
  test('visits every value in order with a plain callback', async () => {
    const seen: number[] = [];
    await run(function* () {
      yield* forEach(numbers(4), (n) => {
        seen.push(n);
      });
    }, { clock: new VirtualClock() });
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  test('runs the source to its end, so its finally runs once, after the last value', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* forEach(numbers(2, log), (n) => {
        log.push(`got ${n}`);
      });
      log.push('forEach returned');
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['got 1', 'got 2', 'source done', 'source finally', 'forEach returned']);
  });

  test('waits for a generator-function callback before taking the next value: loop time advances exactly per item', async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      yield* forEach(numbers(3), function* (n): Operation<void> {
        log.push(`start ${n}@${loop.time()}`);
        yield* sleep(100);
        log.push(`end ${n}@${loop.time()}`);
      });
      log.push(`done@${loop.time()}`);
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['start 1@0', 'end 1@100', 'start 2@100', 'end 2@200', 'start 3@200', 'end 3@300', 'done@300']);
  });

  test('works with any AsyncIterable object, not only async generators', async () => {
    const seen: string[] = [];
    const iterable: AsyncIterable<string> = {
      [Symbol.asyncIterator]() {
        const items = ['x', 'y'];
        return {
          next: () => Promise.resolve(items.length > 0 ? { done: false as const, value: items.shift()! } : { done: true as const, value: undefined }),
        };
      },
    };
    await run(function* () {
      yield* forEach(iterable, (s) => {
        seen.push(s);
      });
    }, { clock: new VirtualClock() });
    expect(seen).toEqual(['x', 'y']);
  });

  test("when a plain callback throws, the source's finally runs and the error propagates", async () => {
    const log: string[] = [];
    const result = await run(function* () {
      try {
        yield* forEach(numbers(5, log), (n) => {
          log.push(`got ${n}`);
          if (n === 2) throw new RangeError('stop at 2');
        });
        return 'no error';
      } catch (error) {
        log.push(`caught ${(error as Error).message}`);
        return error;
      }
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['got 1', 'got 2', 'source finally', 'caught stop at 2']);
    expect(result).toBeInstanceOf(RangeError);
  });

  test("when a generator callback throws after waiting, the source's finally runs and the error propagates", async () => {
    const log: string[] = [];
    const result = await run(function* () {
      const loop = yield* getLoop();
      try {
        yield* forEach(numbers(5, log), function* (n): Operation<void> {
          yield* sleep(10);
          log.push(`got ${n}@${loop.time()}`);
          if (n === 1) throw new TypeError('bad item');
        });
        return 'no error';
      } catch (error) {
        return error;
      }
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['got 1@10', 'source finally']);
    expect(result).toEqual(new TypeError('bad item'));
  });

  test('when the source throws, the error reaches the coroutine', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield await Promise.resolve(1);
      throw new SyntaxError('source broke');
    }
    const seen: number[] = [];
    const result = await run(function* () {
      try {
        yield* forEach(failing(), (n) => {
          seen.push(n);
        });
        return 'no error';
      } catch (error) {
        return error;
      }
    }, { clock: new VirtualClock() });
    expect(seen).toEqual([1]);
    expect(result).toEqual(new SyntaxError('source broke'));
  });

  test("when the consuming task is cancelled while the callback is suspended, the source's finally runs before the task ends", async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      const consumer = yield* spawn(function* () {
        try {
          yield* forEach(numbers(10, log), function* (n): Operation<void> {
            yield* sleep(100);
            log.push(`item ${n}@${loop.time()}`);
          });
        } catch (error) {
          log.push(`consumer caught ${(error as Error).name}`);
          throw error;
        }
      }());
      yield* sleep(150);
      log.push(`cancel@${loop.time()}`);
      consumer.cancel();
      try {
        yield* consumer;
      } catch (error) {
        log.push(`joined ${(error as Error).name}@${loop.time()}`);
      }
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['item 1@100', 'cancel@150', 'source finally', 'consumer caught CancelledError', 'joined CancelledError@150']);
  });

  test("a timeout around forEach closes the source (its finally runs) and then throws TimeoutError at the deadline", async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      try {
        yield* timeout(250, forEach(numbers(10, log), function* (n): Operation<void> {
          yield* sleep(100);
          log.push(`item ${n}@${loop.time()}`);
        }));
      } catch (error) {
        log.push(`${error instanceof TimeoutError ? 'TimeoutError' : String(error)}@${loop.time()}`);
      }
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['item 1@100', 'item 2@200', 'source finally', 'TimeoutError@250']);
  });

  test("when the consuming task is cancelled while next() is pending, return() is requested without waiting and the task ends at once", async () => {
    const log: string[] = [];
    const iterable: AsyncIterable<number> = {
      [Symbol.asyncIterator]() {
        return {
          next: () => {
            log.push('next');
            return new Promise<IteratorResult<number>>(() => {});
          },
          return: () => {
            log.push('return');
            return Promise.resolve({ done: true as const, value: undefined });
          },
        };
      },
    };
    let consumerCancelled = false;
    await run(function* () {
      const consumer = yield* spawn(forEach(iterable, () => {
        log.push('callback');
      }));
      yield* sleep(0);
      consumer.cancel();
      try {
        yield* consumer;
      } catch (error) {
        consumerCancelled = error instanceof CancelledError;
      }
    }, { clock: new VirtualClock() });
    await settle();
    expect(log).toEqual(['next', 'return']);
    expect(consumerCancelled).toBe(true);
  });

  test('a source that is not AsyncIterable is a TypeError at the call', () => {
    expect(() => forEach([1, 2, 3] as unknown as AsyncIterable<number>, () => {})).toThrow(
      new TypeError('forEach(source, fn): source must be a Stream or an AsyncIterable, got an array of length 3'),
    );
    expect(() => forEach(null as unknown as AsyncIterable<number>, () => {})).toThrow(new TypeError('forEach(source, fn): source must be a Stream or an AsyncIterable, got null'));
    expect(() => forEach(Promise.resolve(1) as unknown as AsyncIterable<number>, () => {})).toThrow(
      new TypeError('forEach(source, fn): source must be a Stream or an AsyncIterable, got a Promise'),
    );
  });

  test('a callback that is not a function is a TypeError at the call', () => {
    expect(() => forEach(numbers(1), 'log' as unknown as () => void)).toThrow(new TypeError('forEach(source, fn): fn must be a function, got string "log"'));
  });

  test('outside a task, running forEach is an InvalidStateError that says how to run it', () => {
    const op = forEach(numbers(1), () => {});
    expect(() => op[Symbol.iterator]().next()).toThrow(
      new InvalidStateError('forEach() must run inside a task: yield* it from a coroutine started with run(), spawn() or loop.run()'),
    );
  });
});

describe('forEach with an async callback', () => {
  test('waits for the promise an async callback returns before taking the next value', async () => {
    const log: string[] = [];
    async function* source(): AsyncGenerator<number> {
      yield await Promise.resolve(1);
      yield await Promise.resolve(2);
    }
    await run(function* () {
      yield* forEach(source(), async (n) => {
        log.push(`start ${n}`);
        await Promise.resolve();
        log.push(`end ${n}`);
      });
    }, { clock: new VirtualClock() });
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });
});

import { describe, expect, test } from 'vitest';
import { BoundedSemaphore, InvalidStateError, Semaphore, gather, run, sleep, spawn, type LoopEvent, type Operation } from '../../src/index.js';
import { now, suspensions, virtual } from './support.js';

describe('Semaphore', () => {
  test('acquire takes a permit without suspending while value > 0; value counts down to 0 and locked() turns true', async () => {
    const events: LoopEvent[] = [];
    const seen = await run(function* () {
      const semaphore = new Semaphore(2);
      const states: [number, boolean][] = [[semaphore.value, semaphore.locked()]];
      yield* semaphore.acquire();
      states.push([semaphore.value, semaphore.locked()]);
      yield* semaphore.acquire();
      states.push([semaphore.value, semaphore.locked()]);
      return states;
    }, { ...virtual(), onEvent: (event) => events.push(event) });
    expect(seen).toEqual([
      [2, false],
      [1, false],
      [0, true],
    ]);
    expect(suspensions(events)).toEqual([]);
  });

  test('the default value is 1', () => {
    expect(new Semaphore().value).toBe(1);
  });

  test('tasks waiting for a permit get one in the order they asked, at most value at a time', async () => {
    const log: string[] = [];
    await run(function* () {
      const semaphore = new Semaphore(2);
      function* worker(name: string): Operation<void> {
        yield* semaphore.acquire();
        try {
          log.push(`${name} in at ${yield* now()}`);
          yield* sleep(10);
        } finally {
          semaphore.release();
        }
      }
      yield* gather(...['a', 'b', 'c', 'd', 'e'].map(worker));
    }, virtual());
    expect(log).toEqual(['a in at 0', 'b in at 0', 'c in at 10', 'd in at 10', 'e in at 20']);
  });

  test('release with a task waiting hands it the permit: value stays 0 and a newcomer queues behind', async () => {
    const log: string[] = [];
    await run(function* () {
      const semaphore = new Semaphore(1);
      yield* semaphore.acquire();
      const waiter = yield* spawn(function* () {
        yield* semaphore.acquire();
        log.push(`waiter in at ${yield* now()}`);
        yield* sleep(10);
        semaphore.release();
      }());
      yield* sleep(5);
      semaphore.release();
      log.push(`released, value = ${semaphore.value}`);
      yield* semaphore.acquire();
      log.push(`main in again at ${yield* now()}`);
      yield* waiter;
    }, virtual());
    expect(log).toEqual(['released, value = 0', 'waiter in at 5', 'main in again at 15']);
  });

  test('a waiter cancelled while waiting takes no permit: the next waiter gets it', async () => {
    const log: string[] = [];
    await run(function* () {
      const semaphore = new Semaphore(0);
      const first = yield* spawn(semaphore.acquire());
      const second = yield* spawn(function* () {
        yield* semaphore.acquire();
        log.push(`second in at ${yield* now()}`);
      }());
      yield* sleep(5);
      first.cancel();
      yield* sleep(5);
      semaphore.release();
      yield* second;
      log.push(`value ${semaphore.value}`);
    }, virtual());
    expect(log).toEqual(['second in at 10', 'value 0']);
  });

  test('release without a waiter can raise the value above the initial value', () => {
    const semaphore = new Semaphore(1);
    semaphore.release();
    semaphore.release();
    expect(semaphore.value).toBe(3);
  });

  test('a negative or fractional value is a RangeError and a non-number a TypeError, naming value', () => {
    expect(() => new Semaphore(-1)).toThrow(new RangeError('new Semaphore(value): value must be an integer >= 0, got -1'));
    expect(() => new Semaphore(0.5)).toThrow(RangeError);
    expect(() => new BoundedSemaphore(-2)).toThrow(new RangeError('new BoundedSemaphore(value): value must be an integer >= 0, got -2'));
    expect(() => new Semaphore('2' as unknown as number)).toThrow(new TypeError('new Semaphore(value): value must be a number, got string "2"'));
  });
});

describe('Semaphore: disposable form', () => {
  test('using semaphore.permit() returns the permit when the block exits, also by throwing', async () => {
    const seen = await run(function* () {
      const semaphore = new Semaphore(2);
      const values: number[] = [];
      {
        using _permit = yield* semaphore.permit();
        values.push(semaphore.value);
      }
      values.push(semaphore.value);
      function* failing(): Operation<void> {
        using _permit = yield* semaphore.permit();
        values.push(semaphore.value);
        yield* sleep(1);
        throw new Error('boom');
      }
      try {
        yield* failing();
      } catch {
        values.push(semaphore.value);
      }
      return values;
    }, virtual());
    expect(seen).toEqual([1, 2, 1, 2]);
  });
});

describe('BoundedSemaphore', () => {
  test('release above the initial value throws InvalidStateError and keeps the value', async () => {
    const seen = await run(function* () {
      const semaphore = new BoundedSemaphore(2);
      yield* semaphore.acquire();
      semaphore.release();
      let error: unknown = null;
      try {
        semaphore.release();
      } catch (e) {
        error = e;
      }
      return [error instanceof InvalidStateError, (error as Error).message, semaphore.value];
    }, virtual());
    expect(seen).toEqual([
      true,
      'boundedSemaphore.release(): released more times than acquired (the value is already at its initial 2); release once per acquire(), or use `using _ = yield* semaphore.permit()`',
      2,
    ]);
  });

  test('release while tasks wait hands the permit over, as a Semaphore does', async () => {
    const log: string[] = [];
    await run(function* () {
      const semaphore = new BoundedSemaphore(1);
      yield* semaphore.acquire();
      const waiter = yield* spawn(function* () {
        yield* semaphore.acquire();
        log.push(`waiter in at ${yield* now()}`);
        semaphore.release();
      }());
      yield* sleep(3);
      semaphore.release();
      yield* waiter;
      log.push(`value ${semaphore.value}`);
    }, virtual());
    expect(log).toEqual(['waiter in at 3', 'value 1']);
  });
});

import { afterEach, describe, expect, test } from 'vitest';
import { InvalidStateError, map, pipe, sleep, stream } from '../../src/index.js';
import { watchEscapes } from '../reliability/escapes.js';

/** Errors that reached the process instead of a promise the runtime handed out: each test expects none. */
const escapes = watchEscapes();

afterEach(async () => {
  // Let a late rejection surface (unhandledRejection fires after the microtask queue drains).
  await new Promise((resolve) => setImmediate(resolve));
  expect(escapes.escaped()).toEqual([]);
});

/** Settles within a few host turns, or reports the promise as pending. */
async function settled<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown } | 'pending'> {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const timeout = new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 200));
  return Promise.race([outcome, timeout]);
}

describe('return(): closing a stream from async code', () => {
  test('a finally that yields a value rejects return() with the InvalidStateError, and nothing reaches the process', async () => {
    const misbehaving = stream(function* () {
      try {
        yield 1;
        yield 2;
      } finally {
        yield 99;
      }
    });
    const it = misbehaving[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ done: false, value: 1 });
    const outcome = await settled(it.return!());
    expect(outcome).toEqual({ error: new InvalidStateError('stream yielded number 99 while being closed; a finally block in a stream may yield* operations but not yield values') });
  });

  test('a finally that throws rejects return() with that error', async () => {
    const failing = stream(function* () {
      try {
        yield 1;
      } finally {
        yield* sleep(1);
        // eslint-disable-next-line no-unsafe-finally -- the behaviour under test: a finally that throws
        throw new RangeError('cleanup failed');
      }
    });
    const it = failing[Symbol.asyncIterator]();
    await it.next();
    expect(await settled(it.return!())).toEqual({ error: new RangeError('cleanup failed') });
  });

  test('break out of for await with a throwing finally rejects the loop statement with that error', async () => {
    const failing = stream(function* () {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        // eslint-disable-next-line no-unsafe-finally -- the behaviour under test: a finally that throws
        throw new RangeError('cleanup failed');
      }
    });
    const consume = async (): Promise<number[]> => {
      const seen: number[] = [];
      for await (const value of failing) {
        seen.push(value);
        if (value === 1) break;
      }
      return seen;
    };
    expect(await settled(consume())).toEqual({ error: new RangeError('cleanup failed') });
  });

  test('after return() settles, next() resolves with the end, every time', async () => {
    const numbers = stream(function* () {
      yield 1;
      yield 2;
    });
    const it = numbers[Symbol.asyncIterator]();
    await it.next();
    await it.return!();
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });
});

describe('throw(error): athrow into the suspended yield', () => {
  test('the stream can catch the error and yield again: throw() resolves with that value', async () => {
    const log: string[] = [];
    const resilient = stream(function* () {
      for (let i = 1; i <= 3; i++) {
        try {
          yield i;
        } catch (error) {
          log.push(`caught ${(error as Error).message}`);
          yield -i;
        }
      }
    });
    const it = resilient[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ done: false, value: 1 });
    expect(await it.throw!(new Error('skip'))).toEqual({ done: false, value: -1 });
    expect(await it.next()).toEqual({ done: false, value: 2 });
    expect(log).toEqual(['caught skip']);
  });

  test('an error the stream does not catch rejects throw() after its finally ran, and the stream is finished', async () => {
    const log: string[] = [];
    const plain = stream(function* () {
      try {
        yield 1;
        yield 2;
      } finally {
        log.push('finally');
      }
    });
    const it = plain[Symbol.asyncIterator]();
    await it.next();
    const boom = new Error('boom');
    expect(await settled(it.throw!(boom))).toEqual({ error: boom });
    expect(log).toEqual(['finally']);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  test('a stream that catches the error and returns resolves throw() with the end', async () => {
    const quitting = stream(function* () {
      try {
        yield 1;
      } catch {
        return;
      }
    });
    const it = quitting[Symbol.asyncIterator]();
    await it.next();
    expect(await it.throw!(new Error('stop'))).toEqual({ done: true, value: undefined });
  });

  test('throw() before the first next() rejects with the error and runs none of the stream', async () => {
    const log: string[] = [];
    const untouched = stream(function* () {
      log.push('started');
      yield 1;
    });
    const it = untouched[Symbol.asyncIterator]();
    const boom = new Error('early');
    expect(await settled(it.throw!(boom))).toEqual({ error: boom });
    expect(log).toEqual([]);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  test('throw() after the stream ended rejects with the error', async () => {
    const short = stream(function* () {
      yield 1;
    });
    const it = short[Symbol.asyncIterator]();
    await it.next();
    expect(await it.next()).toEqual({ done: true, value: undefined });
    const late = new Error('late');
    expect(await settled(it.throw!(late))).toEqual({ error: late });
  });

  test('a combined stream has no single yield to throw at: it is closed (its finally runs) and throw() rejects with the error', async () => {
    const log: string[] = [];
    const source = stream(function* () {
      try {
        for (let i = 1; ; i++) yield i;
      } finally {
        log.push('source finally');
      }
    });
    const it = pipe(source, map((n: number) => n * 10))[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ done: false, value: 10 });
    const boom = new Error('boom');
    expect(await settled(it.throw!(boom))).toEqual({ error: boom });
    expect(log).toEqual(['source finally']);
  });
});

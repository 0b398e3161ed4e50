import { describe, expect, test } from 'vitest';
import { buffer, collect, forEach, iterate, pipe, run, sleep, stream, take, type Operation, type Stream } from '../../src/index.js';
import { now, thrownBy, virtual } from './sources.js';

/** `count` values, each `ms` after the previous one was asked for; logs each read. */
function ticks(count: number, ms: number, log: string[] = []): Stream<number> {
  return stream(function* () {
    try {
      for (let i = 0; i < count; i++) {
        yield* sleep(ms);
        log.push(`read ${i}`);
        yield i;
      }
    } finally {
      log.push(`source finally at ${yield* now()}`);
    }
  });
}

function* arrivals(source: Stream<number>, workMs: number): Operation<number[]> {
  const times: number[] = [];
  yield* forEach(source, function* () {
    times.push(yield* now());
    yield* sleep(workMs);
  });
  return times;
}

describe('buffer', () => {
  test('a producer and a consumer that take 10 ms each overlap: values arrive at 10, 20, 30 instead of 10, 30, 50', async () => {
    const unbuffered = await run(arrivals(ticks(3, 10), 10), virtual());
    const buffered = await run(arrivals(pipe(ticks(3, 10), buffer(2)), 10), virtual());
    expect(unbuffered).toEqual([10, 30, 50]);
    expect(buffered).toEqual([10, 20, 30]);
  });

  test('reads at most n values ahead of the one the consumer holds', async () => {
    const log: string[] = [];
    await run(function* () {
      const values = yield* iterate(pipe(ticks(10, 0, log), buffer(2)));
      log.push(`got ${(yield* values.next()).value}`);
      yield* sleep(1000);
      log.push('consumer woke');
      yield* values.close();
    }, virtual());
    expect(log).toEqual(['read 0', 'got 0', 'read 1', 'read 2', 'consumer woke', 'source finally at 1000']);
  });

  test('values read before an upstream error are handed on before the error', async () => {
    const got: number[] = [];
    const failing = stream<number>(function* () {
      yield 1;
      yield 2;
      throw new TypeError('source broke');
    });
    const { error } = await run(thrownBy(forEach(pipe(failing, buffer(5)), (n) => void got.push(n))), virtual());
    expect(got).toEqual([1, 2]);
    expect(error).toEqual(new TypeError('source broke'));
  });

  test('closing the buffered stream while the reader waits inside the upstream cancels the read and closes the upstream', async () => {
    const log: string[] = [];
    const values = await run(pipe(ticks(10, 100, log), buffer(1), take(2), collect()), virtual());
    expect(values).toEqual([0, 1]);
    expect(log).toEqual(['read 0', 'read 1', 'source finally at 200']);
  });

  test('an upstream closed while its reader waits for room may still wait in its finally', async () => {
    const log: string[] = [];
    const numbers = stream(function* () {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        yield* sleep(5);
        log.push(`source cleaned up at ${yield* now()}`);
      }
    });
    await run(function* () {
      yield* pipe(numbers, buffer(3), take(1), collect());
      log.push(`consumer done at ${yield* now()}`);
    }, virtual());
    expect(log).toEqual(['source cleaned up at 5', 'consumer done at 5']);
  });

  test('buffer(0) is a RangeError at the call', () => {
    expect(() => buffer(0)).toThrow(new RangeError('buffer(n): n must be a whole number >= 1 (or Infinity), got 0'));
  });
});

import { describe, expect, test } from 'vitest';
import { VirtualClock, gather, run, sleep, type Operation } from '@loop/runtime';
import { formatTook, perfCounter, timed } from '../src/index.js';

function* randn(): Operation<number> {
  yield* sleep(3000);
  return 6;
}

describe('perfCounter', () => {
  test('never goes backwards', () => {
    const readings = Array.from({ length: 1000 }, () => perfCounter());
    expect(readings.every((t, i) => i === 0 || t >= readings[i - 1]!)).toBe(true);
  });
});

describe('timed', () => {
  test('measures loop time: three gathered 3 s sleeps take exactly 3000 ms on a virtual clock', async () => {
    const result = await run(() => timed(gather(sleep(3000), sleep(3000), sleep(3000))), { clock: new VirtualClock() });
    expect(result.elapsed).toBe(3000);
    expect(result.value).toEqual([undefined, undefined, undefined]);
  });

  test('ten gathered randn() take exactly 3000 ms of virtual time, not 30000', async () => {
    const result = await run(() => timed(gather(...Array.from({ length: 10 }, () => randn()))), { clock: new VirtualClock() });
    expect(result.elapsed).toBe(3000);
    expect(result.value).toEqual([6, 6, 6, 6, 6, 6, 6, 6, 6, 6]);
  });

  test('sequential randn() calls add up: two take 6000 ms', async () => {
    const result = await run(
      () =>
        timed(
          (function* () {
            return (yield* randn()) + (yield* randn());
          })(),
        ),
      { clock: new VirtualClock({ start: 500 }) },
    );
    expect(result).toEqual({ value: 12, elapsed: 6000 });
  });

  test('a coroutine function instead of its operation is a TypeError at the call site', () => {
    expect(() => timed(randn as unknown as Operation<number>)).toThrow(
      new TypeError(
        'timed(op): op must be an operation (a generator object or a runtime operation such as sleep(ms)), got function; call the coroutine function first: timed(randn()), not timed(randn)',
      ),
    );
  });
});

describe('formatTook', () => {
  test('prints the lesson line for one value', () => {
    expect(formatTook(6, 3000)).toBe('6 took 3.00 seconds');
  });

  test('prints a list of values in brackets, rounding to hundredths of a second', () => {
    expect(formatTook([7, 1, 9], 3006)).toBe('[7, 1, 9] took 3.01 seconds');
  });

  test('a negative duration is a RangeError naming the argument', () => {
    expect(() => formatTook(1, -1)).toThrow(new RangeError('formatTook(value, elapsedMs): elapsedMs must be a finite number >= 0, got -1'));
  });
});

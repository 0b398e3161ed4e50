import { describe, expect, test } from 'vitest';
import { InvalidStateError, VirtualClock, getLoop, run, sleep } from '@loop/runtime';
import { Stopwatch } from '../src/index.js';

/** A time source that reads the values given, in order. */
function readings(...times: number[]): () => number {
  let i = 0;
  return () => times[i++] ?? Number.NaN;
}

describe('Stopwatch', () => {
  test('elapsed is the time between start and stop', () => {
    const watch = new Stopwatch({ now: readings(100, 350) });
    watch.start();
    expect(watch.stop()).toBe(250);
    expect(watch.elapsed).toBe(250);
    expect(watch.running).toBe(false);
  });

  test('elapsed accumulates across start/stop pairs', () => {
    const watch = new Stopwatch({ now: readings(0, 10, 100, 105) });
    watch.start();
    watch.stop();
    watch.start();
    expect(watch.stop()).toBe(15);
  });

  test('elapsed while running includes the current run', () => {
    const watch = new Stopwatch({ now: readings(0, 40) });
    watch.start();
    expect(watch.elapsed).toBe(40);
    expect(watch.running).toBe(true);
  });

  test('lap returns the time since the previous lap and records it', () => {
    const watch = new Stopwatch({ now: readings(0, 3, 10, 12) });
    watch.start();
    expect(watch.lap()).toBe(3);
    expect(watch.lap()).toBe(7);
    expect(watch.stop()).toBe(12);
    expect(watch.laps).toEqual([3, 7]);
  });

  test('reset clears elapsed time and laps', () => {
    const watch = new Stopwatch({ now: readings(0, 5, 9) });
    watch.start();
    watch.lap();
    watch.stop();
    watch.reset();
    expect([watch.elapsed, watch.laps.length, watch.running]).toEqual([0, 0, false]);
  });

  test("on a loop's virtual clock its readings are exact", async () => {
    const elapsed = await run(
      function* () {
        const loop = yield* getLoop();
        const watch = new Stopwatch({ now: () => loop.time() });
        watch.start();
        yield* sleep(3000);
        return watch.stop();
      },
      { clock: new VirtualClock() },
    );
    expect(elapsed).toBe(3000);
  });

  test('by default it reads perfCounter: elapsed is never negative', () => {
    const watch = new Stopwatch().start();
    expect(watch.stop()).toBeGreaterThanOrEqual(0);
  });

  test('starting twice is an InvalidStateError', () => {
    const watch = new Stopwatch({ now: readings(0, 1) }).start();
    expect(() => watch.start()).toThrow(new InvalidStateError('Stopwatch.start(): the stopwatch is already running; call stop() first'));
  });

  test('stop and lap on a stopped stopwatch are InvalidStateErrors', () => {
    const watch = new Stopwatch();
    expect(() => watch.stop()).toThrow(new InvalidStateError('Stopwatch.stop(): the stopwatch is not running; call start() first'));
    expect(() => watch.lap()).toThrow(new InvalidStateError('Stopwatch.lap(): the stopwatch is not running; call start() first'));
  });

  test('a time source that is not a function is a TypeError', () => {
    expect(() => new Stopwatch({ now: 5 as unknown as () => number })).toThrow(
      new TypeError('new Stopwatch(options): options.now must be a function returning ms, got 5'),
    );
  });
});

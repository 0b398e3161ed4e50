import { describe, expect, test } from 'vitest';
import { InvalidStateError, Loop, VirtualClock, call, gather, getLoop, run, sleep, spawn, type Operation } from '../../src/index.js';

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function* randn(value: number): Operation<number> {
  yield* sleep(3000);
  return value;
}

describe('new VirtualClock(options)', () => {
  test('starts at 0 by default', () => {
    expect(new VirtualClock().now()).toBe(0);
  });

  test('starts at options.start when given', () => {
    expect(new VirtualClock({ start: 1_000_000 }).now()).toBe(1_000_000);
  });

  test('is virtual and jumps by itself (autojump) by default', () => {
    const clock = new VirtualClock();
    expect([clock.virtual, clock.autojump]).toEqual([true, true]);
  });

  test('autojump: false turns jumping off', () => {
    expect(new VirtualClock({ autojump: false }).autojump).toBe(false);
  });

  test('a start of Infinity is a RangeError', () => {
    expect(() => new VirtualClock({ start: Infinity })).toThrow(new RangeError('VirtualClock: options.start must be a finite number, got number Infinity'));
  });

  test('a start of NaN is a RangeError', () => {
    expect(() => new VirtualClock({ start: Number.NaN })).toThrow(new RangeError('VirtualClock: options.start must be a finite number, got number NaN'));
  });

  test('a start that is not a number is a TypeError naming the value', () => {
    expect(() => new VirtualClock({ start: '5' as unknown as number })).toThrow(
      new TypeError('VirtualClock: options.start must be a finite number, got string "5"'),
    );
  });
});

describe('autojump', () => {
  test('moves the clock to the next deadline exactly, one deadline at a time', async () => {
    const clock = new VirtualClock();
    const loop = new Loop({ clock });
    const seen: number[] = [];
    for (const ms of [1234.5, 100, 250, 250]) loop.callLater(ms, () => seen.push(clock.now()));
    await settle();
    expect(seen).toEqual([100, 250, 250, 1234.5]);
  });

  test('counts from the start time', async () => {
    const clock = new VirtualClock({ start: 500 });
    const loop = new Loop({ clock });
    const seen: number[] = [];
    loop.callLater(100, () => seen.push(loop.time()));
    await settle();
    expect(seen).toEqual([600]);
  });

  test('does not move the clock while nothing is scheduled', async () => {
    const clock = new VirtualClock();
    const loop = new Loop({ clock });
    loop.callSoon(() => {});
    await settle();
    expect(clock.now()).toBe(0);
  });

  test('does not move the clock while a task runs: time inside one step is constant', async () => {
    const clock = new VirtualClock();
    const times = await run(function* () {
      const loop = yield* getLoop();
      const before = loop.time();
      for (let i = 0; i < 100_000; i++) Math.sqrt(i);
      return [before, loop.time()];
    }, { clock });
    expect(times).toEqual([0, 0]);
  });

  test('ten gathered sleep(3000) end at loop time 3000 in a few milliseconds of real time', async () => {
    const clock = new VirtualClock();
    const realStart = performance.now();
    const result = await run(function* () {
      const loop = yield* getLoop();
      const values = yield* gather(...Array.from({ length: 10 }, (_, i) => randn(i)));
      return { values, time: loop.time() };
    }, { clock });
    const realElapsed = performance.now() - realStart;
    expect(result).toEqual({ values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], time: 3000 });
    expect(realElapsed).toBeLessThan(200);
  });

  test('one sleep(3000) then another ends at exactly 6000', async () => {
    const clock = new VirtualClock();
    await run(function* () {
      yield* randn(1);
      yield* randn(2);
    }, { clock });
    expect(clock.now()).toBe(6000);
  });

  test('does not jump while a foreign promise (call) is pending: the call resumes at time 0, the sleep ends at 1000', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      const sleeper = yield* spawn(
        (function* () {
          yield* sleep(1000);
          log.push(`sleep done at ${loop.time()}`);
        })(),
      );
      yield* call(new Promise<void>((resolve) => setTimeout(resolve, 5)));
      log.push(`call resumed at ${loop.time()}`);
      yield* sleeper;
    }, { clock });
    expect(log).toEqual(['call resumed at 0', 'sleep done at 1000']);
  });
});

describe('clock.advance(ms) with autojump: false', () => {
  test('time moves only by advance', async () => {
    const clock = new VirtualClock({ autojump: false });
    const loop = new Loop({ clock });
    const log: number[] = [];
    loop.callLater(500, () => log.push(loop.time()));
    await settle();
    const before = { time: clock.now(), log: [...log] };
    clock.advance(200);
    await settle();
    expect({ before, after: { time: clock.now(), log } }).toEqual({ before: { time: 0, log: [] }, after: { time: 200, log: [] } });
  });

  test('advancing to a deadline fires the due timer once the loop runs (after a microtask)', async () => {
    const clock = new VirtualClock({ autojump: false });
    const loop = new Loop({ clock });
    const log: number[] = [];
    loop.callLater(500, () => log.push(loop.time()));
    clock.advance(499);
    await settle();
    const at499 = [...log];
    clock.advance(1);
    const synchronously = [...log];
    await settle();
    expect({ at499, synchronously, at500: log }).toEqual({ at499: [], synchronously: [], at500: [500] });
  });

  test('advancing past several deadlines runs each due callback in deadline order, at the advanced time', async () => {
    const clock = new VirtualClock({ autojump: false });
    const loop = new Loop({ clock });
    const log: string[] = [];
    loop.callLater(200, () => log.push(`b at ${loop.time()}`));
    loop.callLater(100, () => log.push(`a at ${loop.time()}`));
    loop.callLater(400, () => log.push(`c at ${loop.time()}`));
    clock.advance(300);
    await settle();
    expect(log).toEqual(['a at 300', 'b at 300']);
  });

  test('a task sleeping on a clock without autojump wakes when advance reaches its deadline', async () => {
    const clock = new VirtualClock({ autojump: false });
    const loop = new Loop({ clock });
    let finishedAt: number | null = null;
    const done = loop.run(sleep(1000)).then(() => {
      finishedAt = loop.time();
    });
    await settle();
    const before = finishedAt;
    clock.advance(1000);
    await done;
    expect([before, finishedAt]).toEqual([null, 1000]);
  });

  test('advance(0) is allowed and leaves the time unchanged', () => {
    const clock = new VirtualClock({ start: 42, autojump: false });
    clock.advance(0);
    expect(clock.now()).toBe(42);
  });

  test('advance also works on a clock that drives no loop', () => {
    const clock = new VirtualClock();
    clock.advance(250);
    clock.advance(0.5);
    expect(clock.now()).toBe(250.5);
  });

  test('a negative ms is a RangeError', () => {
    expect(() => new VirtualClock().advance(-1)).toThrow(
      new RangeError('VirtualClock.advance: ms must be >= 0 (time never runs backwards), got -1'),
    );
  });

  test('NaN is a RangeError', () => {
    expect(() => new VirtualClock().advance(Number.NaN)).toThrow(new RangeError('VirtualClock.advance: ms must be a number, got NaN'));
  });

  test('Infinity is a RangeError', () => {
    expect(() => new VirtualClock().advance(Infinity)).toThrow(new RangeError('VirtualClock.advance: ms must be finite, got Infinity'));
  });

  test('a value that is not a number is a TypeError', () => {
    expect(() => new VirtualClock().advance('10' as unknown as number)).toThrow(
      new TypeError('VirtualClock.advance: ms must be a number, got string "10"'),
    );
  });

  test('a rejected advance leaves the time unchanged', () => {
    const clock = new VirtualClock({ start: 7 });
    expect(() => clock.advance(-5)).toThrow(RangeError);
    expect(clock.now()).toBe(7);
  });
});

describe('one clock, one loop', () => {
  test('a clock cannot drive two loops at once: the second new Loop throws InvalidStateError', () => {
    const clock = new VirtualClock();
    const first = new Loop({ clock });
    expect(() => new Loop({ clock })).toThrow(new InvalidStateError('VirtualClock: this clock already drives another loop; create one clock per loop'));
    expect(first.clock).toBe(clock);
  });

  test('closing a loop frees its clock for a new loop, which keeps its time', async () => {
    const clock = new VirtualClock();
    const first = new Loop({ clock });
    await first.run(sleep(100));
    first.close();
    const second = new Loop({ clock });
    await second.run(sleep(50));
    expect(second.time()).toBe(150);
  });

  test('run() closes its loop, so the same clock serves consecutive run() calls', async () => {
    const clock = new VirtualClock();
    await run(() => sleep(100), { clock });
    await run(() => sleep(100), { clock });
    expect(clock.now()).toBe(200);
  });

  test('advance after the loop closed moves time but runs nothing', async () => {
    const clock = new VirtualClock({ autojump: false });
    const loop = new Loop({ clock });
    const log: string[] = [];
    loop.callLater(10, () => log.push('fired'));
    loop.close();
    clock.advance(100);
    await settle();
    expect({ time: clock.now(), log }).toEqual({ time: 100, log: [] });
  });
});

import { describe, expect, test } from 'vitest';
import { VirtualClock, gather, run, sleep, spawn, type Loop, type Operation } from '@loop/runtime';
import { formatLoopReport, profileLoop, type LoopProfiler, type LoopReport } from '../src/index.js';

function* randn(): Operation<number> {
  yield* sleep(3000);
  return 6;
}

/** Runs `main` on a virtual clock with a profiler attached from the first event. */
async function profiled(main: () => Operation<unknown>): Promise<LoopReport> {
  let profiler: LoopProfiler | undefined;
  await run(main, { clock: new VirtualClock(), onLoop: (loop: Loop) => (profiler = profileLoop(loop)) });
  return profiler!.report();
}

describe('profileLoop on a virtual clock', () => {
  test('ten gathered 3-second randn(): speedup exactly 10 over a wall of 3000 ms', async () => {
    const report = await profiled(function* () {
      return yield* gather(...Array.from({ length: 10 }, () => randn()));
    });
    expect([report.virtual, report.wall, report.work, report.speedup]).toEqual([true, 3000, 30000, 10]);
  });

  test('each gathered task lives 3000 ms, all of it idle in loop time, in two steps around one suspension', async () => {
    const report = await profiled(function* () {
      return yield* gather(randn(), randn(), randn());
    });
    const children = report.tasks.filter((t) => t.parentId !== null);
    expect(children.map((t) => [t.lifetime, t.idle, t.steps, t.suspensions, t.outcome, t.start, t.end])).toEqual([
      [3000, 3000, 2, 1, 'value', 0, 3000],
      [3000, 3000, 2, 1, 'value', 0, 3000],
      [3000, 3000, 2, 1, 'value', 0, 3000],
    ]);
  });

  test('the main task is a parent: it does not count towards the work', async () => {
    const report = await profiled(function* () {
      return yield* gather(randn(), randn(), randn());
    });
    const main = report.tasks[0]!;
    expect([main.name, main.parentId, main.children, main.lifetime]).toEqual(['main', null, 3, 3000]);
    expect([report.work, report.speedup]).toEqual([9000, 3]);
  });

  test('sequential sleeps give no speedup: one task, three suspensions, four steps', async () => {
    const report = await profiled(function* () {
      yield* sleep(1000);
      yield* sleep(1000);
      yield* sleep(1000);
    });
    expect(report.tasks.map((t) => [t.name, t.steps, t.suspensions, t.lifetime])).toEqual([['main', 4, 3, 3000]]);
    expect([report.wall, report.speedup]).toEqual([3000, 1]);
  });

  test('uneven children: (1000 + 3000) / 3000', async () => {
    const report = await profiled(function* () {
      yield* gather(sleep(1000), sleep(3000));
    });
    expect([report.wall, report.work, report.speedup]).toEqual([3000, 4000, 4000 / 3000]);
  });

  test('busy time is the real cost of the steps: finite, never negative, summed over tasks', async () => {
    const report = await profiled(function* () {
      return yield* gather(randn(), randn());
    });
    for (const t of report.tasks) expect(t.busy).toBeGreaterThanOrEqual(0);
    expect(report.busy).toBe(report.tasks.reduce((sum, t) => sum + t.busy, 0));
  });

  test('a failed task is recorded with its outcome', async () => {
    const report = await profiled(function* () {
      const task = yield* spawn(
        (function* (): Operation<never> {
          yield* sleep(500);
          throw new Error('lost');
        })(),
      );
      try {
        yield* task;
      } catch {
        // expected
      }
    });
    expect(report.tasks.map((t) => [t.outcome, t.end])).toEqual([
      ['value', 500],
      ['error', 500],
    ]);
  });

  test('no loop time passed: speedup is null', async () => {
    const report = await profiled(function* () {
      yield* sleep(0);
    });
    expect([report.wall, report.speedup]).toEqual([0, null]);
  });

  test('after stop() the figures stay and new events are not counted', async () => {
    let profiler: LoopProfiler | undefined;
    await run(
      function* () {
        yield* sleep(1000);
        profiler!.stop();
        yield* sleep(1000);
      },
      { clock: new VirtualClock(), onLoop: (loop) => (profiler = profileLoop(loop)) },
    );
    const report = profiler!.report();
    expect([report.end, report.wall, report.tasks[0]?.steps, report.tasks[0]?.end]).toEqual([1000, 1000, 1, null]);
  });

  test('while tasks run, a report runs to the current loop time', async () => {
    let profiler: LoopProfiler | undefined;
    let midway: LoopReport | undefined;
    await run(
      function* () {
        const child = yield* spawn(sleep(3000));
        yield* sleep(1000);
        midway = profiler!.report();
        yield* child;
      },
      { clock: new VirtualClock(), onLoop: (loop) => (profiler = profileLoop(loop)) },
    );
    expect([midway!.end, midway!.wall]).toEqual([1000, 1000]);
    expect(midway!.tasks.map((t) => [t.lifetime, t.end, t.outcome])).toEqual([
      [1000, null, null],
      [1000, null, null],
    ]);
  });

  test('something that is not a loop is a TypeError', () => {
    expect(() => profileLoop({} as never)).toThrow(
      new TypeError('profileLoop(loop): loop must be a Loop (from run\'s onLoop option or yield* getLoop()), got an object'),
    );
  });
});

describe('profileLoop on the real clock', () => {
  test('idle is lifetime − busy, in one clock', { timeout: 10_000 }, async () => {
    let profiler: LoopProfiler | undefined;
    await run(
      function* () {
        yield* gather(sleep(1), sleep(1));
      },
      { onLoop: (loop) => (profiler = profileLoop(loop)) },
    );
    const report = profiler!.report();
    expect(report.virtual).toBe(false);
    expect(report.tasks).toHaveLength(3);
    for (const t of report.tasks) expect(t.idle).toBe(Math.max(0, t.lifetime - t.busy));
  });
});

describe('formatLoopReport', () => {
  test('prints the headline and one row per task', () => {
    const report: LoopReport = {
      virtual: true,
      start: 0,
      end: 3000,
      wall: 3000,
      busy: 0.5,
      work: 6000,
      speedup: 2,
      tasks: [
        { id: 1, name: 'main', parentId: null, children: 2, steps: 2, suspensions: 1, busy: 0.25, idle: 3000, lifetime: 3000, start: 0, end: 3000, outcome: 'value' },
        { id: 2, name: 'randn', parentId: 1, children: 0, steps: 2, suspensions: 1, busy: 0.125, idle: 3000, lifetime: 3000, start: 0, end: 3000, outcome: 'value' },
        { id: 3, name: 'randn', parentId: 1, children: 0, steps: 1, suspensions: 1, busy: 0.125, idle: 3000, lifetime: 3000, start: 0, end: null, outcome: null },
      ],
    };
    expect(formatLoopReport(report, { color: false })).toBe(
      [
        'loop profile (virtual clock): wall 3.00 s, work 6.00 s, speedup 2.00×',
        '  id  task   parent  steps  busy (real)    idle  lifetime  outcome',
        '   1  main               2    250.00 µs  3.00 s    3.00 s  value',
        '   2  randn       1      2    125.00 µs  3.00 s    3.00 s  value',
        '   3  randn       1      1    125.00 µs  3.00 s    3.00 s  running',
      ].join('\n'),
    );
  });
});

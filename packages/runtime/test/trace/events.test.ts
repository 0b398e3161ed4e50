import { describe, expect, onTestFinished, test, vi } from 'vitest';
import {
  Loop,
  VirtualClock,
  gather,
  getLoop,
  run,
  sleep,
  spawn,
  suspend,
  type LoopEvent,
  type Operation,
  type TaskDoneEvent,
  type TaskSpawnEvent,
  type TaskStepEvent,
} from '../../src/index.js';

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** Runs `main` on a virtual clock and returns every event of the loop. */
async function eventsOf<T>(main: () => Operation<T>): Promise<LoopEvent[]> {
  const events: LoopEvent[] = [];
  await run(main, { clock: new VirtualClock(), onEvent: (event) => events.push(event) }).catch(() => {});
  return events;
}

function ofType<K extends LoopEvent['type']>(events: LoopEvent[], type: K): Extract<LoopEvent, { type: K }>[] {
  return events.filter((e): e is Extract<LoopEvent, { type: K }> => e.type === type);
}

describe('loop.subscribe', () => {
  test('a task that sleeps once emits spawn, suspend on sleep, timer.set, step, idle, timer.fire, resume, step, done, idle', async () => {
    const events = await eventsOf(function* () {
      yield* sleep(1000);
    });
    expect(events).toEqual([
      { type: 'task.spawn', time: 0, taskId: 1, name: 'main', parentId: null },
      { type: 'task.suspend', time: 0, taskId: 1, on: 'sleep' },
      { type: 'timer.set', time: 0, taskId: 1, timerId: 1, deadline: 1000 },
      { type: 'task.step', time: 0, taskId: 1, start: expect.any(Number) as number, duration: expect.any(Number) as number },
      { type: 'loop.idle', time: 0, taskId: null, until: 1000 },
      { type: 'timer.fire', time: 1000, taskId: null, timerId: 1 },
      { type: 'task.resume', time: 1000, taskId: 1 },
      { type: 'task.step', time: 1000, taskId: 1, start: expect.any(Number) as number, duration: expect.any(Number) as number },
      { type: 'task.done', time: 1000, taskId: 1, outcome: 'value' },
      { type: 'loop.idle', time: 1000, taskId: null, until: null },
    ]);
  });

  test('every event has a dotted type, a numeric time and a taskId (null for loop-level events)', async () => {
    const events = await eventsOf(function* () {
      const child = yield* spawn(sleep(5));
      yield* sleep(0);
      yield* child;
    });
    const shapes = new Set(events.map((e) => `${e.type}:${typeof e.time}:${e.taskId === null ? 'null' : typeof e.taskId}`));
    expect([...shapes].sort()).toEqual([
      'loop.idle:number:null',
      'task.done:number:number',
      'task.resume:number:number',
      'task.spawn:number:number',
      'task.step:number:number',
      'task.suspend:number:number',
      'timer.fire:number:null',
      'timer.set:number:number',
    ]);
  });

  test('sleep(0) is exactly one task.suspend (on sleep) and one task.resume, at the same time, and no timer', async () => {
    const events = await eventsOf(function* () {
      yield* sleep(0);
    });
    expect(events.filter((e) => e.type !== 'task.step' && e.type !== 'task.spawn').map((e) => e.type)).toEqual([
      'task.suspend',
      'task.resume',
      'task.done',
      'loop.idle',
    ]);
    expect([ofType(events, 'task.suspend'), ofType(events, 'task.resume')]).toEqual([
      [{ type: 'task.suspend', time: 0, taskId: 1, on: 'sleep' }],
      [{ type: 'task.resume', time: 0, taskId: 1 }],
    ]);
  });

  test('task.step is emitted once per run slice, with a numeric start and a duration >= 0', async () => {
    const events = await eventsOf(function* () {
      yield* sleep(10);
      yield* sleep(0);
      yield* sleep(10);
    });
    const steps = ofType(events, 'task.step');
    expect(steps.map((s) => [s.taskId, s.time, typeof s.start, s.duration >= 0])).toEqual([
      [1, 0, 'number', true],
      [1, 10, 'number', true],
      [1, 10, 'number', true],
      [1, 20, 'number', true],
    ]);
  });

  test('task.step start is real time (performance.now()) and consecutive slices do not overlap', async () => {
    const before = performance.now();
    const events = await eventsOf(function* () {
      yield* sleep(0);
      yield* sleep(0);
    });
    const after = performance.now();
    const steps: TaskStepEvent[] = ofType(events, 'task.step');
    const ordered = steps.every((s, i) => i === 0 || s.start >= steps[i - 1]!.start + steps[i - 1]!.duration);
    expect({ count: steps.length, ordered, inside: steps.every((s) => s.start >= before && s.start + s.duration <= after) }).toEqual({
      count: 3,
      ordered: true,
      inside: true,
    });
  });

  test('task.suspend names what the task waits on: join for yield* task', async () => {
    const events = await eventsOf(function* () {
      const child = yield* spawn(sleep(5));
      yield* child;
    });
    expect(ofType(events, 'task.suspend').map((e) => [e.taskId, e.on])).toEqual([
      [1, 'join'],
      [2, 'sleep'],
    ]);
  });

  test('task.spawn carries the name and the parent id (null at the top)', async () => {
    const events = await eventsOf(function* () {
      const child = yield* spawn(
        (function* () {
          const grandchild = yield* spawn(sleep(1));
          yield* grandchild;
        })(),
        { name: 'child' },
      );
      yield* child;
    });
    expect(ofType(events, 'task.spawn').map(({ taskId, name, parentId }) => ({ taskId, name, parentId }))).toEqual([
      { taskId: 1, name: 'main', parentId: null },
      { taskId: 2, name: 'child', parentId: 1 },
      { taskId: 3, name: 'Task-3', parentId: 2 },
    ]);
  });

  test('on a real clock the events that close a slice share one reading: suspend, the resume sleep(0) makes, step; then step and done', async () => {
    const events: LoopEvent[] = [];
    await run(
      function* () {
        yield* sleep(0);
      },
      { onEvent: (event) => events.push(event) },
    );
    const of = (type: LoopEvent['type']) => events.filter((e) => e.type === type && e.taskId === 1);
    const [suspend] = of('task.suspend');
    const [resume] = of('task.resume');
    const [first, second] = of('task.step') as TaskStepEvent[];
    const [done] = of('task.done');
    expect([resume!.time, first!.time]).toEqual([suspend!.time, suspend!.time]);
    expect(done!.time).toBe(second!.time);
    expect([first!.start + first!.duration, second!.start + second!.duration]).toEqual([first!.time, second!.time]);
  });

  test('on a real clock a slice that runs right after another in the same pass starts where that one ended', async () => {
    const events: LoopEvent[] = [];
    await run(
      function* () {
        yield* gather(sleep(0), sleep(0));
      },
      { onEvent: (event) => events.push(event) },
    );
    const steps = events.filter((e): e is TaskStepEvent => e.type === 'task.step' && (e.taskId === 2 || e.taskId === 3));
    // Tasks 2 and 3 run back to back in each of their two passes (in either order under a seeded shuffle).
    expect([steps.length, new Set(steps.slice(0, 2).map((e) => e.taskId)).size, new Set(steps.slice(2).map((e) => e.taskId)).size]).toEqual([4, 2, 2]);
    expect([steps[1]!.start, steps[3]!.start]).toEqual([steps[0]!.start + steps[0]!.duration, steps[2]!.start + steps[2]!.duration]);
  });

  test('task.spawn has no site unless a subscription asks for spawn sites', async () => {
    const events = await eventsOf(function* () {
      yield* spawn(sleep(1));
    });
    expect(ofType(events, 'task.spawn').map((e: TaskSpawnEvent) => 'site' in e)).toEqual([false, false]);
  });

  test('with spawnSites, task.spawn has the spawn site: the first stack frame outside the runtime', async () => {
    const events: LoopEvent[] = [];
    await run(
      function* () {
        yield* spawn(sleep(1));
      },
      { clock: new VirtualClock(), onEvent: (event) => events.push(event), spawnSites: true },
    );
    const sites = ofType(events, 'task.spawn').map((e: TaskSpawnEvent) => e.site);
    expect(sites).toEqual([expect.stringMatching(/events\.test\.ts:\d+:\d+$/), expect.stringMatching(/events\.test\.ts:\d+:\d+$/)]);
  });

  test('spawn sites stop when the subscription that asked for them ends, even while others stay', async () => {
    const loop = new Loop({ clock: new VirtualClock() });
    onTestFinished(() => loop.close());
    const events: LoopEvent[] = [];
    loop.subscribe((event) => events.push(event));
    const stopSites = loop.subscribe(() => {}, { spawnSites: true });
    await loop.run(sleep(0), { name: 'with' });
    stopSites();
    stopSites();
    await loop.run(sleep(0), { name: 'without' });
    expect(ofType(events, 'task.spawn').map((e: TaskSpawnEvent) => [e.name, typeof e.site])).toEqual([
      ['with', 'string'],
      ['without', 'undefined'],
    ]);
  });

  test('a site is a file:line:col even when the program replaced Error.prepareStackTrace, which is restored after', async () => {
    const mine = (): string => 'custom';
    const hooks = Error as { prepareStackTrace?: unknown };
    const saved = hooks.prepareStackTrace;
    hooks.prepareStackTrace = mine;
    onTestFinished(() => {
      hooks.prepareStackTrace = saved;
    });
    const events: LoopEvent[] = [];
    await run(sleep(0), { clock: new VirtualClock(), onEvent: (event) => events.push(event), spawnSites: true });
    expect(ofType(events, 'task.spawn')[0]!.site).toMatch(/events\.test\.ts:\d+:\d+$/);
    expect(hooks.prepareStackTrace).toBe(mine);
  });

  test('task.done reports outcome "value" for a task that returned, without an error field', async () => {
    const events = await eventsOf(function* () {
      return 5;
    });
    expect(ofType(events, 'task.done')).toEqual([{ type: 'task.done', time: 0, taskId: 1, outcome: 'value' }]);
  });

  test('task.done reports outcome "error" with the error as "Name: message"', async () => {
    const events = await eventsOf(function* () {
      yield* sleep(3);
      throw new RangeError('out of range');
    });
    expect(ofType(events, 'task.done')).toEqual([{ type: 'task.done', time: 3, taskId: 1, outcome: 'error', error: 'RangeError: out of range' }]);
  });

  test('task.done reports a thrown non-Error as its string form', async () => {
    const events = await eventsOf(function* () {
      yield* sleep(0);
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the runtime must cope with any thrown value
      throw 'plain string';
    });
    const done: TaskDoneEvent[] = ofType(events, 'task.done');
    expect(done.map((e) => [e.outcome, e.error])).toEqual([['error', 'plain string']]);
  });

  test('task.done reports outcome "cancelled", preceded by task.cancel with the reason', async () => {
    const events = await eventsOf(function* () {
      const child = yield* spawn(suspend(), { name: 'forever' });
      yield* sleep(10);
      child.cancel('enough');
      yield* sleep(0);
    });
    expect(events.filter((e) => e.taskId === 2 && (e.type === 'task.cancel' || e.type === 'task.done'))).toEqual([
      { type: 'task.cancel', time: 10, taskId: 2, reason: 'enough' },
      { type: 'task.done', time: 10, taskId: 2, outcome: 'cancelled' },
    ]);
  });

  test('timer.set names the task that set it, and null for a callback scheduled outside any task', async () => {
    const clock = new VirtualClock();
    const loop = new Loop({ clock });
    const events: LoopEvent[] = [];
    loop.subscribe((e) => events.push(e));
    loop.callLater(50, () => {});
    await loop.run(sleep(20));
    expect(ofType(events, 'timer.set')).toEqual([
      { type: 'timer.set', time: 0, taskId: null, timerId: 1, deadline: 50 },
      { type: 'timer.set', time: 0, taskId: 1, timerId: 2, deadline: 20 },
    ]);
  });

  test('timer.fire is emitted at the deadline for each due timer, and never for a cancelled one', async () => {
    const loop = new Loop({ clock: new VirtualClock() });
    const events: LoopEvent[] = [];
    loop.subscribe((e) => events.push(e));
    loop.callLater(10, () => {});
    loop.callLater(20, () => {}).cancel();
    loop.callLater(30, () => {});
    await settle();
    expect(ofType(events, 'timer.fire')).toEqual([
      { type: 'timer.fire', time: 10, taskId: null, timerId: 1 },
      { type: 'timer.fire', time: 30, taskId: null, timerId: 3 },
    ]);
  });

  test('loop.idle is emitted each time the loop waits, with the next deadline or null', async () => {
    const loop = new Loop({ clock: new VirtualClock() });
    const events: LoopEvent[] = [];
    loop.subscribe((e) => events.push(e));
    loop.callLater(10, () => {});
    loop.callLater(30, () => {});
    await settle();
    expect(ofType(events, 'loop.idle')).toEqual([
      { type: 'loop.idle', time: 0, taskId: null, until: 10 },
      { type: 'loop.idle', time: 10, taskId: null, until: 30 },
      { type: 'loop.idle', time: 30, taskId: null, until: null },
    ]);
  });

  test('the function subscribe returns stops delivery to that listener', async () => {
    const loop = new Loop({ clock: new VirtualClock() });
    const events: string[] = [];
    const stop = loop.subscribe((e) => events.push(e.type));
    loop.callLater(10, () => stop());
    loop.callLater(20, () => {});
    await settle();
    expect(events).toEqual(['timer.set', 'timer.set', 'loop.idle', 'timer.fire']);
  });

  test('unsubscribing one listener keeps delivering to the others', async () => {
    const loop = new Loop({ clock: new VirtualClock() });
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = loop.subscribe((e) => first.push(e.type));
    loop.subscribe((e) => second.push(e.type));
    stopFirst();
    loop.callLater(10, () => {});
    await settle();
    expect({ first, second }).toEqual({ first: [], second: ['timer.set', 'loop.idle', 'timer.fire', 'loop.idle'] });
  });

  test('a listener that throws is reported on console.error and the other listeners still receive the event', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    onTestFinished(() => spy.mockRestore());
    const loop = new Loop({ clock: new VirtualClock() });
    const failure = new Error('listener broke');
    const received: string[] = [];
    loop.subscribe(() => {
      throw failure;
    });
    loop.subscribe((e) => received.push(e.type));
    loop.callSoon(() => {});
    await settle();
    expect({ received, calls: spy.mock.calls }).toEqual({
      received: ['loop.idle'],
      calls: [['loop: an event listener failed:', failure]],
    });
  });

  test('a listener that is not a function is a TypeError', () => {
    const loop = new Loop({ clock: new VirtualClock() });
    expect(() => loop.subscribe(null as unknown as () => void)).toThrow(new TypeError('loop.subscribe(listener): listener must be a function, got null'));
  });

  test('run(main, { onEvent }) receives the events from the very first one', async () => {
    const types: string[] = [];
    await run(
      function* () {
        const loop = yield* getLoop();
        return loop.time();
      },
      { clock: new VirtualClock(), onEvent: (e) => types.push(e.type) },
    );
    expect(types).toEqual(['task.spawn', 'task.step', 'task.done', 'loop.idle']);
  });
});

describe('task.unretrieved', () => {
  test('a failed task nobody awaited gets a task.unretrieved event with its error, after its task.done, as it goes to the exception handler', async () => {
    const events: LoopEvent[] = [];
    const handled: string[] = [];
    await run(function* () {
      yield* spawn(function* () {
        yield* sleep(1);
        throw new RangeError('lost');
      }(), { name: 'orphan' });
      yield* sleep(10);
    }, { clock: new VirtualClock(), onEvent: (event) => events.push(event), exceptionHandler: (_loop, context) => handled.push(context.message) });
    const orphan = events.filter((event) => event.taskId === 2).map((event) => event.type);
    expect(orphan.slice(-2)).toEqual(['task.done', 'task.unretrieved']);
    expect(ofType(events, 'task.unretrieved')).toEqual([{ type: 'task.unretrieved', time: 10, taskId: 2, error: 'RangeError: lost' }]);
    expect(handled).toEqual(['Task exception was never retrieved (task "orphan")']);
  });

  test('a failure someone retrieved makes no task.unretrieved event', async () => {
    const events = await eventsOf(function* () {
      const task = yield* spawn(function* () {
        yield* sleep(1);
        throw new RangeError('seen');
      }());
      try {
        yield* task;
      } catch {
        // retrieved
      }
    });
    expect(ofType(events, 'task.unretrieved')).toEqual([]);
  });
});

describe('loop.lag', () => {
  test('on the real clock, a host timer wake-up reports its deadline and a lag of at least 0 ms', async () => {
    const loop = new Loop();
    const lags: LoopEvent[] = [];
    loop.subscribe((event) => {
      if (event.type === 'loop.lag') lags.push(event);
    });
    await loop.run(sleep(5));
    loop.close();
    expect(lags.length).toBeGreaterThanOrEqual(1);
    const last = lags.at(-1)!;
    expect(last).toMatchObject({ type: 'loop.lag', taskId: null });
    if (last.type !== 'loop.lag') throw new Error('unreachable');
    expect(last.lag).toBeGreaterThanOrEqual(0);
    expect(last.lag).toBe(Math.max(0, last.time - last.deadline));
  });
});

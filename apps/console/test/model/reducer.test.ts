import { Event, Lock, Queue, call, gather, getLoop, run, sleep, spawn, suspend, taskGroup, VirtualClock, type LoopEvent, type Operation } from '@loop/runtime';
import { cellText } from '../../src/model/table.js';
import { describe, expect, test } from 'vitest';
import { applyEvent, createModel, endModel, foldEvents, formatTime, noteUnretrieved, taskIdle, taskTotal } from '../../src/model/reducer.js';
import { MAX_FINISHED, MAX_HISTORY, MAX_SPANS } from '../../src/model/types.js';
import { fixtureTrace } from '../helpers.js';

const spawnEvent = (taskId: number, time = 0, parentId: number | null = null, name = `t${taskId}`): LoopEvent => ({ type: 'task.spawn', time, taskId, name, parentId });

describe('applyEvent', () => {
  test('task.spawn adds a ready task, counts it alive and queued, and links it to its parent', () => {
    const model = foldEvents([spawnEvent(1), { type: 'task.spawn', time: 5, taskId: 2, name: 'child', parentId: 1, site: '/app/main.js:3:9' }]);
    const child = model.tasks.get(2)!;
    expect([child.name, child.parentId, child.site, child.status, child.spawnedAt]).toEqual(['child', 1, '/app/main.js:3:9', 'ready', 5]);
    expect(child.spans).toEqual([{ state: 'ready', start: 5, end: null }]);
    expect(model.tasks.get(1)!.children).toEqual([2]);
    expect([model.alive, model.runQueue, model.order, model.time, model.startTime]).toEqual([2, 2, [1, 2], 5, 0]);
  });

  test('a suspend then the step ending the slice draws running and opens sleeping (real clock: the step ends at its time)', () => {
    const model = foldEvents([
      spawnEvent(1, 0),
      { type: 'task.suspend', time: 10, taskId: 1, on: 'sleep' },
      { type: 'task.step', time: 10, taskId: 1, start: 500, duration: 4 },
    ]);
    const task = model.tasks.get(1)!;
    expect([task.status, task.waitingOn, task.steps, task.busy, model.runQueue]).toEqual(['sleeping', 'sleep', 1, 4, 0]);
    expect(task.spans).toEqual([
      { state: 'ready', start: 0, end: 6 },
      { state: 'running', start: 6, end: 10 },
      { state: 'sleeping', start: 10, end: null },
    ]);
  });

  test('on a virtual clock a step takes no loop time', () => {
    const model = foldEvents(
      [spawnEvent(1, 0), { type: 'task.suspend', time: 0, taskId: 1, on: 'join' }, { type: 'task.step', time: 0, taskId: 1, start: 1, duration: 4 }],
      { virtual: true },
    );
    expect(model.tasks.get(1)!.spans).toEqual([
      { state: 'ready', start: 0, end: 0 },
      { state: 'running', start: 0, end: 0 },
      { state: 'blocked', start: 0, end: null },
    ]);
    expect(model.tasks.get(1)!.status).toBe('blocked');
  });

  test('resume makes a task ready again and queues it', () => {
    const model = foldEvents([
      spawnEvent(1),
      { type: 'task.suspend', time: 0, taskId: 1, on: 'sleep' },
      { type: 'task.step', time: 0, taskId: 1, start: 0, duration: 0 },
      { type: 'task.resume', time: 3000, taskId: 1 },
    ]);
    const task = model.tasks.get(1)!;
    expect([task.status, task.waitingOn, model.runQueue]).toEqual(['ready', null, 1]);
    expect(task.spans.at(-1)).toEqual({ state: 'ready', start: 3000, end: null });
  });

  test('a resume inside the slice that suspended leaves the task ready after the step', () => {
    const model = foldEvents([
      spawnEvent(1),
      { type: 'task.suspend', time: 0, taskId: 1, on: 'wait' },
      { type: 'task.resume', time: 0, taskId: 1 },
      { type: 'task.step', time: 0, taskId: 1, start: 0, duration: 0 },
    ]);
    expect(model.tasks.get(1)!.status).toBe('ready');
    expect(model.runQueue).toBe(1);
  });

  test('task.done counts the outcome: value, error (with its text) and cancelled', () => {
    const model = foldEvents([
      spawnEvent(1),
      spawnEvent(2),
      spawnEvent(3),
      { type: 'task.done', time: 7, taskId: 1, outcome: 'value' },
      { type: 'task.done', time: 8, taskId: 2, outcome: 'error', error: 'Error: boom' },
      { type: 'task.cancel', time: 9, taskId: 3, reason: 'timeout' },
      { type: 'task.done', time: 9, taskId: 3, outcome: 'cancelled' },
    ]);
    expect([model.alive, model.done, model.failed, model.cancelled, model.runQueue]).toEqual([0, 1, 1, 1, 0]);
    expect(model.tasks.get(2)!.error).toBe('Error: boom');
    expect(model.tasks.get(3)!.cancelReason).toBe('timeout');
    expect(model.tasks.get(1)!.spans.at(-1)).toEqual({ state: 'done', start: 7, end: 7 });
    expect(model.tasks.get(3)!.history.map((h) => h.text)).toEqual(['spawned', 'cancel requested: timeout', 'cancelled']);
  });

  test('the last step, emitted after task.done, goes before the end marker', () => {
    const model = foldEvents([spawnEvent(1), { type: 'task.done', time: 10, taskId: 1, outcome: 'value' }, { type: 'task.step', time: 10, taskId: 1, start: 0, duration: 2 }]);
    expect(model.tasks.get(1)!.spans).toEqual([
      { state: 'ready', start: 0, end: 8 },
      { state: 'running', start: 8, end: 10 },
      { state: 'done', start: 10, end: 10 },
    ]);
    expect(model.tasks.get(1)!.status).toBe('done');
  });

  test('a slice that ends without suspending is the body returning: blocked on its children', () => {
    const model = foldEvents([spawnEvent(1), { type: 'task.step', time: 0, taskId: 1, start: 0, duration: 0 }]);
    expect([model.tasks.get(1)!.status, model.tasks.get(1)!.waitingOn]).toEqual(['blocked', 'children']);
  });

  test('loop.lag keeps the latest and the largest lag', () => {
    const model = foldEvents([
      { type: 'loop.lag', time: 1, taskId: null, deadline: 0, lag: 30 },
      { type: 'loop.lag', time: 2, taskId: null, deadline: 0, lag: 4 },
    ]);
    expect([model.lag, model.maxLag]).toEqual([4, 30]);
  });

  test('an event for a task never spawned creates a placeholder instead of failing', () => {
    const model = foldEvents([{ type: 'task.resume', time: 4, taskId: 9 }]);
    expect([model.tasks.get(9)!.name, model.tasks.get(9)!.status, model.alive]).toEqual(['Task-9', 'ready', 1]);
  });

  test('garbage fields never throw: non-numeric times count as zero', () => {
    const model = createModel();
    const bad = [null, 42, { type: 'task.step', time: 'x', taskId: 1, duration: 'y' }, { type: 'task.spawn', time: NaN, taskId: 'a' }, { type: 'weird', time: 1 }] as unknown as LoopEvent[];
    for (const event of bad) applyEvent(model, event);
    expect([model.tasks.get(1)!.steps, model.tasks.get(1)!.busy, model.time]).toEqual([1, 0, 1]);
  });

  test('history and spans are capped per task', () => {
    const events: LoopEvent[] = [spawnEvent(1)];
    for (let i = 1; i <= MAX_SPANS; i++) {
      events.push({ type: 'task.suspend', time: i, taskId: 1, on: 'sleep' }, { type: 'task.step', time: i, taskId: 1, start: 0, duration: 0 }, { type: 'task.resume', time: i + 0.5, taskId: 1 });
    }
    const task = foldEvents(events).tasks.get(1)!;
    expect(task.history.length).toBe(MAX_HISTORY);
    expect(task.spans.length).toBeLessThanOrEqual(MAX_SPANS);
    expect(task.droppedSpans).toBeGreaterThan(0);
  });
});

describe('totals', () => {
  test('total is loop time from spawn to end (or now); idle is total minus busy', () => {
    const model = foldEvents([spawnEvent(1, 100), { type: 'task.step', time: 130, taskId: 1, start: 0, duration: 10 }, { type: 'task.done', time: 160, taskId: 1, outcome: 'value' }]);
    const task = model.tasks.get(1)!;
    expect([taskTotal(task, 999), taskIdle(task, 999)]).toEqual([60, 50]);
  });

  test('formatTime', () => {
    expect([formatTime(3000), formatTime(12.54), formatTime(0.042), formatTime(0)]).toEqual(['3.000s', '12.5ms', '0.04ms', '0ms']);
  });
});

describe('the fixture trace', () => {
  test('folds to the known counters and states', () => {
    const trace = fixtureTrace();
    const model = foldEvents(trace.events, { virtual: true, startTime: 0, end: true });
    expect([model.time, model.alive, model.done, model.failed, model.cancelled, model.runQueue, model.ended]).toEqual([3000, 0, 3, 1, 1, 0, true]);
    expect(model.order.map((id) => `${id} ${model.tasks.get(id)!.name} ${model.tasks.get(id)!.status}`)).toEqual([
      '1 main done',
      '2 failing failed',
      '3 forever cancelled',
      '4 Task-4 done',
      '5 Task-5 done',
    ]);
    expect(model.tasks.get(2)!.spans).toEqual([
      { state: 'ready', start: 0, end: 0 },
      { state: 'running', start: 0, end: 0 },
      { state: 'sleeping', start: 0, end: 500 },
      { state: 'ready', start: 500, end: 500 },
      { state: 'running', start: 500, end: 500 },
      { state: 'failed', start: 500, end: 500 },
    ]);
    expect([model.tasks.get(1)!.busy, model.tasks.get(1)!.steps]).toEqual([0.5, 2]);
  });
});

describe('with the runtime on a virtual clock', () => {
  function* randn(): Operation<number> {
    yield* sleep(3000);
    return 4;
  }

  test('ten gathered randn() sleep side by side for exactly 3000 ms', async () => {
    const model = createModel({ virtual: true, startTime: 0 });
    await run(
      function* () {
        yield* gather(...Array.from({ length: 10 }, () => randn()));
      },
      { clock: new VirtualClock(), onEvent: (event) => applyEvent(model, event) },
    );
    endModel(model);
    // (Step durations are real time, so a loaded machine may add a blocking-step lint: only leftovers are checked.)
    expect([model.order.length, model.done, model.time, model.lints.filter((lint) => lint.kind === 'alive-at-end')]).toEqual([11, 11, 3000, []]);
    const child = model.tasks.get(2)!;
    expect(child.spans.map((s) => [s.state, s.start, s.end])).toEqual([
      ['ready', 0, 0],
      ['running', 0, 0],
      ['sleeping', 0, 3000],
      ['ready', 3000, 3000],
      ['running', 3000, 3000],
      ['done', 3000, 3000],
    ]);
  });

  test('a task still alive when its parent returns is flagged', async () => {
    const model = createModel({ virtual: true });
    await run(
      function* () {
        yield* spawn(sleep(60_000), { name: 'leftover' });
        yield* sleep(10);
      },
      { clock: new VirtualClock(), onEvent: (event) => applyEvent(model, event) },
    );
    expect(model.lints.filter((lint) => lint.kind === 'alive-at-end').map((lint) => [lint.taskId, lint.message])).toEqual([
      [2, 'task 2 was still running when its parent (task 1) returned, so it was cancelled'],
    ]);
  });
});

describe('lints', () => {
  test('a step over 100 ms blocked the loop; over 1 s it never yielded', () => {
    const model = foldEvents([
      spawnEvent(1),
      { type: 'task.step', time: 150, taskId: 1, start: 0, duration: 150 },
      { type: 'task.step', time: 2000, taskId: 1, start: 0, duration: 1500 },
      { type: 'task.step', time: 2001, taskId: 1, start: 0, duration: 100 },
    ]);
    expect(model.lints.map((lint) => [lint.kind, lint.message])).toEqual([
      ['blocking-step', 'task 1 blocked the loop for 150 ms in one step'],
      ['never-yielded', 'task 1 never yielded for 1.50 s (one step)'],
    ]);
  });

  test('endModel flags every task still alive, once', () => {
    const model = foldEvents([spawnEvent(1), spawnEvent(2), { type: 'task.done', time: 1, taskId: 2, outcome: 'value' }]);
    endModel(model);
    endModel(model);
    expect(model.lints).toEqual([{ kind: 'alive-at-end', taskId: 1, time: 1, message: 'task 1 was still alive when the program ended' }]);
  });

  test('a task.unretrieved event (trace version 2) is an unretrieved-error lint, so replays and exports show it', () => {
    const model = foldEvents([
      spawnEvent(2, 0, null, 'bad'),
      { type: 'task.done', time: 5, taskId: 2, outcome: 'error', error: 'RangeError: lost' },
      { type: 'task.unretrieved', time: 5, taskId: 2, error: 'RangeError: lost' },
    ]);
    expect(model.lints).toEqual([{ kind: 'unretrieved-error', taskId: 2, time: 5, message: 'Task exception was never retrieved (task "bad"): RangeError: lost' }]);
  });

  test('a real program’s unretrieved error reaches the model through its events', async () => {
    const events: LoopEvent[] = [];
    await run(function* () {
      yield* spawn(function* () {
        yield* sleep(1);
        throw new RangeError('lost');
      }(), { name: 'orphan' });
      yield* sleep(10);
    }, { clock: new VirtualClock(), onEvent: (event) => events.push(event), exceptionHandler: () => {} });
    expect(foldEvents(events).lints.filter((lint) => lint.kind === 'unretrieved-error')).toEqual([
      { kind: 'unretrieved-error', taskId: 2, time: 10, message: 'Task exception was never retrieved (task "orphan"): RangeError: lost' },
    ]);
  });

  test('noteUnretrieved records an error nobody read', () => {
    const model = createModel();
    noteUnretrieved(model, 2, 'Task exception was never retrieved (task "bad")');
    expect(model.lints).toEqual([{ kind: 'unretrieved-error', taskId: 2, time: 0, message: 'Task exception was never retrieved (task "bad")' }]);
  });
});

describe('memory bounds', () => {
  test('past MAX_FINISHED finished tasks the oldest tenth is forgotten, the counters keep them', () => {
    const events: LoopEvent[] = [];
    for (let id = 1; id <= MAX_FINISHED + 1; id++) {
      events.push(spawnEvent(id, id), { type: 'task.done', time: id, taskId: id, outcome: 'value' });
    }
    const model = foldEvents(events);
    expect([model.done, model.forgotten, model.tasks.size, model.order.length, model.order[0]]).toEqual([MAX_FINISHED + 1, MAX_FINISHED / 10, 9001, 9001, 1001]);
  });
});

describe('WAITING: what each task waits on, in the runtime\'s words', () => {
  test('every primitive has its exact text in the model and in the table cell (a real run on a virtual clock)', async () => {
    const events: LoopEvent[] = [];
    let seen: LoopEvent[] = [];
    await run(
      function* main() {
        const loop = yield* getLoop();
        loop.subscribe((event) => events.push(event), { details: true });
        // The first slice began before the subscription: the events start with the next one.
        yield* sleep(0);
        const queue = new Queue<number>();
        const lock = new Lock();
        yield* lock.acquire();
        const event = new Event();
        const sleeper = yield* spawn(sleep(2500), { name: 'sleeper' });
        yield* taskGroup(function* (group) {
          group.spawn(queue.get(), { name: 'getter' });
          group.spawn(lock.acquire(), { name: 'locker' });
          group.spawn(event.wait(), { name: 'waiter' });
          group.spawn(suspend(), { name: 'forever' });
          group.spawn(call(new Promise(() => {})), { name: 'foreign' });
          group.spawn(
            (function* joiner(): Operation<void> {
              yield* sleeper;
            })(),
            { name: 'joiner' },
          );
          yield* sleep(0);
          yield* sleep(0);
          seen = [...events];
          for (const t of loop.tasks()) if (t.id !== 1) t.task.cancel();
        });
      },
      { clock: new VirtualClock() },
    ).catch(() => undefined);
    const model = foldEvents(seen, { virtual: true });
    const waits = Object.fromEntries([...model.tasks.values()].filter((task) => task.id !== 1).map((task) => [task.name, [task.status, task.waitingOn, cellText(task, 'waiting', model.time)]]));
    expect(waits).toEqual({
      sleeper: ['sleeping', 'sleep until 2.500s', 'sleep until 2.500s'],
      getter: ['blocked', 'queue.get() on Queue#1 (empty)', 'queue.get() on Queue#1 (empty)'],
      locker: ['blocked', 'lock.acquire() on Lock#1 (held)', 'lock.acquire() on Lock#1 (held)'],
      waiter: ['blocked', 'event.wait() on Event#1 (not set)', 'event.wait() on Event#1 (not set)'],
      forever: ['blocked', 'suspend() (until cancelled)', 'suspend() (until cancelled)'],
      foreign: ['blocked', 'a foreign promise (call)', 'a foreign promise (call)'],
      joiner: ['blocked', 'join task "sleeper" (id 2)', 'join task "sleeper" (id 2)'],
    });
  });

  test('without details (an older trace) the kind is shown, as before', () => {
    const model = foldEvents([spawnEvent(1), { type: 'task.suspend', time: 0, taskId: 1, on: 'queue.get' }, { type: 'task.step', time: 0, taskId: 1, start: 0, duration: 0 }]);
    expect(model.tasks.get(1)!.waitingOn).toBe('queue.get');
  });

  test('the detail is the history line too', () => {
    const model = foldEvents([spawnEvent(1), { type: 'task.suspend', time: 0, taskId: 1, on: 'sleep', detail: 'sleep until 3.000s' }, { type: 'task.step', time: 0, taskId: 1, start: 0, duration: 0 }]);
    expect(model.tasks.get(1)!.history.map((h) => h.text)).toEqual(['spawned', 'suspended on sleep until 3.000s']);
  });
});

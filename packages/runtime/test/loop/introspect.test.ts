import { describe, expect, test } from 'vitest';
import {
  Event,
  Lock,
  Queue,
  VirtualClock,
  call,
  channel,
  gather,
  getLoop,
  run,
  sleep,
  spawn,
  suspend,
  taskGroup,
  type LoopEvent,
  type Operation,
} from '../../src/index.js';

const virtual = (): { clock: VirtualClock } => ({ clock: new VirtualClock() });

describe('loop.tasks(): a snapshot of every live task', () => {
  test('ids, names, parents, states and what each waits on, parents before children', async () => {
    const snapshot = await run(function* () {
      const loop = yield* getLoop();
      const queue = new Queue<number>();
      const lock = new Lock();
      yield* lock.acquire();
      const event = new Event();
      return yield* taskGroup(function* (group) {
        group.spawn(queue.get(), { name: 'getter' });
        group.spawn(lock.acquire(), { name: 'locker' });
        group.spawn(event.wait(), { name: 'waiter' });
        group.spawn(sleep(2500), { name: 'sleeper' });
        group.spawn(suspend(), { name: 'forever' });
        group.spawn(call(new Promise(() => {})), { name: 'foreign' });
        // Two yields let every child reach its wait, in any order of same-time work (a sleep of 1 ms would not
        // end: a pending foreign promise holds the virtual clock).
        yield* sleep(0);
        yield* sleep(0);
        const seen = loop.tasks().map(({ id, name, parentId, state, waitingOn }) => ({ id, name, parentId, state, waitingOn }));
        for (const t of loop.tasks()) if (t.id !== 1) t.task.cancel();
        queue.putNowait(0);
        return seen;
      });
    }, virtual());
    expect(snapshot).toEqual([
      { id: 1, name: 'main', parentId: null, state: 'running', waitingOn: null },
      { id: 2, name: 'getter', parentId: 1, state: 'suspended', waitingOn: 'queue.get() on Queue#1 (empty)' },
      { id: 3, name: 'locker', parentId: 1, state: 'suspended', waitingOn: 'lock.acquire() on Lock#1 (held)' },
      { id: 4, name: 'waiter', parentId: 1, state: 'suspended', waitingOn: 'event.wait() on Event#1 (not set)' },
      { id: 5, name: 'sleeper', parentId: 1, state: 'suspended', waitingOn: 'sleep until 2.500s' },
      { id: 6, name: 'forever', parentId: 1, state: 'suspended', waitingOn: 'suspend() (until cancelled)' },
      { id: 7, name: 'foreign', parentId: 1, state: 'suspended', waitingOn: 'a foreign promise (call)' },
    ]);
  });

  test('a task waiting for a joined task and one waiting for its group’s children are described as such', async () => {
    const seen = await run(function* () {
      const loop = yield* getLoop();
      const child = yield* spawn(sleep(100), { name: 'child' });
      const joiner = yield* spawn(function* () {
        yield* child;
      }(), { name: 'joiner' });
      const opener = yield* spawn(taskGroup(function* (group) {
        group.spawn(sleep(100));
      }), { name: 'opener' });
      yield* sleep(1);
      const waits = loop.tasks().filter((t) => t.name === 'joiner' || t.name === 'opener').map((t) => t.waitingOn);
      yield* joiner;
      yield* opener;
      return waits;
    }, virtual());
    expect(seen).toEqual(['join task "child" (id 2)', 'the 1 child task(s) of its taskGroup']);
  });

  test('a primitive keeps its label on a loop: the same queue is Queue#1 in every snapshot', async () => {
    const labels = await run(function* () {
      const loop = yield* getLoop();
      const [, receive] = channel<number>(0);
      const task = yield* spawn(receive.receive());
      yield* sleep(1);
      const first = loop.tasks()[1]?.waitingOn;
      yield* sleep(1);
      const second = loop.tasks()[1]?.waitingOn;
      task.cancel();
      return [first, second];
    }, virtual());
    expect(labels).toEqual(['receive.receive() on Channel#1 (nothing sent)', 'receive.receive() on Channel#1 (nothing sent)']);
  });

  test('subscribers that ask for details get task.suspend events with what the task waits on, in words', async () => {
    const details: (string | undefined)[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      loop.subscribe((event: LoopEvent) => {
        if (event.type === 'task.suspend') details.push(event.detail);
      }, { details: true });
      // A slice that began untraced stays so: the events start with the next one.
      yield* sleep(0);
      yield* sleep(1500);
    }, virtual());
    expect(details).toEqual(['sleep until 1.500s']);
  });

  test('a task waiting for its gather’s children is described by the gather, in events as in snapshots', async () => {
    const details: (string | undefined)[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      loop.subscribe((event: LoopEvent) => {
        if (event.type === 'task.suspend' && event.taskId === 1) details.push(event.detail);
      }, { details: true });
      yield* sleep(0);
      yield* gather(sleep(5), sleep(10));
    }, virtual());
    expect(details).toEqual(['the 2 child task(s) of its gather']);
  });
});

describe('default task names', () => {
  test('a task running a coroutine(fn) wrapper is named after the function, not Task-N', async () => {
    const { coroutine } = await import('../../src/index.js');
    const randn = coroutine(function* randn(): Operation<number> {
      yield* sleep(10);
      return 4;
    });
    const name = await run(function* () {
      const task = yield* spawn(randn());
      yield* task;
      return task.name;
    }, virtual());
    expect(name).toBe('randn');
  });

  test('without a namer a plain generator object leaves the task Task-<id>', async () => {
    const name = await run(function* () {
      const task = yield* spawn(function* work() {
        yield* sleep(1);
      }());
      yield* task;
      return task.name;
    }, virtual());
    expect(name).toBe('Task-2');
  });

  test('setCoroutineNamer names unnamed generator tasks once, when the name is first read; a namer that throws leaves Task-<id>', async () => {
    const { setCoroutineNamer } = await import('../../src/index.js');
    let calls = 0;
    setCoroutineNamer(() => {
      calls++;
      return calls === 1 ? 'from-namer' : (() => { throw new Error('no'); })();
    });
    try {
      const names = await run(function* () {
        const a = yield* spawn(sleep(1));
        const b = yield* spawn(function* () {
          yield* sleep(1);
        }());
        const c = yield* spawn(function* () {
          yield* sleep(1);
        }());
        const result = [a.name, b.name, b.name, c.name];
        yield* a;
        return result;
      }, virtual());
      expect(names).toEqual(['Task-2', 'from-namer', 'from-namer', 'Task-4']);
    } finally {
      setCoroutineNamer(null);
    }
  });
});

describe('the process registry of open loops (for tools that attach, such as loop-console ps)', () => {
  test('globalThis[Symbol.for("@loop/runtime")] lists every open loop, and a closed one no more', async () => {
    const { Loop } = await import('../../src/index.js');
    const registries = (globalThis as Record<symbol, { version: number; loops(): unknown[] }[] | undefined>)[Symbol.for('@loop/runtime')];
    const loop = new Loop({ clock: new VirtualClock() });
    const listed = (): boolean => (registries ?? (globalThis as Record<symbol, { loops(): unknown[] }[]>)[Symbol.for('@loop/runtime')]!).some((r) => r.loops().includes(loop));
    expect(listed()).toBe(true);
    loop.close();
    expect(listed()).toBe(false);
  });
});

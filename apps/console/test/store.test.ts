import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { LiveStore, ReplayStore } from '../src/store.js';
import { fixtureTrace } from './helpers.js';

const runner = fileURLToPath(new URL('../dist/child.js', import.meta.url));
const program = (name: string): string => fileURLToPath(new URL(`./fixtures/programs/${name}`, import.meta.url));

/** Polls `check` every 20 ms for up to `ms` (no test may hang). */
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('LiveStore (a real child process)', () => {
  test('c: cancelling a task by id reaches the runtime in the child', async () => {
    const store = new LiveStore(program('sleeper.mjs'), [], { runner });
    try {
      await until(() => store.model.tasks.get(2)?.status === 'sleeping');
      expect(store.model.tasks.get(2)!.name).toBe('sleeper');
      store.cancel(2);
      await store.finished;
      expect(store.model.tasks.get(2)!.status).toBe('cancelled');
      expect(store.model.tasks.get(2)!.cancelReason).toBe('cancelled from loop-console');
      expect(store.notice).toBe('cancel sent to task 2 · the program has ended: q quits, ? shows the keys');
      expect(store.logs).toEqual(['sleeper: CancelledError']);
      expect([store.exitCode, store.status]).toEqual([0, 'main returned; program exited with code 0']);
    } finally {
      await store.stop();
    }
  });

  test('cancelling a task that is not alive says so', async () => {
    const store = new LiveStore(program('sleeper.mjs'), [], { runner });
    try {
      await until(() => store.model.tasks.get(2)?.status === 'sleeping');
      store.cancel(99);
      await until(() => store.notice !== 'cancelling task 99…');
      expect(store.notice).toBe('task 99 is not alive (finished, or no such task)');
    } finally {
      await store.stop();
    }
  });

  test('where: the child answers with every live task, its wait in words and the line its coroutine waits at', async () => {
    const store = new LiveStore(program('nap.mjs'), [], { runner });
    try {
      await until(() => store.model.tasks.get(3)?.status === 'sleeping');
      expect([...store.model.tasks.values()].map((task) => [task.id, task.name])).toEqual([
        [1, 'main'],
        [2, 'nap'],
        [3, 'nap'],
      ]);
      expect(store.model.tasks.get(2)!.waitingOn).toMatch(/^sleep until \d+\.\d{3}s$/);
      store.requestWhere();
      await until(() => store.where !== null);
      const file = program('nap.mjs');
      const entries = store.where!.entries;
      const sleepUntil = /^sleep until (\d+\.\d{3})s$/;
      expect(entries.map((e) => (e.waitingOn ?? '').replace(sleepUntil, 'sleep until <t>s'))).toEqual(['the 2 child task(s) of its gather', 'sleep until <t>s', 'sleep until <t>s']);
      // Both naps sleep 60 s from their first steps, which a real clock reads a little apart (one crossed a millisecond in a CI run).
      const [first, second] = entries.slice(1).map((e) => Number(sleepUntil.exec(e.waitingOn ?? '')?.[1]));
      expect(Math.abs(first! - second!)).toBeLessThanOrEqual(0.05);
      expect(entries.map(({ id, name, parentId, state, location }) => ({ id, name, parentId, state, location }))).toEqual([
        { id: 1, name: 'main', parentId: null, state: 'suspended', location: { file, line: 9, column: 3, text: 'yield* gather(nap(60_000), nap(60_000));' } },
        { id: 2, name: 'nap', parentId: 1, state: 'suspended', location: { file, line: 5, column: 3, text: 'yield* sleep(ms);' } },
        { id: 3, name: 'nap', parentId: 1, state: 'suspended', location: { file, line: 5, column: 3, text: 'yield* sleep(ms);' } },
      ]);
    } finally {
      await store.stop();
    }
  });

  test('where gives source lines for the first 200 tasks and for the selected one and its ancestors (each probe costs the program)', async () => {
    const store = new LiveStore(program('many.mjs'), [], { runner });
    try {
      await until(() => store.model.tasks.get(205)?.status === 'sleeping');
      store.requestWhere(205);
      await until(() => store.where !== null);
      const located = store.where!.entries.filter((entry) => entry.location !== null).map((entry) => entry.id);
      expect(located).toEqual([...Array.from({ length: 200 }, (_, i) => i + 1), 205]);
      expect(store.where!.entries.length).toBe(205);
    } finally {
      await store.stop();
    }
  });

  test('any live task can be cancelled by id: here the gathering main, which never woke since its first wait', async () => {
    const store = new LiveStore(program('nap.mjs'), [], { runner });
    try {
      await until(() => store.model.tasks.get(3)?.status === 'sleeping');
      store.cancel(1);
      await store.finished;
      expect(store.notice).toBe('cancel sent to task 1 · the program has ended: q quits, ? shows the keys');
      expect([1, 2, 3].map((id) => store.model.tasks.get(id)!.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    } finally {
      await store.stop();
    }
  });

  test('while the display is paused events queue up, and apply on resume', async () => {
    const store = new LiveStore(program('sleeper.mjs'), [], { runner });
    try {
      await until(() => store.model.tasks.get(2)?.status === 'sleeping');
      store.setPaused(true);
      store.cancel(2);
      await store.finished;
      // exit applies what was queued, so the final state is complete
      expect(store.model.tasks.get(2)!.status).toBe('cancelled');
    } finally {
      await store.stop();
    }
  });

  test('q: stop() ends a program that would run for a minute', async () => {
    const store = new LiveStore(program('sleeper.mjs'), [], { runner });
    await until(() => store.model.tasks.get(2)?.status === 'sleeping');
    await store.stop();
    expect(store.status).toBe('program killed by SIGTERM');
    const leftovers = store.model.lints.filter((lint) => lint.kind === 'alive-at-end').map((lint) => lint.message);
    expect(leftovers).toEqual(['task 1 was still alive when the program ended', 'task 2 was still alive when the program ended']);
  });

  test('the UI process keeps running while the program blocks its loop', async () => {
    const store = new LiveStore(program('blocking.mjs'), [], { runner });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    try {
      await until(() => store.model.tasks.has(2));
      const before = ticks;
      await store.finished;
      // The child spent over a second in one step; the parent's timers kept firing meanwhile. A parent
      // blocked for that second would tick at most once (an interval does not catch up on missed ticks);
      // an idle machine gives ~25 ticks, a loaded one (the whole suite on 2 cores) as few as 4.
      expect(ticks - before).toBeGreaterThan(2);
    } finally {
      clearInterval(timer);
      await store.stop();
    }
  });
});

test('a program whose heartbeat stops shows as blocked, with the woken task ready, until it answers again', async () => {
  const store = new LiveStore(program('stall.mjs'), [], { runner });
  try {
    await until(() => store.status.startsWith('running (loop blocked for'));
    expect(store.model.tasks.get(1)!.status).toBe('ready');
    await store.finished;
    expect(store.status).toBe('main returned; program exited with code 0');
    expect(store.model.lints.some((lint) => lint.kind === 'never-yielded' && lint.taskId === 1)).toBe(true);
  } finally {
    await store.stop();
  }
});

describe('ReplayStore', () => {
  test('a speed that is not a positive number is a RangeError', () => {
    expect(() => new ReplayStore(fixtureTrace(), { speed: 0, autoplay: false })).toThrow(
      new RangeError('new ReplayStore(trace, options): options.speed must be a positive number, got 0'),
    );
  });

  test('advance plays loop time at the chosen speed', () => {
    const store = new ReplayStore(fixtureTrace(), { speed: 10, autoplay: false });
    store.advance(100);
    expect([store.elapsed(), store.position, store.model.failed]).toEqual([1000, 25, 1]);
    store.setPaused(true);
    store.advance(1000);
    expect(store.elapsed()).toBe(1000);
  });
});

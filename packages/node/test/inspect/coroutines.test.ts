import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { afterEach, describe, expect, test } from 'vitest';
import { VirtualClock, getLoop, run, setCoroutineNamer, sleep, spawn, type Operation } from '@loop/runtime';
import { coroutineLocation, coroutineName, nameCoroutines } from '../../src/index.js';

function* randn(): Operation<number> {
  yield* sleep(3000); // randn waits here
  return 4;
}

afterEach(() => setCoroutineNamer(null));

/**
 * A coroutine compiled from a real file as it is (test files are transformed
 * before they run, so their line numbers are not the source's).
 */
function plainCoroutine(): { file: string; worker: () => Operation<number> } {
  const file = join(mkdtempSync(join(tmpdir(), 'loop-inspect-')), 'worker.js');
  const source = ['(function (sleep) {', '  return function* worker() {', '    yield* sleep(3000); // worker waits here', '    return 4;', '  };', '})'].join('\n');
  writeFileSync(file, source);
  const make = runInThisContext(source, { filename: file }) as (s: typeof sleep) => () => Operation<number>;
  return { file, worker: make(sleep) };
}

describe('coroutine names and locations through the in-process inspector', () => {
  test('coroutineName reads the generator function’s name; an anonymous one has none', () => {
    expect(coroutineName(randn())).toBe('randn');
    expect(coroutineName((function* () {})())).toBeUndefined();
  });

  test('after nameCoroutines(), an unnamed task is named after its coroutine function; a given name still wins', async () => {
    nameCoroutines();
    const names = await run(function* () {
      const a = yield* spawn(randn());
      const b = yield* spawn(randn(), { name: 'custom' });
      const c = yield* spawn(sleep(1));
      const result = [a.name, b.name, c.name];
      yield* gather2(a, b);
      return result;
    }, { clock: new VirtualClock() });
    expect(names).toEqual(['randn', 'custom', 'Task-4']);
  });

  test('loop.tasks() with coroutineLocation: where each suspended task waits, with the line’s text', async () => {
    nameCoroutines();
    const { file, worker } = plainCoroutine();
    const where = await run(function* () {
      const loop = yield* getLoop();
      yield* spawn(worker());
      yield* sleep(10);
      return loop.tasks().map((t) => {
        const at = t.coroutine === null ? undefined : coroutineLocation(t.coroutine);
        return { name: t.name, waitingOn: t.waitingOn, at: at === undefined ? null : `${at.file}:${at.line}:${at.column} ${at.text}` };
      });
    }, { clock: new VirtualClock() });
    expect(where[1]).toEqual({ name: 'worker', waitingOn: 'sleep until 3.000s', at: `${file}:3:5 yield* sleep(3000); // worker waits here` });
    expect(where[0]?.name).toBe('main');
  });
});

function* gather2(...tasks: { cancel(): boolean }[]): Operation<void> {
  for (const task of tasks) task.cancel();
  yield* sleep(0);
}

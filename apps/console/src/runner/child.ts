/**
 * The child process that runs a program for the console: `node child.js
 * <program> [args…]`, forked with an IPC channel and piped stdio.
 *
 * It imports the program, takes its default export (or `main`), runs it with
 * `run()` on a loop it subscribes to, and sends the events to the console in
 * batches (every 30 ms, at 500 events, and whenever the loop goes idle). The program's own stdout and
 * stderr are the child's, which the console reads from pipes, so program
 * output and UI never mix. If the program blocks its loop, only this
 * process stops: the console keeps drawing.
 *
 * Tasks are named after their coroutine functions (`randn`, not `Task-7`):
 * the runner installs `@loop/node`'s inspector-based namer in the program's
 * runtime before the program starts. It subscribes with `details`, so each
 * `task.suspend` says what the task waits on in words (`sleep until
 * 3.000s`), which the WAITING column shows.
 *
 * Cancelling a task by id and answering `where` both read the loop's own
 * snapshot (`loop.tasks()`): any live task can be cancelled, and `where`
 * adds the source line each coroutine is suspended at (`coroutineLocation`,
 * the in-process inspector: nothing is opened to other processes). Both run
 * between the loop's steps (IPC messages are handled on Node's event loop),
 * never in the middle of one.
 *
 * The program's `@loop/runtime` is resolved from the program's own folder
 * (so its `sleep`, `gather`, … and our `run` are one module instance), and
 * falls back to the console's copy.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { coroutineLocation, coroutineName } from '@loop/node';
import type * as RuntimeModule from '@loop/runtime';
import type { Loop, LoopEvent } from '@loop/runtime';
import type { WhereEntry } from '../model/where.js';
import { CLOCK_ENV, WHERE_LOCATED, type ChildMessage, type ParentMessage } from './protocol.js';

type Runtime = typeof RuntimeModule;

const BATCH_MS = 30;
const BATCH_MAX = 500;

function send(message: ChildMessage): Promise<void> {
  return new Promise((done) => {
    if (!process.connected || process.send === undefined) return done();
    process.send(message, undefined, {}, () => done());
  });
}

async function loadRuntime(program: string): Promise<Runtime> {
  try {
    const require = createRequire(program);
    const pkgPath = require.resolve('@loop/runtime/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports?: { '.'?: { import?: { default?: string } } }; module?: string };
    const entry = pkg.exports?.['.']?.import?.default ?? pkg.module;
    if (entry !== undefined) return (await import(pathToFileURL(join(dirname(pkgPath), entry)).href)) as Runtime;
  } catch {
    // The program has no @loop/runtime of its own: use ours.
  }
  return import('@loop/runtime');
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Every live task of `loop`, with the line its coroutine is suspended at
 * for the first {@link WHERE_LOCATED} tasks and for `selected` and its
 * ancestors (a probe costs the program's loop about 0.2 ms: a program of
 * 100,000 tasks must not stall for 20 s every time the view refreshes).
 */
function whereEntries(loop: Loop, selected: number | null): WhereEntry[] {
  const snapshots = loop.tasks();
  const locate = new Set(snapshots.slice(0, WHERE_LOCATED).map((snapshot) => snapshot.id));
  const parents = new Map(snapshots.map((snapshot) => [snapshot.id, snapshot.parentId]));
  for (let id: number | null | undefined = selected; id !== null && id !== undefined && !locate.has(id); id = parents.get(id)) locate.add(id);
  return snapshots.map(({ id, name, parentId, state, waitingOn, coroutine }) => {
    let location: WhereEntry['location'] = null;
    try {
      const where = coroutine === null || !locate.has(id) ? undefined : coroutineLocation(coroutine);
      if (where !== undefined) location = { file: where.file, line: where.line, column: where.column, text: where.text };
    } catch {
      // Not a generator, or the engine would not say: no location.
    }
    return { id, name, parentId, state, waitingOn, location };
  });
}

async function main(): Promise<void> {
  const [file, ...args] = process.argv.slice(2);
  if (file === undefined) {
    await send({ kind: 'fatal', message: 'no program given' });
    return;
  }
  const program = resolve(file);
  process.argv = [process.argv[0]!, program, ...args];
  const runtime = await loadRuntime(program);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(program).href)) as Record<string, unknown>;
  } catch (error) {
    await send({ kind: 'fatal', message: `cannot load ${file}: ${errorText(error)}` });
    process.exitCode = 1;
    return;
  }
  const entry = typeof mod['default'] === 'function' ? mod['default'] : mod['main'];
  if (typeof entry !== 'function') {
    await send({ kind: 'fatal', message: `${file} must export a coroutine function as its default export or as "main" (function* main() { … })` });
    process.exitCode = 1;
    return;
  }

  const virtual = process.env[CLOCK_ENV] === 'virtual';
  let batch: LoopEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (batch.length === 0) return;
    void send({ kind: 'events', events: batch });
    batch = [];
  };
  let wokeUp = false;
  const onEvent = (event: LoopEvent): void => {
    // The root task is spawned by this runner: point at the program instead.
    batch.push(event.type === 'task.spawn' && event.parentId === null ? { ...event, site: program } : event);
    // An idle loop is waiting anyway: send now. And send the first wake-up after idling at once too,
    // so that if the step that follows blocks the loop, the console already shows which task was woken.
    if (batch.length >= BATCH_MAX || event.type === 'loop.idle') {
      flush();
      wokeUp = event.type === 'loop.idle';
    } else if (wokeUp && event.type === 'task.resume') {
      flush();
      wokeUp = false;
    }
    else timer ??= setTimeout(flush, BATCH_MS);
  };
  let loop: Loop | null = null;
  process.on('message', (message: ParentMessage) => {
    if (message.kind === 'where') {
      void send({ kind: 'where', entries: loop === null || typeof (loop as Partial<Loop>).tasks !== 'function' ? [] : whereEntries(loop, message.taskId) });
      return;
    }
    if (message.kind !== 'cancel') return;
    const found = (loop as Partial<Loop> | null)?.tasks?.().find((snapshot) => snapshot.id === message.taskId);
    const ok = found !== undefined && found.task.cancel('cancelled from loop-console');
    void send({ kind: 'cancel-result', taskId: message.taskId, ok, message: ok ? `cancel sent to task ${message.taskId}` : `task ${message.taskId} is not alive (finished, or no such task)` });
  });
  // Before the program's first task exists: names are read when first needed, once per coroutine function.
  // (A program's own older @loop/runtime may predate namers and loop.tasks(): its tasks keep Task-<id>.)
  const installNamer = (runtime as Partial<Runtime>).setCoroutineNamer;
  installNamer?.((generator) => coroutineName(generator));

  // Unref'd: it must never keep a finished program alive.
  const heartbeat = setInterval(() => void send({ kind: 'heartbeat' }), 250);
  heartbeat.unref();
  let startTime = 0;
  try {
    await runtime.run(entry as Parameters<Runtime['run']>[0], {
      ...(virtual ? { clock: new runtime.VirtualClock() } : {}),
      onLoop: (opened) => {
        loop = opened;
        startTime = opened.time();
        // The task table and details show where each task was spawned (worth a stack trace per spawn in a
        // dev tool), and the WAITING column what each waits on in words.
        opened.subscribe(onEvent, { spawnSites: true, details: true });
        void send({ kind: 'start', clock: virtual ? 'virtual' : 'real', time: startTime });
      },
      exceptionHandler: (_loop, context) => {
        const taskId = context.task?.id ?? null;
        void send({ kind: 'exception', taskId, message: context.message });
        console.error(`${context.message}${context.exception === undefined ? '' : `: ${errorText(context.exception)}`}`);
      },
    });
    flush();
    await send({ kind: 'end', outcome: 'value' });
  } catch (error) {
    flush();
    console.error(error instanceof Error ? (error.stack ?? errorText(error)) : String(error));
    await send({ kind: 'end', outcome: 'error', error: errorText(error) });
    process.exitCode = 1;
  }
}

await main();
process.removeAllListeners('message');
if (process.connected) process.disconnect();

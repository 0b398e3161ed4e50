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
 * Cancelling a task by id: the loop has no lookup by id, so the runner
 * remembers each task when it first suspends (the `task.suspend` event is
 * emitted while that task is the current one, so `currentTask()` returns
 * it); a task that never suspended cannot be waiting and needs no cancel.
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
import type * as RuntimeModule from '@loop/runtime';
import type { LoopEvent, Task } from '@loop/runtime';
import { CLOCK_ENV, type ChildMessage, type ParentMessage } from './protocol.js';

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
  const tasks = new Map<number, Task<unknown>>();
  let wokeUp = false;
  const onEvent = (event: LoopEvent): void => {
    // The root task is spawned by this runner: point at the program instead.
    batch.push(event.type === 'task.spawn' && event.parentId === null ? { ...event, site: program } : event);
    if (event.type === 'task.suspend' && !tasks.has(event.taskId)) {
      const step = runtime.currentTask()[Symbol.iterator]().next();
      if (step.done === true && step.value.id === event.taskId) tasks.set(event.taskId, step.value);
    } else if (event.type === 'task.done') {
      tasks.delete(event.taskId);
    }
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
  process.on('message', (message: ParentMessage) => {
    if (message.kind !== 'cancel') return;
    const task = tasks.get(message.taskId);
    const ok = task !== undefined && task.cancel('cancelled from loop-console');
    void send({ kind: 'cancel-result', taskId: message.taskId, ok, message: ok ? `cancel sent to task ${message.taskId}` : `task ${message.taskId} is not waiting (finished, or never suspended)` });
  });

  // Unref'd: it must never keep a finished program alive.
  const heartbeat = setInterval(() => void send({ kind: 'heartbeat' }), 250);
  heartbeat.unref();
  let startTime = 0;
  try {
    await runtime.run(entry as Parameters<Runtime['run']>[0], {
      ...(virtual ? { clock: new runtime.VirtualClock() } : {}),
      onLoop: (loop) => {
        startTime = loop.time();
        void send({ kind: 'start', clock: virtual ? 'virtual' : 'real', time: startTime });
      },
      onEvent,
      // The task table and details show where each task was spawned: worth a stack trace per spawn in a dev tool.
      spawnSites: true,
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

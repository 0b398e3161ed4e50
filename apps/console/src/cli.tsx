/**
 * `loop-console`: run a program and watch its tasks live, replay or export
 * a recorded trace, or see the lesson's demo.
 *
 *   loop-console run <file> [--virtual] [--trace out.jsonl] [--exit-on-done] [-- args…]
 *   loop-console record <file> -o trace.jsonl [--virtual] [-- args…]
 *   loop-console replay <trace.jsonl> [--speed N]
 *   loop-console export <trace.jsonl> --chrome out.json
 *   loop-console demo [--exit-on-done] [--virtual]
 *   loop-console ps <pid>
 *   loop-console pstree <pid>
 *
 * When stdout or stdin is not a terminal, or `CI` is set, nothing
 * interactive starts (no raw mode): `run`, `demo` and `replay` print the
 * program's output and then a static ASCII timeline and summary table.
 * Errors are one line on stderr and a non-zero exit: 1 for a bad trace or a
 * failed program, 2 for bad usage.
 *
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TRACE_VERSION, type LoopEvent } from '@loop/runtime';
import { render } from 'ink';
import { attach } from './attach/attach.js';
import { AttachError } from './attach/errors.js';
import { foldEvents } from './model/reducer.js';
import { psLines, pstreeLines } from './model/where.js';
import { LINE_LIMIT, sanitize } from './sanitize.js';
import { renderStatic } from './static.js';
import { LiveStore, ReplayStore, type ConsoleStore } from './store.js';
import { toChromeTrace } from './trace/chrome.js';
import { TraceLoadError, loadTrace } from './trace/load.js';
import { App } from './views/App.js';

const USAGE = `usage:
  loop-console run <file> [--virtual] [--trace out.jsonl] [--exit-on-done] [-- args...]
  loop-console record <file> -o trace.jsonl [--virtual] [-- args...]
  loop-console replay <trace.jsonl> [--speed N]
  loop-console export <trace.jsonl> --chrome out.json
  loop-console demo [--exit-on-done] [--virtual]
  loop-console ps <pid>        every loop's tasks in a running Node program, as a table
  loop-console pstree <pid>    the same as a tree

<file> is a module whose default export (or "main" export) is a coroutine function.
Keys: press ? in the UI.`;

class UsageError extends Error {}

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
  rest: string[];
}

const VALUE_FLAGS = new Set(['--trace', '-o', '--out', '--speed', '--chrome']);

function parse(argv: readonly string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  let rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest = argv.slice(i + 1);
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      if (VALUE_FLAGS.has(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new UsageError(`${name} needs a value`);
        flags.set(name, value);
      } else {
        flags.set(name, true);
      }
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags, rest };
}

function interactive(): boolean {
  const ci = process.env['CI'];
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
  return process.stdout.isTTY && process.stdin.isTTY && !inCi;
}

function fail(message: string, code = 1): number {
  // Our own usage text may span lines; each line is still sanitised (paths and names come from outside).
  process.stderr.write(`loop-console: ${message.split('\n').map((line) => sanitize(line, LINE_LIMIT)).join('\n')}\n`);
  return code;
}

/** Writes a trace file as events arrive from a live run. */
function traceWriter(path: string): { record: (events: readonly LoopEvent[], clock: 'real' | 'virtual', time: number) => void; close: () => void } {
  const fd = openSync(path, 'w');
  let headerWritten = false;
  return {
    record(events, clock, time) {
      if (!headerWritten) {
        writeSync(fd, `${JSON.stringify({ type: 'trace.header', format: 'loop-trace', version: TRACE_VERSION, clock, time, taskId: null, createdAt: new Date().toISOString() })}\n`);
        headerWritten = true;
      }
      writeSync(fd, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    },
    close() {
      closeSync(fd);
    },
  };
}

async function showInteractive(store: ConsoleStore & { finished?: Promise<void> }, exitOnDone: boolean): Promise<void> {
  const app = render(<App store={store} />, { exitOnCtrlC: true });
  if (exitOnDone && store.finished !== undefined) {
    void store.finished.then(() => setTimeout(() => app.unmount(), 300));
  }
  await app.waitUntilExit();
  // Ink leaves the last frame without a newline: keep the shell prompt off it.
  process.stdout.write('\n');
  await store.stop();
}

async function runProgram(file: string, args: readonly string[], options: { title: string; virtual: boolean; trace: string | null; exitOnDone: boolean; quiet?: boolean }): Promise<number> {
  const writer = options.trace === null ? null : traceWriter(options.trace);
  const tty = interactive() && options.quiet !== true;
  const store = new LiveStore(file, args, {
    title: options.title,
    virtual: options.virtual,
    ...(tty ? {} : { echo: (stream: 'stdout' | 'stderr', line: string) => (stream === 'stdout' ? process.stdout : process.stderr).write(`${sanitize(line, LINE_LIMIT)}\n`) }),
    ...(writer === null ? {} : { record: writer.record }),
  });
  try {
    if (tty) {
      await showInteractive(store, options.exitOnDone);
    } else {
      await store.finished;
      if (options.quiet !== true && !store.failedToStart) process.stdout.write(`\n${renderStatic(store.model, { title: options.title, status: store.status, width: process.stdout.columns || 100 })}`);
    }
  } finally {
    writer?.close();
  }
  if (store.failedToStart) return fail(store.notice ?? 'the program could not start');
  return store.exitCode === 0 ? 0 : 1;
}

/** `ps`/`pstree`: attach, print each loop's tasks, say on stderr how long the target's inspector was open. */
async function dumpProcess(pidText: string, tree: boolean): Promise<number> {
  if (!/^\d+$/.test(pidText)) return fail(`${tree ? 'pstree' : 'ps'} needs a process id, got ${JSON.stringify(pidText)}\n${USAGE}`, 2);
  const result = await attach(Number(pidText));
  const out: string[] = [`process ${result.pid}: ${sanitize(result.command, 200)}`];
  result.loops.forEach((tasks, i) => {
    out.push(`loop ${i + 1} of ${result.loops.length}: ${tasks.length} live task(s)`);
    out.push(...(tree ? pstreeLines(tasks) : psLines(tasks)));
  });
  process.stdout.write(`${out.join('\n')}\n`);
  process.stderr.write(
    result.wasOpen
      ? `loop-console: read through the inspector already open on 127.0.0.1:${result.port}, left open as it was\n`
      : `loop-console: read through the inspector on 127.0.0.1:${result.port}, open ${Math.round(result.openMs)} ms (SIGUSR1 to closed; the dump took ${Math.round(result.dumpMs)} ms)\n`,
  );
  return 0;
}

/** Runs the CLI with `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const [command, target] = parsed.positional;
  const { flags } = parsed;
  if (command === undefined || flags.has('--help') || flags.has('-h') || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined && !flags.has('--help') && !flags.has('-h') ? 2 : 0;
  }
  const value = (name: string): string | null => {
    const v = flags.get(name);
    return typeof v === 'string' ? v : null;
  };
  try {
    switch (command) {
      case 'demo': {
        const program = fileURLToPath(new URL('./demo-program.js', import.meta.url));
        return await runProgram(program, [], { title: 'demo: ten randn() gathered', virtual: flags.has('--virtual'), trace: value('--trace'), exitOnDone: flags.has('--exit-on-done') });
      }
      case 'run':
      case 'record': {
        if (target === undefined) return fail(`${command} needs a program file\n${USAGE}`, 2);
        const trace = command === 'record' ? (value('-o') ?? value('--out')) : value('--trace');
        if (command === 'record' && trace === null) return fail(`record needs -o trace.jsonl\n${USAGE}`, 2);
        const code = await runProgram(target, parsed.rest, { title: `${command} ${target}`, virtual: flags.has('--virtual'), trace, exitOnDone: flags.has('--exit-on-done'), quiet: command === 'record' });
        if (command === 'record' && code === 0) process.stderr.write(`loop-console: wrote ${trace}\n`);
        return code;
      }
      case 'replay': {
        if (target === undefined) return fail(`replay needs a trace file\n${USAGE}`, 2);
        const speedText = value('--speed');
        const speed = speedText === null ? 1 : Number(speedText);
        if (!(speed > 0) || !Number.isFinite(speed)) return fail(`--speed must be a positive number, got ${speedText}`, 2);
        const trace = loadTrace(target);
        if (!interactive()) {
          const model = foldEvents(trace.events, { startTime: trace.header.time, virtual: trace.header.clock === 'virtual', end: true });
          process.stdout.write(renderStatic(model, { title: `replay ${target}`, width: process.stdout.columns || 100 }));
          return 0;
        }
        await showInteractive(new ReplayStore(trace, { speed, title: `replay ${target}` }), false);
        return 0;
      }
      case 'export': {
        if (target === undefined) return fail(`export needs a trace file\n${USAGE}`, 2);
        const out = value('--chrome');
        if (out === null) return fail(`export needs --chrome out.json\n${USAGE}`, 2);
        const trace = loadTrace(target);
        const chrome = toChromeTrace(trace);
        const fd = openSync(out, 'w');
        try {
          writeSync(fd, JSON.stringify(chrome));
        } finally {
          closeSync(fd);
        }
        process.stderr.write(`loop-console: wrote ${chrome.traceEvents.length} trace events to ${out} (open it in https://ui.perfetto.dev)\n`);
        return 0;
      }
      case 'ps':
      case 'pstree':
        if (target === undefined) return fail(`${command} needs a process id\n${USAGE}`, 2);
        return await dumpProcess(target, command === 'pstree');
      default:
        return fail(`unknown command ${JSON.stringify(command)}\n${USAGE}`, 2);
    }
  } catch (error) {
    if (error instanceof TraceLoadError || error instanceof AttachError) return fail(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return fail(`${(error as Error).message}`);
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));

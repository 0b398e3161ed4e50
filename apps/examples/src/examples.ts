/**
 * The catalogue of runnable examples, by the name their recorded output is
 * saved under. Each entry runs one example either recorded (on a
 * `VirtualClock`, with the fixed seed: exact, instant, the same every time)
 * or live (real clock, `Math.random`: what a user sees running it by hand).
 * `dist/outputs.js` records them all, `dist/example.js <name>` runs one live,
 * and the tests read the recorded output through {@link captureOutput}: one
 * path for the docs and the tests.
 *
 * Exceptions, by necessity: `subprocess` and `tcp-echo` do real IO and run
 * on the real clock in both modes (their output shows no timings);
 * `async-generators-for-await` iterates from async
 * code, where a stream runs on a loop of its own with the real clock, so
 * when recorded it runs with no pause between values (the values are the
 * same); `coroutine-never-awaited`, when recorded, runs a real `node` child
 * that calls `main()` without the loop and keeps what it prints.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { VirtualClock, run, type RunOptions } from '@loop/runtime';
import { main as queue } from './beyond/queue.js';
import { main as subprocess } from './beyond/subprocess.js';
import { main as taskGroup } from './beyond/task-group.js';
import { main as tcpEcho } from './beyond/tcp-echo.js';
import { main as timeout } from './beyond/timeout.js';
import { main as forEachSquares, mainForAwait as forAwaitSquares } from './lesson/async-generators.js';
import { callWithoutLoop, main as coroutine } from './lesson/coroutine.js';
import { main as gather } from './lesson/gather.js';
import { main as generators } from './lesson/generators.js';
import { blocking, realClock, main as syncRandn } from './lesson/sync-randn.js';
import { SEED, seededRandom } from './random.js';

/** Where an example writes its lines. */
export type Print = (line: string) => void;

/** `recorded`: virtual clock and fixed seed; `live`: real clock and `Math.random`. */
export type Mode = 'recorded' | 'live';

const options = (mode: Mode): RunOptions => (mode === 'recorded' ? { clock: new VirtualClock() } : {});
const random = (mode: Mode): (() => number) => (mode === 'recorded' ? seededRandom(SEED) : Math.random);

/** Every example, by output name, in the lesson's order. */
export const examples: Readonly<Record<string, (print: Print, mode: Mode) => void | Promise<unknown>>> = {
  generators: (print) => generators(print),
  'sync-randn': (print, mode) => syncRandn(print, random(mode), mode === 'recorded' ? blocking(new VirtualClock()) : realClock),
  coroutine: (print, mode) => run(coroutine(print, random(mode)), options(mode)),
  'coroutine-never-awaited': async (print, mode) => {
    if (mode === 'live') callWithoutLoop(print); // the warning comes when the process exits
    else for (const line of await neverAwaited(new URL('./lesson/coroutine.js', import.meta.url))) print(line);
  },
  gather: (print, mode) => run(gather(print, random(mode)), options(mode)),
  'async-generators': (print, mode) => run(forEachSquares(print), options(mode)),
  'async-generators-for-await': (print, mode) => forAwaitSquares(print, mode === 'recorded' ? 0 : 2000),
  'task-group': (print, mode) => run(taskGroup(print), options(mode)),
  timeout: (print, mode) => run(timeout(print, random(mode)), options(mode)),
  queue: (print, mode) => run(queue(print), options(mode)),
  // With @loop/node: real child processes and real sockets on 127.0.0.1, so always on the real clock (a virtual
  // clock cannot jump while foreign IO is pending: a 200 ms deadline would wait for the child instead).
  subprocess: (print) => run(subprocess(print)),
  'tcp-echo': (print) => run(tcpEcho(print)),
};

function lookup(name: string, where: string): (print: Print, mode: Mode) => void | Promise<unknown> {
  const example = Object.hasOwn(examples, name) ? examples[name] : undefined;
  if (example === undefined) throw new RangeError(`${where}: no example named ${JSON.stringify(name)}; the names are ${Object.keys(examples).join(', ')}`);
  return example;
}

/**
 * Runs the example called `name` recorded (virtual clock, fixed seed) and
 * returns what it printed, one line each, with a final newline.
 *
 * @example
 * ```ts
 * await captureOutput('gather'); // "5 took 3.00 seconds\n[4, 7, 7] took 3.00 seconds\n…"
 * ```
 */
export async function captureOutput(name: string): Promise<string> {
  const example = lookup(name, 'captureOutput(name)');
  const lines: string[] = [];
  await example((line) => lines.push(line), 'recorded');
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * Runs the example called `name` live: real clock, `Math.random`, printing
 * with `console.log`.
 *
 * @example
 * ```ts
 * await runLive('gather'); // about 9 s; "… took 3.00 seconds" three times
 * ```
 */
export async function runLive(name: string): Promise<void> {
  await lookup(name, 'runLive(name)')(console.log, 'live');
}

/**
 * Runs a `node` child that imports the built lesson module at `moduleUrl`,
 * calls `main()` without the loop and exits; returns the lines it printed
 * (stdout, then stderr): the never-awaited warning alone.
 *
 * @example
 * ```ts
 * await neverAwaited(new URL('./lesson/coroutine.js', import.meta.url));
 * // ["loop: coroutine 'main' was never awaited"]
 * ```
 */
export async function neverAwaited(moduleUrl: URL): Promise<string[]> {
  const script = `const { callWithoutLoop } = await import(${JSON.stringify(moduleUrl.href)}); callWithoutLoop();`;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 10_000 });
  return `${stdout}${stderr}`.split('\n').filter((line) => line !== '');
}

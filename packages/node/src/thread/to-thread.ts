/**
 * `toThread(target, ...args)`: run CPU-bound work on a worker thread while
 * the loop keeps running (asyncio's `to_thread` / `run_in_executor`).
 *
 * The job goes to the shared piscina pool (pool.ts). The calling task waits
 * through the runtime's `call`, so it is foreign work: the loop runs other
 * tasks meanwhile, and a virtual clock does not jump past it.
 *
 * Two forms:
 * - module: `{ module, export }` names an ES module (a file URL, or a path,
 *   relative paths against the current directory) and an export (default:
 *   `default`); the worker imports it once and calls the export.
 * - function: a self-contained function is sent as its source text
 *   (`fn.toString()`) and evaluated in the worker. It must not use
 *   variables from its enclosing scope (closures do not cross threads),
 *   `this`, or imports of the calling module; it sees only globals. Methods
 *   written in shorthand (`{ f() {} }`), bound and native functions cannot
 *   be sent: a TypeError says so at the call.
 *
 * Arguments and the result cross by structured clone (no functions, no
 * class instances beyond plain data). An error thrown in the worker comes
 * back with its name, message, stack and `code`.
 *
 * Cancellation aborts the piscina job: a queued job is dropped, and a
 * running one has its worker thread terminated (piscina replaces it), so the
 * CPU work really stops. The `CancelledError` is delivered at once.
 *
 * @module
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { call, type Operation } from '@loop/runtime';
import { assertNonEmptyString, describe } from '../checks.js';
import { sharedPool } from './pool.js';
import { fromWire, type Job, type Outcome } from './protocol.js';

/**
 * A module export to run on a thread: the module's URL or path and the export's name.
 *
 * @example
 * ```ts
 * const sha256: ThreadModule = { module: new URL('./hash.js', import.meta.url), export: 'sha256' };
 * const digest = yield* toThread<string>(sha256, bytes);
 * ```
 */
export interface ThreadModule {
  /** A `file:` URL (`new URL('./work.js', import.meta.url)`) or a path (relative to the current directory). */
  module: string | URL;
  /** The export to call. Default `'default'`. */
  export?: string;
}

const sources = new WeakMap<(...args: never[]) => unknown, string>();

/**
 * Runs a function or a module's export with `args` on a worker thread and
 * returns its result (awaiting a promise result). The loop keeps running
 * other tasks meanwhile. Cancelling aborts the job and terminates the
 * thread running it.
 *
 * @example
 * ```ts
 * function fib(n: number): number {
 *   return n < 2 ? n : fib(n - 1) + fib(n - 2);
 * }
 * const value = yield* toThread(fib, 35); // fib is self-contained: it only calls itself
 *
 * const hash = yield* toThread<string>({ module: new URL('./hash.js', import.meta.url), export: 'sha256' }, bytes);
 * ```
 */
export function toThread<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Operation<Awaited<R>>;
export function toThread<R = unknown>(target: ThreadModule, ...args: unknown[]): Operation<R>;
export function toThread(target: ((...args: never[]) => unknown) | ThreadModule, ...args: unknown[]): Operation<unknown> {
  const job = toJob(target, args);
  return runJob(job);
}

function* runJob(job: Job): Operation<unknown> {
  const outcome = yield* call(async (signal) => {
    const pool = await sharedPool();
    // Cancelled while piscina was being imported: the job is not started (the task already has its CancelledError).
    signal.throwIfAborted();
    return (await pool.run(job, { signal })) as Outcome;
  });
  if (!outcome.ok) throw fromWire(outcome.error);
  return outcome.value;
}

function toJob(target: unknown, args: unknown[]): Job {
  const where = 'toThread(target, ...args)';
  if (typeof target === 'function') return { kind: 'source', source: sourceOf(target as (...args: never[]) => unknown, where), args };
  if (typeof target === 'object' && target !== null && 'module' in target) {
    const { module, export: exportName = 'default' } = target as ThreadModule;
    assertNonEmptyString(exportName, where, 'target.export');
    let url: string;
    if (module instanceof URL) url = module.href;
    else {
      assertNonEmptyString(module, where, 'target.module');
      url = module.startsWith('file:') ? module : pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
    }
    return { kind: 'module', url, exportName, args };
  }
  throw new TypeError(`${where}: target must be a self-contained function or { module, export }, got ${describe(target)}`);
}

/** The function's source, checked once (cached): it must be an expression that evaluates to a function. */
function sourceOf(fn: (...args: never[]) => unknown, where: string): string {
  const cached = sources.get(fn);
  if (cached !== undefined) return cached;
  const source = fn.toString();
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    throw new TypeError(`${where}: ${describe(fn)} is native or bound; only functions written in JavaScript can be sent to a thread (wrap it: (x) => Math.sqrt(x))`);
  }
  try {
    // Compiles (does not run) the source as an expression, as the worker will:
    // the one way to tell a function expression from a method's shorthand source.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function(`return (${source});`);
  } catch {
    throw new TypeError(
      `${where}: ${describe(fn)} cannot be sent to a thread: its source is not a function expression (a method shorthand or a class?); use a function declaration or an arrow function`,
    );
  }
  sources.set(fn, source);
  return source;
}

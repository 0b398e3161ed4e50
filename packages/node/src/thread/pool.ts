/**
 * The shared worker-thread pool behind `toThread`: one piscina pool per
 * process, created on first use (asyncio's default executor).
 *
 * piscina itself is imported on first use too: importing it takes longer
 * (~18 ms on the bench machine) than importing the rest of @loop/node and
 * @loop/runtime together, and most programs never start a thread, so a
 * program that only runs subprocesses or sockets does not pay for it.
 *
 * Keeping the process alive: piscina unrefs idle workers, so a pool with
 * nothing to do never keeps the process alive after `run` ends; a job that
 * is cancelled has its worker terminated. `shutdownThreads()` destroys the
 * pool outright (the next `toThread` creates a new one).
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { call, type Operation } from '@loop/runtime';
import { assertInteger, assertMs, assertOptions } from '../checks.js';

/**
 * Options of the shared pool (see {@link configureThreads}).
 *
 * @example
 * ```ts
 * const options: ThreadPoolOptions = { maxThreads: 2 };
 * configureThreads(options);
 * ```
 */
export interface ThreadPoolOptions {
  /** Most worker threads running at once. Default: piscina's (1.5 × available parallelism). */
  maxThreads?: number;
  /** Threads kept even when idle (they do not keep the process alive). Default: piscina's (half the available parallelism, at least 1). */
  minThreads?: number;
  /** Milliseconds an idle thread above `minThreads` lives. Default: piscina's (0). */
  idleTimeout?: number;
}

let options: ThreadPoolOptions = {};
let pool: Piscina | null = null;
/** The piscina module once its import has started; forgotten if the import fails, so the next `toThread` tries again. */
let piscina: Promise<{ Piscina: typeof Piscina }> | null = null;

/**
 * The worker entry file. In the published package it sits next to the
 * bundle (`dist/worker.js`). When this module runs from its TypeScript
 * source (the package's own tests), the worker is the built one in dist/.
 */
function workerFile(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../dist/worker.js', here) : new URL('./worker.js', here);
  return fileURLToPath(url);
}

/** @internal The shared pool, created (and piscina imported) on first use. */
export async function sharedPool(): Promise<Piscina> {
  piscina ??= import('piscina').catch((error: unknown) => {
    piscina = null;
    throw error;
  });
  const { Piscina } = await piscina;
  pool ??= new Piscina({ filename: workerFile(), ...options });
  return pool;
}

/**
 * Sets the options of the shared pool used by `toThread`. Takes effect for
 * the next pool: a pool already running is shut down gracefully (its
 * current jobs finish) and replaced on the next `toThread`.
 *
 * @example
 * ```ts
 * configureThreads({ maxThreads: 4, idleTimeout: 30_000 });
 * ```
 */
export function configureThreads(threadOptions: ThreadPoolOptions): void {
  const where = 'configureThreads(options)';
  if (threadOptions === undefined) throw new TypeError(`${where}: options must be an object, got undefined`);
  assertOptions(threadOptions, where);
  if (threadOptions.maxThreads !== undefined) assertInteger(threadOptions.maxThreads, where, 'options.maxThreads', 1);
  if (threadOptions.minThreads !== undefined) assertInteger(threadOptions.minThreads, where, 'options.minThreads', 0);
  if (threadOptions.idleTimeout !== undefined) assertMs(threadOptions.idleTimeout, where, 'options.idleTimeout');
  if (threadOptions.maxThreads !== undefined && threadOptions.minThreads !== undefined && threadOptions.minThreads > threadOptions.maxThreads) {
    throw new RangeError(`${where}: options.minThreads (${threadOptions.minThreads}) must not exceed options.maxThreads (${threadOptions.maxThreads})`);
  }
  options = { ...threadOptions };
  const old = pool;
  pool = null;
  // Jobs already running finish; a failure while closing concerns no caller any more.
  if (old !== null) old.close().catch(() => {});
}

/**
 * Destroys the shared pool: its threads are terminated and jobs still
 * running are abandoned (their `toThread` calls fail). The next `toThread`
 * starts a new pool. Idle pools never keep the process alive, so this is
 * only needed to stop work early or to reclaim the threads.
 *
 * @example
 * ```ts
 * await run(function* () {
 *   yield* toThread(crunch, data);
 *   yield* shutdownThreads();
 * });
 * ```
 */
export function shutdownThreads(): Operation<void> {
  return call(() => {
    const old = pool;
    pool = null;
    return old === null ? undefined : old.destroy();
  });
}

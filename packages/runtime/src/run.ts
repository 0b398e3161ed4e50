/**
 * `run(main)`: the program's entry point (asyncio's `asyncio.run`).
 *
 * Creates a loop, runs `main` as its first task, and closes the loop: any
 * task still running at the top level is cancelled and awaited, then no
 * timer or host handle is left behind, so nothing keeps the process alive
 * afterwards.
 *
 * @module
 */
import type { Clock } from './clock/clock.js';
import { Loop, spawnSitesOption, type ExceptionHandler, type Scheduler } from './loop/loop.js';
import { assertOperation, describe, type Operation } from './operation.js';
import type { LoopListener } from './trace/events.js';

/** Options for {@link run}. */
export interface RunOptions {
  /** The loop's clock; pass `new VirtualClock()` for instant, exact time. */
  clock?: Clock;
  /** Shuffle same-time ready work with this seed (see {@link LoopOptions.seed}). */
  seed?: number;
  /** Decide the order of same-time work and timer jitter (see {@link Scheduler}); not with `seed`. */
  scheduler?: Scheduler;
  /** Name of the main task. Default `main`. */
  name?: string;
  /** Handler for errors nobody can receive (see {@link Loop.setExceptionHandler}). */
  exceptionHandler?: ExceptionHandler;
  /** Subscribes to the loop's events from the very first one. */
  onEvent?: LoopListener;
  /** With `onEvent`: give `task.spawn` events their `site` (`loop.subscribe`'s `spawnSites` option). Default false. */
  spawnSites?: boolean;
  /** Called with the new loop before `main` starts (to attach a recorder, say). */
  onLoop?: (loop: Loop) => void;
}

/**
 * Runs `main` on a new loop and resolves with its result; the loop is
 * closed afterwards. `main` is a coroutine function (called with no
 * arguments) or an operation.
 *
 * @example
 * ```ts
 * function* main(): Operation<void> {
 *   const loop = yield* getLoop();
 *   const start = loop.time();
 *   const values = yield* gather(randn(), randn(), randn());
 *   console.log(values, `took ${((loop.time() - start) / 1000).toFixed(2)} seconds`);
 * }
 *
 * await run(main);                                   // real time: 3.00 s
 * await run(main, { clock: new VirtualClock() });   // instant, still "3.00 seconds"
 * ```
 */
export function run<T>(main: Operation<T> | (() => Operation<T>), options: RunOptions = {}): Promise<T> {
  if (typeof options !== 'object' || options === null) throw new TypeError(`run(main, options): options must be an object, got ${describe(options)}`);
  let op: unknown = main;
  if (typeof main === 'function') {
    op = main();
    assertOperation(op, 'run(main): the value main() returned');
  } else {
    assertOperation(main, 'run(main)');
  }
  if (options.name !== undefined && typeof options.name !== 'string') throw new TypeError(`run(main, options): options.name must be a string, got ${describe(options.name)}`);
  for (const key of ['exceptionHandler', 'onEvent', 'onLoop'] as const) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'function') throw new TypeError(`run(main, options): options.${key} must be a function, got ${describe(value)}`);
  }
  const spawnSites = spawnSitesOption(options, 'run(main, options)');
  const loop = new Loop({
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
  });
  try {
    if (options.exceptionHandler !== undefined) loop.setExceptionHandler(options.exceptionHandler);
    if (options.onEvent !== undefined) loop.subscribe(options.onEvent, { spawnSites });
    options.onLoop?.(loop);
  } catch (error) {
    // Nothing has run yet: close the loop so its clock is free for another run.
    loop.close();
    throw error;
  }
  return finish(loop, loop.run(op as Operation<T>, { name: options.name ?? 'main' }));
}

async function finish<T>(loop: Loop, result: Promise<T>): Promise<T> {
  try {
    return await result;
  } finally {
    await loop._shutdown();
    loop.close();
  }
}

/**
 * `main(fn)`: the entry point of a CLI program. It runs `fn` on a new loop
 * (the runtime's `run`), turns SIGINT and SIGTERM into cancellation of the
 * main task, and sets the process's exit code from the outcome.
 *
 * Exit codes (the shell's conventions):
 * - 0: `fn` returned;
 * - 1: `fn` failed (the error is printed to stderr);
 * - 128 + signal number (130 for SIGINT, 143 for SIGTERM): a signal
 *   cancelled the main task and the cancellation reached the top.
 *
 * A signal cancels the main task once: its `finally` blocks run (they may
 * still wait: shielded cleanup, a process being terminated). A second
 * SIGINT or SIGTERM while that cleanup runs exits at once with that signal's
 * code, as Python does on a second Ctrl-C. The listeners are removed when
 * `main` settles, so a later signal has Node's default effect again.
 *
 * `main` sets `process.exitCode` and resolves with it; it does not call
 * `process.exit()`, so output still being flushed is not cut off. Anything
 * the program left running outside the loop (a raw timer, a server not
 * opened through @loop/node) can still keep the process alive.
 *
 * @module
 */
import { CancelledError, currentTask, run, type Operation, type RunOptions } from '@loop/runtime';
import { assertOptions, describe } from '../checks.js';

const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;
type HandledSignal = keyof typeof SIGNAL_NUMBERS;

/**
 * Options for {@link main}: the runtime's {@link RunOptions}, plus where errors are printed.
 *
 * @example
 * ```ts
 * await main(program, { printError: (error) => console.error(String(error)) });
 * ```
 */
export interface MainOptions extends RunOptions {
  /** Prints the error that failed the program. Default: `console.error(error)`. */
  printError?: (error: unknown) => void;
}

/**
 * Runs `fn` as a command-line program: SIGINT/SIGTERM cancel it (its
 * `finally` blocks run), a second signal exits at once, and
 * `process.exitCode` is set to 0, 1 (error, printed) or 128 + the signal
 * number (130 for Ctrl-C, 143 for SIGTERM). Resolves with that code.
 *
 * @example
 * ```ts
 * // cli.ts
 * import { main } from '@loop/node';
 *
 * await main(function* () {
 *   const server = yield* listen({ port: 8080 });
 *   try {
 *     yield* server.serve(handler);
 *   } finally {
 *     console.log('shutting down'); // printed on Ctrl-C; exit code 130
 *   }
 * });
 * ```
 */
export function main<T>(fn: Operation<T> | (() => Operation<T>), options: MainOptions = {}): Promise<number> {
  if (typeof fn !== 'function' && (typeof fn !== 'object' || fn === null)) {
    throw new TypeError(`main(fn, options): fn must be a coroutine function or an operation, got ${describe(fn)}`);
  }
  assertOptions(options, 'main(fn, options)');
  const { printError = defaultPrintError, ...runOptions } = options;
  if (typeof printError !== 'function') throw new TypeError(`main(fn, options): options.printError must be a function, got ${describe(printError)}`);
  return runMain(fn, printError, runOptions);
}

async function runMain<T>(fn: Operation<T> | (() => Operation<T>), printError: (error: unknown) => void, runOptions: RunOptions): Promise<number> {

  let mainTask: { cancel(reason?: unknown): boolean } | null = null;
  let received: HandledSignal | null = null;
  const onSignal = (signal: HandledSignal): void => {
    if (received !== null) {
      // Second signal: the user does not want to wait for the cleanup.
      process.exit(128 + SIGNAL_NUMBERS[signal]);
    }
    received = signal;
    mainTask?.cancel(signal);
  };
  const listeners = (Object.keys(SIGNAL_NUMBERS) as HandledSignal[]).map((signal) => {
    const listener = (): void => onSignal(signal);
    process.on(signal, listener);
    return [signal, listener] as const;
  });

  let code: number;
  try {
    await run(function* (): Operation<T> {
      const task = yield* currentTask();
      mainTask = task;
      // A signal that arrived before the loop started the task.
      if (received !== null) task.cancel(received);
      return yield* (typeof fn === 'function' ? fn() : fn);
    }, runOptions);
    code = 0;
  } catch (error) {
    if (received !== null && error instanceof CancelledError) {
      code = 128 + SIGNAL_NUMBERS[received as HandledSignal];
    } else {
      printError(error);
      code = 1;
    }
  } finally {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  }
  process.exitCode = code;
  return code;
}

function defaultPrintError(error: unknown): void {
  console.error(error);
}

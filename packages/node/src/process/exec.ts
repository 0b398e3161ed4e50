/**
 * `exec(cmd, args)`: run a program to completion and collect its output
 * (Python's `subprocess.run(capture_output=True, check=True)` on the loop,
 * Trio's `run_process`).
 *
 * It is `spawnProcess` with the output collected whole as it arrives, as
 * Node's `execFile` does: the input is handed to stdin at once (Node
 * flushes it as the child reads), both pipes are drained while the process
 * runs (no deadlock on a full pipe), and one wait covers the exit and the
 * end of both outputs. No task, stream or reader per pipe: a stream of the
 * output, read with backpressure as it comes, is `spawnProcess`'s job.
 * Cancelling `exec` terminates the process (SIGTERM, SIGKILL after
 * `killGrace`) and waits for it to exit before the `CancelledError` goes on.
 * A deadline is `timeout(ms, exec(...))` from the runtime: it cancels, so the
 * process is terminated the same way and a `TimeoutError` is thrown.
 *
 * @module
 */
import type { Operation } from '@loop/runtime';
import { assertData, assertNonEmptyString, describe } from '../checks.js';
import { ProcessError, type ExitStatus } from './errors.js';
import { assertArgs, assertProcessOptions, startCollecting, type Process, type ProcessOptions } from './process.js';

/**
 * Options for {@link exec}.
 *
 * @example
 * ```ts
 * const options: ExecOptions = { cwd: repo, input: 'y\n', check: false };
 * ```
 */
export interface ExecOptions {
  /** Working directory of the child. */
  cwd?: string;
  /** The child's whole environment (not merged). Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed. Without it the child's stdin is empty (`/dev/null`). */
  input?: string | Uint8Array;
  /** `'utf8'` (default) or another text encoding for `stdout`/`stderr` as strings; `'buffer'` for Buffers. */
  encoding?: BufferEncoding | 'buffer';
  /** Milliseconds between SIGTERM and SIGKILL when `exec` is cancelled. Default 5000. */
  killGrace?: number;
  /** Throw a {@link ProcessError} unless the process exits with code 0. Default `true`. */
  check?: boolean;
}

/**
 * What {@link exec} returns: the captured output and how the process ended.
 *
 * @example
 * ```ts
 * const result: ExecResult = yield* exec('echo', ['hi']); // { stdout: 'hi\n', stderr: '', code: 0, signal: null }
 * ```
 */
export interface ExecResult<Output extends string | Buffer = string> extends ExitStatus {
  stdout: Output;
  stderr: Output;
}

/**
 * Runs `command` with `args` to completion and returns its output and exit
 * status. With `check` (the default) a non-zero exit or a signal is a
 * {@link ProcessError} carrying the code, the signal and the captured
 * stderr; a missing executable is a {@link SpawnError}. Cancelling it
 * terminates the process and waits for it to exit.
 *
 * @example
 * ```ts
 * const { stdout } = yield* exec('git', ['rev-parse', 'HEAD'], { cwd: repo });
 * const sorted = yield* exec('sort', [], { input: 'b\na\n' }); // sorted.stdout === 'a\nb\n'
 * const { code } = yield* exec('sh', ['-c', 'exit 3'], { check: false }); // 3
 * const slow = yield* timeout(10_000, exec('make', ['all'])); // TimeoutError after 10 s, make terminated
 * ```
 */
export function exec(command: string, args: readonly string[], options: ExecOptions & { encoding: 'buffer' }): Operation<ExecResult<Buffer>>;
export function exec(command: string, args?: readonly string[], options?: ExecOptions): Operation<ExecResult<string>>;
export function exec(command: string, args: readonly string[] = [], options: ExecOptions = {}): Operation<ExecResult<string | Buffer>> {
  const where = 'exec(command, args, options)';
  assertNonEmptyString(command, where, 'command');
  assertArgs(args, where);
  assertProcessOptions(options, where);
  if (options.input !== undefined) assertData(options.input, where, 'options.input');
  const encoding = options.encoding ?? 'utf8';
  if (encoding !== 'buffer' && !Buffer.isEncoding(encoding)) throw new TypeError(`${where}: options.encoding must be a Buffer encoding or 'buffer', got ${describe(encoding)}`);
  if (options.check !== undefined && typeof options.check !== 'boolean') throw new TypeError(`${where}: options.check must be a boolean, got ${describe(options.check)}`);
  const spawnOptions: ProcessOptions = {
    stdin: options.input === undefined ? 'ignore' : 'pipe',
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.killGrace === undefined ? {} : { killGrace: options.killGrace }),
  };
  return runToCompletion(startCollecting(command, args, spawnOptions), command, args, options.input, encoding, options.check ?? true);
}

function* runToCompletion(
  start: Operation<Process>,
  command: string,
  args: readonly string[],
  input: string | Uint8Array | undefined,
  encoding: BufferEncoding | 'buffer',
  check: boolean,
): Operation<ExecResult<string | Buffer>> {
  const proc = yield* start;
  const status = yield* proc._finish(input);
  const [out, err] = proc._output!;
  const stdout = decode(out, encoding);
  const stderr = decode(err, encoding);
  if (check && (status.code !== 0 || status.signal !== null)) throw new ProcessError(command, args, status, stdout, stderr);
  return { stdout, stderr, code: status.code, signal: status.signal };
}

/** A pipe's chunks as one Buffer, or as text in `encoding`. */
function decode(chunks: Buffer[], encoding: BufferEncoding | 'buffer'): string | Buffer {
  const whole = Buffer.concat(chunks);
  return encoding === 'buffer' ? whole : whole.toString(encoding);
}

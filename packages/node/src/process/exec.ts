/**
 * `exec(cmd, args)`: run a program to completion and collect its output
 * (Python's `subprocess.run(capture_output=True, check=True)` on the loop,
 * Trio's `run_process`).
 *
 * It is `spawnProcess` plus three concurrent parts — feeding stdin, reading
 * stdout, reading stderr — and waiting for the exit, gathered so that all
 * output is read while the process runs (no deadlock on a full pipe).
 * Cancelling `exec` terminates the process (SIGTERM, SIGKILL after
 * `killGrace`) and waits for it to exit before the `CancelledError` goes on.
 * A deadline is `timeout(ms, exec(...))` from the runtime: it cancels, so the
 * process is terminated the same way and a `TimeoutError` is thrown.
 *
 * @module
 */
import { collect, gather, pipe, type Operation } from '@loop/runtime';
import { assertData, assertNonEmptyString, describe } from '../checks.js';
import { ProcessError, type ExitStatus } from './errors.js';
import { assertArgs, assertProcessOptions, spawnProcess, type Process, type ProcessOptions } from './process.js';

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
  return runToCompletion(spawnProcess(command, args, spawnOptions), command, args, options.input, encoding, options.check ?? true);
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
  const [out, err, status] = yield* gather(pipe(proc.stdout, collect()), pipe(proc.stderr, collect()), feedThenWait(proc, input));
  const decode = (chunks: Buffer[]): string | Buffer => (encoding === 'buffer' ? Buffer.concat(chunks) : Buffer.concat(chunks).toString(encoding));
  const stdout = decode(out);
  const stderr = decode(err);
  if (check && (status.code !== 0 || status.signal !== null)) throw new ProcessError(command, args, status, stdout, stderr);
  return { stdout, stderr, code: status.code, signal: status.signal };
}

function* feedThenWait(proc: Process, input: string | Uint8Array | undefined): Operation<ExitStatus> {
  if (input !== undefined) {
    try {
      yield* proc.stdin.write(input);
      yield* proc.stdin.close();
    } catch (error) {
      // A child that exits without reading all its input closes the pipe (EPIPE): its exit status tells the story.
      if (!isBrokenPipe(error)) throw error;
    }
  }
  return yield* proc.wait();
}

function isBrokenPipe(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ECONNRESET' || code === 'ERR_STREAM_DESTROYED';
}

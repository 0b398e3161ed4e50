/**
 * `spawnProcess(cmd, args)`: a running subprocess as a handle owned by the
 * task that started it (asyncio's `create_subprocess_exec`, Trio's
 * `open_process`).
 *
 * Life cycle and guarantees:
 * - `spawnProcess` returns once the OS has started the program; a missing
 *   executable is a {@link SpawnError} at that point, never a hang.
 * - The process belongs to the task that spawned it (see io/own.ts): if that
 *   task finishes or is cancelled while the process still runs, the process
 *   is terminated and its exit awaited before the task is done. It is never
 *   orphaned.
 * - Termination is SIGTERM, then SIGKILL once `killGrace` ms have passed
 *   (default {@link DEFAULT_KILL_GRACE}), then waiting for the exit. The
 *   grace period is real time, measured by a host timer, so it elapses on a
 *   virtual clock too (the loop's clock never jumps while an exit is awaited).
 * - `wait()` cancelled terminates the process the same way and waits for the
 *   exit (shielded) before the `CancelledError` goes on.
 * - stdout and stderr are runtime Streams of chunks read with backpressure:
 *   a child that writes more than nobody reads blocks on a full pipe, as in
 *   asyncio. Each chunk is read once; a second consumer continues where the
 *   first stopped.
 *
 * @module
 */
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { CancelledError, ClosedResourceError, call, shield, stream, type Operation, type Stream } from '@loop/runtime';
import { assertData, assertMs, assertNonEmptyString, assertOptions, describe } from '../checks.js';
import { ByteReader } from '../io/reader.js';
import { own, type Owned } from '../io/own.js';
import { waitFor } from '../io/wait-for.js';
import { ByteWriter } from '../io/writer.js';
import { SpawnError, type ExitStatus } from './errors.js';

/**
 * How long termination waits after SIGTERM before it sends SIGKILL: 5000 ms (Trio's default).
 *
 * @example
 * ```ts
 * yield* spawnProcess('server', [], { killGrace: DEFAULT_KILL_GRACE * 2 });
 * ```
 */
export const DEFAULT_KILL_GRACE = 5000;

/**
 * Where a standard stream of the child goes: a pipe to this process, this process's own stream, or nowhere.
 *
 * @example
 * ```ts
 * const quiet: StdioMode = 'ignore';
 * yield* spawnProcess('make', [], { stdout: quiet, stderr: 'inherit' });
 * ```
 */
export type StdioMode = 'pipe' | 'inherit' | 'ignore';

/**
 * Options for {@link spawnProcess}.
 *
 * @example
 * ```ts
 * const options: ProcessOptions = { cwd: '/tmp', stdin: 'ignore', killGrace: 1000 };
 * ```
 */
export interface ProcessOptions {
  /** Working directory of the child. Default: this process's. */
  cwd?: string;
  /** The child's whole environment (not merged): pass `{ ...process.env, NAME: 'value' }` to extend. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The child's stdin. Default `'pipe'` (write with `proc.stdin.write`). */
  stdin?: StdioMode;
  /** The child's stdout. Default `'pipe'` (read `proc.stdout`). */
  stdout?: StdioMode;
  /** The child's stderr. Default `'pipe'` (read `proc.stderr`). */
  stderr?: StdioMode;
  /** Milliseconds between SIGTERM and SIGKILL when the process is terminated. Default {@link DEFAULT_KILL_GRACE}. */
  killGrace?: number;
}

/**
 * The child's stdin as an operation-based writer.
 *
 * @example
 * ```ts
 * yield* proc.stdin.write('hello\n'); // waits when the pipe is full
 * yield* proc.stdin.close();          // the child sees the end of its input
 * ```
 */
export class ProcessInput {
  /** @internal */
  constructor(private readonly writer: ByteWriter | null) {}

  /**
   * Writes to the child's stdin; waits for the pipe to drain when Node's
   * buffer is full (backpressure). `ClosedResourceError` after `close()`.
   *
   * @example
   * ```ts
   * for (const line of lines) yield* proc.stdin.write(`${line}\n`);
   * ```
   */
  write(data: string | Uint8Array): Operation<void> {
    assertData(data, 'proc.stdin.write(data)', 'data');
    return this.pipe('write').write(data);
  }

  /**
   * Closes stdin (the child reads end-of-file) once everything written has
   * been flushed. Closing twice does nothing.
   *
   * @example
   * ```ts
   * yield* proc.stdin.close();
   * ```
   */
  close(): Operation<void> {
    return this.pipe('close').end();
  }

  private pipe(what: string): ByteWriter {
    if (this.writer === null) throw new ClosedResourceError(`proc.stdin.${what}(): stdin is not a pipe; spawn the process with { stdin: 'pipe' }`);
    return this.writer;
  }
}

/**
 * A running subprocess, returned by {@link spawnProcess}. Owned by the task
 * that spawned it: terminated (SIGTERM, SIGKILL after `killGrace`) and
 * awaited if that task ends while it still runs.
 *
 * @example
 * ```ts
 * const proc = yield* spawnProcess('sh', ['-c', 'read name; echo "hello $name"']);
 * yield* proc.stdin.write('loop\n');
 * yield* proc.stdin.close();
 * const [greeting] = yield* pipe(proc.stdout, lines(), collect()); // 'hello loop'
 * const { code } = yield* proc.wait(); // 0
 * ```
 */
export class Process {
  /** The OS process id. */
  readonly pid: number;
  /** The command that was started. */
  readonly command: string;
  /** Its arguments. */
  readonly args: readonly string[];
  /** The child's stdin (see {@link ProcessInput}). */
  readonly stdin: ProcessInput;
  /** The child's stdout as a stream of chunks (empty unless `stdout: 'pipe'`). */
  readonly stdout: Stream<Buffer>;
  /** The child's stderr as a stream of chunks (empty unless `stderr: 'pipe'`). */
  readonly stderr: Stream<Buffer>;
  /** @internal The owner task's record of this process, forgotten once it has exited. */
  _owned: Owned | null = null;
  /** @internal In collecting mode (`exec`): the chunks of stdout and of stderr received so far. */
  readonly _output: readonly [Buffer[], Buffer[]] | null;

  private status: ExitStatus | null = null;
  private terminating: Promise<ExitStatus> | null = null;
  private readonly exited: Promise<ExitStatus>;
  /** True once the child has exited and its pipes have closed (its 'close' event). */
  private closed = false;
  /** The first error the child reported ('error'): the reason it did not start, when it has no pid. */
  private failure: NodeJS.ErrnoException | null = null;

  /**
   * @internal In streaming mode (`spawnProcess`) stdin is a writer and
   * stdout/stderr are Streams read with backpressure. In collecting mode
   * (`collect`, for `exec`) the output is gathered whole as it arrives, as
   * `execFile` does, with no reader, no stream and no task per pipe; stdin
   * is fed only through `_finish`.
   */
  constructor(
    private readonly child: ChildProcess,
    command: string,
    args: readonly string[],
    private readonly killGrace: number,
    private readonly cwd: string | undefined,
    collect: boolean,
  ) {
    this.pid = child.pid ?? -1;
    this.command = command;
    this.args = args;
    this.exited = new Promise<ExitStatus>((resolve) => {
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        this.status = { code, signal };
        this._owned?.forget();
        resolve(this.status);
      };
      if (child.exitCode !== null || child.signalCode !== null) onExit(child.exitCode, child.signalCode);
      else child.once('exit', onExit);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      this.failure ??= error;
      // Not started (or a later failure of the handle): there is nothing left to wait for.
      if (child.pid === undefined) this._owned?.forget();
    });
    // A child that exits without reading its input breaks the pipe (EPIPE): writers see it through `errored`.
    child.stdin?.on('error', ignore);
    if (collect) {
      this.stdin = new ProcessInput(null);
      this.stdout = this.stderr = NO_OUTPUT;
      this._output = [gathered(child.stdout), gathered(child.stderr)];
      child.once('close', () => {
        this.closed = true;
      });
    } else {
      this.stdin = new ProcessInput(child.stdin === null ? null : new ByteWriter(child.stdin, same, 'stdin'));
      this.stdout = chunks(child.stdout);
      this.stderr = chunks(child.stderr);
      this._output = null;
    }
  }

  /** How the process ended, or `null` while it runs. */
  get exitStatus(): ExitStatus | null {
    return this.status;
  }

  /**
   * Waits for the process to exit and returns its status (a non-zero code is
   * not an error here; see `exec` for that). Cancelling the wait terminates
   * the process (SIGTERM, then SIGKILL after the grace period) and waits
   * for it to exit before the `CancelledError` goes on.
   *
   * @example
   * ```ts
   * const { code, signal } = yield* proc.wait();
   * ```
   */
  *wait(): Operation<ExitStatus> {
    if (this.status !== null) return this.status;
    return yield* this._orTerminate(call(this.exited));
  }

  /**
   * Sends a signal (default `SIGTERM`); returns false if the process has
   * already exited. It does not wait: follow with `wait()`.
   *
   * @example
   * ```ts
   * proc.kill('SIGINT');
   * yield* proc.wait(); // { code: null, signal: 'SIGINT' } for most programs
   * ```
   */
  kill(signal: NodeJS.Signals | number = 'SIGTERM'): boolean {
    if (typeof signal !== 'string' && typeof signal !== 'number') {
      throw new TypeError(`proc.kill(signal): signal must be a signal name such as 'SIGTERM' or a number, got ${describe(signal)}`);
    }
    if (this.status !== null) return false;
    return this.child.kill(signal);
  }

  /**
   * Terminates the process — SIGTERM, then SIGKILL if it is still running
   * after the grace period — and waits for it to exit. Calling it again (or
   * on an exited process) just waits for (or returns) the same exit.
   *
   * @example
   * ```ts
   * const status = yield* proc.terminate(); // { code: null, signal: 'SIGTERM' }
   * ```
   */
  terminate(): Operation<ExitStatus> {
    return call(() => this.terminateNow());
  }

  /**
   * @internal Collecting mode: writes `input` (if any) to stdin and closes
   * it, then waits until the process has exited and both outputs have
   * ended (the child's 'close', which Node emits after a failed start too).
   * Cancelled, it terminates the process as `wait()` does. A program that
   * did not start is its {@link SpawnError}; a pipe that failed, its error.
   */
  *_finish(input: string | Uint8Array | undefined): Operation<ExitStatus> {
    const child = this.child;
    // Node queues the whole input and flushes it as the child reads; a child that stops reading breaks the pipe
    // (EPIPE, ignored above): its exit status tells the story.
    if (input !== undefined) child.stdin?.end(input);
    if (!this.closed) yield* this._orTerminate(waitFor(child, ['close']));
    if (child.pid === undefined || this.status === null) throw this._spawnError();
    const failed = child.stdout?.errored ?? child.stderr?.errored;
    if (failed) throw failed;
    return this.status;
  }

  /**
   * @internal Runs `op`, a wait on this process; cancelled, it terminates
   * the process (if it started) and waits for its exit, shielded, before
   * the `CancelledError` goes on.
   */
  *_orTerminate<T>(op: Operation<T>): Operation<T> {
    try {
      return yield* op;
    } catch (error) {
      if (error instanceof CancelledError && this.child.pid !== undefined) yield* shield(call(this.terminateNow()));
      throw error;
    }
  }

  /** @internal True once the child has reported an error. */
  get _failed(): boolean {
    return this.failure !== null;
  }

  /** @internal The error for a program that did not start. */
  _spawnError(): SpawnError {
    return new SpawnError(this.command, this.failure ?? new Error('spawn failed'), this.cwd);
  }

  private terminateNow(): Promise<ExitStatus> {
    if (this.status !== null) return Promise.resolve(this.status);
    if (this.terminating === null) {
      this.child.kill('SIGTERM');
      const escalate = setTimeout(() => this.child.kill('SIGKILL'), this.killGrace);
      this.terminating = this.exited.finally(() => clearTimeout(escalate));
    }
    return this.terminating;
  }
}

function same(error: Error): Error {
  return error;
}

function incomplete(partial: Buffer, expected: number): Error {
  return new Error(`expected ${expected} bytes, the stream ended after ${partial.length}`);
}

/** A child's stdout/stderr as a Stream of chunks (an empty stream when it is not a pipe). */
function chunks(source: Readable | null): Stream<Buffer> {
  if (source !== null) source.on('error', ignore);
  const reader = source === null ? null : new ByteReader(source, same, incomplete);
  return stream<Buffer>(function* () {
    if (reader === null) return;
    for (;;) {
      const chunk = yield* reader.read(Infinity);
      if (chunk.length === 0) return;
      yield chunk;
    }
  });
}

/** A child's stdout/stderr gathered whole: the chunks received so far (none when it is not a pipe). */
function gathered(source: Readable | null): Buffer[] {
  const received: Buffer[] = [];
  if (source !== null) {
    source.on('error', ignore);
    source.on('data', (chunk: Buffer) => received.push(chunk));
  }
  return received;
}

/** The stdout/stderr of a process whose output is collected: nothing to read. */
const NO_OUTPUT: Stream<Buffer> = stream<Buffer>(function* () {});

function ignore(): void {}

const MODES: readonly string[] = ['pipe', 'inherit', 'ignore'];

/**
 * Starts `command` with `args` (no shell: arguments are passed as they are)
 * and returns a {@link Process} once the OS has started it. A missing
 * executable is a {@link SpawnError} (`code: 'ENOENT'`) naming the command.
 * The process belongs to the calling task: it is terminated and awaited if
 * the task ends while it still runs.
 *
 * @example
 * ```ts
 * const proc = yield* spawnProcess(process.execPath, ['worker.mjs'], { killGrace: 1000 });
 * yield* forEach(pipe(proc.stdout, lines()), (line) => console.log('worker:', line));
 * const { code } = yield* proc.wait();
 * ```
 */
export function spawnProcess(command: string, args: readonly string[] = [], options: ProcessOptions = {}): Operation<Process> {
  const where = 'spawnProcess(command, args, options)';
  assertNonEmptyString(command, where, 'command');
  assertArgs(args, where);
  assertProcessOptions(options, where);
  for (const key of ['stdin', 'stdout', 'stderr'] as const) {
    const mode = options[key];
    if (mode !== undefined && !MODES.includes(mode)) throw new TypeError(`${where}: options.${key} must be 'pipe', 'inherit' or 'ignore', got ${describe(mode)}`);
  }
  return start(command, [...args], options, options.killGrace ?? DEFAULT_KILL_GRACE, false);
}

/**
 * @internal `exec`'s start: as {@link spawnProcess} with options already
 * validated, the output collected whole (see `Process._finish`).
 */
export function startCollecting(command: string, args: readonly string[], options: ProcessOptions): Operation<Process> {
  return start(command, [...args], options, options.killGrace ?? DEFAULT_KILL_GRACE, true);
}

/** @internal Validates the options `exec` and `spawnProcess` share. */
export function assertProcessOptions(options: unknown, where: string): asserts options is Pick<ProcessOptions, 'cwd' | 'env' | 'killGrace'> {
  assertOptions(options, where);
  const { cwd, env, killGrace } = (options ?? {}) as ProcessOptions;
  if (cwd !== undefined) assertNonEmptyString(cwd, where, 'options.cwd');
  if (env !== undefined && (typeof env !== 'object' || env === null)) throw new TypeError(`${where}: options.env must be an object of strings, got ${describe(env)}`);
  if (killGrace !== undefined) assertMs(killGrace, where, 'options.killGrace');
}

/** @internal Validates an argument list. */
export function assertArgs(args: unknown, where: string): asserts args is readonly string[] {
  if (!Array.isArray(args)) throw new TypeError(`${where}: args must be an array of strings, got ${describe(args)}`);
  const bad = args.findIndex((arg) => typeof arg !== 'string');
  if (bad !== -1) throw new TypeError(`${where}: args[${bad}] must be a string, got ${describe(args[bad])}`);
}

function* start(command: string, args: string[], options: ProcessOptions, killGrace: number, collect: boolean): Operation<Process> {
  const child = spawnChild(command, args, {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
    stdio: [options.stdin ?? 'pipe', options.stdout ?? 'pipe', options.stderr ?? 'pipe'],
    windowsHide: true,
  });
  const proc = new Process(child, command, args, killGrace, options.cwd, collect);
  // Owned from here on, before we wait for the OS below: even a caller that
  // returns at once (or is cancelled now) gets its process terminated and awaited.
  proc._owned = yield* own(() => (child.pid === undefined ? undefined : proc.terminate()));
  // exec does not wait for the start: the one wait in `_finish` covers it, and reports a failed start.
  if (collect) return proc;
  // Cancelled before the caller got the handle: the caller cannot stop it, so we do.
  if (child.pid !== undefined) yield* proc._orTerminate(waitFor(child, ['spawn', 'error']));
  else if (!proc._failed) yield* waitFor(child, ['error']);
  if (child.pid === undefined || proc._failed) throw proc._spawnError();
  return proc;
}

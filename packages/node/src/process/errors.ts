/**
 * Errors of subprocesses: a program that could not be started
 * ({@link SpawnError}) and one that exited unsuccessfully
 * ({@link ProcessError}).
 *
 * @module
 */

/**
 * How a process ended: its exit code, or the signal that killed it.
 *
 * @example
 * ```ts
 * const { code, signal }: ExitStatus = yield* proc.wait();
 * ```
 */
export interface ExitStatus {
  /** The exit code, or `null` when a signal ended the process. */
  code: number | null;
  /** The signal that ended the process (`'SIGTERM'`, `'SIGKILL'`, …), or `null`. */
  signal: NodeJS.Signals | null;
}

/**
 * A program could not be started: the executable was not found
 * (`code: 'ENOENT'`), is not executable (`'EACCES'`), or the working
 * directory does not exist. Carries the command and Node's original error as
 * `cause`.
 *
 * @example
 * ```ts
 * try {
 *   yield* exec('no-such-tool', []);
 * } catch (error) {
 *   if (error instanceof SpawnError && error.code === 'ENOENT') console.error(error.message);
 *   // cannot run "no-such-tool": executable not found (ENOENT); check the name and PATH
 * }
 * ```
 */
export class SpawnError extends Error {
  override readonly name = 'SpawnError';
  /** Node's error code: `ENOENT`, `EACCES`, … */
  readonly code: string;
  /** The command that could not be started. */
  readonly command: string;

  constructor(command: string, cause: NodeJS.ErrnoException, cwd: string | undefined) {
    const code = cause.code ?? 'EUNKNOWN';
    const why =
      code === 'ENOENT'
        ? `executable not found (ENOENT); check the name and PATH${cwd === undefined ? '' : `, and that the working directory ${JSON.stringify(cwd)} exists`}`
        : code === 'EACCES'
          ? 'permission denied (EACCES); is the file executable?'
          : `${cause.message} (${code})`;
    super(`cannot run ${JSON.stringify(command)}: ${why}`, { cause });
    this.code = code;
    this.command = command;
  }
}

/**
 * A process exited with a non-zero code or was killed by a signal, when the
 * caller asked for success (`exec` with `check: true`, the default). Carries
 * the exit status and the captured output.
 *
 * @example
 * ```ts
 * try {
 *   yield* exec('sh', ['-c', 'echo oops >&2; exit 3']);
 * } catch (error) {
 *   if (error instanceof ProcessError) console.log(error.code, error.stderr); // 3 'oops\n'
 * }
 * ```
 */
export class ProcessError extends Error implements ExitStatus {
  override readonly name = 'ProcessError';
  /** The exit code, or `null` when a signal ended the process. */
  readonly code: number | null;
  /** The signal that ended the process, or `null`. */
  readonly signal: NodeJS.Signals | null;
  /** The command that ran. */
  readonly command: string;
  /** Its arguments. */
  readonly args: readonly string[];
  /** What it wrote to stdout (text, or a Buffer with `encoding: 'buffer'`). */
  readonly stdout: string | Buffer;
  /** What it wrote to stderr (text, or a Buffer with `encoding: 'buffer'`). */
  readonly stderr: string | Buffer;

  constructor(command: string, args: readonly string[], status: ExitStatus, stdout: string | Buffer, stderr: string | Buffer) {
    const how = status.signal !== null ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
    const text = (typeof stderr === 'string' ? stderr : stderr.toString('utf8')).trim();
    const tail = text === '' ? '' : `: ${text.length > 500 ? `…${text.slice(-500)}` : text}`;
    super(`${[command, ...args].join(' ')} ${how}${tail}`);
    this.code = status.code;
    this.signal = status.signal;
    this.command = command;
    this.args = args;
    this.stdout = stdout;
    this.stderr = stderr;
  }
}

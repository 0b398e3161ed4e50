/**
 * Checks on a process before `loop-console ps` attaches to it: it must be
 * ours (its real and effective uid are the caller's: the inspector would
 * run our code with its rights) and a Node process, and its inspector port
 * is read from its command line (`--inspect-port=N`, `--inspect=[host:]N`,
 * else Node's default 9229). Linux `/proc` only.
 *
 * Pure parsing is separate from reading `/proc`, so the rules are tested
 * on text.
 *
 * @module
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { AttachError } from './errors.js';

/** Node's default inspector port. */
export const DEFAULT_INSPECTOR_PORT = 9229;

/** What `ps` needs to know about a target. */
export interface TargetProcess {
  pid: number;
  /** Its command line, for the report (sanitised by the caller). */
  command: string;
  /** The port its inspector opens on. */
  port: number;
}

/**
 * The real and effective uids in a `/proc/<pid>/status` text, or null.
 *
 * @example
 * ```ts
 * statusUids('Name:\tnode\nUid:\t1000\t1000\t1000\t1000\n'); // [1000, 1000]
 * ```
 */
export function statusUids(status: string): [number, number] | null {
  const match = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
  return match === null ? null : [Number(match[1]), Number(match[2])];
}

/**
 * Why `ps` must refuse process `pid` given its status text and our uid, or
 * null when it is ours (real and effective uid both).
 *
 * @example
 * ```ts
 * ownerProblem(7, 'Uid:\t0\t0\t0\t0\n', 1000); // 'process 7 belongs to another user (uid 0, you are 1000): …'
 * ```
 */
export function ownerProblem(pid: number, status: string, uid: number): string | null {
  const uids = statusUids(status);
  if (uids !== null && uids[0] === uid && uids[1] === uid) return null;
  return `process ${pid} belongs to another user (uid ${uids === null ? '?' : uids[0] === uid ? uids[1] : uids[0]}, you are ${uid}): ps attaches only to your own processes`;
}

/**
 * The inspector port a Node command line asks for (the last flag wins, as in Node).
 *
 * @example
 * ```ts
 * inspectorPort(['node', '--inspect-port=9333', 'app.js']); // 9333
 * inspectorPort(['node', 'app.js']);                        // 9229
 * ```
 */
export function inspectorPort(argv: readonly string[]): number {
  let port = DEFAULT_INSPECTOR_PORT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // Flags end where the script begins (its own arguments are not Node's).
    if (i > 0 && !arg.startsWith('-')) break;
    let value: string | undefined;
    if (arg === '--inspect-port' || arg === '--debug-port') value = argv[++i];
    else if (/^--(?:inspect-port|debug-port)=/.test(arg)) value = arg.slice(arg.indexOf('=') + 1);
    else if (/^--inspect(?:-brk|-wait)?=/.test(arg)) value = arg.slice(arg.indexOf('=') + 1);
    if (value === undefined) continue;
    const n = Number(value.slice(value.lastIndexOf(':') + 1));
    if (Number.isInteger(n) && n > 0 && n < 65536) port = n;
  }
  return port;
}

/**
 * Reads `/proc/<pid>` and refuses a target that is not ours or not Node.
 *
 * @example
 * ```ts
 * const { port } = checkTarget(1234); // throws AttachError with a one-line reason
 * ```
 */
export function checkTarget(pid: number): TargetProcess {
  if (!Number.isInteger(pid) || pid <= 0) throw new AttachError(`not a process id: ${String(pid)}`);
  if (pid === process.pid) throw new AttachError(`process ${pid} is loop-console itself`);
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !exists('/proc/self/status')) throw new AttachError('ps and pstree need /proc (Linux)');
    throw new AttachError(code === 'ENOENT' ? `no process ${pid}` : `cannot read /proc/${pid}/status (${code ?? 'error'})`);
  }
  const refused = ownerProblem(pid, status, process.getuid?.() ?? -1);
  if (refused !== null) throw new AttachError(refused);
  const name = /^Name:\s*(.*)$/m.exec(status)?.[1] ?? '';
  let exe = '';
  try {
    exe = basename(readlinkSync(`/proc/${pid}/exe`));
  } catch {
    // A process that is exiting, or a kernel thread: judged by its name alone.
  }
  if (!name.startsWith('node') && !exe.startsWith('node')) throw new AttachError(`process ${pid} is not a Node process (${exe === '' ? name : exe})`);
  let argv: string[] = [];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((arg) => arg !== '');
  } catch {
    // No command line to read: Node's default port.
  }
  return { pid, command: argv.join(' '), port: inspectorPort(argv) };
}

function exists(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

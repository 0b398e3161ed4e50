/**
 * The child processes of the suite: starting one with a time limit and a
 * grace period after its report, reading its one-line JSON report, and
 * finding out once whether python3 can run the asyncio workloads.
 *
 * A child that is still alive `exitGraceMs` after printing its report is
 * killed and reported: something kept its event loop alive (a leaked host
 * timer), which is a bug in the implementation it ran.
 *
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildFailure, ChildReport } from './child.js';

/** The Python child, beside `src/` and `dist/`. */
export const PYTHON_CHILD = fileURLToPath(new URL('../python/child.py', import.meta.url));
/** `TaskGroup`, which the cancel workload uses, came with Python 3.11. */
const PYTHON_MIN: readonly [number, number] = [3, 11];

let pythonProbe: { version: string | null; why: string | null } | undefined;

/**
 * The version of `python3` on PATH when it can run the asyncio workloads
 * (3.11 or later), else null and why. Probed once per process.
 *
 * @example
 * ```ts
 * pythonStatus(); // { version: '3.11.7', why: null }
 * ```
 */
export function pythonStatus(): { version: string | null; why: string | null } {
  if (pythonProbe !== undefined) return pythonProbe;
  const probe = spawnSync('python3', ['-c', 'import sys; print(".".join(map(str, sys.version_info[:3])))'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error !== undefined || probe.status !== 0) {
    pythonProbe = { version: null, why: 'python3 is not on PATH: the asyncio column is skipped' };
  } else {
    const version = probe.stdout.trim();
    const [major = 0, minor = 0] = version.split('.').map(Number);
    const recent = major > PYTHON_MIN[0] || (major === PYTHON_MIN[0] && minor >= PYTHON_MIN[1]);
    pythonProbe = recent ? { version, why: null } : { version, why: `python3 is ${version}; the asyncio workloads need ${PYTHON_MIN.join('.')} or later (TaskGroup)` };
  }
  return pythonProbe;
}

export interface ChildOutcome {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why the runner killed it, or null. */
  killed: string | null;
  ms: number;
}

export function runChild(command: string, args: readonly string[], timeoutMs: number, exitGraceMs: number): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed: string | null = null;
    const kill = (why: string) => {
      killed ??= why;
      child.kill('SIGKILL');
    };
    const deadline = setTimeout(() => kill(`it was still running after ${timeoutMs} ms`), timeoutMs);
    let grace: ReturnType<typeof setTimeout> | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (grace === undefined && stdout.endsWith('\n')) {
        grace = setTimeout(() => kill(`it was still alive ${exitGraceMs} ms after its report: something kept its event loop alive`), exitGraceMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(deadline);
      clearTimeout(grace);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(grace);
      resolve({ stdout, stderr, code, signal, killed, ms: performance.now() - t0 });
    });
  });
}

/**
 * The child's report: the JSON of its last line on stdout (a {@link ChildReport}
 * unless `T` says which other report it prints), or null when there is none.
 *
 * @example
 * ```ts
 * parseReport('{"error":"boom"}\n'); // { error: 'boom' }
 * ```
 */
export function parseReport<T = ChildReport>(stdout: string): T | ChildFailure | null {
  const line = stdout.trimEnd().split('\n').pop();
  if (line === undefined || line === '') return null;
  try {
    return JSON.parse(line) as T | ChildFailure;
  } catch {
    return null;
  }
}

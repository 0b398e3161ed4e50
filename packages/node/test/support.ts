/** Helpers shared by the package's tests. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The path of a child program in test/fixtures. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** True while a process with this pid exists (signal 0 probes without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** The `code` of what `fn` throws (e.g. ESRCH from process.kill). */
export function errorCode(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}

/** What a child program did: its output and how it ended. */
export interface ChildResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs `node <file> ...args` outside any loop; `onLine(line, child)` sees each stdout
 * line as it comes (to send signals at the right moment).
 */
export function runNode(file: string, args: readonly string[] = [], onLine: (line: string, child: ReturnType<typeof spawn>) => void = () => {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      stdout += text;
      pending += text;
      let at: number;
      while ((at = pending.indexOf('\n')) !== -1) {
        const line = pending.slice(0, at);
        pending = pending.slice(at + 1);
        onLine(line, child);
      }
    });
    child.stderr.on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ stdout, stderr, code, signal }));
  });
}

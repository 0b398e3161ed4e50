/**
 * `loop-console ps`/`pstree` against real processes started by the test
 * (never the console's own children): a program on the runtime, one that
 * opts out, one with no loop, one that is not Node. Each target gets a free
 * loopback port (`--inspect-port`), so the test never touches 9229.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { portOpen } from '../src/attach/inspector.js';
import { inspectorPort, ownerProblem, statusUids } from '../src/attach/target.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TARGET = fileURLToPath(new URL('./fixtures/programs/ps-target.mjs', import.meta.url));
const CWD = fileURLToPath(new URL('..', import.meta.url));

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `command args`, waits for `ready` on its stdout (bounded), and collects its stderr. */
async function startTarget(command: string, args: string[], ready: RegExp | null): Promise<{ child: ChildProcess; stderr: () => string }> {
  const child = spawn(command, args, { cwd: CWD, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  started.push(child);
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  if (ready !== null) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the target never printed ${String(ready)}; stderr: ${err}`)), 10_000);
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (ready.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } else {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, stderr: () => err };
}

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 15_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('target checks (pure)', () => {
  test('the uids of /proc/<pid>/status: real and effective', () => {
    expect(statusUids('Name:\tnode\nUid:\t1000\t1001\t1000\t1000\n')).toEqual([1000, 1001]);
    expect(statusUids('Name:\tnode\n')).toBeNull();
  });

  test('a process of another user (real or effective uid) is refused in one line', () => {
    expect(ownerProblem(7, 'Uid:\t1000\t1000\t1000\t1000\n', 1000)).toBeNull();
    expect(ownerProblem(7, 'Uid:\t0\t0\t0\t0\n', 1000)).toBe('process 7 belongs to another user (uid 0, you are 1000): ps attaches only to your own processes');
    expect(ownerProblem(7, 'Uid:\t1000\t0\t1000\t1000\n', 1000)).toBe('process 7 belongs to another user (uid 0, you are 1000): ps attaches only to your own processes');
  });

  test('the inspector port: --inspect-port, --inspect=[host:]port, else 9229; the script’s own arguments are not Node’s', () => {
    expect(inspectorPort(['node', 'app.js'])).toBe(9229);
    expect(inspectorPort(['node', '--inspect-port=9333', 'app.js'])).toBe(9333);
    expect(inspectorPort(['node', '--inspect-port', '9334', 'app.js'])).toBe(9334);
    expect(inspectorPort(['node', '--inspect=127.0.0.1:9335', 'app.js'])).toBe(9335);
    expect(inspectorPort(['node', 'app.js', '--inspect-port=9336'])).toBe(9229);
  });
});

describe('ps and pstree on real processes', () => {
  test('ps: every task of the loop with its name, state, wait and line; the inspector is closed afterwards and the target runs on', async () => {
    const port = await freePort();
    const { child, stderr } = await startTarget(process.execPath, [`--inspect-port=${port}`, TARGET], /ready \d+/);
    const pid = child.pid!;
    expect(await portOpen(port)).toBe(false);
    const result = cli('ps', String(pid));
    expect(result.stderr).toMatch(new RegExp(`^loop-console: read through the inspector on 127\\.0\\.0\\.1:${port}, open \\d+ ms \\(SIGUSR1 to closed; the dump took \\d+ ms\\)\\n$`));
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([`process ${pid}: ${process.execPath} --inspect-port=${port} ${TARGET}`, 'loop 1 of 1: 6 live task(s)', '  ID NAME             STATE     WAITING ON                               WHERE']);
    expect(lines.slice(3, 9)).toEqual([
      '   1 main             suspended the 4 child task(s) of its gather        ps-target.mjs:28:3  yield* gather(consumer(), locker(), napper(), waiter);',
      '   2 waiter           suspended event.wait() on Event#1 (not set)',
      '   3 consumer         suspended queue.get() on Queue#1 (empty)           ps-target.mjs:12:3  yield* jobs.get();',
      '   4 locker           suspended lock.acquire() on Lock#1 (held)          ps-target.mjs:16:3  yield* lock.acquire();',
      lines[7],
      '   6 Task-6           suspended join task "waiter" (id 2)',
    ]);
    expect(lines[7]).toMatch(/^ {3}5 napper {11}suspended sleep until \d+\.\d{3}s +ps-target\.mjs:20:3 {2}yield\* sleep\(600_000\);$/);
    expect(result.status).toBe(0);
    // The door is shut again, and the program did not notice anything but a line on its stderr.
    expect(await portOpen(port)).toBe(false);
    expect(child.exitCode).toBeNull();
    expect(stderr()).toContain(`Debugger listening on ws://127.0.0.1:${port}/`);
    // It can be read again (the signal opens a fresh inspector each time).
    const tree = cli('pstree', String(pid));
    expect([tree.status, tree.stderr]).toEqual([0, expect.stringMatching(/^loop-console: read through/)]);
    expect(tree.stdout.split('\n').slice(1, 5)).toEqual([
      'loop 1 of 1: 6 live task(s)',
      '└── main (1) suspended: the 4 child task(s) of its gather  ps-target.mjs:28:3  yield* gather(consumer(), locker(), napper(), waiter);',
      '    ├── waiter (2) suspended: event.wait() on Event#1 (not set)',
      '    ├── consumer (3) suspended: queue.get() on Queue#1 (empty)  ps-target.mjs:12:3  yield* jobs.get();',
    ]);
    expect(tree.stdout).toContain('    └── Task-6 (6) suspended: join task "waiter" (id 2)');
    expect(await portOpen(port)).toBe(false);
  });

  test('six dumps in a row leave the target running, each time closing the port (Node 20 crashed when the inspector closed too soon)', async () => {
    const port = await freePort();
    const { child } = await startTarget(process.execPath, [`--inspect-port=${port}`, TARGET], /ready \d+/);
    for (let round = 0; round < 6; round++) {
      expect(cli(round % 2 === 0 ? 'ps' : 'pstree', String(child.pid)).status).toBe(0);
      expect(await portOpen(port)).toBe(false);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([child.exitCode, child.signalCode]).toEqual([null, null]);
  });

  test('an inspector the program opened itself (--inspect) is used and left open, as it was', async () => {
    const port = await freePort();
    const { child } = await startTarget(process.execPath, [`--inspect=127.0.0.1:${port}`, TARGET], /ready \d+/);
    expect(await portOpen(port)).toBe(true);
    const result = cli('ps', String(child.pid));
    expect([result.status, result.stderr]).toEqual([0, `loop-console: read through the inspector already open on 127.0.0.1:${port}, left open as it was\n`]);
    expect(result.stdout).toContain('   3 consumer         suspended queue.get() on Queue#1 (empty)');
    expect(await portOpen(port)).toBe(true);
  });

  test('a program with its own SIGUSR1 listener has opted out: one line after the wait, and no port opened', async () => {
    const port = await freePort();
    const { child } = await startTarget(process.execPath, [`--inspect-port=${port}`, TARGET, '--opt-out'], /ready \d+/);
    const result = cli('ps', String(child.pid));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `loop-console: process ${child.pid} did not open its inspector on 127.0.0.1:${port} within 3 s of SIGUSR1: it handles SIGUSR1 itself (a program opts out of attaching that way), or its inspector is disabled\n`,
    );
    expect(await portOpen(port)).toBe(false);
    expect(child.exitCode).toBeNull();
  });

  test('a Node process without a loop: one line, and its inspector is closed again', async () => {
    const port = await freePort();
    const { child } = await startTarget(process.execPath, [`--inspect-port=${port}`, '-e', 'setInterval(() => {}, 1000); console.log("ready")'], /ready/);
    const result = cli('pstree', String(child.pid));
    expect([result.status, result.stdout, result.stderr]).toEqual([1, '', `loop-console: no loop in process ${child.pid}\n`]);
    expect(await portOpen(port)).toBe(false);
  });

  test('a process that is not Node, a pid that does not exist, and not a pid: one line each', async () => {
    const { child } = await startTarget('sleep', ['30'], null);
    expect(cli('ps', String(child.pid)).stderr).toBe(`loop-console: process ${child.pid} is not a Node process (sleep)\n`);
    expect(cli('ps', '999999999').stderr).toBe('loop-console: no process 999999999\n');
    const bad = cli('ps', 'abc');
    expect([bad.status, bad.stderr.split('\n')[0]]).toEqual([2, 'loop-console: ps needs a process id, got "abc"']);
  });
});

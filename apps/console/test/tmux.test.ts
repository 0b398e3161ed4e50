/**
 * A real terminal: `loop-console demo` in a detached tmux session of fixed
 * size, read back with `capture-pane`, quit with `send-keys q`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { findTmux, requireTmux } from '../../../tooling/scripts/system-deps.mjs';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

// A private tmux server, so the test neither sees nor disturbs anyone else's sessions.
const SOCKET = `loop-console-test-${process.pid}`;
const SESSION = 'console';
const PROGRAM = fileURLToPath(new URL('./fixtures/programs/sleeper.mjs', import.meta.url));
const NAP = fileURLToPath(new URL('./fixtures/programs/nap.mjs', import.meta.url));

/** Starts `loop-console <args>` in a fresh 120×40 session; the shell prints its exit code afterwards. */
function start(...args: string[]): void {
  // Without tmux the test fails with the one line setup.sh prints: what to install, and how.
  requireTmux();
  tmux('kill-session', '-t', SESSION);
  // CI is unset inside: the test wants the interactive UI, as a user in a terminal gets it.
  tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', `env -u CI ${process.execPath} ${CLI} ${args.join(' ')}; echo "loop-console exited: $?"; sleep 60`);
}

function tmux(...args: string[]): string {
  return spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8', timeout: 5000 }).stdout ?? '';
}

async function poll(check: (screen: string) => boolean, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  let screen = '';
  while (Date.now() < deadline) {
    screen = tmux('capture-pane', '-p', '-t', SESSION);
    if (check(screen)) return screen;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the screen never matched; last capture:\n${screen}`);
}

afterAll(() => {
  if (findTmux() !== null) tmux('kill-server');
});

test(
  'demo in tmux: ten randn rows and the took line appear, then q quits',
  async () => {
    start('demo');
    const taskRows = (screen: string): number => screen.split('\n').filter((line) => /^[› ] +\d+ randn +✓ done/.test(line)).length;
    const screen = await poll((s) => taskRows(s) === 10 && /took 3\.\d\d seconds/.test(s), 30_000);
    expect(screen).toContain('loop-console  demo: ten randn() gathered');
    expect(screen).toMatch(/alive 0 done 11 failed 0 cancelled 0/);
    tmux('send-keys', '-t', SESSION, 'q');
    const after = await poll((s) => s.includes('loop-console exited:'), 10_000);
    expect(after).toContain('loop-console exited: 0');
  },
  60_000,
);

test(
  'demo --exit-on-done quits by itself when the program ends',
  async () => {
    start('demo', '--exit-on-done');
    const screen = await poll((s) => s.includes('loop-console exited:'), 30_000);
    expect(screen).toContain('loop-console exited: 0');
  },
  60_000,
);

test(
  'run: j selects the sleeping task, c cancels it in the child, the output pane shows the program saw it',
  async () => {
    start('run', PROGRAM);
    await poll((s) => /^ +2 sleeper +─ sleeping/m.test(s), 30_000);
    tmux('send-keys', '-t', SESSION, 'j');
    await poll((s) => /^› +2 sleeper/m.test(s), 5_000);
    tmux('send-keys', '-t', SESSION, 'c');
    const screen = await poll((s) => s.includes('sleeper: CancelledError') && s.includes('main returned'), 10_000);
    expect(screen).toMatch(/^› +2 sleeper +⊘ cancelled/m);
    tmux('send-keys', '-t', SESSION, 'q');
    expect(await poll((s) => s.includes('loop-console exited:'), 10_000)).toContain('loop-console exited: 0');
  },
  60_000,
);

test(
  'run: selecting a sleeping task shows sleep until …, and Enter its file:line with the line; w shows every task there',
  async () => {
    start('run', NAP);
    const table = await poll((s) => /^ +2 nap +─ sleeping .* sleep until \d+\.\d{3}s/m.test(s) && /^ +3 nap +─ sleeping/m.test(s), 30_000);
    expect(table).toMatch(/^› +1 main +╌ blocked/m);
    tmux('send-keys', '-t', SESSION, 'j');
    await poll((s) => /^› +2 nap/m.test(s), 5_000);
    tmux('send-keys', '-t', SESSION, 'Enter');
    const detail = await poll((s) => s.includes('waits at'), 10_000);
    expect(detail).toContain('task 2  nap');
    expect(detail).toMatch(/state {5}─ sleeping {2}waiting on sleep until \d+\.\d{3}s/);
    expect(detail).toContain(`waits at  ${NAP}:5:3  yield* sleep(ms);`);
    expect(detail).toContain('chain     main nap.mjs:9 → nap nap.mjs:5');
    tmux('send-keys', '-t', SESSION, 'Escape');
    await poll((s) => s.includes('ID▲ NAME'), 5_000);
    tmux('send-keys', '-t', SESSION, 'w');
    const where = await poll((s) => s.includes('where: 3 live task(s)'), 10_000);
    expect(where).toContain('└── main (1) suspended: the 2 child task(s) of its gather  nap.mjs:9:3  yield* gather(nap(60_000), nap(60_000));');
    expect(where).toMatch(/├── nap \(2\) suspended: sleep until \d+\.\d{3}s {2}nap\.mjs:5:3 {2}yield\* sleep\(ms\);/);
    tmux('send-keys', '-t', SESSION, 'q');
    expect(await poll((s) => s.includes('loop-console exited:'), 10_000)).toContain('loop-console exited:');
  },
  60_000,
);

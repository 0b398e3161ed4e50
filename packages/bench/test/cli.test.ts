import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fromJson } from '../src/index.js';

// The real executable, built by `pnpm build` (turbo runs the build before these tests).
const PACKAGE = join(import.meta.dirname, '..');
const CLI = join(PACKAGE, 'dist', 'cli.js');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function loopBench(...args: string[]): Promise<Outcome> {
  return node([CLI, ...args]);
}

function node(args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: PACKAGE, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loop-bench-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loop-bench run', () => {
  test('runs every suite of the file, prints the table and writes JSON, Markdown and SVG', { timeout: 60_000 }, async () => {
    const json = join(dir, 'out.json');
    const md = join(dir, 'out.md');
    const svg = join(dir, 'out.svg');
    const { code, stdout, stderr } = await loopBench('run', 'test/fixtures/sum.bench.mjs', '--time', '20', '--json', json, '--md', md, '--svg', svg);
    expect([code, stderr]).toEqual([0, '']);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('sum | 200 numbers (baseline: reduce)');
    expect(lines[1]).toMatch(/^ {2}case +ops\/s +mean ± rme +p50 +p99 +samples$/);
    expect(lines.filter((l) => /^ {2}(for loop|reduce|sleep\(5\) on a virtual clock) +[\d,.]+ +\d/.test(l))).toHaveLength(3);
    expect(stdout).toMatch(/for loop is \d+\.\d\d ± \d+\.\d\d times (faster|slower) than reduce/);
    expect(stdout).not.toContain('\u001b[');

    const suites = fromJson(await readFile(json, 'utf8'));
    expect(suites.map((s) => [s.name, s.cases.map((c) => [c.name, c.kind, c.samples.length === c.stats.samples])])).toEqual([
      ['sum | 200 numbers', [['for loop', 'sync', true], ['reduce', 'sync', true]]],
      ['loop', [['sleep(5) on a virtual clock', 'operation', true]]],
    ]);
    expect(suites[0]?.settings.time).toBe(20);
    expect(await readFile(md, 'utf8')).toMatch(/^## sum \\\| 200 numbers\n/);
    const chart = await readFile(svg, 'utf8');
    expect(chart.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(chart.match(/<rect /g)).toHaveLength(1 + 3);
  });

  test('--filter runs only the matching cases', { timeout: 60_000 }, async () => {
    const json = join(dir, 'filtered.json');
    const { code } = await loopBench('run', 'test/fixtures/sum.bench.mjs', '--time', '10', '--filter', '^red', '--json', json);
    expect(code).toBe(0);
    const suites = fromJson(await readFile(json, 'utf8'));
    expect(suites.map((s) => s.cases.map((c) => c.name))).toEqual([['reduce']]);
  });

  test('under node --expose-gc the results record that garbage was collected after warm-up', { timeout: 60_000 }, async () => {
    const json = join(dir, 'gc.json');
    const { code } = await node(['--expose-gc', CLI, 'run', 'test/fixtures/sum.bench.mjs', '--time', '10', '--filter', '^red', '--json', json]);
    expect(code).toBe(0);
    expect(fromJson(await readFile(json, 'utf8')).map((s) => s.env.gc)).toEqual([true]);
  });

  test('--help prints the usage and exits 0', { timeout: 30_000 }, async () => {
    const { code, stdout } = await loopBench('--help');
    expect(code).toBe(0);
    expect(stdout.startsWith('Usage: loop-bench run <file> [options]\n')).toBe(true);
    expect(stdout).toContain('--filter <regexp>');
  });
});

describe('loop-bench errors', () => {
  test('a missing file exits 2 naming it', { timeout: 30_000 }, async () => {
    expect(await loopBench('run', 'nope.bench.mjs')).toEqual({ code: 2, stdout: '', stderr: "loop-bench: no such file: nope.bench.mjs\nRun 'loop-bench --help' for usage.\n" });
  });

  test('an unknown flag exits 2', { timeout: 30_000 }, async () => {
    const { code, stderr } = await loopBench('run', 'test/fixtures/sum.bench.mjs', '--fast');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^loop-bench: Unknown option '--fast'/);
  });

  test('a --time that is not a positive number exits 2', { timeout: 30_000 }, async () => {
    const { code, stderr } = await loopBench('run', 'test/fixtures/sum.bench.mjs', '--time', 'soon');
    expect([code, stderr]).toEqual([2, "loop-bench: --time must be a number of milliseconds > 0, got 'soon'\nRun 'loop-bench --help' for usage.\n"]);
  });

  test('a --filter that is not a regular expression exits 2', { timeout: 30_000 }, async () => {
    const { code, stderr } = await loopBench('run', 'test/fixtures/sum.bench.mjs', '--filter', '(');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^loop-bench: --filter is not a valid regular expression: /);
  });

  test('no command, or an unknown one, exits 2', { timeout: 30_000 }, async () => {
    expect((await loopBench()).stderr).toBe("loop-bench: missing command: loop-bench run <file>\nRun 'loop-bench --help' for usage.\n");
    expect((await loopBench('go', 'x')).code).toBe(2);
  });

  test('a file with no suites exits 2 and says what to export', { timeout: 30_000 }, async () => {
    const { code, stderr } = await loopBench('run', 'test/fixtures/no-suites.bench.mjs');
    expect([code, stderr]).toEqual([2, "loop-bench: test/fixtures/no-suites.bench.mjs exports no suites; export one, e.g. `export default suite('name', { case: () => work() })`\n"]);
  });

  test('a case that throws exits 1 naming the case', { timeout: 30_000 }, async () => {
    const { code, stderr } = await loopBench('run', 'test/fixtures/failing.bench.mjs', '--time', '10');
    expect([code, stderr]).toEqual([1, 'loop-bench: case "explodes" failed: the case broke\n']);
  });
});

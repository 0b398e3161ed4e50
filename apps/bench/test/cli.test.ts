/**
 * The CLI's flags (dist/cli.js): a bad value is refused before anything
 * runs, with exit code 2, a message naming the flag and what it accepts,
 * and the usage line. Needs this package built.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { evaluateTargets } from '../src/compare.js';
import type { SuiteResult } from '../src/runner.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function cli(...args: string[]): { code: number | null; stderr: string[]; stdout: string } {
  const child = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: child.status, stderr: child.stderr.trim().split('\n'), stdout: child.stdout };
}

describe('bad flags are refused with a clear message', () => {
  test.each([
    [['--cold-runs', 'x'], '--cold-runs must be a whole number >= 0 (0: no cold runs), got "x"'],
    [['--cold-runs=-1'], '--cold-runs must be a whole number >= 0 (0: no cold runs), got "-1"'],
    [['--cold-runs', '2.5'], '--cold-runs must be a whole number >= 0 (0: no cold runs), got "2.5"'],
    [['--cold-runs='], '--cold-runs must be a whole number >= 0 (0: no cold runs), got ""'],
    [['--runs', '0'], '--runs must be a positive integer, got "0"'],
    [['--rounds', 'two'], '--rounds must be a positive integer, got "two"'],
    [['--systems', 'loop,bogus'], '--systems: unknown system "bogus"; the systems are: loop, raw, effection, effect, p-limit, p-map, ix, asyncio'],
    [['--unpaired=yes'], "Option '--unpaired' does not take an argument"],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('%j', (args, message) => {
    const { code, stderr, stdout } = cli(...args);
    expect([code, stderr[0], stdout]).toEqual([2, message, '']);
    expect(stderr.at(-1)).toMatch(/^usage: pnpm bench .*\[--cold-runs 5\] \[--unpaired\]/);
  });

  test('--help prints the usage and runs nothing', () => {
    const { code, stdout } = cli('--help');
    expect([code, stdout.startsWith('usage: pnpm bench')]).toEqual([0, true]);
  });
});

describe('--render', () => {
  test('evaluates the targets again from latest.json and writes them back into it, beside latest.md and latest.svg', () => {
    // A copy of the built CLI beside a results folder of its own (inside this
    // package, so the copy resolves the same packages), fed a latest.json
    // whose targets were made stale by hand.
    const root = mkdtempSync(join(fileURLToPath(new URL('..', import.meta.url)), '.render-test-'));
    try {
      cpSync(fileURLToPath(new URL('../dist', import.meta.url)), join(root, 'dist'), { recursive: true });
      cpSync(fileURLToPath(new URL('../results', import.meta.url)), join(root, 'results'), { recursive: true, filter: (path) => !path.endsWith('.svg') });
      const file = join(root, 'results', 'latest.json');
      const suite = JSON.parse(readFileSync(file, 'utf8')) as SuiteResult;
      const fresh = evaluateTargets(suite.pairs, { paired: suite.paired ?? [], cold: suite.cold ?? [] }).map((t) => [t.workload, t.subject, t.text, t.status]);
      suite.targets = suite.targets.map((t) => ({ ...t, status: 'stale' as never }));
      writeFileSync(file, JSON.stringify(suite));
      const child = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), '--render'], { encoding: 'utf8', timeout: 30_000 });
      expect([child.status, child.stdout.trim()]).toEqual([0, 'rewrote results/latest.json (its targets), latest.md and latest.svg from results/latest.json']);
      const rendered = JSON.parse(readFileSync(file, 'utf8')) as SuiteResult;
      expect(rendered.targets.map((t) => [t.workload, t.subject, t.text, t.status])).toEqual(fresh);
      expect(readFileSync(join(root, 'results', 'latest.md'), 'utf8')).toMatch(/^# Benchmark results/);
      expect(readFileSync(join(root, 'results', 'latest.svg'), 'utf8')).toMatch(/<svg/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 40_000);
});

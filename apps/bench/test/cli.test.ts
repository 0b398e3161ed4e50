/**
 * The CLI's flags (dist/cli.js): a bad value is refused before anything
 * runs, with exit code 2, a message naming the flag and what it accepts,
 * and the usage line. Needs this package built.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

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

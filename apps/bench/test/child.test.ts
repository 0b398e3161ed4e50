/**
 * The warm child (src/child.ts, dist/child.js) through a real process: what
 * it collects before each run, as asked, and what it reports. Needs this
 * package built (turbo's `test` depends on `build` here). Only answers and
 * structure are checked: timing belongs to `pnpm bench`, never to a test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';

const CHILD = fileURLToPath(new URL('../dist/child.js', import.meta.url));

beforeAll(() => {
  if (!existsSync(CHILD)) throw new Error(`${CHILD} is missing: build this package first (pnpm exec turbo run build --filter=@loop/bench-suite)`);
});

/** Runs the child on a small spawn workload; its exit code and its one-line report. */
function child(nodeFlags: string[], extra: string[], implementations = 'loop'): { code: number | null; report: Record<string, unknown> } {
  const args = [...nodeFlags, CHILD, 'spawn', implementations, '2', '50', '--seed-ms', '20', ...extra];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, report: JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, unknown> };
}

describe('the collection before each run', () => {
  test('a full one by default', () => {
    const { code, report } = child(['--expose-gc'], []);
    expect([code, report.collect, (report.samples as unknown[]).length]).toEqual([0, 'full', 2]);
  });

  test('the young generation’s with --collect young, in paired mode too', () => {
    expect(child(['--expose-gc'], ['--collect', 'young']).report.collect).toBe('young');
    const paired = child(['--expose-gc'], ['--collect', 'young'], 'loop,raw');
    expect([paired.code, paired.report.collect, (paired.report.pairs as unknown[]).length]).toEqual([0, 'young', 2]);
  });

  test('--collect before --seed-ms is read the same', () => {
    const args = ['--expose-gc', CHILD, 'spawn', 'loop', '1', '50', '--collect', 'young', '--seed-ms', '20'];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(run.stdout) as unknown).toMatchObject({ collect: 'young', params: { n: 50, seedMs: 20 } });
  });

  test('none without --expose-gc, whatever was asked', () => {
    expect(child([], ['--collect', 'full']).report.collect).toBe('none');
  });

  test('any other kind is an error naming the flag and the value, and the child exits 1', () => {
    const { code, report } = child(['--expose-gc'], ['--collect', 'sometimes']);
    expect(code).toBe(1);
    expect(report.error).toMatch(/^TypeError: --collect must be full or young, got "sometimes"/);
  });

  test('a flag the child does not know is an error that lists the arguments', () => {
    const { code, report } = child(['--expose-gc'], ['--runs', '3']);
    expect(code).toBe(1);
    expect(report.error).toMatch(/^TypeError: unexpected arguments: --seed-ms 20 --runs 3/);
  });
});

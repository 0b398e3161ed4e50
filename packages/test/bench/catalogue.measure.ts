/**
 * Schedules needed to find each catalogue bug: for explorer seeds 1..20,
 * the number of schedules (FIFO included) until the first failure, under
 * `random` and under `pct` (depth 3); the table prints the median and the
 * range. Run with `pnpm --filter @loop/test catalogue`.
 */
import { expect, test } from 'vitest';
import type { Operation } from '@loop/runtime';
import { ExploreError, explore, type Strategy } from '../src/index.js';
import { catalogue } from '../test/bugs/index.js';

const SEEDS = 20;

async function schedulesNeeded(program: () => Operation<void>, strategy: Strategy, explorerSeed: number): Promise<number> {
  const error = await explore(program, { strategy, explorerSeed, schedules: 100_000, shrink: false }).catch((caught: unknown) => caught);
  if (!(error instanceof ExploreError)) throw new Error(`not found in 100,000 schedules (${String(error)})`);
  return error.schedules;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
}

test('schedules needed per bug, random vs pct', async () => {
  const rows = ['| bug | random: median (range) | pct, depth 3: median (range) |', '|---|---|---|'];
  for (const bug of catalogue) {
    const cells: string[] = [];
    for (const strategy of ['random', 'pct'] as const) {
      const counts: number[] = [];
      for (let seed = 1; seed <= SEEDS; seed++) counts.push(await schedulesNeeded(bug.buggy, strategy, seed));
      cells.push(`${median(counts)} (${Math.min(...counts)}–${Math.max(...counts)})`);
    }
    rows.push(`| ${bug.name} | ${cells.join(' | ')} |`);
  }
  console.log(rows.join('\n'));
  expect(rows).toHaveLength(2 + catalogue.length);
});

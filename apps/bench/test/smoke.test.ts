/**
 * Every implementation of every workload, run through the real path (a
 * child process per pair, 1 warm-up + 3 runs) at a tiny size. Only the
 * answers are checked: timing belongs to `pnpm bench`, never to a test.
 * Needs this package built (turbo's `test` depends on `build` here).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { runPair } from '../src/runner.js';
import { WORKLOADS } from '../src/workloads/index.js';

const CHILD = fileURLToPath(new URL('../dist/child.js', import.meta.url));
const params = { n: 2000, seedMs: 20 };

beforeAll(() => {
  if (!existsSync(CHILD)) throw new Error(`${CHILD} is missing: build this package first (pnpm exec turbo run build --filter=@loop/bench-suite)`);
});

describe('smoke: every workload, every implementation, n = 2,000', () => {
  for (const workload of WORKLOADS) {
    for (const implementation of Object.keys(workload.implementations)) {
      test(`${workload.id} / ${implementation}: every answer verifies`, async () => {
        const result = await runPair(workload.id, implementation, { runs: 3, params, timeoutMs: 15_000 });
        expect(result.error).toBeNull();
        expect(result.problems).toEqual([]);
        expect(result.samples).toHaveLength(3);
      }, 20_000);
    }
  }
});

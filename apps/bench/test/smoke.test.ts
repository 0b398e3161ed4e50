/**
 * Every implementation of every workload, run through the real path (a
 * child process per pair: `node dist/child.js`, or `python3
 * python/child.py` for asyncio; 1 warm-up + 1 counted run) at a fifth of
 * the `--quick` size. Only the answers are checked: timing belongs to
 * `pnpm bench`, never to a test. asyncio pairs are skipped, visibly, when
 * python3 (3.11+) is missing. Needs this package built (turbo's `test`
 * depends on `build` here).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { pythonStatus } from '../src/processes.js';
import { runPair } from '../src/runner.js';
import { isPython } from '../src/workload.js';
import { WORKLOADS } from '../src/workloads/index.js';

const CHILD = fileURLToPath(new URL('../dist/child.js', import.meta.url));
const python = pythonStatus();

beforeAll(() => {
  if (!existsSync(CHILD)) throw new Error(`${CHILD} is missing: build this package first (pnpm exec turbo run build --filter=@loop/bench-suite)`);
});

describe.concurrent('smoke: every workload, every implementation, a fifth of the quick size', () => {
  for (const workload of WORKLOADS) {
    const params = { n: Math.max(1, Math.floor(workload.sizes.quick / 5)), seedMs: 20 };
    for (const [id, implementation] of Object.entries(workload.implementations)) {
      const skip = isPython(implementation) && python.why !== null;
      test.skipIf(skip)(`${workload.id} / ${id}: every answer verifies${skip ? ` (skipped: ${python.why})` : ''}`, async () => {
        const result = await runPair(workload.id, id, { runs: 1, params, timeoutMs: 30_000 });
        expect(result.skipped).toBeNull();
        expect(result.error).toBeNull();
        expect(result.problems).toEqual([]);
        expect(result.samples).toHaveLength(1);
      }, 40_000);
    }
  }
});

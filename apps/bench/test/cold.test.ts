/**
 * The cold child (src/cold-child.ts, dist/cold-child.js) and the paired
 * runs through the real path: a fresh process imports only the package of
 * the implementation it runs, times the import apart from the first run,
 * verifies its answer; a warm pairing takes turns in one child. Needs this
 * package built (turbo's `test` depends on `build` here). Only answers and
 * structure are checked: timing belongs to `pnpm bench`, never to a test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { coldCommand, measureImportCosts, pendingCold, runColdRound, runColdWorkload } from '../src/cold.js';
import { pythonStatus } from '../src/processes.js';
import { runWarmPairing } from '../src/runner.js';
import { WORKLOAD_MODULES, WORKLOADS } from '../src/workloads/index.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const RECORD_LOADS = fileURLToPath(new URL('./support/record-loads.mjs', import.meta.url));
const python = pythonStatus();
const dir = mkdtempSync(join(tmpdir(), 'loop-bench-cold-'));

beforeAll(() => {
  if (!existsSync(join(DIST, 'cold-child.js'))) throw new Error(`${DIST}cold-child.js is missing: build this package first (pnpm exec turbo run build --filter=@loop/bench-suite)`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one cold child with every module load recorded; its report and the URLs it loaded. */
function coldChildLoads(system: string, workload: string, implementation: string): { report: Record<string, unknown>; loaded: string[] } {
  const file = join(dir, `${system}-${workload}-${implementation}.txt`);
  const args = ['--import', RECORD_LOADS, join(DIST, 'cold-child.js'), system, WORKLOAD_MODULES[workload]!, workload, implementation, '50', '--seed-ms', '20'];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, LOOP_BENCH_LOADS: file }, timeout: 30_000 });
  const report = JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
  return { report, loaded: readFileSync(file, 'utf8').trim().split('\n') };
}

/** The packages a loaded URL belongs to, as the suite names them. */
const PACKAGE_OF: [RegExp, string][] = [
  [/\/dist\/pkg\/loop-runtime\.js$/, '@loop/runtime'],
  [/\/dist\/pkg\/loop-node\.js$/, '@loop/node'],
  [/\/dist\/pkg\/loop-test\.js$/, '@loop/test'],
  [/\/node_modules\/effection\//, 'effection'],
  [/\/node_modules\/effect\//, 'effect'],
  [/\/node_modules\/p-limit\//, 'p-limit'],
  [/\/node_modules\/p-map\//, 'p-map'],
  [/\/node_modules\/ix\//, 'ix'],
  [/\/node_modules\/@sinonjs\/fake-timers\//, '@sinonjs/fake-timers'],
];

function packagesLoaded(urls: readonly string[]): string[] {
  const found = new Set<string>();
  for (const url of urls) for (const [pattern, name] of PACKAGE_OF) if (pattern.test(url)) found.add(name);
  return [...found].sort();
}

describe('a cold child imports only what its implementation needs', () => {
  test.each([
    ['raw', 'spawn', 'raw', []],
    ['loop', 'spawn', 'loop', ['@loop/runtime']],
    ['effection', 'spawn', 'effection', ['effection']],
    ['effect', 'cancel', 'effect', ['effect']],
    ['raw', 'seed-virtual', 'raw', ['@sinonjs/fake-timers']],
    ['ix', 'pipeline', 'ix', ['ix']],
    ['p-limit', 'limit', 'p-limit', ['p-limit']],
    ['loop', 'tcp-echo', 'loop', ['@loop/node', '@loop/runtime']],
    ['raw', 'tcp-echo', 'raw', []],
  ])('%s: %s / %s loads %j', (system, workload, implementation, expected) => {
    const { report, loaded } = coldChildLoads(system, workload, implementation);
    expect(report).toMatchObject({ workload, implementation, params: { n: 50, seedMs: 20 } });
    expect(packagesLoaded(loaded)).toEqual(expected);
    // The child itself imports no workload registry: the first module after it is the system's build of the workload.
    expect(loaded.slice(0, 2).map((url) => url.slice(url.indexOf('/dist/') + 1))).toEqual(['dist/cold-child.js', `dist/cold/${system}/${WORKLOAD_MODULES[workload]}.js`]);
  }, 40_000);
});

describe('cold runs', () => {
  test('every workload names the module that defines it, and every system has a cold build of it', () => {
    for (const workload of WORKLOADS) {
      const module = WORKLOAD_MODULES[workload.id];
      for (const implementation of Object.values(workload.implementations)) {
        if ('python' in implementation) continue;
        expect(existsSync(join(DIST, 'cold', implementation.system, `${module}.js`)), `${workload.id} / ${implementation.system}`).toBe(true);
      }
    }
  });

  test('the command for a Node implementation names its system’s build; asyncio’s is python/child.py --cold', () => {
    const node = coldCommand('tcp-echo-long', 'raw', { n: 10, seedMs: 30 }, 'cold-child.js');
    expect(node).toEqual({ command: process.execPath, args: ['cold-child.js', 'raw', 'tcp-echo', 'tcp-echo-long', 'raw', '10', '--seed-ms', '30'] });
    const asyncio = coldCommand('spawn', 'asyncio', { n: 10, seedMs: 30 });
    if ('skipped' in asyncio) expect(asyncio.skipped).toBe(python.why);
    else expect(asyncio.args.slice(2)).toEqual(['--cold', 'spawn', '10', '--seed-ms', '30']);
  });

  test('a round adds one verified run: import and first run timed apart, their sum on one clock', async () => {
    const cold = pendingCold('spawn', 'loop', { n: 200, seedMs: 20 });
    await runColdRound(cold, 1, { timeoutMs: 30_000 });
    expect([cold.error, cold.problems, cold.runs.length]).toEqual([null, [], 1]);
    const [run] = cold.runs;
    expect(run!.importMs).toBeGreaterThan(0);
    expect(run!.totalMs).toBeCloseTo(run!.importMs + run!.runMs, 6);
    expect(Object.keys(cold.stats)).toEqual(['nsPerTask']);
    expect(cold.withImport.nsPerTask!.median).toBe(run!.metrics.nsPerTask! + (run!.importMs * 1e6) / 200);
  }, 40_000);

  test('each implementation runs once a round, so its runs pair up with the other’s by round', async () => {
    const results = await runColdWorkload('seed-virtual', ['loop', 'raw'], { n: 10, seedMs: 20 }, 2, { timeoutMs: 30_000 });
    expect(results.map((r) => [r.implementation, r.runs.map((run) => run.round), r.error])).toEqual([
      ['loop', [1, 2], null],
      ['raw', [1, 2], null],
    ]);
  }, 60_000);

  test.skipIf(python.why !== null)('asyncio: a fresh interpreter, import asyncio on the import clock', async () => {
    const cold = pendingCold('spawn', 'asyncio', { n: 200, seedMs: 20 });
    await runColdRound(cold, 1, { timeoutMs: 30_000 });
    expect([cold.error, cold.problems, cold.runs.length]).toEqual([null, [], 1]);
    expect(cold.runs[0]!.importMs).toBeGreaterThan(0);
  }, 40_000);

  test('a failing cold child is reported with its round, and its later rounds do not run', async () => {
    const cold = pendingCold('spawn', 'loop', { n: 10, seedMs: 20 });
    await runColdRound(cold, 1, { timeoutMs: 30_000, coldChild: join(dir, 'missing-cold-child.js') });
    await runColdRound(cold, 2, { timeoutMs: 30_000 });
    expect(cold.error).toMatch(/^round 1: the cold child failed: /);
    expect(cold.runs).toEqual([]);
  }, 40_000);

  test('import costs: one figure per fresh process for every package', async () => {
    const costs = await measureImportCosts(1, { timeoutMs: 30_000 });
    expect(costs.map((cost) => cost.name)).toEqual(['@loop/runtime', '@loop/node', 'effection', 'effect', 'p-limit', 'p-map', 'ix', 'asyncio']);
    for (const cost of costs) {
      if (cost.name === 'asyncio' && python.why !== null) expect(cost.error).toBe(python.why);
      else expect([cost.name, cost.error, cost.samples.length]).toEqual([cost.name, null, 1]);
    }
  }, 60_000);
});

describe('warm pairings', () => {
  test('two Node implementations take turns in one child: one ratio per metric, one factor per pair', async () => {
    const pairing = await runWarmPairing('spawn', 'loop', 'raw', { runs: 3, params: { n: 200, seedMs: 20 }, timeoutMs: 30_000 });
    expect([pairing.error, pairing.problems]).toEqual([null, []]);
    expect(pairing.ratios.map((r) => [r.metric, r.mode, r.factors.length])).toEqual([['nsPerTask', 'warm', 3]]);
  }, 40_000);

  test('the paired child collects only the young generation between runs', async () => {
    const pairing = await runWarmPairing('spawn', 'loop', 'raw', { runs: 1, params: { n: 50, seedMs: 20 }, timeoutMs: 30_000 });
    expect([pairing.error, pairing.collect]).toEqual([null, 'young']);
  }, 40_000);

  test.skipIf(python.why !== null)('against asyncio, short children alternate', async () => {
    const pairing = await runWarmPairing('spawn', 'loop', 'asyncio', { runs: 2, params: { n: 200, seedMs: 20 }, timeoutMs: 30_000 });
    expect([pairing.error, pairing.ratios[0]?.factors.length, pairing.collect]).toEqual([null, 2, 'young']);
  }, 60_000);

  test('a child that fails is reported, with no ratios', async () => {
    const pairing = await runWarmPairing('spawn', 'loop', 'raw', { runs: 1, params: { n: 10, seedMs: 20 }, childEntry: join(dir, 'missing-child.js'), timeoutMs: 30_000 });
    expect(pairing.error).toMatch(/^the paired child failed: /);
    expect(pairing.ratios).toEqual([]);
  }, 40_000);
});

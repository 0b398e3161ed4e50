/**
 * Cold figures: each implementation's first run in a fresh process, its
 * package's import included (src/cold-child.ts, python/child.py --cold),
 * repeated in rounds, and the import cost of each package on its own.
 *
 * Within a workload, one round starts one fresh process per implementation,
 * one after another; the order is reversed every other round (loop, raw, …,
 * then …, raw, loop), so neither side of a pair always runs right after the
 * other. Round i of loop and round i of its reference are the pair of
 * paired.ts: two processes started back to back.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { ColdReport, ImportReport } from './cold-child.js';
import { pairFactors, ratioStats, type PairedRatio } from './paired.js';
import { PYTHON_CHILD, parseReport, pythonStatus, runChild } from './processes.js';
import { summarize, type Stats } from './stats.js';
import { implementationLabel, isPython, withImport, type RunParams } from './workload.js';
import { WORKLOAD_MODULES, findWorkload } from './workloads/index.js';

/** One cold run: one fresh process, one run. */
export interface ColdRun {
  /** The round it belongs to (1-based): the key that pairs it with the reference's run. */
  round: number;
  /** From before the import of the workload module and the system's packages until both are loaded (ms). */
  importMs: number;
  /** The first run, from its call until its answer (ms). */
  runMs: number;
  /** Import and first run, on one clock (ms). */
  totalMs: number;
  /** The run's own metrics (the import not included). */
  metrics: Record<string, number>;
  /** The process's peak RSS after the run (KiB). */
  maxRssKb: number;
}

/** Every cold run of one (workload, implementation) pair, summarised. */
export interface ColdResult {
  workload: string;
  implementation: string;
  system: string;
  label: string;
  recommended: boolean;
  params: RunParams;
  runs: ColdRun[];
  /** `importMs`, `runMs`, `totalMs` and `peakRssKb` over the runs. */
  times: Partial<Record<'importMs' | 'runMs' | 'totalMs' | 'peakRssKb', Stats>>;
  /** Each metric of the first run, import not included. */
  stats: Record<string, Stats>;
  /** Each metric with the import folded in (the metric's `importFold`; the same as `stats` for a metric without one). */
  withImport: Record<string, Stats>;
  /** Answers that did not verify, as `round N: problem`. */
  problems: string[];
  /** Why a cold child failed (its later rounds are not run), or null. */
  error: string | null;
  /** Why it was not run (python3 missing), or null. */
  skipped: string | null;
}

/** The import cost of one package: `import` in a fresh process, over several processes. */
export interface ImportCost {
  /** The package as a user names it: `@loop/runtime`, `effect`, `asyncio`. */
  name: string;
  /** What was imported: the suite's build of loop's packages, the peers from node_modules. */
  specifiers: string[];
  /** One figure per fresh process (ms). */
  samples: number[];
  stats: Stats | null;
  error: string | null;
}

/** The packages whose import cost is reported, and what a fresh process imports for each. */
export const IMPORTED_PACKAGES: readonly { name: string; specifiers: string[]; python?: true }[] = [
  { name: '@loop/runtime', specifiers: ['./pkg/loop-runtime.js'] },
  { name: '@loop/node', specifiers: ['./pkg/loop-node.js'] },
  { name: 'effection', specifiers: ['effection'] },
  { name: 'effect', specifiers: ['effect'] },
  { name: 'p-limit', specifiers: ['p-limit'] },
  { name: 'p-map', specifiers: ['p-map'] },
  { name: 'ix', specifiers: ['ix/asynciterable', 'ix/asynciterable/operators'] },
  { name: 'asyncio', specifiers: ['asyncio'], python: true },
];

/** `dist/cold-child.js` of this package, from `src/` (tests) as from `dist/` (the built CLI). */
const COLD_CHILD = fileURLToPath(new URL('../dist/cold-child.js', import.meta.url));

/** Options for the cold runs. */
export interface ColdOptions {
  /** Kill a cold child after this long (ms). Default 10 minutes. */
  timeoutMs?: number;
  /** The cold child entry; default this package's `dist/cold-child.js`. */
  coldChild?: string;
}

/**
 * The command that runs one cold child, or why it cannot run (python3 missing).
 *
 * @example
 * ```ts
 * coldCommand('spawn', 'raw', { n: 100_000, seedMs: 300 }).args.slice(1);
 * // ['raw', 'spawn', 'spawn', 'raw', '100000', '--seed-ms', '300']
 * ```
 */
export function coldCommand(workloadId: string, implementationId: string, params: RunParams, coldChild = COLD_CHILD): { command: string; args: string[] } | { skipped: string } {
  const implementation = findWorkload(workloadId).implementations[implementationId];
  if (implementation === undefined) throw new RangeError(`workload "${workloadId}" has no implementation "${implementationId}"`);
  const sizes = [String(params.n), '--seed-ms', String(params.seedMs)];
  if (isPython(implementation)) {
    const python = pythonStatus();
    if (python.why !== null) return { skipped: python.why };
    return { command: 'python3', args: ['-B', PYTHON_CHILD, '--cold', implementation.python, ...sizes] };
  }
  const module = WORKLOAD_MODULES[workloadId];
  if (module === undefined) throw new RangeError(`workload "${workloadId}" has no entry in WORKLOAD_MODULES`);
  return { command: process.execPath, args: [coldChild, implementation.system, module, workloadId, implementationId, ...sizes] };
}

/**
 * An empty cold result for a pair, before its first run.
 *
 * @example
 * ```ts
 * pendingCold('spawn', 'loop', { n: 10, seedMs: 30 }).runs; // []
 * ```
 */
export function pendingCold(workloadId: string, implementationId: string, params: RunParams): ColdResult {
  const implementation = findWorkload(workloadId).implementations[implementationId];
  if (implementation === undefined) throw new RangeError(`workload "${workloadId}" has no implementation "${implementationId}"`);
  return {
    workload: workloadId,
    implementation: implementationId,
    system: implementation.system,
    label: implementationLabel(implementation),
    recommended: implementation.recommended === true,
    params,
    runs: [],
    times: {},
    stats: {},
    withImport: {},
    problems: [],
    error: null,
    skipped: null,
  };
}

/**
 * Runs one cold child and adds its run to `result` (or its failure, after
 * which no more rounds of this pair run), then summarises again. Every
 * answer is verified here too, as the warm runner does.
 *
 * @example
 * ```ts
 * const cold = pendingCold('spawn', 'loop', { n: 100_000, seedMs: 300 });
 * await runColdRound(cold, 1);
 * cold.times.importMs?.median; // e.g. 9.4
 * ```
 */
export async function runColdRound(result: ColdResult, round: number, options: ColdOptions = {}): Promise<void> {
  if (result.error !== null || result.skipped !== null) return;
  const workload = findWorkload(result.workload);
  const command = coldCommand(result.workload, result.implementation, result.params, options.coldChild);
  if ('skipped' in command) {
    result.skipped = command.skipped;
    return;
  }
  const outcome = await runChild(command.command, command.args, options.timeoutMs ?? 600_000, 5_000);
  const report = parseReport<ColdReport>(outcome.stdout);
  const stderr = outcome.stderr.trim();
  if (report === null || 'error' in report || outcome.killed !== null || outcome.code !== 0) {
    const why = report === null ? 'it printed no report' : 'error' in report ? report.error : (outcome.killed ?? `exit code ${outcome.code ?? outcome.signal}`);
    result.error = `round ${round}: the cold child failed: ${why}${stderr === '' ? '' : `\nstderr: ${stderr}`}`;
    return;
  }
  for (const problem of workload.verify(report.sample.answer, result.params)) result.problems.push(`round ${round}: ${problem}`);
  result.runs.push({ round, importMs: report.importMs, runMs: report.runMs, totalMs: report.totalMs, metrics: report.sample.metrics, maxRssKb: report.sample.maxRssKb });
  summarizeCold(result);
}

/** Fills the summaries of a cold result from its runs. */
function summarizeCold(result: ColdResult): void {
  const { runs } = result;
  if (runs.length === 0) return;
  result.times = {
    importMs: summarize(runs.map((run) => run.importMs)),
    runMs: summarize(runs.map((run) => run.runMs)),
    totalMs: summarize(runs.map((run) => run.totalMs)),
    peakRssKb: summarize(runs.map((run) => run.maxRssKb)),
  };
  result.stats = {};
  result.withImport = {};
  for (const metric of findWorkload(result.workload).metrics) {
    const values = runs.map((run) => run.metrics[metric.key]);
    if (!values.every((value): value is number => typeof value === 'number' && Number.isFinite(value))) continue;
    result.stats[metric.key] = summarize(values);
    result.withImport[metric.key] = summarize(values.map((value, i) => withImport(metric, value, runs[i]!.importMs, result.params.n)));
  }
}

/**
 * The cold runs of one workload: `rounds` rounds, each starting one fresh
 * process per implementation in `implementationIds` order, reversed every
 * other round. `onRound` sees the results after each round.
 *
 * @example
 * ```ts
 * const [loop, raw] = await runColdWorkload('spawn', ['loop', 'raw'], { n: 100_000, seedMs: 300 }, 5);
 * coldPaired('spawn', [loop!, raw!], [['loop', 'raw']]).find((r) => r.metric === 'nsPerTask' && r.importIncluded)?.stats?.median;
 * ```
 */
export async function runColdWorkload(
  workloadId: string,
  implementationIds: readonly string[],
  params: RunParams,
  rounds: number,
  options: ColdOptions & { onRound?: (results: ColdResult[]) => void | Promise<void> } = {},
): Promise<ColdResult[]> {
  const results = implementationIds.map((id) => pendingCold(workloadId, id, params));
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? results : [...results].reverse();
    for (const result of order) await runColdRound(result, round, options);
    await options.onRound?.(results);
  }
  return results;
}

function coldValues(result: ColdResult, rounds: readonly number[], key: string, importIncluded: boolean): number[] | null {
  const metric = findWorkload(result.workload).metrics.find((m) => m.key === key);
  const values: number[] = [];
  for (const round of rounds) {
    const run = result.runs.find((r) => r.round === round);
    if (run === undefined) return null;
    if (key === 'totalMs' || key === 'importMs') values.push(run[key]);
    else if (key === 'peakRss') values.push(run.maxRssKb);
    else {
      const value = run.metrics[key];
      if (typeof value !== 'number' || metric === undefined) return null;
      values.push(importIncluded ? withImport(metric, value, run.importMs, result.params.n) : value);
    }
  }
  return values;
}

/**
 * The paired ratios of the cold runs: for each (subject, reference) pair,
 * the runs of the same round paired, and for each metric the factors of
 * the first run alone and with the import folded in (only for a metric
 * with an `importFold`), then import + first run in ms (`totalMs`) and the
 * processes' peak RSS (`peakRss`). Rounds in which either side has no run
 * are left out; a pair whose results failed or did not verify gives no ratios.
 *
 * @example
 * ```ts
 * coldPaired('spawn', coldResults, [['loop', 'raw']]).map((r) => `${r.metric}${r.importIncluded ? ' + import' : ''}: ${r.stats?.median}`);
 * ```
 */
export function coldPaired(workloadId: string, results: readonly ColdResult[], pairs: readonly (readonly [string, string])[]): PairedRatio[] {
  const workload = findWorkload(workloadId);
  const out: PairedRatio[] = [];
  const usable = (id: string) => results.find((r) => r.workload === workloadId && r.implementation === id && r.error === null && r.skipped === null && r.problems.length === 0);
  for (const [subjectId, referenceId] of pairs) {
    const subject = usable(subjectId);
    const reference = usable(referenceId);
    if (subject === undefined || reference === undefined) continue;
    const rounds = subject.runs.map((run) => run.round).filter((round) => reference.runs.some((run) => run.round === round));
    if (rounds.length === 0) continue;
    const add = (metric: string, better: 'lower' | 'higher', importIncluded: boolean) => {
      const a = coldValues(subject, rounds, metric, importIncluded);
      const b = coldValues(reference, rounds, metric, importIncluded);
      if (a === null || b === null) return;
      const factors = pairFactors(better, a, b);
      out.push({ workload: workloadId, subject: subjectId, reference: referenceId, mode: 'cold', metric, importIncluded, factors, stats: ratioStats(factors) });
    };
    for (const metric of workload.metrics) {
      add(metric.key, metric.better, false);
      if (metric.importFold !== undefined) add(metric.key, metric.better, true);
    }
    add('totalMs', 'lower', true);
    add('peakRss', 'lower', false);
  }
  return out;
}

/**
 * The import cost of each package in {@link IMPORTED_PACKAGES}: `runs`
 * fresh processes each, the packages interleaved (one process per package
 * per round) so a slow stretch does not land on one package alone.
 * asyncio is skipped (with the reason) when python3 cannot run it.
 *
 * @example
 * ```ts
 * (await measureImportCosts(5)).map((cost) => `${cost.name}: ${cost.stats?.median.toFixed(1)} ms`);
 * ```
 */
export async function measureImportCosts(runs: number, options: ColdOptions = {}): Promise<ImportCost[]> {
  const costs: ImportCost[] = IMPORTED_PACKAGES.map(({ name, specifiers }) => ({ name, specifiers, samples: [], stats: null, error: null }));
  for (let round = 0; round < runs; round++) {
    for (const [i, pkg] of IMPORTED_PACKAGES.entries()) {
      const cost = costs[i]!;
      if (cost.error !== null) continue;
      if (pkg.python === true && pythonStatus().why !== null) {
        cost.error = pythonStatus().why;
        continue;
      }
      const [command, args] = pkg.python === true ? ['python3', ['-B', PYTHON_CHILD, '--import', ...pkg.specifiers]] : [process.execPath, [options.coldChild ?? COLD_CHILD, '--import', ...pkg.specifiers]];
      const outcome = await runChild(command, args, options.timeoutMs ?? 60_000, 5_000);
      const report = parseReport<ImportReport>(outcome.stdout);
      if (report === null || 'error' in report || outcome.code !== 0) {
        cost.error = report !== null && 'error' in report ? report.error : `the child failed (exit code ${outcome.code ?? outcome.signal}): ${outcome.stderr.trim()}`;
        continue;
      }
      cost.samples.push(report.importMs);
      cost.stats = summarize(cost.samples);
    }
  }
  return costs;
}

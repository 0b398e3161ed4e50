/**
 * The runner: starts one child process per (workload, implementation) pair,
 * one after another so that no two pairs share the machine's two cores,
 * reads each child's JSON report, verifies every answer (the warm-up's
 * too) against the workload's own check, and summarises each metric as
 * median, min and max over the counted runs. Ratios are only ever taken
 * between pairs of the same suite run (BENCH.md: side by side, never
 * against a figure from another day).
 *
 * A pair fails when its child crashes, prints no report, outlives its time
 * limit, stays alive after reporting (something still holds the host's
 * event loop: a leaked timer), or when any answer does not verify. A failed
 * pair keeps its samples for inspection but is left out of the ratios.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ChildFailure, ChildReport, ChildSample } from './child.js';
import { implementationLabel, type RunParams } from './workload.js';
import { WORKLOADS, findWorkload } from './workloads/index.js';

/** Median, min and max of a list of samples. */
export interface Stats {
  median: number;
  min: number;
  max: number;
}

/**
 * Median (the mean of the middle two for an even count), min and max.
 * Throws a `RangeError` for an empty list; the input is not reordered.
 *
 * @example
 * ```ts
 * summarize([4, 1, 3, 2]); // { median: 2.5, min: 1, max: 4 }
 * ```
 */
export function summarize(values: readonly number[]): Stats {
  if (values.length === 0) throw new RangeError('summarize(values): there are no values to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Everything measured for one (workload, implementation) pair. */
export interface PairResult {
  workload: string;
  /** Implementation id: `loop`, `raw`, `raw-immediate`. */
  implementation: string;
  system: string;
  /** `system (variant)`, for tables. */
  label: string;
  params: RunParams;
  /** Counted runs asked for. */
  runs: number;
  /** Median/min/max over the counted runs, per metric key. */
  stats: Record<string, Stats>;
  /** The child's peak RSS over all its runs (KiB); 0 when it never reported. */
  peakRssKb: number;
  warmup: ChildSample | null;
  samples: ChildSample[];
  /** Answers that did not verify, as `run N: problem` (run 0 is the warm-up). */
  problems: string[];
  /** Why the child itself failed, or null. */
  error: string | null;
  /** What the child wrote to stderr (warnings, the loop's exception handler), trimmed. */
  stderr: string;
  /** Wall time of the whole child process (ms). */
  childMs: number;
}

/** Options for {@link runPair}. */
export interface PairOptions {
  /** Counted runs (the warm-up comes on top). */
  runs: number;
  params: RunParams;
  /** The child entry to run; default: this package's `dist/child.js`. */
  childEntry?: string;
  /** Kill the child after this long (ms). Default 10 minutes. */
  timeoutMs?: number;
  /** How long a child may stay alive after printing its report (ms). Default 5 s. */
  exitGraceMs?: number;
}

/** `dist/child.js` of this package, from `src/` (tests) as from `dist/` (the built CLI). */
const DEFAULT_CHILD = fileURLToPath(new URL('../dist/child.js', import.meta.url));

interface ChildOutcome {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why the runner killed it, or null. */
  killed: string | null;
  ms: number;
}

function runChild(args: readonly string[], timeoutMs: number, exitGraceMs: number): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--expose-gc', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed: string | null = null;
    const kill = (why: string) => {
      killed ??= why;
      child.kill('SIGKILL');
    };
    const deadline = setTimeout(() => kill(`it was still running after ${timeoutMs} ms`), timeoutMs);
    let grace: ReturnType<typeof setTimeout> | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (grace === undefined && stdout.endsWith('\n')) {
        grace = setTimeout(() => kill(`it was still alive ${exitGraceMs} ms after its report: something kept its event loop alive`), exitGraceMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(deadline);
      clearTimeout(grace);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(grace);
      resolve({ stdout, stderr, code, signal, killed, ms: performance.now() - t0 });
    });
  });
}

function parseReport(stdout: string): ChildReport | ChildFailure | null {
  const line = stdout.trimEnd().split('\n').pop();
  if (line === undefined || line === '') return null;
  try {
    return JSON.parse(line) as ChildReport | ChildFailure;
  } catch {
    return null;
  }
}

/**
 * Runs one implementation of one workload in a child process (1 warm-up +
 * `runs` counted runs), verifies every answer and summarises the metrics.
 * Never throws for a failing child: the failure is in the result.
 *
 * @example
 * ```ts
 * const result = await runPair('spawn', 'loop', { runs: 5, params: { n: 100_000, seedMs: 300 } });
 * console.log(result.stats.nsPerTask?.median, result.problems); // e.g. 1950 []
 * ```
 */
export async function runPair(workloadId: string, implementationId: string, options: PairOptions): Promise<PairResult> {
  const workload = findWorkload(workloadId);
  const implementation = workload.implementations[implementationId];
  if (implementation === undefined) throw new RangeError(`workload "${workloadId}" has no implementation "${implementationId}"`);
  const { runs, params } = options;
  const args = [options.childEntry ?? DEFAULT_CHILD, workloadId, implementationId, String(runs), String(params.n), '--seed-ms', String(params.seedMs)];
  const outcome = await runChild(args, options.timeoutMs ?? 600_000, options.exitGraceMs ?? 5_000);
  const result: PairResult = {
    workload: workloadId,
    implementation: implementationId,
    system: implementation.system,
    label: implementationLabel(implementation),
    params,
    runs,
    stats: {},
    peakRssKb: 0,
    warmup: null,
    samples: [],
    problems: [],
    error: null,
    stderr: outcome.stderr.trim(),
    childMs: outcome.ms,
  };
  const report = parseReport(outcome.stdout);
  const stderr = result.stderr;
  if (report === null || 'error' in report) {
    const why = report === null ? 'it printed no report' : report.error;
    const exit = outcome.killed ?? `exit code ${outcome.code ?? outcome.signal}`;
    result.error = `the child failed (${exit}): ${why}${stderr === '' ? '' : `\nstderr: ${stderr}`}`;
    return result;
  }
  result.warmup = report.warmup;
  result.samples = report.samples;
  result.peakRssKb = report.peakRssKb;
  if (outcome.killed !== null) result.error = `the child was killed: ${outcome.killed}`;
  else if (outcome.code !== 0) result.error = `the child exited with code ${outcome.code ?? outcome.signal}${stderr === '' ? '' : `\nstderr: ${stderr}`}`;
  [report.warmup, ...report.samples].forEach((sample, run) => {
    for (const problem of workload.verify(sample.answer, params)) result.problems.push(`run ${run}${run === 0 ? ' (warm-up)' : ''}: ${problem}`);
  });
  if (report.samples.length !== runs) result.problems.push(`expected ${runs} counted runs, the child reported ${report.samples.length}`);
  for (const metric of workload.metrics) {
    const values = report.samples.map((sample) => sample.metrics[metric.key]);
    if (values.every((value): value is number => typeof value === 'number' && Number.isFinite(value)) && values.length > 0) {
      result.stats[metric.key] = summarize(values);
    } else {
      result.problems.push(`metric "${metric.key}" is missing or not a finite number in some run: ${JSON.stringify(values)}`);
    }
  }
  return result;
}

/** True when a pair ran to the end and every answer verified. */
export function pairOk(pair: PairResult): boolean {
  return pair.error === null && pair.problems.length === 0;
}

/** One ratio of the summary: loop's median against another implementation's, for one metric. */
export interface Comparison {
  workload: string;
  /** Metric key, or `peakRss`. */
  metric: string;
  /** Metric label for tables. */
  label: string;
  better: 'lower' | 'higher';
  /** The label of the implementation loop is compared with. */
  against: string;
  loop: number;
  other: number;
  /** loop / other. */
  ratio: number;
}

/**
 * loop against every other implementation of the same workload, metric by
 * metric (ratio of medians) and on peak RSS. Pairs that failed are left out.
 *
 * @example
 * ```ts
 * compare(result.pairs).find((c) => c.workload === 'spawn' && c.metric === 'nsPerTask')?.ratio; // e.g. 1.4
 * ```
 */
export function compare(pairs: readonly PairResult[]): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const workload of WORKLOADS) {
    const mine = pairs.filter((pair) => pair.workload === workload.id && pairOk(pair));
    const loop = mine.find((pair) => pair.system === 'loop');
    if (loop === undefined) continue;
    for (const other of mine) {
      if (other.system === 'loop') continue;
      for (const metric of workload.metrics) {
        const a = loop.stats[metric.key]!.median;
        const b = other.stats[metric.key]!.median;
        comparisons.push({ workload: workload.id, metric: metric.key, label: metric.label, better: metric.better, against: other.label, loop: a, other: b, ratio: a / b });
      }
      comparisons.push({
        workload: workload.id,
        metric: 'peakRss',
        label: 'peak RSS',
        better: 'lower',
        against: other.label,
        loop: loop.peakRssKb,
        other: other.peakRssKb,
        ratio: loop.peakRssKb / other.peakRssKb,
      });
    }
  }
  return comparisons;
}

/** Options for {@link runSuite}. */
export interface SuiteOptions {
  /** Workload ids to run, in this order; default every workload. */
  workloads?: readonly string[];
  runs: number;
  params: RunParams;
  /** Called as each pair finishes (progress output). */
  onPair?: (pair: PairResult) => void;
  /** Passed to every {@link runPair}. */
  timeoutMs?: number;
}

/** Where and how a suite ran: the context every figure needs. */
export interface SuiteResult {
  startedAt: string;
  finishedAt: string;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  runs: number;
  params: RunParams;
  pairs: PairResult[];
  comparisons: Comparison[];
}

/**
 * Runs every implementation of each selected workload, one child process
 * at a time, and compares loop with the others.
 *
 * @example
 * ```ts
 * const suite = await runSuite({ runs: 5, params: { n: 100_000, seedMs: 300 } });
 * console.log(suite.pairs.every(pairOk));
 * ```
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const startedAt = new Date().toISOString();
  const ids = options.workloads ?? WORKLOADS.map((workload) => workload.id);
  const pairs: PairResult[] = [];
  for (const id of ids) {
    for (const implementationId of Object.keys(findWorkload(id).implementations)) {
      const pair = await runPair(id, implementationId, {
        runs: options.runs,
        params: options.params,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      pairs.push(pair);
      options.onPair?.(pair);
    }
  }
  const processors = cpus();
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    runs: options.runs,
    params: options.params,
    pairs,
    comparisons: compare(pairs),
  };
}

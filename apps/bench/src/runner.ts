/**
 * The runner: starts one child process per (workload, implementation) pair,
 * one after another so that no two pairs share the machine's two cores,
 * reads each child's JSON report, verifies every answer (the warm-up's
 * too) against the workload's own check, and summarises each metric as
 * median, min and max over the counted runs. Ratios (compare.ts) are only
 * ever taken between pairs of the same suite run (BENCH.md: side by side,
 * never against a figure from another day).
 *
 * Node implementations run in `node --expose-gc dist/child.js`, asyncio's
 * in `python3 python/child.py`; both print the same one-line report. When
 * python3 (3.11 or later, for `TaskGroup`) is missing, the asyncio pairs
 * are skipped with the reason in the result, not failed.
 *
 * A pair fails when its child crashes, prints no report, outlives its time
 * limit, stays alive after reporting (something still holds the host's
 * event loop: a leaked timer), or when any answer does not verify. A failed
 * pair keeps its samples for inspection but is left out of the ratios.
 *
 * @module
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ChildSample } from './child.js';
import { PYTHON_CHILD, parseReport, pythonStatus, runChild } from './processes.js';
import { compare, evaluateTargets, versusRaw, type Comparison, type TargetResult, type VersusRaw } from './compare.js';
import { implementationLabel, isPython, type RunParams } from './workload.js';
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
  /** Implementation id: `loop`, `loop-nowait`, `raw`, `raw-immediate`, `effect-range`, `asyncio`, … */
  implementation: string;
  system: string;
  /** `system (variant)`, for tables. */
  label: string;
  /** loop's recommended idiom for the workload. */
  recommended: boolean;
  /** Measured for the instrumentation target only. */
  traced: boolean;
  params: RunParams;
  /** Counted runs asked for. */
  runs: number;
  /** Per metric key, over the counted runs (an optional metric the system cannot report is absent). */
  stats: Record<string, Stats>;
  /** The child's peak RSS over all its runs (KiB); 0 when it never reported. */
  peakRssKb: number;
  warmup: ChildSample | null;
  samples: ChildSample[];
  /** Answers that did not verify, as `run N: problem` (run 0 is the warm-up). */
  problems: string[];
  /** Why the child itself failed, or null. */
  error: string | null;
  /** Why the pair was not run (python3 missing), or null. */
  skipped: string | null;
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
  /** The Node child entry to run; default: this package's `dist/child.js`. */
  childEntry?: string;
  /** Kill the child after this long (ms). Default 10 minutes. */
  timeoutMs?: number;
  /** How long a child may stay alive after printing its report (ms). Default 5 s. */
  exitGraceMs?: number;
}

/** `dist/child.js` of this package, from `src/` (tests) as from `dist/` (the built CLI). */
const DEFAULT_CHILD = fileURLToPath(new URL('../dist/child.js', import.meta.url));

/**
 * @internal The result of a pair before its child has run: no figures yet,
 * no problems. Throws a RangeError for an unknown workload or implementation.
 */
export function pendingPair(workloadId: string, implementationId: string, params: RunParams, runs: number): PairResult {
  const implementation = findWorkload(workloadId).implementations[implementationId];
  if (implementation === undefined) throw new RangeError(`workload "${workloadId}" has no implementation "${implementationId}"`);
  return {
    workload: workloadId,
    implementation: implementationId,
    system: implementation.system,
    label: implementationLabel(implementation),
    recommended: implementation.recommended === true,
    traced: implementation.traced === true,
    params,
    runs,
    stats: {},
    peakRssKb: 0,
    warmup: null,
    samples: [],
    problems: [],
    error: null,
    skipped: null,
    stderr: '',
    childMs: 0,
  };
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
  const { runs, params } = options;
  const result = pendingPair(workloadId, implementationId, params, runs);
  const workload = findWorkload(workloadId);
  const implementation = workload.implementations[implementationId]!;
  const sizes = [String(runs), String(params.n), '--seed-ms', String(params.seedMs)];
  let command = process.execPath;
  let args = ['--expose-gc', options.childEntry ?? DEFAULT_CHILD, workloadId, implementationId, ...sizes];
  if (isPython(implementation)) {
    const python = pythonStatus();
    if (python.why !== null) {
      result.skipped = python.why;
      return result;
    }
    command = 'python3';
    // -B: no __pycache__ beside the sources.
    args = ['-B', PYTHON_CHILD, implementation.python, ...sizes];
  }
  const outcome = await runChild(command, args, options.timeoutMs ?? 600_000, options.exitGraceMs ?? 5_000);
  result.stderr = outcome.stderr.trim();
  result.childMs = outcome.ms;
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
  summarizeSamples(result);
  return result;
}

/** How a problem about a metric (not an answer) begins: it is recomputed from the samples, so merging rounds drops the old ones. */
const METRIC_PROBLEM = 'metric ';

/** Fills `pair.stats` from its samples, metric by metric; a metric missing from some run is a problem instead. */
function summarizeSamples(pair: PairResult): void {
  pair.stats = {};
  for (const metric of findWorkload(pair.workload).metrics) {
    const values = pair.samples.map((sample) => sample.metrics[metric.key]);
    if (metric.optional === true && values.every((value) => value === undefined || value === null)) continue;
    if (values.every((value): value is number => typeof value === 'number' && Number.isFinite(value)) && values.length > 0) {
      pair.stats[metric.key] = summarize(values);
    } else {
      pair.problems.push(`${METRIC_PROBLEM}"${metric.key}" is missing or not a finite number in some run: ${JSON.stringify(values)}`);
    }
  }
}

function answerProblems(pair: PairResult): string[] {
  return pair.problems.filter((problem) => !problem.startsWith(METRIC_PROBLEM));
}

/**
 * @internal One pair's results from two rounds as one: the counted runs
 * pooled (stats over all of them), the highest peak RSS, the first round's
 * warm-up, problems, errors and stderr of both (the later round's problems
 * prefixed with its number).
 */
export function mergeRounds(earlier: PairResult, later: PairResult, round: number): PairResult {
  const merged: PairResult = {
    ...earlier,
    runs: earlier.runs + later.runs,
    samples: [...earlier.samples, ...later.samples],
    peakRssKb: Math.max(earlier.peakRssKb, later.peakRssKb),
    warmup: earlier.warmup ?? later.warmup,
    problems: [...answerProblems(earlier), ...answerProblems(later).map((problem) => `round ${round}: ${problem}`)],
    error: earlier.error ?? (later.error === null ? null : `round ${round}: ${later.error}`),
    skipped: earlier.skipped ?? later.skipped,
    stderr: [earlier.stderr, later.stderr].filter((text) => text !== '').join('\n'),
    childMs: earlier.childMs + later.childMs,
  };
  if (merged.skipped === null) summarizeSamples(merged);
  return merged;
}

/** True when a pair ran to the end and every answer verified (a skipped pair is not ok, nor a failure). */
export function pairOk(pair: PairResult): boolean {
  return pair.skipped === null && pair.error === null && pair.problems.length === 0;
}

/** True when a pair failed: it ran and crashed, or an answer was wrong. */
export function pairFailed(pair: PairResult): boolean {
  return pair.skipped === null && !pairOk(pair);
}

/** Options for {@link runSuite}. */
export interface SuiteOptions {
  /** Workload ids to run, in this order; default every workload. */
  workloads?: readonly string[];
  /** Systems to run (`loop`, `raw`, `effect`, …); default every system. */
  systems?: readonly string[];
  /**
   * Systems whose pairs run after every other pair (all workloads), so that
   * a run cut short for time still has loop and the rest everywhere.
   */
  deferSystems?: readonly string[];
  /** BENCH.md's sizes (false) or the small `--quick` ones. */
  quick: boolean;
  runs: number;
  /**
   * How many times the whole plan runs, round-robin: round 1 runs every
   * pair, then round 2 runs every pair again, and so on; each pair's
   * counted runs from all rounds are pooled. A slow stretch of the machine
   * then weighs on every system rather than on whichever ran during it
   * (BENCH.md's reference figures were interleaved the same way). Default 1.
   */
  rounds?: number;
  /** How long each `seed` task sleeps (ms). */
  seedMs: number;
  /**
   * Called as each pair finishes, with the suite so far (`complete: false`):
   * progress output, and results written as the run goes so that an
   * interrupted run still leaves what it measured.
   */
  onPair?: (pair: PairResult, sofar: SuiteResult) => void | Promise<void>;
  /** Passed to every {@link runPair}. */
  timeoutMs?: number;
}

/** Where and how a suite ran: the context every figure needs. */
export interface Machine {
  node: string;
  /** `python3`'s version, or null when the asyncio pairs were skipped. */
  python: string | null;
  platform: string;
  cpus: number;
  cpuModel: string;
  totalMemoryGb: number;
  /** 1-minute load average when the run started and when it ended: a loaded machine slows every system. */
  loadAverage: { start: number; end: number };
}

/** A whole suite run: every pair, and the ratios taken between them. */
export interface SuiteResult {
  startedAt: string;
  /** When the last pair so far finished. */
  finishedAt: string;
  /** False while the run is still going (or was interrupted): not every selected pair has run. */
  complete: boolean;
  machine: Machine;
  quick: boolean;
  runs: number;
  /** Rounds of the whole plan (see {@link SuiteOptions.rounds}); absent in results from before rounds existed. */
  rounds?: number;
  seedMs: number;
  /** The workloads run, in order. */
  workloads: string[];
  pairs: PairResult[];
  /** Every pair's metrics against raw's (the floor), same workload. */
  versusRaw: VersusRaw[];
  /** Every loop implementation against every other implementation, metric by metric and on peak RSS. */
  comparisons: Comparison[];
  /** BENCH.md's targets, met or missed, for each loop implementation held to them. */
  targets: TargetResult[];
}

/** The pairs ordered as the workloads and their implementations are declared (the order tables list them), not as they ran. */
function inDeclaredOrder(pairs: readonly PairResult[]): PairResult[] {
  const rank = (pair: PairResult) => {
    const w = WORKLOADS.findIndex((workload) => workload.id === pair.workload);
    return w * 1000 + Object.keys(WORKLOADS[w]!.implementations).indexOf(pair.implementation);
  };
  return [...pairs].sort((a, b) => rank(a) - rank(b));
}

/**
 * Runs every implementation of each selected workload, one child process
 * at a time, and compares loop with the others.
 *
 * @example
 * ```ts
 * const suite = await runSuite({ quick: false, runs: 5, seedMs: 300 });
 * console.log(suite.pairs.every(pairOk));
 * ```
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const startedAt = new Date().toISOString();
  const loadStart = loadavg()[0] ?? 0;
  const ids = options.workloads ?? WORKLOADS.map((workload) => workload.id);
  const rounds = options.rounds ?? 1;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`runSuite(options): options.rounds must be a whole number >= 1, got ${rounds}`);
  const pairs: PairResult[] = [];
  const processors = cpus();
  const snapshot = (complete: boolean): SuiteResult => {
    const ordered = inDeclaredOrder(pairs);
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      complete,
      machine: {
        node: process.version,
        python: pythonStatus().version,
        platform: `${process.platform} ${process.arch}`,
        cpus: processors.length,
        cpuModel: processors[0]?.model.trim() ?? 'unknown',
        totalMemoryGb: Math.round(totalmem() / 2 ** 30),
        loadAverage: { start: loadStart, end: loadavg()[0] ?? 0 },
      },
      quick: options.quick,
      runs: options.runs,
      rounds,
      seedMs: options.seedMs,
      workloads: [...ids],
      pairs: ordered,
      versusRaw: versusRaw(ordered),
      comparisons: compare(ordered),
      targets: evaluateTargets(ordered),
    };
  };
  const planned: { id: string; implementationId: string; params: RunParams; runs: number; deferred: boolean }[] = [];
  for (const id of ids) {
    const workload = findWorkload(id);
    const params: RunParams = { n: options.quick ? workload.sizes.quick : workload.sizes.full, seedMs: options.seedMs };
    const runs = options.quick ? options.runs : Math.max(options.runs, workload.minRuns ?? 0);
    for (const [implementationId, implementation] of Object.entries(workload.implementations)) {
      if (options.systems !== undefined && !options.systems.includes(implementation.system)) continue;
      planned.push({ id, implementationId, params, runs, deferred: options.deferSystems?.includes(implementation.system) === true });
    }
  }
  const order = [...planned.filter((p) => !p.deferred), ...planned.filter((p) => p.deferred)];
  for (let round = 1; round <= rounds; round++) {
    for (const [index, { id, implementationId, params, runs }] of order.entries()) {
      const pair = await runPair(id, implementationId, {
        runs,
        params,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      if (round === 1) pairs.push(pair);
      else pairs[index] = mergeRounds(pairs[index]!, pair, round);
      await options.onPair?.(pair, snapshot(false));
    }
  }
  return snapshot(true);
}

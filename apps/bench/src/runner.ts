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
import type { AskedCollection, ChildSample, Collection, PairedChildReport } from './child.js';
import { coldPaired, measureImportCosts, runColdWorkload, type ColdResult, type ImportCost } from './cold.js';
import { pairFactors, pairings, ratioStats, type PairedRatio } from './paired.js';
import { PYTHON_CHILD, parseReport, pythonStatus, runChild } from './processes.js';
import { compare, evaluateTargets, versusRaw, type Comparison, type TargetResult, type VersusRaw } from './compare.js';
import { implementationLabel, isPython, type RunParams } from './workload.js';
import { WORKLOADS, findWorkload } from './workloads/index.js';
import { summarize, type Stats } from './stats.js';

export { summarize, type Stats } from './stats.js';

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
  /** What the Node child collected before each run (child.ts); null for asyncio's child, or before it ran. */
  collect: Collection | null;
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
  /**
   * What a Node child collects before each run (child.ts): `full` (the
   * default) where its figures include memory, `young` where its times are
   * paired into ratios.
   */
  collect?: AskedCollection;
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
    collect: null,
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
  let args = ['--expose-gc', options.childEntry ?? DEFAULT_CHILD, workloadId, implementationId, ...sizes, '--collect', options.collect ?? 'full'];
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
  result.collect = (report as { collect?: Collection }).collect ?? null;
  if (outcome.killed !== null) result.error = `the child was killed: ${outcome.killed}`;
  else if (outcome.code !== 0) result.error = `the child exited with code ${outcome.code ?? outcome.signal}${stderr === '' ? '' : `\nstderr: ${stderr}`}`;
  [report.warmup, ...report.samples].forEach((sample, run) => {
    for (const problem of workload.verify(sample.answer, params)) result.problems.push(`run ${run}${run === 0 ? ' (warm-up)' : ''}: ${problem}`);
  });
  if (report.samples.length !== runs) result.problems.push(`expected ${runs} counted runs, the child reported ${report.samples.length}`);
  summarizeSamples(result);
  return result;
}

/** The warm paired runs of one (subject, reference) pair: its ratios, or why there are none. */
export interface WarmPairing {
  workload: string;
  subject: string;
  reference: string;
  /** Pairs of counted runs. */
  runs: number;
  /** One ratio per metric of the workload. */
  ratios: PairedRatio[];
  /** Wrong answers, as `subject run N: problem`. */
  problems: string[];
  error: string | null;
  skipped: string | null;
  /** What the Node side's child collected before each run: `young` when it ran (times paired into ratios), else null. */
  collect: Collection | null;
}

function warmRatios(workloadId: string, subject: string, reference: string, pairs: readonly (readonly [ChildSample, ChildSample])[]): PairedRatio[] {
  const out: PairedRatio[] = [];
  for (const metric of findWorkload(workloadId).metrics) {
    const a = pairs.map(([s]) => s.metrics[metric.key]);
    const b = pairs.map(([, r]) => r.metrics[metric.key]);
    const numbers = (values: unknown[]): values is number[] => values.every((value) => typeof value === 'number' && Number.isFinite(value));
    if (pairs.length === 0 || !numbers(a) || !numbers(b)) continue;
    const factors = pairFactors(metric.better, a, b);
    out.push({ workload: workloadId, subject, reference, mode: 'warm', metric: metric.key, importIncluded: false, factors, stats: ratioStats(factors) });
  }
  return out;
}

/**
 * Runs `subject` and `reference` of a workload warm, in pairs, and takes
 * each metric's ratio pair by pair. Two Node implementations share one
 * child (both warmed up, then taking turns run by run: child.ts's paired
 * mode); with asyncio on one side the two cannot share a process, so short
 * children alternate instead (each a warm-up and one counted run). Node
 * children here collect only the young generation between runs (child.ts:
 * a forced full collection would throw away the optimized code of a
 * runtime written in JavaScript before every run). Never throws for a
 * failing child: the failure is in the result.
 *
 * @example
 * ```ts
 * const pairing = await runWarmPairing('spawn', 'loop', 'raw', { runs: 5, params: { n: 100_000, seedMs: 300 } });
 * pairing.ratios[0]?.stats?.median; // e.g. 0.95: loop 1.05× slower than raw, median of 5 pairs
 * ```
 */
export async function runWarmPairing(workloadId: string, subject: string, reference: string, options: PairOptions): Promise<WarmPairing> {
  const workload = findWorkload(workloadId);
  const result: WarmPairing = { workload: workloadId, subject, reference, runs: options.runs, ratios: [], problems: [], error: null, skipped: null, collect: null };
  const pythonSide = [subject, reference].some((id) => isPython(workload.implementations[id]!));
  const pairs: [ChildSample, ChildSample][] = [];
  if (pythonSide) {
    for (let i = 0; i < options.runs; i++) {
      const order = i % 2 === 0 ? [subject, reference] : [reference, subject];
      const got = new Map<string, PairResult>();
      for (const id of order) got.set(id, await runPair(workloadId, id, { ...options, runs: 1, collect: 'young' }));
      const [s, r] = [got.get(subject)!, got.get(reference)!];
      const failed = [s, r].find((pair) => !pairOk(pair));
      if (failed !== undefined) {
        if (failed.skipped !== null) result.skipped = failed.skipped;
        else result.error = `${failed.implementation}: ${failed.error ?? failed.problems.join('; ')}`;
        return result;
      }
      pairs.push([s.samples[0]!, r.samples[0]!]);
      result.collect = s.collect ?? r.collect;
    }
  } else {
    const sizes = [String(options.runs), String(options.params.n), '--seed-ms', String(options.params.seedMs)];
    const args = ['--expose-gc', options.childEntry ?? DEFAULT_CHILD, workloadId, `${subject},${reference}`, ...sizes, '--collect', 'young'];
    const outcome = await runChild(process.execPath, args, options.timeoutMs ?? 600_000, options.exitGraceMs ?? 5_000);
    const report = parseReport<PairedChildReport>(outcome.stdout);
    const stderr = outcome.stderr.trim();
    if (report === null || 'error' in report || outcome.killed !== null || outcome.code !== 0) {
      const why = report === null ? 'it printed no report' : 'error' in report ? report.error : (outcome.killed ?? `exit code ${outcome.code ?? outcome.signal}`);
      result.error = `the paired child failed: ${why}${stderr === '' ? '' : `\nstderr: ${stderr}`}`;
      return result;
    }
    result.collect = report.collect;
    report.pairs.forEach(([s, r], i) => {
      for (const problem of workload.verify(s.answer, options.params)) result.problems.push(`${subject} run ${i + 1}: ${problem}`);
      for (const problem of workload.verify(r.answer, options.params)) result.problems.push(`${reference} run ${i + 1}: ${problem}`);
    });
    if (report.pairs.length !== options.runs) result.problems.push(`expected ${options.runs} pairs of runs, the child reported ${report.pairs.length}`);
    pairs.push(...report.pairs);
  }
  if (result.problems.length === 0) result.ratios = warmRatios(workloadId, subject, reference, pairs);
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
   * Warm paired runs (paired.ts): each loop implementation and its
   * references (raw; the peers its targets name) alternate run by run, and
   * the ratios are medians of per-pair ratios. `runs` pairs per pairing in
   * each round. Default false (the CLI turns it on).
   */
  paired?: boolean;
  /** Cold runs (cold.ts): fresh processes per implementation, one run each; 0 (the default) for none. Also the processes per package for the import costs. */
  coldRuns?: number;
  /**
   * Called as each pair finishes, with the suite so far (`complete: false`):
   * progress output, and results written as the run goes so that an
   * interrupted run still leaves what it measured.
   */
  onPair?: (pair: PairResult, sofar: SuiteResult) => void | Promise<void>;
  /** Called after each warm pairing and each round of cold runs, with what ran and the suite so far. */
  onProgress?: (what: string, sofar: SuiteResult) => void | Promise<void>;
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
  /** BENCH.md's targets, met or missed, for each loop implementation held to them (on the paired ratios, warm and cold, where they were measured). */
  targets: TargetResult[];
  /** Cold runs per implementation (0 or absent: none). */
  coldRuns?: number;
  /** Every implementation's cold runs (first run in a fresh process, import included). */
  cold?: ColdResult[];
  /** The warm pairings that ran, with their failures. */
  warmPairings?: WarmPairing[];
  /** Every paired ratio, warm and cold. */
  paired?: PairedRatio[];
  /** ms to import each package in a fresh process. */
  importCosts?: ImportCost[];
}

/** The pairs ordered as the workloads and their implementations are declared (the order tables list them), not as they ran. */
function inDeclaredOrder<T extends { workload: string; implementation: string }>(pairs: readonly T[]): T[] {
  const rank = (pair: T) => {
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
  const coldRuns = options.coldRuns ?? 0;
  if (!Number.isInteger(coldRuns) || coldRuns < 0) throw new RangeError(`runSuite(options): options.coldRuns must be a whole number >= 0, got ${coldRuns}`);
  const pairs: PairResult[] = [];
  const warmPairings: WarmPairing[] = [];
  const cold: ColdResult[] = [];
  let importCosts: ImportCost[] = [];
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
      coldRuns,
      cold: inDeclaredOrder(cold),
      warmPairings,
      paired: [...warmPairings.flatMap((pairing) => pairing.ratios), ...ids.flatMap((id) => coldPaired(id, cold, pairsOf(id)))],
      importCosts,
      targets: [],
    };
  };
  const judged = (complete: boolean): SuiteResult => {
    const suite = snapshot(complete);
    suite.targets = evaluateTargets(suite.pairs, options.paired === true || coldRuns > 0 ? { paired: suite.paired ?? [], cold: suite.cold ?? [] } : undefined);
    return suite;
  };
  const deferred = (id: string, implementationId: string) => options.deferSystems?.includes(findWorkload(id).implementations[implementationId]!.system) === true;
  const selectedIds = (id: string) =>
    Object.entries(findWorkload(id).implementations)
      .filter(([, implementation]) => options.systems === undefined || options.systems.includes(implementation.system))
      .map(([implementationId]) => implementationId);
  /** The pairings of a workload among the selected systems, those with a deferred system last. */
  const pairsOf = (id: string) => {
    const all = pairings(findWorkload(id), selectedIds(id));
    return [...all.filter(([a, b]) => !deferred(id, a) && !deferred(id, b)), ...all.filter(([a, b]) => deferred(id, a) || deferred(id, b))];
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
      await options.onPair?.(pair, judged(false));
    }
    if (options.paired !== true) continue;
    for (const id of ids) {
      const { params, runs } = planned.find((p) => p.id === id) ?? { params: { n: 1, seedMs: options.seedMs }, runs: options.runs };
      for (const [subject, reference] of pairsOf(id)) {
        const pairing = await runWarmPairing(id, subject, reference, { runs, params, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) });
        const earlier = warmPairings.findIndex((p) => p.workload === id && p.subject === subject && p.reference === reference);
        if (earlier === -1) warmPairings.push(pairing);
        else warmPairings[earlier] = mergePairings(warmPairings[earlier]!, pairing, round);
        await options.onProgress?.(`${id} / ${subject} vs ${reference}, warm, paired${rounds > 1 ? ` (round ${round})` : ''}`, judged(false));
      }
    }
  }
  if (coldRuns > 0) {
    importCosts = await measureImportCosts(coldRuns, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
    await options.onProgress?.('import costs', judged(false));
    for (const id of ids) {
      const implementationIds = selectedIds(id);
      const ordered = [...implementationIds.filter((i) => !deferred(id, i)), ...implementationIds.filter((i) => deferred(id, i))];
      const params = planned.find((p) => p.id === id)?.params;
      if (params === undefined) continue;
      const before = cold.length;
      const processes = options.quick ? coldRuns : Math.max(coldRuns, findWorkload(id).minColdRuns ?? 0);
      await runColdWorkload(id, ordered, params, processes, {
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        onRound: async (results) => {
          cold.splice(before, cold.length - before, ...results);
          await options.onProgress?.(`${id}, cold: round ${results.reduce((most, r) => Math.max(most, r.runs.at(-1)?.round ?? 0), 0)} of ${processes}`, judged(false));
        },
      });
    }
  }
  return judged(true);
}

/** Two rounds of one warm pairing as one: the per-pair factors pooled, failures of both kept. */
function mergePairings(earlier: WarmPairing, later: WarmPairing, round: number): WarmPairing {
  const ratios = earlier.ratios.map((ratio) => {
    const more = later.ratios.find((r) => r.metric === ratio.metric)?.factors ?? [];
    const factors = [...ratio.factors, ...more];
    return { ...ratio, factors, stats: ratioStats(factors) };
  });
  return {
    ...earlier,
    runs: earlier.runs + later.runs,
    ratios: earlier.ratios.length === 0 ? later.ratios : ratios,
    problems: [...earlier.problems, ...later.problems.map((problem) => `round ${round}: ${problem}`)],
    error: earlier.error ?? (later.error === null ? null : `round ${round}: ${later.error}`),
    skipped: earlier.skipped ?? later.skipped,
  };
}

/**
 * `explore(program, options)`: run a program under many schedules and, when
 * one fails, hand back the smallest schedule that shows it.
 *
 * The order of work:
 *
 * 1. Schedule 0 is plain FIFO. It is run first (a program that fails
 *    without any reordering needs no search), and its step count is PCT's k.
 * 2. Schedules 1 … n−1 each get a seed derived from `explorerSeed` and
 *    their number; the strategy turns the seed into decisions
 *    (strategy.ts). A seed is self-contained: `{ seed }` or
 *    `LOOP_EXPLORE_SEED` replays it alone.
 * 3. On the first failure: the seed is run twice more with a trace, and the
 *    traces must be byte-identical (else `NondeterminismError`, naming the
 *    first differing line); the seed's deviations from FIFO are shrunk by
 *    delta debugging to a 1-minimal set that fails the same way; the
 *    shrunk schedule is replayed once more to name what it reordered; the
 *    seed's trace is written to `<failuresDir>/<test name>-<seed>.jsonl`;
 *    an `ExploreError` says all of it.
 *
 * @module
 */
import { Task, type Operation } from '@loop/runtime';
import { ExploreError, NondeterminismError } from './errors.js';
import { currentTestName, fileSafe, seedFromEnvironment, writeArtifact } from './host.js';
import { runSchedule, type ExploreContext, type Failure, type RunResult, type Simulate } from './run-schedule.js';
import { candidateName, fifo, formatSchedule, scriptedChooser, type Chooser, type Deviation, type DescribedDeviation } from './schedule.js';
import { ddmin } from './shrink.js';
import { strategyChooser, type Strategy, type StrategySettings } from './strategy.js';

/** Options for {@link explore}. Every one is optional. */
export interface ExploreOptions {
  /** Schedules to run, the FIFO one included. Default 1000. */
  schedules?: number;
  /** `pct` (default) or `random`. */
  strategy?: Strategy;
  /** PCT's depth d: bugs that need d ordering constraints get the guarantee. Default 3. */
  depth?: number;
  /** Run only this schedule (a seed from a failure; 0 is FIFO). `LOOP_EXPLORE_SEED` does the same from the environment. */
  seed?: number;
  /** Which schedules to run: the seeds are derived from it. Default 0. */
  explorerSeed?: number;
  /** Largest extra delay in ms that a timer may get (about half the timers get 1..jitter ms). Default 0: none. */
  jitter?: number;
  /** Answers `context.call(name, ...args)`: a value or an operation. Without it, `context.call` fails the run. */
  simulate?: Simulate;
  /** Make simulated calls fail with a `SimulatedFault` with probability `rate` (a schedule decision, shrunk like the others). */
  faults?: { rate: number };
  /** Names the trace file. Default: the running vitest test's full name, else `explore`. */
  name?: string;
  /** Where failing traces go, relative to the working directory; null writes none. Default `.loop/failures`. */
  failuresDir?: string | null;
  /** Shrink, check determinism and write the trace on failure. Default true; false stops at the first failing seed (to measure). */
  shrink?: boolean;
  /** Most replays shrinking may use. Default 2000. */
  shrinkBudget?: number;
}

/** What a passing exploration did. */
export interface ExploreReport {
  /** Schedules run, all passing. */
  schedules: number;
  strategy: Strategy;
  depth: number;
  /** Steps of the FIFO run (decisions with two or more candidates): PCT's k. */
  steps: number;
}

/**
 * Runs `program` on a `VirtualClock` under `options.schedules` schedules and
 * resolves when every one passes; rejects with an {@link ExploreError} for the
 * first that fails (see the module comment for what that includes).
 *
 * @example
 * ```ts
 * test('two withdrawals never overdraw', () =>
 *   explore(function* () {
 *     const account = { balance: 100 };
 *     yield* gather(withdraw(account, 80), withdraw(account, 80));
 *     if (account.balance < 0) throw new Error(`overdrawn: ${account.balance}`);
 *   }, { schedules: 2000 }));
 * ```
 */
export async function explore(program: (context: ExploreContext) => Operation<unknown>, options: ExploreOptions = {}): Promise<ExploreReport> {
  if (typeof program !== 'function') throw new TypeError(`explore(program): program must be a generator function, got ${typeof program}`);
  const settings = readOptions(options);
  const only = options.seed ?? seedFromEnvironment();
  if (only !== undefined && !Number.isInteger(only)) throw new RangeError(`explore(program, options): options.seed must be an integer, got ${only}`);
  const { simulate } = options;
  const probe = await runSchedule(program, fifo, { programSeed: 0, simulate, watch: true });
  const strategy: StrategySettings = { ...settings, steps: probe.steps };
  const chooserFor = (seed: number): Chooser => (seed === 0 ? fifo : strategyChooser(seed, strategy));
  const report = { strategy: settings.strategy, depth: settings.depth, steps: probe.steps };
  if (only !== undefined) {
    const result = only === 0 ? probe : await runSchedule(program, chooserFor(only), { programSeed: only, simulate, watch: true });
    if (result.failure !== null) await fail(program, options, settings, chooserFor, only, result, 1);
    return { schedules: 1, ...report };
  }
  if (probe.failure !== null) await fail(program, options, settings, chooserFor, 0, probe, 1);
  for (let i = 1; i < settings.schedules; i++) {
    const seed = scheduleSeed(settings.explorerSeed, i);
    const result = await runSchedule(program, chooserFor(seed), { programSeed: seed, simulate, watch: false });
    if (result.failure !== null) await fail(program, options, settings, chooserFor, seed, result, i + 1);
  }
  return { schedules: settings.schedules, ...report };
}

interface Settings {
  schedules: number;
  strategy: Strategy;
  depth: number;
  explorerSeed: number;
  jitter: number;
  faultRate: number;
  shrink: boolean;
  shrinkBudget: number;
}

function readOptions(options: ExploreOptions): Settings {
  if (typeof options !== 'object' || options === null) throw new TypeError('explore(program, options): options must be an object');
  const where = 'explore(program, options): options';
  const integer = (key: 'schedules' | 'depth' | 'explorerSeed' | 'shrinkBudget', fallback: number, min: number): number => {
    const value = options[key] ?? fallback;
    if (!Number.isInteger(value) || value < min) throw new RangeError(`${where}.${key} must be an integer >= ${min}, got ${String(value)}`);
    return value;
  };
  const strategy = options.strategy ?? 'pct';
  if (strategy !== 'pct' && strategy !== 'random') throw new RangeError(`${where}.strategy must be "pct" or "random", got ${String(strategy)}`);
  const jitter = options.jitter ?? 0;
  if (!Number.isInteger(jitter) || jitter < 0) throw new RangeError(`${where}.jitter must be an integer number of ms >= 0, got ${String(jitter)}`);
  const faultRate = options.faults?.rate ?? 0;
  if (typeof faultRate !== 'number' || !(faultRate >= 0 && faultRate <= 1)) throw new RangeError(`${where}.faults.rate must be a probability from 0 to 1, got ${String(faultRate)}`);
  if (options.simulate !== undefined && typeof options.simulate !== 'function') throw new TypeError(`${where}.simulate must be a function (name, args) => value or operation`);
  return {
    schedules: integer('schedules', 1000, 1),
    strategy,
    depth: integer('depth', 3, 1),
    explorerSeed: integer('explorerSeed', 0, 0),
    jitter,
    faultRate,
    shrink: options.shrink ?? true,
    shrinkBudget: integer('shrinkBudget', 2000, 0),
  };
}

/**
 * The seed of schedule `i` (>= 1) of an exploration: a positive 31-bit integer (murmur3's finalizer over both numbers).
 *
 * @example
 * ```ts
 * scheduleSeed(0, 1); // 329507704: the first schedule after FIFO with the default explorerSeed
 * ```
 */
export function scheduleSeed(explorerSeed: number, i: number): number {
  let h = Math.imul(explorerSeed ^ 0x2545f491, 0x9e3779b1) ^ i;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 1 || 1;
}

async function fail(
  program: (context: ExploreContext) => Operation<unknown>,
  options: ExploreOptions,
  settings: Settings,
  chooserFor: (seed: number) => Chooser,
  seed: number,
  result: RunResult,
  schedules: number,
): Promise<never> {
  const failure = result.failure!;
  // A real promise is not a schedule's fault: say so at once.
  if (failure.kind === 'foreign') throw failure.error;
  const base = { seed, schedules, strategy: settings.strategy, depth: settings.depth, kind: failure.kind, error: failure.error, originalDeviations: result.deviations.length };
  if (!settings.shrink) throw new ExploreError({ ...base, deviations: [], schedule: 'not shrunk (shrink: false)', tracePath: null });
  const { simulate } = options;
  const traced = async (): Promise<{ lines: string[]; failure: Failure | null }> => {
    const lines: string[] = [];
    const run = await runSchedule(program, chooserFor(seed), { programSeed: seed, simulate, watch: true, trace: (line) => lines.push(line) });
    return { lines, failure: run.failure };
  };
  const first = await traced();
  // Runs other than FIFO do not watch for real promises (see RunSettings.watch); the traced replay does.
  if (first.failure?.kind === 'foreign') throw first.failure.error;
  const second = await traced();
  checkSame(seed, first.lines, second.lines);
  if (first.failure?.kind !== failure.kind) {
    throw new NondeterminismError(seed, first.lines.length, `failed (${failure.kind})`, first.failure === null ? 'passed' : `failed (${first.failure.kind})`);
  }
  const sameFailure = async (subset: readonly Deviation[]): Promise<boolean> =>
    (await runSchedule(program, scriptedChooser(subset), { programSeed: seed, simulate, watch: false })).failure?.kind === failure.kind;
  let shrunk = await ddmin(result.deviations, sameFailure, settings.shrinkBudget);
  // Removing a deviation can move the steps after it, so ddmin may keep two where one elsewhere would do:
  // try every single deviation from the FIFO run (one per step and candidate) while the budget allows.
  if (shrunk.length >= 2) shrunk = (await singleDeviation(program, seed, simulate, sameFailure, settings.shrinkBudget)) ?? shrunk;
  const deviations = await describeSchedule(program, shrunk, seed, simulate);
  const dir = options.failuresDir === undefined ? '.loop/failures' : options.failuresDir;
  const name = options.name ?? currentTestName() ?? 'explore';
  const tracePath = dir === null ? null : writeArtifact(dir, `${fileSafe(name)}-${seed}.jsonl`, `${first.lines.join('\n')}\n`);
  // No order needed: only the program's own draws differ from schedule 0's.
  const schedule = deviations.length === 0 && seed !== 0 ? `plain FIFO (no deviation): what fails is this seed's context.random() draws` : formatSchedule(deviations);
  throw new ExploreError({ ...base, deviations, schedule, tracePath });
}

/** The first one-deviation schedule (in step order) that fails as `sameFailure` asks, if any within `budget` replays. */
async function singleDeviation(
  program: (context: ExploreContext) => Operation<unknown>,
  seed: number,
  simulate: Simulate | undefined,
  sameFailure: (subset: readonly Deviation[]) => Promise<boolean>,
  budget: number,
): Promise<Deviation[] | null> {
  const choices: Deviation[] = [];
  const listing: Chooser = {
    ...fifo,
    pick(step, candidates) {
      for (let index = 1; index < candidates.length; index++) {
        const entry = candidates[index];
        choices.push({ kind: 'pick', step, index, taskId: entry instanceof Task ? entry.id : null });
      }
      return 0;
    },
  };
  await runSchedule(program, listing, { programSeed: seed, simulate, watch: false });
  if (choices.length > budget) return null;
  for (const choice of choices) if (await sameFailure([choice])) return [choice];
  return null;
}

/** Two traces of one seed must be the same bytes; otherwise the first line that differs is the report. */
function checkSame(seed: number, first: readonly string[], second: readonly string[]): void {
  const length = Math.max(first.length, second.length);
  for (let i = 0; i < length; i++) {
    if (first[i] !== second[i]) throw new NondeterminismError(seed, i + 1, first[i] ?? '(end of trace)', second[i] ?? '(end of trace)');
  }
}

/** Replays FIFO plus `deviations` once, naming each deviation that took effect. */
async function describeSchedule(
  program: (context: ExploreContext) => Operation<unknown>,
  deviations: readonly Deviation[],
  seed: number,
  simulate: Simulate | undefined,
): Promise<DescribedDeviation[]> {
  const script = scriptedChooser(deviations);
  const described: DescribedDeviation[] = [];
  const naming: Chooser = {
    pick(step, candidates) {
      const index = script.pick(step, candidates);
      if (index !== 0) described.push({ kind: 'pick', step, ran: candidateName(candidates[index]), before: candidateName(candidates[0]) });
      return index;
    },
    jitter(timer, delay) {
      const ms = script.jitter(timer, delay);
      if (ms !== 0) described.push({ kind: 'jitter', timer, delay, ms });
      return ms;
    },
    fault(call, name) {
      const faulted = script.fault(call, name);
      if (faulted) described.push({ kind: 'fault', call, name });
      return faulted;
    },
  };
  await runSchedule(program, naming, { programSeed: seed, simulate, watch: false });
  return described;
}

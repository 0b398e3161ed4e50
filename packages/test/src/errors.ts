/**
 * The errors `explore` throws, each naming what to do next.
 *
 * @module
 */
import type { FailureKind } from './run-schedule.js';
import type { DescribedDeviation } from './schedule.js';
import type { Strategy } from './strategy.js';

/**
 * An invariant registered with `context.invariant` returned false or threw (`cause`).
 *
 * @example
 * ```ts
 * await explore(function* (context) {
 *   context.invariant(() => account.balance >= 0, 'balance >= 0'); // fails as an InvariantError
 *   yield* gather(withdraw(account, 80), withdraw(account, 80));
 * });
 * ```
 */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

/**
 * Foreign work an explored run cannot replay: a real promise (`call(promise)`), or `context.call` without `simulate`.
 *
 * @example
 * ```ts
 * // Instead of yield* call(fetch(url)):
 * await explore(function* (context) {
 *   const user = yield* context.call('getUser', 42);
 * }, { simulate: (name, args) => ({ id: args[0] }) });
 * ```
 */
export class ForeignCallError extends Error {
  override readonly name = 'ForeignCallError';
}

/**
 * Thrown by `context.call` when the schedule injects a fault (option `faults: { rate }`).
 *
 * @example
 * ```ts
 * try {
 *   yield* context.call('charge', order);
 * } catch (error) {
 *   if (error instanceof SimulatedFault) yield* refund(order); // the error path, explored too
 * }
 * ```
 */
export class SimulatedFault extends Error {
  override readonly name = 'SimulatedFault';

  constructor(
    /** The call's name. */
    readonly call: string,
    /** Which simulated call of the run it was (1-based). */
    readonly index: number,
  ) {
    super(`simulated fault in call ${index} ("${call}")`);
  }
}

/** What {@link ExploreError} reports. */
export interface ExploreFailure {
  /** The failing schedule's seed: `LOOP_EXPLORE_SEED=<seed>` or `{ seed }` replays it. 0 is the plain FIFO run. */
  seed: number;
  /** Schedules run, the failing one included. */
  schedules: number;
  strategy: Strategy;
  depth: number;
  kind: FailureKind;
  /** The program's error, the unretrieved task error, the `DeadlockError` or the `InvariantError`. */
  error: unknown;
  /** The shrunk schedule: the fewest deviations from FIFO found that still fail the same way. */
  deviations: DescribedDeviation[];
  /** Deviations of the seed's own run, before shrinking. */
  originalDeviations: number;
  /** The shrunk schedule in words (`FIFO except: at step 14, ran \`withdraw#2\` before \`withdraw#1\``). */
  schedule: string;
  /** Where the seed's trace was written (null when no file system, or `failuresDir: null`). */
  tracePath: string | null;
}

/**
 * A schedule failed. The message says which, how to replay it, the shrunk
 * schedule and where the trace is; the fields carry the same.
 *
 * @example
 * ```ts
 * try {
 *   await explore(program);
 * } catch (error) {
 *   if (error instanceof ExploreError) console.log(error.seed, error.schedule);
 * }
 * ```
 */
export class ExploreError extends Error implements ExploreFailure {
  override readonly name = 'ExploreError';
  readonly seed: number;
  readonly schedules: number;
  readonly strategy: Strategy;
  readonly depth: number;
  readonly kind: FailureKind;
  readonly error: unknown;
  readonly deviations: DescribedDeviation[];
  readonly originalDeviations: number;
  readonly schedule: string;
  readonly tracePath: string | null;

  constructor(failure: ExploreFailure) {
    const strategy = failure.strategy === 'pct' ? `pct, depth ${failure.depth}` : 'random';
    const count = failure.deviations.length;
    super(
      [
        `explore: schedule ${failure.seed} failed (${strategy}; after ${failure.schedules} schedule${failure.schedules === 1 ? '' : 's'}): ${describeError(failure.error)}`,
        `  shrunk to ${count} deviation${count === 1 ? '' : 's'} from FIFO (the seed's run had ${failure.originalDeviations}): ${failure.schedule}`,
        ...(failure.tracePath === null ? [] : [`  trace: ${failure.tracePath}`]),
        `  replay: LOOP_EXPLORE_SEED=${failure.seed}, or explore(program, { seed: ${failure.seed} })`,
      ].join('\n'),
      { cause: failure.error },
    );
    this.seed = failure.seed;
    this.schedules = failure.schedules;
    this.strategy = failure.strategy;
    this.depth = failure.depth;
    this.kind = failure.kind;
    this.error = failure.error;
    this.deviations = failure.deviations;
    this.originalDeviations = failure.originalDeviations;
    this.schedule = failure.schedule;
    this.tracePath = failure.tracePath;
  }
}

/**
 * The same schedule ran twice and did not do the same thing: the program
 * reads something the schedule does not decide (`Math.random`, `Date.now`,
 * real IO, state left over from an earlier run).
 *
 * @example
 * ```ts
 * let runs = 0; // kept between runs: the second replay differs
 * await explore(function* () {
 *   yield* sleep(runs++ % 2);
 *   throw new Error('fails');
 * }); // rejects with a NondeterminismError naming the first differing trace line
 * ```
 */
export class NondeterminismError extends Error {
  override readonly name = 'NondeterminismError';

  constructor(
    readonly seed: number,
    /** 1-based line of the trace where the runs first differ. */
    readonly line: number,
    readonly first: string,
    readonly second: string,
  ) {
    super(
      [
        `explore: schedule ${seed} is not deterministic: two runs of it wrote different traces, first at line ${line}`,
        `  first run:  ${first}`,
        `  second run: ${second}`,
        '  The program reads something the schedule does not decide: use context.random() for Math.random, context.time() for Date.now, ' +
          'context.call with simulate for real IO, and keep no state between runs.',
      ].join('\n'),
    );
  }
}

/** `Name: message` for an error, the value as text otherwise. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

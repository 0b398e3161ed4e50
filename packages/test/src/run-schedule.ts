/**
 * One run of a program under one schedule, on a fresh `VirtualClock`.
 *
 * Owns failure detection: the program throwing (or `run` rejecting with a
 * `DeadlockError`), anything reaching the loop's exception handler (a task
 * error nobody retrieved, a failing callback), an invariant that fails after
 * any step, and a real foreign promise (`call(promise)`), which would make
 * the run depend on the host's timing. The first failure is the run's.
 *
 * Cost per run: the loop calls `pick` only at steps with two or more
 * candidates, and a FIFO decision records nothing. The event listener that
 * watches for `call` suspensions and checks invariants is the main cost
 * beyond the program itself (one event object per loop event), so it is
 * attached only when asked (`watch`) or when an invariant is registered.
 *
 * @module
 */
import { InvalidStateError, Task, VirtualClock, isOperation, recordTrace, run, seededRandom, type Loop, type LoopEvent, type Operation, type Scheduler } from '@loop/runtime';
import { ForeignCallError, InvariantError, SimulatedFault } from './errors.js';
import type { Chooser, Deviation } from './schedule.js';

/**
 * What an explored program receives: seeded randomness, the loop's time, invariants and simulated foreign calls.
 *
 * @example
 * ```ts
 * await explore(function* (context: ExploreContext) {
 *   const delay = Math.floor(context.random() * 10); // not Math.random
 *   yield* sleep(delay);
 *   console.log(context.time()); // not Date.now: the loop's virtual time, = delay
 * });
 * ```
 */
export interface ExploreContext {
  /** The schedule's seed (0 is the plain FIFO run). */
  readonly seed: number;
  /** A reproducible number in [0, 1), seeded by the schedule: use it instead of `Math.random`. */
  random(): number;
  /** The loop's time in ms (virtual): use it instead of `Date.now`/`performance.now`. */
  time(): number;
  /**
   * Registers a check run after every step (every run slice of a task) and at
   * the end of the run: returning `false` or throwing fails the schedule.
   */
  invariant(check: () => boolean | void, name?: string): void;
  /**
   * A foreign call, answered by the `simulate` option instead of real IO:
   * `simulate(name, args)` returns a value or an operation (to take
   * simulated time, say). With `faults: { rate }` the call may instead throw a
   * `SimulatedFault`, a decision of the schedule like any other.
   */
  call<T = unknown>(name: string, ...args: unknown[]): Operation<T>;
}

/** Answers `context.call(name, ...args)`: a value or an operation giving it (never a promise). */
export type Simulate = (name: string, args: readonly unknown[]) => unknown;

/** The kind of failure a schedule ended in. */
export type FailureKind = 'error' | 'deadlock' | 'unhandled' | 'invariant' | 'foreign';

/** @internal A schedule's first failure. */
export interface Failure {
  kind: FailureKind;
  error: unknown;
  /** The step it was seen at (0: before the first step). */
  step: number;
}

/** @internal */
export interface RunResult {
  failure: Failure | null;
  /** Steps (decisions with two or more candidates) the run made. */
  steps: number;
  /** Where this run left FIFO, in order (built from the trail only when read: most runs pass and never need it). */
  readonly deviations: Deviation[];
}

/** @internal How to run: the program's seed (for `random()`), the simulation, an optional trace writer. */
export interface RunSettings {
  programSeed: number;
  simulate: Simulate | undefined;
  trace?: (line: string) => void;
  /**
   * Watch every event for `call` suspensions (a real foreign promise). The
   * listener makes the loop create an object per event, about doubling the
   * cost of a small run, so explore watches the FIFO run and the replays of a
   * failing seed, and other runs only while an invariant needs the events.
   */
  watch: boolean;
}

const PICK = 0;
const JITTER = 1;
const FAULT = 2;

/** The deviations a trail of (kind, a, b, c) records. */
function readTrail(trail: readonly number[]): Deviation[] {
  const deviations: Deviation[] = [];
  for (let i = 0; i < trail.length; i += 4) {
    const [kind, a, b, c] = [trail[i]!, trail[i + 1]!, trail[i + 2]!, trail[i + 3]!];
    if (kind === PICK) deviations.push({ kind: 'pick', step: a, index: b, taskId: c === -1 ? null : c });
    else if (kind === JITTER) deviations.push({ kind: 'jitter', timer: a, ms: b });
    else deviations.push({ kind: 'fault', call: a });
  }
  return deviations;
}

const EPOCH = '1970-01-01T00:00:00.000Z';

/**
 * @internal A trace line with its real-time fields fixed (the header's
 * `createdAt`, a step's `start` and `duration`), so that the same schedule
 * writes the same bytes.
 */
export function stableLine(line: string): string {
  if (line.startsWith('{"type":"task.step"')) return line.replace(/"start":[^,]*,"duration":[^,}]*/, '"start":0,"duration":0');
  if (line.startsWith('{"type":"trace.header"')) return line.replace(/"createdAt":"[^"]*"/, `"createdAt":"${EPOCH}"`);
  return line;
}

/** @internal Runs `program` once under `chooser`. */
export async function runSchedule(program: (context: ExploreContext) => Operation<unknown>, chooser: Chooser, settings: RunSettings): Promise<RunResult> {
  let step = 0;
  let timers = 0;
  let calls = 0;
  // Deviations as they happen, four small integers each (kind, then its numbers), so that a run that
  // deviates at most steps (random picks almost always do) allocates no object per decision.
  const trail: number[] = [];
  let failure: Failure | null = null;
  const fail = (kind: FailureKind, error: unknown): void => {
    if (failure === null) failure = { kind, error, step };
  };
  const scheduler: Scheduler = {
    pick(candidates) {
      step++;
      const index = chooser.pick(step, candidates);
      if (index !== 0) {
        const entry = candidates[index];
        trail.push(PICK, step, index, entry instanceof Task ? entry.id : -1);
      }
      return index;
    },
    jitter(delay) {
      timers++;
      const ms = chooser.jitter(timers, delay);
      if (ms !== 0) trail.push(JITTER, timers, ms, 0);
      return ms;
    },
  };
  const invariants: { check: () => boolean | void; name: string }[] = [];
  /** `where` says when the check ran: after a slice of a task, or at the end of the run. */
  const checkInvariants = (where: string): void => {
    if (failure !== null) return;
    for (const { check, name } of invariants) {
      let held: boolean | void;
      try {
        held = check();
      } catch (error) {
        fail('invariant', new InvariantError(`invariant ${name} threw ${where}: ${String(error)}`, { cause: error }));
        return;
      }
      if (held === false) {
        fail('invariant', new InvariantError(`invariant ${name} failed ${where}`));
        return;
      }
    }
  };
  const listener = (event: LoopEvent): void => {
    if (event.type === 'task.step') {
      if (invariants.length > 0) checkInvariants(`after a slice of task ${event.taskId} (step ${step}, loop time ${event.time} ms)`);
    } else if (event.type === 'task.suspend' && event.on === 'call') {
      fail(
        'foreign',
        new ForeignCallError(
          `task ${event.taskId} awaited a real promise with call() at step ${step}: a real promise settles on the host's time, not the schedule's, ` +
            'so the run cannot be explored or replayed. Route foreign work through context.call(name, ...args) and answer it with the simulate option.',
        ),
      );
    }
  };
  let listening = false;
  const listen = (target: Loop): void => {
    if (listening) return;
    listening = true;
    target.subscribe(listener);
  };
  const random = seededRandom(settings.programSeed);
  let loop: Loop | null = null;
  const simulate = settings.simulate;
  const context: ExploreContext = {
    seed: settings.programSeed,
    random,
    time() {
      if (loop === null) throw new InvalidStateError('context.time() reads the loop: call it inside the program body, once it runs');
      return loop.time();
    },
    invariant(check, name) {
      if (typeof check !== 'function') throw new TypeError(`context.invariant(check): check must be a function, got ${typeof check}`);
      invariants.push({ check, name: name === undefined ? `#${invariants.length + 1}` : `"${name}"` });
      if (loop !== null) listen(loop);
    },
    *call<T>(name: string, ...args: unknown[]): Operation<T> {
      const n = ++calls;
      if (chooser.fault(n, name)) {
        trail.push(FAULT, n, 0, 0);
        throw new SimulatedFault(name, n);
      }
      if (simulate === undefined) {
        const error = new ForeignCallError(`context.call("${name}") needs the simulate option: explore answers foreign calls from a simulation so that every run can be replayed`);
        fail('foreign', error);
        throw error;
      }
      const answer = simulate(name, args);
      if (isOperation(answer)) return (yield* answer) as T;
      if (answer instanceof Promise) throw new ForeignCallError(`simulate("${name}") returned a promise: return a value or an operation (a real promise makes the run non-deterministic)`);
      return answer as T;
    },
  };
  const trace = settings.trace;
  try {
    await run(() => program(context), {
      clock: new VirtualClock(),
      scheduler,
      exceptionHandler: (_loop, { message, exception }) => fail('unhandled', exception ?? new Error(message)),
      onLoop(created) {
        loop = created;
        if (trace !== undefined) recordTrace(created, (line) => trace(stableLine(line)));
        if (settings.watch || invariants.length > 0) listen(created);
      },
    });
  } catch (error) {
    fail(error instanceof Error && error.name === 'DeadlockError' ? 'deadlock' : 'error', error);
  }
  if (invariants.length > 0) checkInvariants('at the end of the run');
  return {
    failure,
    steps: step,
    get deviations() {
      return readTrail(trail);
    },
  };
}

/** Helpers shared by the tests of src/sync. */
import { VirtualClock, getLoop, sleep, spawn, type LoopEvent, type Operation, type Task } from '../../src/index.js';

/** The loop time, in ms. */
export function* now(): Operation<number> {
  return (yield* getLoop()).time();
}

/** Run options for a virtual clock starting at 0. */
export const virtual = (): { clock: VirtualClock } => ({ clock: new VirtualClock() });

/** Runs `op` and returns its value as text ('done' for none), or the error it threw as `Name: message`. */
export function* outcome(op: Operation<string | number | boolean | void>): Operation<string> {
  try {
    const value = yield* op;
    return value === undefined ? 'done' : String(value);
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

/** Runs `op` and logs `name: outcome at time`. */
export function* logOutcome(name: string, op: Operation<string | number | boolean | void>, log: string[]): Operation<void> {
  const result = yield* outcome(op);
  log.push(`${name}: ${result} at ${yield* now()}`);
}

/** The `task.suspend` events among `events`: empty when nothing waited. */
export function suspensions(events: readonly LoopEvent[]): LoopEvent[] {
  return events.filter((event) => event.type === 'task.suspend');
}

/** Spawns one task per operation, in order (they start on the next pass), and returns them. */
export function* spawnAll(ops: Iterable<Operation<unknown>>): Operation<Task<unknown>[]> {
  const tasks: Task<unknown>[] = [];
  for (const op of ops) tasks.push(yield* spawn(op));
  return tasks;
}

/** Holds what `take` acquires for `ms`, logging `name in at time`; `using` releases it on the way out. */
export function* holder(name: string, take: Operation<Disposable>, ms: number, log: string[]): Operation<void> {
  using _held = yield* take;
  log.push(`${name} in at ${yield* now()}`);
  yield* sleep(ms);
}

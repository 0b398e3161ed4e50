/**
 * `spawn(op)`: start a child task of the current task.
 *
 * The child belongs to the task that spawned it: it is cancelled if it is
 * still running when that task finishes (or is cancelled), and the parent is
 * not done until the child is. Spawning does not suspend the parent; the
 * child first runs on the next pass. A child's error that nobody retrieves
 * (by awaiting the task, `result()`, `exception()` or a done callback) is
 * reported to the loop's exception handler when its parent finishes.
 *
 * @module
 */
import { assertOperation, describe, type Operation } from '../operation.js';
import { Immediate, currentTaskOrThrow, type SpawnOptions, type Task } from './task.js';

/**
 * Starts `op` as a child task of the current task and returns its
 * {@link Task} without waiting (asyncio's `create_task`).
 *
 * @example
 * ```ts
 * function* main(): Operation<void> {
 *   const task = yield* spawn(randn(), { name: 'randn' });
 *   // ... do other work while randn sleeps ...
 *   console.log(yield* task);
 * }
 * ```
 */
export function spawn<T>(op: Operation<T>, options: SpawnOptions = {}): Operation<Task<T>> {
  assertOperation(op, 'spawn(op)');
  const name = spawnName(options, 'spawn(op, options)');
  return new Immediate(() => currentTaskOrThrow('spawn()')._spawnChild(op, name));
}

/** @internal Validates `options.name`. */
export function spawnName(options: SpawnOptions | undefined, where: string): string | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  const name = options.name;
  if (name !== undefined && typeof name !== 'string') throw new TypeError(`${where}: options.name must be a string, got ${describe(name)}`);
  return name;
}

/**
 * Introspection: what every task on a loop is doing, for people and tools
 * (`loop.tasks()`, `DeadlockError`'s report, the console's WAITING column,
 * `loop-console ps`).
 *
 * Nothing here runs on the scheduler's hot path: a snapshot walks the scope
 * tree once (O(tasks)); a wait is described only when someone asks (a
 * snapshot, a deadlock, or a subscriber that asked for details).
 *
 * Primitives have no names of their own, so a loop labels each one it
 * describes with its class and an ordinal (`Queue#1`, `Lock#2`), the same
 * label every time on that loop (a WeakMap, so labels keep nothing alive).
 *
 * @module
 */
import type { Instruction } from '../operation.js';
import { NurseryScope } from '../task/nursery.js';
import type { ScopeNode } from '../task/scope.js';
import { Task, type TaskState } from '../task/task.js';

/**
 * One task in a {@link Loop.tasks} snapshot.
 *
 * @example
 * ```ts
 * for (const { id, name, state, waitingOn } of loop.tasks()) {
 *   console.log(`${id} ${name} ${state} ${waitingOn ?? ''}`);
 * }
 * ```
 */
export interface TaskSnapshot {
  /** The task's id on its loop. */
  readonly id: number;
  /** The task's name: the one given, its coroutine function's name where known, else `Task-<id>`. */
  readonly name: string;
  /** The id of the task whose code started it (for a group's child: the task that opened the group), or null at the top. */
  readonly parentId: number | null;
  /** Where the task is in its life cycle. */
  readonly state: TaskState;
  /** What it waits on (`sleep until 3.000s`, `queue.get() on Queue#1 (empty)`, …), or null when it is not waiting. */
  readonly waitingOn: string | null;
  /** The task itself (to cancel it, say). */
  readonly task: Task<unknown>;
  /** What the task is stepping: its coroutine's generator object (for tools that ask the engine where it waits), or another operation. */
  readonly coroutine: object | null;
}

/** @internal Names primitives within one loop: `Queue#1`, `Lock#1`, … */
export class Labels {
  private readonly names = new WeakMap<object, string>();
  private readonly counts = new Map<string, number>();

  readonly label = (target: object, kind: string): string => {
    let name = this.names.get(target);
    if (name === undefined) {
      const n = (this.counts.get(kind) ?? 0) + 1;
      this.counts.set(kind, n);
      name = `${kind}#${n}`;
      this.names.set(target, name);
    }
    return name;
  };
}

/** @internal Every task not done under `root`, parents before children (by id). */
export function liveTasks(root: ScopeNode): Task<unknown>[] {
  const tasks: Task<unknown>[] = [];
  const stack: ScopeNode[] = [root];
  let node: ScopeNode | undefined;
  while ((node = stack.pop()) !== undefined) {
    if (node instanceof Task && !node.done()) tasks.push(node);
    for (let child = node._first; child !== null; child = child._next) stack.push(child);
  }
  return tasks.sort((a, b) => a.id - b.id);
}

/** @internal A snapshot of one task. */
export function snapshotOf(task: Task<unknown>, labels: Labels): TaskSnapshot {
  const state = task.state;
  const coroutine = task._iter;
  return { id: task.id, name: task.name, parentId: parentTaskOf(task), state, waitingOn: describeWait(task, labels), task, coroutine: typeof coroutine === 'object' ? coroutine : null };
}

/** The task whose code a task's node hangs under (its parent's root, or a scope that task opened). */
function parentTaskOf(task: Task<unknown>): number | null {
  for (let node = task._parent; node !== null; node = node._parent) {
    const owner = node._owner;
    if (owner !== null && owner !== task) return owner.id;
  }
  return null;
}

/** @internal What a task waits on, or null when it is not waiting. */
export function describeWait(task: Task<unknown>, labels: Labels): string | null {
  if (task.state === 'finishing') return 'the tasks it spawned, to finish';
  const waiting = task._waiting;
  return waiting === null ? null : describeSuspension(task, waiting, labels);
}

/** @internal What `task` waits on when it suspends on `instruction` (a nursery's join is described by the nursery). */
export function describeSuspension(task: Task<unknown>, instruction: Instruction, labels: Labels): string {
  const nursery = instruction._uncancellable ? joinedNursery(task) : null;
  if (nursery !== null) return `the ${nursery._live} child task(s) of its ${nursery.constructor.name === 'TaskGroup' ? 'taskGroup' : 'gather'}`;
  return instruction._describe(labels.label);
}

/** The nursery (group, gather, race) whose children `task` is waiting for, found among its own scopes. */
function joinedNursery(task: Task<unknown>): NurseryScope | null {
  const stack: ScopeNode[] = [task];
  let node: ScopeNode | undefined;
  while ((node = stack.pop()) !== undefined) {
    if (node instanceof NurseryScope && node._waiter === task) return node;
    for (let child = node._first; child !== null; child = child._next) {
      if (!(child instanceof Task)) stack.push(child);
    }
  }
  return null;
}

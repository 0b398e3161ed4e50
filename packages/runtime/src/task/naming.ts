/**
 * Default task names: the coroutine function's name (`randn`) wherever it
 * can be had, else `Task-<id>`.
 *
 * A generator object does not say which function made it (its prototype has
 * no `constructor`), so a platform-neutral runtime cannot read `randn` off
 * `randn()` by itself. Two ways in:
 * - `coroutine(function* randn() { … })` wraps the function, and the
 *   wrapper carries its name (free, everywhere);
 * - a host may install a namer ({@link setCoroutineNamer}): in Node,
 *   `@loop/node`'s `nameCoroutines()` reads the name through the inspector,
 *   once per coroutine function (cached by the generator's prototype), so
 *   a program pays it only when something reads names (a trace, the
 *   console) and not per task.
 *
 * The name is computed when first read and kept; an unobserved program
 * never reads it, so spawning stays as cheap as before.
 *
 * @module
 */
import { describe, isGenerator } from '../operation.js';

/** Reads a coroutine function's name off one of its generator objects, or `undefined`. */
export type CoroutineNamer = (generator: Generator<unknown, unknown, unknown>) => string | undefined;

let namer: CoroutineNamer | null = null;

/**
 * Installs (or, with `null`, removes) the function that names tasks whose
 * operation is a plain generator object and that were given no name. It
 * is called at most once per task, when its name is first read; a namer
 * that throws or returns nothing leaves the task `Task-<id>`.
 *
 * @example
 * ```ts
 * import { nameCoroutines } from '@loop/node';
 * nameCoroutines(); // in Node: tasks are named after their coroutine functions
 *
 * // Or any other source of names, e.g. a registry of your own:
 * setCoroutineNamer((generator) => names.get(Object.getPrototypeOf(generator)));
 * ```
 */
export function setCoroutineNamer(fn: CoroutineNamer | null): void {
  if (fn !== null && typeof fn !== 'function') throw new TypeError(`setCoroutineNamer(namer): namer must be a function or null, got ${describe(fn)}`);
  namer = fn;
}

/** @internal The name of a task running `op` that was given none, or undefined (then `Task-<id>`). */
export function nameOf(op: unknown): string | undefined {
  if (typeof op !== 'object' || op === null) return undefined;
  // A coroutine(fn) wrapper (interop/coroutine.ts) carries its function's name.
  const wrapped = op as { _op?: unknown; name?: unknown };
  if (wrapped._op !== undefined && typeof wrapped.name === 'string' && wrapped.name !== '') return wrapped.name;
  if (namer === null || !isGenerator(op)) return undefined;
  try {
    const name = namer(op);
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** @internal The name of a task that has none of its own and whose coroutine's name is not known. */
export function defaultTaskName(id: number): string {
  return `Task-${id}`;
}

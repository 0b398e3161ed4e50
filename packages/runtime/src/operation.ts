/**
 * Operations and instructions: the contract between coroutines and the loop.
 *
 * A coroutine is a generator function. Its generator object is an
 * *operation*: something `yield*` can drive. Runtime operations (`sleep`,
 * `spawn`, a `Task`, …) are small iterators of their own. Whatever an
 * operation finally `yield`s to the task stepping it must be an
 * {@link Instruction}: an object saying "suspend me until …". The task hands
 * the instruction itself to the loop machinery (`_suspend`) and the
 * instruction later resumes the task with a value or an error.
 *
 * Invariants:
 * - An instruction resumes the task it suspended at most once.
 * - `_cancel` is called when the task is woken by cancellation instead; it
 *   must undo the registration so the wakeup (a timer, a queue slot) is not
 *   consumed.
 * - Operations that can complete without waiting return without yielding
 *   (a fast path is a function call, not a trip through the loop).
 *
 * @module
 */
import type { Task } from './task/task.js';

/**
 * What a coroutine yields to the loop when it has to wait. Only the runtime
 * creates instructions; user code reaches them through `yield*` of an
 * operation, never by `yield`ing one directly. The type appears in
 * signatures: a coroutine is a `Generator<Instruction, T>`.
 *
 * @example
 * ```ts
 * function* twice(op: Operation<number>): Generator<Instruction, number> {
 *   return (yield* op) * 2;
 * }
 * ```
 */
export abstract class Instruction {
  /** What the task waits on, for traces and the console: `sleep`, `join`, `call`, … */
  abstract readonly kind: string;
  /** @internal Register the suspended task; resume it later with `task._resume` / `task._resumeThrow`. */
  abstract _suspend(task: Task<unknown>): void;
  /** @internal The task was woken by cancellation instead: undo the registration. */
  _cancel(_task: Task<unknown>): void {}
  /**
   * @internal What the task waits on, in words, for `loop.tasks()`,
   * `task.suspend` details and a `DeadlockError`'s report:
   * `label(target, kind)` names a primitive on its loop (`Queue#1`).
   */
  _describe(_label: (target: object, kind: string) => string): string {
    return this.kind;
  }
  /** @internal Waits that cancellation must not interrupt (a scope waiting for its children). */
  get _uncancellable(): boolean {
    return false;
  }
}

/**
 * `await op` from async code, where `op` is a runtime operation: it rejects
 * with a TypeError that says what to do instead, rather than resolving at
 * once with the operation itself (an operation is a description of work
 * that only a loop runs; `await` knows nothing of loops). Installed as
 * `then` on the prototype of every operation the runtime hands out, so it
 * costs nothing on `yield*`, which never reads `then`. A `Task` keeps its
 * own `then` (awaiting a task really waits for it), and `call()` checks for
 * operations before it checks for thenables.
 */
function awaitedOperation(this: unknown, _onfulfilled?: unknown, onrejected?: ((reason: unknown) => unknown) | null): Promise<never> {
  const error = new TypeError(
    `await of a loop operation (${describe(this)}) does not run it: inside a coroutine use yield* op; from async code use await run(op) (or await run(function* () { ... }))`,
  );
  return Promise.reject(error).then(undefined, onrejected) as Promise<never>;
}

/**
 * @internal Makes `await` of the objects made by each constructor or
 * generator function (its `prototype`) reject with the TypeError of
 * {@link awaitedOperation}.
 */
export function rejectAwait(...makers: { readonly prototype: object }[]): void {
  for (const maker of makers) {
    Object.defineProperty(maker.prototype, 'then', { value: awaitedOperation, writable: true, configurable: true, enumerable: false });
  }
}

/**
 * Anything `yield*` can drive inside a coroutine, finishing with a `T`:
 * a generator object from a coroutine function, or a runtime operation
 * (`sleep(ms)`, `spawn(op)`, `gather(...)`, a `Task`).
 *
 * An operation the runtime returns is a value: each `yield*` runs it anew
 * (`const poll = timeout(100, queue.get())` can be run in a loop). A
 * generator object runs once: a task, `gather`, `timeout` or `shield` handed
 * one that already ran throws `InvalidStateError` (a plain second `yield*`
 * of a finished generator is JavaScript's, and returns `undefined`).
 *
 * @example
 * ```ts
 * function* randn(): Operation<number> {
 *   yield* sleep(3000);
 *   return 1 + Math.floor(Math.random() * 10);
 * }
 * ```
 */
export interface Operation<T> {
  [Symbol.iterator](): Iterator<Instruction, T, unknown>;
}

// Every waiting operation is an instruction: `await sleep(10)`, `await queue.get()`, `await lock.acquire()`, …
rejectAwait(Instruction);

/**
 * @internal An operation that each `yield*` runs anew, making the generator
 * for that run. The runtime returns one where its work is a generator
 * (`gather`, `race`, `shield`, `taskGroup`, `timeout`, `forEach`, …): a
 * generator object runs once, and a second `yield*` of a finished one
 * returns `undefined` without running anything, so a retry helper running
 * the same `gather(...)` value twice got `undefined` back. Like `sleep(ms)`
 * and the waiting operations, these values run again each time. Made with
 * {@link rerun}, or subclassed where a call site is hot enough to keep its
 * arguments in fields rather than a closure (the deadlines).
 */
export abstract class Rerun<T> implements Operation<T> {
  abstract [Symbol.iterator](): Iterator<Instruction, T, unknown>;
}
rejectAwait(Rerun);

class RerunWith<T> extends Rerun<T> {
  constructor(private readonly start: () => Iterator<Instruction, T, unknown>) {
    super();
  }

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    return this.start();
  }
}

/** @internal The {@link Rerun} whose every run is `start()`. */
export function rerun<T>(start: () => Iterator<Instruction, T, unknown>): Operation<T> {
  return new RerunWith(start);
}

/** The value an operation finishes with. */
export type OperationResult<O> = O extends Operation<infer T> ? T : never;

/**
 * True when `value` can be driven by `yield*`: an iterable object that is not
 * a plain collection (arrays, maps, sets and strings are iterable but are
 * not operations).
 *
 * @example
 * ```ts
 * isOperation(sleep(10));   // true
 * isOperation(randn());     // true (a generator object)
 * isOperation(randn);       // false: call it first
 * ```
 */
export function isOperation(value: unknown): value is Operation<unknown> {
  // Generators first, by prototype: looking up [Symbol.iterator] on objects of
  // many different coroutine closures is megamorphic (~1 µs per call).
  if (isGenerator(value)) return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function' &&
    !Array.isArray(value) &&
    !(value instanceof Map) &&
    !(value instanceof Set) &&
    !(value instanceof String) &&
    !ArrayBuffer.isView(value)
  );
}

/**
 * @internal %GeneratorPrototype%: the intrinsic next/throw every generator
 * object shares. Calling them directly (task.ts) avoids a megamorphic lookup
 * per step when tasks come from many coroutine closures, each of which has
 * its own generator prototype.
 */
export const GENERATOR_PROTOTYPE = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})())) as Generator;

/** @internal %GeneratorPrototype%.next, for the code that steps generators (tasks, pooled gathers): always `.call(generator, …)`. */
// eslint-disable-next-line @typescript-eslint/unbound-method -- always invoked with .call(generator, …)
export const generatorNext = GENERATOR_PROTOTYPE.next;
/** @internal %GeneratorPrototype%.throw, likewise. */
// eslint-disable-next-line @typescript-eslint/unbound-method -- always invoked with .call(generator, …)
export const generatorThrow = GENERATOR_PROTOTYPE.throw;

/**
 * A constructor whose `prototype` is %GeneratorPrototype%, so that
 * `instanceof` walks a value's prototype chain looking for it: V8 compiles
 * that walk inline, where two `Object.getPrototypeOf` calls cost about 250
 * instructions (cachegrind, per check).
 */
function GeneratorBrand(): void {}
GeneratorBrand.prototype = GENERATOR_PROTOTYPE;

/** @internal True for a native generator object, by its prototype chain (never megamorphic). */
export function isGenerator(value: unknown): value is Generator<Instruction, unknown, unknown> {
  return value instanceof GeneratorBrand;
}

/** @internal True for a promise or any other thenable. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** @internal Throws a TypeError naming the call and the argument unless `value` is a function. */
export function assertFunction(value: unknown, where: string, name: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new TypeError(`${where}: ${name} must be a function, got ${describe(value)}`);
}

/** @internal Throws a TypeError naming the call and the argument unless `value` is an operation. */
export function assertOperation(value: unknown, where: string): asserts value is Operation<unknown> {
  if (isOperation(value)) return;
  throw new TypeError(`${where}: expected an operation (a generator object or a runtime operation such as sleep(ms)), got ${describe(value)}${hint(value)}`);
}

function hint(value: unknown): string {
  if (typeof value === 'function') {
    const name = value.name || 'fn';
    return `; did you mean ${name}() — call the coroutine function to get its operation?`;
  }
  if (Array.isArray(value)) return '; pass operations as separate arguments (spread the array)';
  if (typeof value === 'object' && isThenable(value)) return '; wrap a promise with call(promise)';
  return '';
}

/** @internal A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'string') {
    // JSON.stringify escapes C0 controls but not DEL and the C1 range (U+009B is a one-byte CSI): escape those
    // too, so a hostile string (say, a trace line) cannot drive a terminal through an error message.
    const quoted = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    return `string ${quoted.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`;
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (typeof value === 'symbol') return value.toString();
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value instanceof Rerun) return 'an operation';
  // A generator object's `constructor` is not a function; fall back to its tag (`Generator`).
  const ctor = (value as { constructor?: unknown }).constructor;
  const name = typeof ctor === 'function' && ctor.name !== '' ? ctor.name : Object.prototype.toString.call(value).slice(8, -1);
  return name !== 'Object' ? `a ${name}` : 'an object';
}

/**
 * @internal The error for an instruction that reached the loop through a plain
 * `yield` instead of `yield*` (runtime operations that are their own
 * instruction detect it in `_suspend`); the same message the task gives for
 * any other yielded value.
 */
export function yieldedWithoutStar(task: { readonly name: string }, value: unknown): TypeError {
  return new TypeError(
    `task "${task.name}" yielded ${describe(value)} to the loop; coroutines must use yield* to run an operation (yield* sleep(ms), not yield sleep(ms))`,
  );
}

/** @internal Validates a count: a whole number >= `min`, or Infinity. */
export function assertCount(value: unknown, where: string, name: string, min: number): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${where}: ${name} must be a number, got ${describe(value)}`);
  if (Number.isNaN(value) || value < min || (!Number.isInteger(value) && value !== Infinity)) {
    throw new RangeError(`${where}: ${name} must be a whole number >= ${min} (or Infinity), got ${value}`);
  }
}

/** @internal Validates a delay or duration in milliseconds: a finite number >= 0. */
export function assertDelay(ms: unknown, where: string): asserts ms is number {
  if (typeof ms !== 'number') throw new TypeError(`${where}: ms must be a number of milliseconds, got ${describe(ms)}`);
  if (Number.isNaN(ms)) throw new RangeError(`${where}: ms must be a number of milliseconds, got NaN`);
  if (ms < 0) throw new RangeError(`${where}: ms must be >= 0, got ${ms}`);
  if (ms === Infinity) throw new RangeError(`${where}: ms must be finite, got Infinity (use suspend() to wait forever)`);
}

/** @internal The shared `{ done: true }` result with no value. */
export const DONE_VOID: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The iterator of an operation that finished at once, which is its own
 * `{ done: true, value }` result: `done` and `next` live on the prototype,
 * so each one is a single-field object, and every finished iterator has one
 * shape, which keeps `yield*`'s call of `next` monomorphic.
 */
class Finished<T> {
  declare readonly done: true;

  constructor(readonly value: T) {}

  next(): this {
    return this;
  }
}
Object.defineProperty(Finished.prototype, 'done', { value: true });

/** @internal The iterator of an operation that completed at once without a value (shared, frozen). */
export const FINISHED_VOID: Iterator<Instruction, undefined, unknown> = Object.freeze(new Finished(undefined));

/**
 * @internal The iterator of an operation that completed at once with
 * `value`, for a fast path that did its work when `yield*` asked for the
 * iterator: one small object that is its own result, instead of a waiter.
 * `yield*` reads `done` and `value` of the result at once, and nothing
 * suspends on it, so it needs no `throw` or `return`.
 */
export function finishedWith<T>(value: T): Iterator<Instruction, T, unknown> {
  return value === undefined ? (FINISHED_VOID as Iterator<Instruction, T, unknown>) : new Finished(value);
}

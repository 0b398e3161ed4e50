/**
 * `coroutine(fn)`: a coroutine function that says so when what it returns is
 * never awaited (asyncio's "RuntimeWarning: coroutine 'main' was never
 * awaited").
 *
 * Loop coroutines are plain generator functions, and calling one only
 * creates a generator object: `main()` alone does nothing. The runtime never
 * sees a generator object that is created and dropped, so it cannot warn
 * about it, unless the function is marked. `coroutine(function* main() {…})`
 * is that mark: calling it returns a {@link Coroutine}, an operation that is
 * registered in a `FinalizationRegistry` until the runtime first takes it.
 * If the garbage collector reclaims it before that, the warning
 * `coroutine 'main' was never awaited` is reported.
 *
 * "Taken" means handed to something that can run it: `yield*`, `run`,
 * `spawn`, `gather`, `race`, `timeout`, `group.spawn`, `loop.run`, … Each
 * of them looks up the operation's `[Symbol.iterator]` (to validate it or to
 * start it), and that lookup is the getter that unregisters the coroutine.
 * So a coroutine handed to a task that is cancelled before its first step
 * (its code never runs, by asyncio's rule) is not reported either: asyncio
 * does not warn for it, because the task throws into the coroutine.
 *
 * Where the warning goes: when the coroutine was created inside a task and
 * that task's loop is still open with an exception handler set
 * (`loop.setExceptionHandler`, `run(main, { exceptionHandler })`), to that
 * handler as `{ message }`; otherwise to `console.warn` as
 * `loop: coroutine 'main' was never awaited`. A finalization callback runs
 * when the garbage collector decides, possibly long after the drop, and
 * maybe never in a short program; so on hosts with a `process` (Node, Bun,
 * Deno's Node compatibility) every coroutine still untaken when the process
 * exits is reported then, as Python does at shutdown.
 * Each coroutine is reported at most once.
 *
 * Cost: nothing for plain generator functions, which never pass through
 * this module; the scheduler's hot path is untouched. A `Coroutine` costs
 * an allocation, a registry entry and a set entry until it is taken (a
 * few microseconds per call in all), and a task whose root operation is
 * a `Coroutine` is stepped through `iterator.next` (the non-native path)
 * instead of the generator intrinsics. Inside `yield*` there is no per-step
 * cost at all (the engine delegates to the inner generator directly).
 *
 * @module
 */
import type { Loop } from '../loop/loop.js';
import { assertFunction, assertOperation, rejectAwait, type Instruction, type Operation } from '../operation.js';
import { currentTaskOrNull } from '../task/task.js';

/** What is kept about a coroutine until it is taken, reclaimed or reported at exit. */
interface Pending {
  readonly name: string;
  /** The loop of the task that created the coroutine, if any (weakly: a dropped coroutine must not keep a loop alive). */
  readonly loop: WeakRef<Loop> | null;
}

/** Every coroutine not yet taken (the records only: the coroutines themselves stay collectable). */
const pending = new Set<Pending>();
const neverAwaited = new FinalizationRegistry<Pending>(reportNeverAwaited);
let exitHookInstalled = false;

function reportNeverAwaited(record: Pending): void {
  if (!pending.delete(record)) return;
  const message = `coroutine '${record.name}' was never awaited`;
  const loop = record.loop?.deref();
  if (loop !== undefined && !loop.isClosed() && loop.getExceptionHandler() !== null) {
    loop.callExceptionHandler({ message });
    return;
  }
  console.warn(`loop: ${message}`);
}

function reportAllAtExit(): void {
  for (const record of [...pending]) reportNeverAwaited(record);
}

/** Hosts with a Node-style `process` report what is left when the process exits (installed once, on first use). */
function installExitHook(): void {
  exitHookInstalled = true;
  const host = (globalThis as { process?: { once?: (event: 'exit', listener: () => void) => unknown } }).process;
  if (typeof host?.once === 'function') host.once('exit', reportAllAtExit);
}

/**
 * What calling a {@link coroutine} function returns: an operation wrapping
 * the generator object, watched until the runtime first takes it (see the
 * module comment). `yield*` it, or pass it to `run`, `spawn`, `gather`, …,
 * like any operation.
 *
 * @example
 * ```ts
 * const main = coroutine(function* main(): Operation<void> {
 *   console.log(yield* randn());
 * });
 *
 * const op = main();        // a Coroutine: nothing has run
 * op.name;                  // 'main'
 * op.awaited;               // false
 * await run(op);            // prints the number after 3 s
 * op.awaited;               // true
 * ```
 */
export class Coroutine<T> implements Operation<T> {
  /** The coroutine function's name, as the warning shows it. */
  readonly name: string;
  /** @internal The wrapped operation (the coroutine function's generator object). */
  readonly _op: Operation<T>;
  /** @internal Null once taken. */
  _pending: Pending | null;

  /** @internal Use {@link coroutine}. */
  constructor(op: Operation<T>, name: string) {
    this._op = op;
    this.name = name;
    const task = currentTaskOrNull();
    const record: Pending = { name, loop: task === null ? null : new WeakRef(task.loop) };
    this._pending = record;
    pending.add(record);
    neverAwaited.register(this, record, this);
    if (!exitHookInstalled) installExitHook();
  }

  /** True once the runtime has taken the coroutine (it no longer warns when dropped). */
  get awaited(): boolean {
    return this._pending === null;
  }

  /**
   * `yield*` and every runtime function that accepts an operation look this
   * up first; the lookup marks the coroutine as taken. The function it
   * returns starts the wrapped generator.
   */
  get [Symbol.iterator](): () => Iterator<Instruction, T, unknown> {
    if (this._pending !== null) {
      pending.delete(this._pending);
      this._pending = null;
      neverAwaited.unregister(this);
    }
    return iterateWrapped as () => Iterator<Instruction, T, unknown>;
  }
}

function iterateWrapped(this: Coroutine<unknown>): Iterator<Instruction, unknown, unknown> {
  return this._op[Symbol.iterator]();
}

/**
 * Marks a coroutine function so that a call whose result is dropped without
 * ever being awaited is reported, as asyncio reports
 * `coroutine 'main' was never awaited`. The returned function takes the
 * same arguments (and `this`) and returns a {@link Coroutine}: an operation
 * used exactly like the generator object it wraps.
 *
 * Plain generator functions keep working everywhere and cost nothing extra;
 * `coroutine` is opt-in, for entry points and library functions whose
 * callers may forget `yield*`. The warning is named after `fn.name`
 * (`<anonymous>` when it has none), so give the generator function a name;
 * bundlers may rename functions (esbuild turns a shadowing `main` into
 * `main2`) unless told to keep names (`keepNames: true` in esbuild/tsup).
 *
 * @example
 * ```ts
 * const main = coroutine(function* main(): Operation<void> {
 *   yield* sleep(1000);
 *   console.log('done');
 * });
 *
 * main();              // does nothing; once collected: "loop: coroutine 'main' was never awaited"
 * await run(main);     // prints "done" after 1 s
 * ```
 */
export function coroutine<This, A extends unknown[], T>(fn: (this: This, ...args: A) => Operation<T>): (this: This, ...args: A) => Coroutine<T> {
  assertFunction(fn, 'coroutine(fn)', 'fn');
  const name = fn.name === '' ? '<anonymous>' : fn.name;
  const wrapped = function (this: This, ...args: A): Coroutine<T> {
    const op = fn.apply(this, args);
    assertOperation(op, `coroutine '${name}': the value it returned`);
    return new Coroutine(op, name);
  };
  Object.defineProperty(wrapped, 'name', { value: name });
  return wrapped;
}

// `await` of these operations rejects with a TypeError saying to use yield* (operation.ts).
rejectAwait(Coroutine);

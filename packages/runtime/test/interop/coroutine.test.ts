import { afterEach, beforeAll, beforeEach, describe, expect, test, vi, type MockInstance } from 'vitest';
import { Coroutine, VirtualClock, call, coroutine, gather, run, sleep, spawn, type ExceptionContext, type Operation } from '../../src/index.js';

// The real garbage collector, as `node --expose-gc` gives it: V8's flag set at
// run time, then `gc` read from a fresh context. (The runtime's tsconfig has
// no Node types, hence the structural casts.)
let gc: () => void;
const load = (specifier: string): Promise<unknown> => import(specifier);
beforeAll(async () => {
  const v8 = (await load('node:v8')) as { setFlagsFromString(flags: string): void };
  const vm = (await load('node:vm')) as { runInNewContext(code: string): unknown };
  v8.setFlagsFromString('--expose-gc');
  gc = vm.runInNewContext('gc') as () => void;
});

/** Collects garbage and lets the finalization callbacks it queued run (a few rounds: V8 may need more than one). */
/**
 * Runs full collections until `done()` holds, or for 4 rounds without one.
 * Finalization callbacks run in a later task, and on a loaded machine more
 * than one round may pass before V8 schedules them: wait for up to 100
 * rounds (a few hundred ms at most) when a callback is expected.
 */
async function collectGarbage(done?: () => boolean): Promise<void> {
  const rounds = done === undefined ? 4 : 100;
  for (let round = 0; round < rounds; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, round < 4 ? 0 : 5));
    if (done?.() === true) return;
  }
}

const main = coroutine(function* main(): Operation<number> {
  yield* sleep(3000);
  return 6;
});

/** Creates a coroutine and drops it, in a frame of its own so nothing still refers to it. */
function dropOne(): void {
  main();
}

describe('coroutine', () => {
  let warn: MockInstance<typeof console.warn>;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    warn.mockRestore();
  });

  test('calling a coroutine function runs none of its code and returns a Coroutine named after it', async () => {
    const steps: string[] = [];
    const greet = coroutine(function* greet(): Operation<void> {
      steps.push('ran');
      yield* sleep(0);
    });
    const op = greet();
    expect(op).toBeInstanceOf(Coroutine);
    expect(op.name).toBe('greet');
    expect(steps).toEqual([]);
    await run(op, { clock: new VirtualClock() });
    expect(steps).toEqual(['ran']);
  });

  test('the wrapped function keeps the name of the generator function', () => {
    expect(main.name).toBe('main');
  });

  test('yield* drives the wrapped generator and returns its value', async () => {
    const value = await run(function* () {
      return (yield* main()) + 1;
    }, { clock: new VirtualClock() });
    expect(value).toBe(7);
  });

  test('run(fn) accepts a coroutine function', async () => {
    const clock = new VirtualClock();
    expect(await run(main, { clock })).toBe(6);
    expect(clock.now()).toBe(3000);
  });

  test('arguments and this reach the generator function', async () => {
    const counter = {
      step: 10,
      add: coroutine(function* add(this: { step: number }, a: number, b: number): Operation<number> {
        yield* sleep(1);
        return a + b + this.step;
      }),
    };
    expect(await run(counter.add(1, 2), { clock: new VirtualClock() })).toBe(13);
  });

  test('gather runs coroutines like any operation, results in argument order', async () => {
    const double = coroutine(function* double(n: number): Operation<number> {
      yield* sleep(10 * (3 - n));
      return n * 2;
    });
    const values = await run(function* () {
      const typed: [number, number, number] = yield* gather(double(1), double(2), double(3));
      return typed;
    }, { clock: new VirtualClock() });
    expect(values).toEqual([2, 4, 6]);
  });

  test('awaited turns true when the runtime takes the coroutine', async () => {
    const op = main();
    expect(op.awaited).toBe(false);
    await run(op, { clock: new VirtualClock() });
    expect(op.awaited).toBe(true);
  });

  test('a non-function is a TypeError naming fn', () => {
    expect(() => coroutine(42 as never)).toThrow(new TypeError('coroutine(fn): fn must be a function, got number 42'));
  });

  test('a function that returns no operation is a TypeError at the call', () => {
    const broken = coroutine((() => 42) as unknown as () => Operation<number>);
    expect(() => broken()).toThrow(TypeError);
    expect(() => broken()).toThrow("coroutine '<anonymous>': the value it returned: expected an operation");
  });

  test("a dropped coroutine warns: loop: coroutine 'main' was never awaited", async () => {
    dropOne();
    await collectGarbage(() => warn.mock.calls.length > 0);
    // Other files' dropped coroutines may be collected now too (the seeded projects share one module graph per worker).
    expect(warn.mock.calls.filter(([message]) => String(message).includes("'main'"))).toEqual([["loop: coroutine 'main' was never awaited"]]);
  });

  test('a coroutine that ran does not warn once collected', async () => {
    await run(main, { clock: new VirtualClock() });
    await collectGarbage();
    expect(warn.mock.calls).toEqual([]);
  });

  test('a coroutine handed to a task cancelled before its first step does not warn', async () => {
    let started = false;
    const never = coroutine(function* never(): Operation<void> {
      started = true;
      yield* sleep(1);
    });
    await run(function* () {
      const task = yield* spawn(never());
      task.cancel();
    }, { clock: new VirtualClock() });
    await collectGarbage();
    expect(started).toBe(false);
    expect(warn.mock.calls).toEqual([]);
  });

  test("a coroutine dropped inside a task goes to its loop's exception handler while the loop is open", async () => {
    const contexts: ExceptionContext[] = [];
    await run(function* () {
      dropOne();
      yield* call(collectGarbage(() => contexts.length > 0));
    }, { clock: new VirtualClock(), exceptionHandler: (_loop, context) => contexts.push(context) });
    expect(contexts).toEqual([{ message: "coroutine 'main' was never awaited" }]);
    expect(warn.mock.calls).toEqual([]);
  });

  test('a coroutine dropped inside a task whose loop has the default handler warns on the console', async () => {
    await run(function* () {
      dropOne();
      yield* call(collectGarbage(() => warn.mock.calls.length > 0));
    }, { clock: new VirtualClock() });
    expect(warn.mock.calls).toEqual([["loop: coroutine 'main' was never awaited"]]);
  });
});

import { describe, expect, test } from 'vitest';
import {
  Barrier,
  CapacityLimiter,
  Condition,
  Event,
  Lock,
  Loop,
  Queue,
  Semaphore,
  channel,
  coroutine as named,
  currentTask,
  forEach,
  gatherSettled,
  race,
  shield,
  stream,
  TaskGroupError,
  type Instruction,
  VirtualClock,
  call,
  failAfter,
  gather,
  getLoop,
  isOperation,
  moveOnAfter,
  run,
  sleep,
  spawn,
  suspend,
  taskGroup,
  timeout,
  wait,
  type Operation,
} from '../src/index.js';

function* coroutine(): Operation<number> {
  yield* sleep(1);
  return 1;
}

const USE_YIELD_STAR = 'coroutines must use yield* to run an operation (yield* sleep(ms), not yield sleep(ms))';

describe('isOperation', () => {
  test('is true for a generator object from a coroutine function', () => {
    expect(isOperation(coroutine())).toBe(true);
  });

  test('is true for the runtime operations sleep, suspend, call, timeout, failAfter, moveOnAfter, gather, spawn and getLoop', () => {
    const ops: unknown[] = [
      sleep(5),
      suspend(),
      call(Promise.resolve(1)),
      timeout(10, sleep(1)),
      failAfter(10, sleep(1)),
      moveOnAfter(10, sleep(1)),
      gather(sleep(1)),
      spawn(sleep(1)),
      getLoop(),
    ];
    expect(ops.map(isOperation)).toEqual(ops.map(() => true));
  });

  test('is true for a Task', async () => {
    const result = await run(function* () {
      const task = yield* spawn(sleep(1));
      return isOperation(task);
    }, { clock: new VirtualClock() });
    expect(result).toBe(true);
  });

  test('is false for arrays, maps, sets, typed arrays and strings, which are iterable but not operations', () => {
    expect([[], [sleep(1)], new Map(), new Set(), new Uint8Array(2), 'abc', ''].map(isOperation)).toEqual([false, false, false, false, false, false, false]);
  });

  test('is false for a String object, which is iterable like a string', () => {
    expect(isOperation(new String('abc'))).toBe(false);
  });

  test('is false for an uncalled coroutine function, a promise, null, undefined, numbers and plain objects', () => {
    expect([coroutine, Promise.resolve(1), null, undefined, 0, 42, {}, { next: () => ({ done: true }) }].map(isOperation)).toEqual([
      false, false, false, false, false, false, false, false,
    ]);
  });
});

describe('yielding to the loop without yield*', () => {
  test('`yield 5` fails the task with a TypeError that says to use yield*', async () => {
    await expect(run(function* () {
      yield 5 as unknown as Instruction;
    }, { clock: new VirtualClock() })).rejects.toThrow(new TypeError(`task "main" yielded number 5 to the loop; ${USE_YIELD_STAR}`));
  });

  test('the TypeError is thrown at the yield, where the coroutine can catch it and carry on', async () => {
    const result = await run(function* () {
      let caught: unknown;
      try {
        yield 'tick' as unknown as Instruction;
      } catch (error) {
        caught = error;
      }
      yield* sleep(10);
      return [caught instanceof TypeError, (caught as TypeError).message, (yield* getLoop()).time()];
    }, { clock: new VirtualClock() });
    expect(result).toEqual([true, `task "main" yielded string "tick" to the loop; ${USE_YIELD_STAR}`, 10]);
  });

  test('`yield coroutine()` (a generator object) fails the task with the TypeError', async () => {
    await expect(run(function* () {
      yield coroutine() as unknown as Instruction;
    }, { clock: new VirtualClock(), name: 'worker' })).rejects.toThrow(new TypeError(`task "worker" yielded a Generator to the loop; ${USE_YIELD_STAR}`));
  });

  test('`yield sleep(1)` without the star fails the task with a TypeError that says to use yield*', async () => {
    await expect(run(function* () {
      yield sleep(1) as unknown as Instruction;
    }, { clock: new VirtualClock() })).rejects.toThrow(new TypeError(`task "main" yielded a Sleep to the loop; ${USE_YIELD_STAR}`));
  });

  test('`yield sleep(0)` without the star fails the task with the same TypeError', async () => {
    await expect(run(function* () {
      yield sleep(0) as unknown as Instruction;
    }, { clock: new VirtualClock() })).rejects.toThrow(new TypeError(`task "main" yielded a Sleep to the loop; ${USE_YIELD_STAR}`));
  });

  test('`yield call(promise)` without the star fails the task with the TypeError', async () => {
    await expect(run(function* () {
      yield call(Promise.resolve(1)) as unknown as Instruction;
    }, { clock: new VirtualClock() })).rejects.toThrow(new TypeError(`task "main" yielded a Call to the loop; ${USE_YIELD_STAR}`));
  });

  test('`yield suspend()` without the star fails the task with the TypeError instead of hanging', async () => {
    await expect(run(function* () {
      yield suspend() as unknown as Instruction;
    }, { clock: new VirtualClock() })).rejects.toThrow(new TypeError(`task "main" yielded a Forever to the loop; ${USE_YIELD_STAR}`));
  });

  test('`yield` of a sleep value that was already yielded* is still the TypeError, not a second sleep', async () => {
    const result = await run(function* () {
      const loop = yield* getLoop();
      const nap = sleep(10);
      yield* nap;
      try {
        yield nap as unknown as Instruction;
      } catch (error) {
        return [(error as TypeError).message, loop.time()];
      }
      return ['no error', loop.time()];
    }, { clock: new VirtualClock() });
    expect(result).toEqual([`task "main" yielded a Sleep to the loop; ${USE_YIELD_STAR}`, 10]);
  });

  test('`yield` of a call value that was already yielded* is still the TypeError, and the source is not run again', async () => {
    let runs = 0;
    const result = await run(function* () {
      const op = call(() => ++runs);
      const first = yield* op;
      try {
        yield op as unknown as Instruction;
      } catch (error) {
        return [first, (error as TypeError).message];
      }
      return [first, 'no error'];
    }, { clock: new VirtualClock() });
    expect(result).toEqual([1, `task "main" yielded a Call to the loop; ${USE_YIELD_STAR}`]);
    expect(runs).toBe(1);
  });

  test('a sleep value misused with plain yield still works afterwards with yield*', async () => {
    const result = await run(function* () {
      const loop = yield* getLoop();
      const nap = sleep(10);
      try {
        yield nap as unknown as Instruction;
      } catch {
        // the misuse is reported here
      }
      yield* nap;
      return loop.time();
    }, { clock: new VirtualClock() });
    expect(result).toBe(10);
  });

  test('`yield wait(tasks)` without the star fails the task with the TypeError', async () => {
    await expect(run(function* () {
      const task = yield* spawn(sleep(5));
      yield wait([task]) as unknown as Instruction;
    }, { clock: new VirtualClock() })).rejects.toThrow(new TypeError(`task "main" yielded a Wait to the loop; ${USE_YIELD_STAR}`));
  });

  test('`yield group.start(fn)` without the star fails the group body with the TypeError', async () => {
    const error = await run(function* () {
      try {
        yield* taskGroup(function* (group) {
          yield group.start(function* (ready: (value: number) => void) {
            ready(1);
            yield* sleep(1);
          }) as unknown as Instruction;
        });
      } catch (caught) {
        return caught;
      }
      return null;
    }, { clock: new VirtualClock() });
    expect(error).toBeInstanceOf(TaskGroupError);
    expect((error as TaskGroupError).errors).toEqual([new TypeError(`task "main" yielded a Start to the loop; ${USE_YIELD_STAR}`)]);
  });
});

describe('await of an operation from async code', () => {
  const hint = 'inside a coroutine use yield* op; from async code use await run(op)';

  /** Every public way to get a runtime operation, made fresh for each check. */
  const operations: [string, () => unknown][] = [
    ['sleep(10)', () => sleep(10)],
    ['sleep(0)', () => sleep(0)],
    ['suspend()', () => suspend()],
    ['spawn(op)', () => spawn(sleep(1))],
    ['gather(a, b)', () => gather(sleep(1), sleep(2))],
    ['gather(items, fn, { concurrency })', () => gather([1, 2], () => sleep(1), { concurrency: 1 })],
    ['gatherSettled(a)', () => gatherSettled(sleep(1))],
    ['race(a, b)', () => race(sleep(1), sleep(2))],
    ['taskGroup(body)', () => taskGroup(function* () {})],
    ['shield(op)', () => shield(sleep(1))],
    ['timeout(ms, op)', () => timeout(10, sleep(1))],
    ['failAfter(ms, op)', () => failAfter(10, sleep(1))],
    ['moveOnAfter(ms, op)', () => moveOnAfter(10, sleep(1))],
    ['call(promise)', () => call(Promise.resolve(1))],
    ['getLoop()', () => getLoop()],
    ['currentTask()', () => currentTask()],
    ['queue.get()', () => new Queue<number>().get()],
    ['queue.put(item)', () => new Queue<number>().put(1)],
    ['queue.join()', () => new Queue<number>().join()],
    ['lock.acquire()', () => new Lock().acquire()],
    ['lock.lock()', () => new Lock().lock()],
    ['event.wait()', () => new Event().wait()],
    ['condition.wait()', () => new Condition().wait()],
    ['semaphore.acquire()', () => new Semaphore(1).acquire()],
    ['barrier.wait()', () => new Barrier(2).wait()],
    ['limiter.acquire()', () => new CapacityLimiter(1).acquire()],
    ['send.send(value)', () => channel<number>(1)[0].send(1)],
    ['receive.receive()', () => channel<number>(1)[1].receive()],
    ['forEach(stream, fn)', () => forEach(stream(function* () {}), () => {})],
    ['wait(tasks)', () => wait([new Loop({ clock: new VirtualClock() }).createTask(sleep(1))])],
    ['a coroutine(fn) call', () => named(function* randn() {})()],
  ];

  test.each(operations)('await %s rejects with a TypeError that says to use yield* or run(op)', async (_name, make) => {
    const op = make();
    expect(isOperation(op)).toBe(true);
    await expect(Promise.resolve().then(() => op)).rejects.toThrow(TypeError);
    const again = make();
    await expect((async () => await (again as Promise<unknown>))()).rejects.toThrow(hint);
    // Looking its iterator up marks a coroutine(fn) call as taken, so dropping it here warns nobody (as isOperation does).
    expect(isOperation(again)).toBe(true);
  });

  test('await of a task still waits for it: a Task is a real PromiseLike', async () => {
    const loop = new Loop({ clock: new VirtualClock() });
    const task = loop.createTask(function* () {
      yield* sleep(10);
      return 'done';
    }());
    expect(await task).toBe('done');
    loop.close();
  });

  test('yield* of the same operations is unaffected: they run on the loop as before', async () => {
    const loop = new Loop({ clock: new VirtualClock() });
    const value = await loop.run(function* () {
      yield* sleep(10);
      const [a, b] = yield* gather(timeout(50, sleep(5)), shield(sleep(1)));
      return [a, b, loop.time()];
    }());
    expect(value).toEqual([undefined, undefined, 15]);
    loop.close();
  });

  test('call(op) is a TypeError at the call saying to yield* the operation, not a thenable taken for a promise', () => {
    expect(() => call(sleep(10) as unknown as Promise<void>)).toThrow(
      new TypeError('call(source): got a loop operation (a Sleep); call() is for promises — run an operation with yield* op'),
    );
  });
});

describe('an operation the runtime returns runs anew at each yield*', () => {
  /** A reusable operation that counts its runs: each run sleeps `ms` and returns the run's number. */
  function counted(ms: number): Operation<number> {
    let runs = 0;
    return {
      *[Symbol.iterator]() {
        const n = ++runs;
        yield* sleep(ms);
        return n;
      },
    };
  }

  /** `op`'s numbers in ascending order: which of two concurrent children starts first is the scheduler's choice. */
  function sorted(op: Operation<number[]>): Operation<number[]> {
    return {
      *[Symbol.iterator]() {
        return [...(yield* op)].sort((a, b) => a - b);
      },
    };
  }

  // [call, how to make it over op, first result, second result, ms each run takes]: op's runs count on across both.
  const cases: [string, (op: Operation<number>) => Operation<unknown>, unknown, unknown, number][] = [
    ['timeout(ms, op)', (op) => timeout(1000, op), 1, 2, 10],
    ['failAfter(ms, op)', (op) => failAfter(1000, op), 1, 2, 10],
    ['moveOnAfter(ms, op)', (op) => moveOnAfter(1000, op), { timedOut: false, value: 1 }, { timedOut: false, value: 2 }, 10],
    ['gather(op, op)', (op) => sorted(gather(op, op)), [1, 2], [3, 4], 10],
    ['gather([op, op], { concurrency: 1 })', (op) => gather([op, op], { concurrency: 1 }), [1, 2], [3, 4], 20],
    ['gather(items, fn)', (op) => sorted(gather([1, 2], () => op)), [1, 2], [3, 4], 10],
    ['gatherSettled(op)', (op) => gatherSettled(op), [{ status: 'fulfilled', value: 1 }], [{ status: 'fulfilled', value: 2 }], 10],
    ['race(op)', (op) => race(op), 1, 2, 10],
    ['shield(op)', (op) => shield(op), 1, 2, 10],
    [
      'taskGroup(body)',
      (op) =>
        taskGroup(function* (group) {
          return yield* group.spawn(op);
        }),
      1,
      2,
      10,
    ],
  ];

  test.each(cases)('%s run twice runs its operation again, and each run returns its own result', async (_name, make, first, second, ms) => {
    const seen = await run(function* () {
      const twice = make(counted(10));
      const loop = yield* getLoop();
      const results = [yield* twice, loop.time()];
      results.push(yield* twice, loop.time());
      return results;
    }, { clock: new VirtualClock() });
    expect(seen).toEqual([first, ms, second, 2 * ms]);
  });

  test('forEach(stream, fn) run twice reads the stream from its start twice', async () => {
    const seen = await run(function* () {
      const values: number[] = [];
      const each = forEach(stream<number>(function* () {
        yield 1;
        yield 2;
      }), (value) => {
        values.push(value);
      });
      yield* each;
      yield* each;
      return values;
    }, { clock: new VirtualClock() });
    expect(seen).toEqual([1, 2, 1, 2]);
  });

  test('timeout(ms, op) over a generator object that already ran is an InvalidStateError at the second run, not undefined', async () => {
    const seen = await run(function* () {
      const once = timeout(1000, coroutine());
      const first = yield* once;
      try {
        return { first, second: yield* once };
      } catch (error) {
        return { first, error: String(error) };
      }
    }, { clock: new VirtualClock() });
    expect(seen).toEqual({
      first: 1,
      error:
        'InvalidStateError: timeout(): op is a generator object that already ran (or is running); a generator object runs once, so call the coroutine function again for each run (a retry makes a new work() each time), or pass an operation the runtime made, which runs anew',
    });
  });

  test('shield(op) over a generator object a runtime operation already ran is an InvalidStateError naming shield()', async () => {
    const error = await run(function* () {
      const work = coroutine();
      yield* shield(work);
      try {
        yield* shield(work);
        return 'ran';
      } catch (caught) {
        return String(caught);
      }
    }, { clock: new VirtualClock() });
    expect(error).toMatch(/^InvalidStateError: shield\(\): op is a generator object that already ran/);
  });

  test('gather over generator objects run twice fails the second run with the InvalidStateError of its reused generators', async () => {
    const seen = await run(function* () {
      const both = gather(coroutine(), coroutine());
      const first = yield* both;
      try {
        yield* both;
        return { first, second: 'ran' };
      } catch (error) {
        return { first, second: (error as Error).name };
      }
    }, { clock: new VirtualClock() });
    expect(seen).toEqual({ first: [1, 1], second: 'InvalidStateError' });
  });

  test('a retry of timeout(ms, op) over a reusable op times out, then succeeds on the next run', async () => {
    const seen = await run(function* () {
      let attempt = 0;
      const flaky: Operation<string> = {
        *[Symbol.iterator]() {
          attempt++;
          yield* sleep(attempt === 1 ? 5000 : 100);
          return `attempt ${attempt}`;
        },
      };
      const bounded = timeout(1000, flaky);
      const log: string[] = [];
      for (;;) {
        try {
          log.push(yield* bounded);
          break;
        } catch (error) {
          log.push((error as Error).name);
        }
      }
      return { log, time: (yield* getLoop()).time() };
    }, { clock: new VirtualClock() });
    expect(seen).toEqual({ log: ['TimeoutError', 'attempt 2'], time: 1100 });
  });
});

import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  CancelledError,
  TimeoutError,
  VirtualClock,
  collect,
  failAfter,
  forEach,
  gather,
  getLoop,
  moveOnAfter,
  pipe,
  run,
  shield,
  sleep,
  spawn,
  stream,
  suspend,
  taskGroup,
  timeout,
  type LoopEvent,
  type Operation,
  type Stream,
} from '../../src/index.js';

const virtual = (): { clock: VirtualClock } => ({ clock: new VirtualClock() });

function* value<T>(ms: number, result: T): Operation<T> {
  yield* sleep(ms);
  return result;
}

/** Runs `op` inside main and returns what it threw (and when), or fails if it returned. */
function* thrownBy(op: Operation<unknown>): Operation<{ error: unknown; at: number }> {
  const loop = yield* getLoop();
  try {
    yield* op;
  } catch (error) {
    return { error, at: loop.time() };
  }
  throw new Error('expected the operation to throw');
}

describe('timeout / failAfter', () => {
  test('throws TimeoutError at exactly the deadline in loop time', async () => {
    const { error, at } = await run(thrownBy(timeout(100, sleep(1000))), virtual());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(at).toBe(100);
  });

  test('the TimeoutError carries .ms and says how long it waited', async () => {
    const { error } = await run(thrownBy(failAfter(250, sleep(1000))), virtual());
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).ms).toBe(250);
    expect((error as TimeoutError).message).toBe('the operation did not finish within 250 ms');
    expect((error as TimeoutError).name).toBe('TimeoutError');
  });

  test('the deadline is measured from when the operation is yielded*, not from when timeout() was called', async () => {
    const result = await run(function* () {
      const loop = yield* getLoop();
      const op = timeout(100, value(60, 'done'));
      yield* sleep(80);
      const v = yield* op;
      return [v, loop.time()];
    }, virtual());
    expect(result).toEqual(['done', 140]);
  });

  test("the operation's finally runs before TimeoutError reaches the caller", async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      try {
        yield* failAfter(50, function* () {
          try {
            yield* sleep(1000);
          } catch (error) {
            log.push(`op caught ${(error as Error).name}@${loop.time()}`);
            throw error;
          } finally {
            log.push(`op finally@${loop.time()}`);
          }
        }());
      } catch (error) {
        log.push(`caller caught ${(error as Error).name}@${loop.time()}`);
      }
    }, virtual());
    expect(log).toEqual(['op caught CancelledError@50', 'op finally@50', 'caller caught TimeoutError@50']);
  });

  test("the CancelledError seen inside carries the deadline's TimeoutError as its reason", async () => {
    const seen = await run(function* () {
      let inner: unknown;
      yield* moveOnAfter(30, function* () {
        try {
          yield* sleep(1000);
        } catch (error) {
          inner = error;
          throw error;
        }
      }());
      return inner;
    }, virtual());
    expect(seen).toBeInstanceOf(CancelledError);
    expect((seen as CancelledError).reason).toEqual(new TimeoutError(30));
    expect((seen as CancelledError).message).toBe('the task was cancelled: TimeoutError: the operation did not finish within 30 ms');
  });

  test('the deadline cancels every child of a gather inside it, and each finally runs before TimeoutError', async () => {
    const log: string[] = [];
    const { error, at } = await run(function* () {
      const loop = yield* getLoop();
      function* child(name: string, ms: number): Operation<string> {
        try {
          yield* sleep(ms);
          log.push(`${name} done@${loop.time()}`);
          return name;
        } finally {
          log.push(`${name} finally@${loop.time()}`);
        }
      }
      return yield* thrownBy(timeout(100, gather(child('quick', 50), child('slow', 500), child('slower', 900))));
    }, virtual());
    expect(log).toEqual(['quick done@50', 'quick finally@50', 'slow finally@100', 'slower finally@100']);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(at).toBe(100);
  });

  test('work that finishes before the deadline returns its value at its own time', async () => {
    const result = await run(function* () {
      const loop = yield* getLoop();
      const v = yield* timeout(100, value(40, 'fast'));
      return [v, loop.time()];
    }, virtual());
    expect(result).toEqual(['fast', 40]);
  });

  test('after the work finishes in time, the deadline timer never fires', async () => {
    const events: LoopEvent[] = [];
    const result = await run(function* () {
      const loop = yield* getLoop();
      const v = yield* timeout(100, value(10, 'ok'));
      yield* sleep(200);
      return [v, loop.time()];
    }, { clock: new VirtualClock(), onEvent: (event) => events.push(event) });
    expect(result).toEqual(['ok', 210]);
    expect(events.filter((e) => e.type === 'timer.fire').map((e) => e.time)).toEqual([10, 210]);
  });

  test('an operation that throws before the deadline rethrows its own error, not TimeoutError', async () => {
    const { error, at } = await run(thrownBy(failAfter(100, function* () {
      yield* sleep(10);
      throw new RangeError('bad input');
    }())), virtual());
    expect(error).toEqual(new RangeError('bad input'));
    expect(error).toBeInstanceOf(RangeError);
    expect(at).toBe(10);
  });

  test('deadline wins a tie: timeout(1000, sleep(1000)) throws TimeoutError at 1000', async () => {
    const { error, at } = await run(thrownBy(timeout(1000, sleep(1000))), virtual());
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).ms).toBe(1000);
    expect(at).toBe(1000);
  });

  test('work that completes without suspending is never interrupted: timeout(0, op) returns its value', async () => {
    const value = await run(timeout(0, function* () {
      return 'instant';
    }()), virtual());
    expect(value).toBe('instant');
  });

  test('timeout(0, op) with an op that has to wait times out at time 0', async () => {
    const log: string[] = [];
    const { error, at } = await run(thrownBy(timeout(0, function* () {
      log.push('op started');
      yield* sleep(10);
      log.push('op woke');
    }())), virtual());
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).ms).toBe(0);
    expect(at).toBe(0);
    expect(log).toEqual(['op started']);
  });

  test('cancellation is level-triggered: an op that swallows its CancelledError and waits again still ends in TimeoutError at the deadline', async () => {
    const log: string[] = [];
    const { error, at } = await run(function* () {
      const loop = yield* getLoop();
      return yield* thrownBy(timeout(100, function* () {
        try {
          yield* sleep(1000);
        } catch (error) {
          log.push(`swallowed ${(error as Error).name}@${loop.time()}`);
        }
        try {
          yield* sleep(10);
          log.push('slept again');
        } catch (error) {
          log.push(`again ${(error as Error).name}@${loop.time()}`);
          throw error;
        }
      }()));
    }, virtual());
    expect(log).toEqual(['swallowed CancelledError@100', 'again CancelledError@100']);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(at).toBe(100);
  });

  test('an op that swallows its CancelledError and returns a value hands that value back: failAfter reports only what it interrupted', async () => {
    const result = await run(function* () {
      const loop = yield* getLoop();
      const value = yield* failAfter(100, function* () {
        try {
          yield* sleep(1000);
        } catch {
          return 'fallback';
        }
        return 'slept';
      }());
      return { value, at: loop.time() };
    }, virtual());
    expect(result).toEqual({ value: 'fallback', at: 100 });
  });

  test('the TimeoutError carries the CancelledError it replaced as cause, the same one the operation saw', async () => {
    let seen: unknown;
    const { error } = await run(thrownBy(failAfter(100, function* () {
      try {
        yield* sleep(1000);
      } catch (cancelled) {
        seen = cancelled;
        throw cancelled;
      }
    }())), virtual());
    expect(seen).toBeInstanceOf(CancelledError);
    expect((error as TimeoutError).cause).toBe(seen);
  });

  test('an expired deadline is seen at the very next suspension: sleep(0) after clock.advance() past it throws TimeoutError', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const { error, at } = await run(thrownBy(failAfter(100, function* () {
      clock.advance(150);
      try {
        yield* sleep(0);
        log.push('passed sleep(0)');
      } catch (cancelled) {
        log.push(`${(cancelled as Error).name} at sleep(0)`);
        throw cancelled;
      }
    }())), { clock });
    expect(log).toEqual(['CancelledError at sleep(0)']);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(at).toBe(150);
  });

  test('a child task in a group under an expired deadline sees it at its next sleep(0) too', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const { error } = await run(thrownBy(failAfter(100, taskGroup(function* (group) {
      group.spawn(function* () {
        clock.advance(150);
        try {
          yield* sleep(0);
          log.push('child passed sleep(0)');
        } catch (cancelled) {
          log.push(`child ${(cancelled as Error).name}`);
          throw cancelled;
        }
      }());
      yield* suspend();
    }))), { clock });
    expect(log).toEqual(['child CancelledError']);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  test('a deadline not yet due lets sleep(0) pass', async () => {
    const clock = new VirtualClock();
    const value = await run(failAfter(100, function* () {
      clock.advance(99);
      yield* sleep(0);
      return 'passed';
    }()), { clock });
    expect(value).toBe('passed');
  });

  test('a timeout inside a task cancelled from outside propagates CancelledError, not TimeoutError', async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      const task = yield* spawn(function* () {
        try {
          yield* timeout(1000, sleep(5000));
        } catch (error) {
          log.push(`child caught ${(error as Error).name}@${loop.time()}`);
          throw error;
        }
      }());
      yield* sleep(100);
      task.cancel('stop');
      try {
        yield* task;
      } catch (error) {
        log.push(`joined ${(error as Error).name}@${loop.time()}`);
      }
      log.push(`cancelled=${task.cancelled()}`);
    }, virtual());
    expect(log).toEqual(['child caught CancelledError@100', 'joined CancelledError@100', 'cancelled=true']);
  });

  test('a task cancelled from outside at the same instant its timeout expires is cancelled, not timed out (outermost reports)', async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      const task = yield* spawn(function* () {
        try {
          yield* timeout(100, sleep(5000));
        } catch (error) {
          log.push(`child caught ${(error as Error).name}@${loop.time()}`);
          throw error;
        }
      }());
      yield* sleep(100);
      task.cancel('stop');
      try {
        yield* task;
      } catch (error) {
        log.push(`joined ${(error as Error).name}`);
      }
    }, virtual());
    expect(log).toEqual(['child caught CancelledError@100', 'joined CancelledError']);
  });

  test('task.cancel(reason) reaches code inside a timeout with that reason', async () => {
    const reason = await run(function* () {
      let seen: unknown;
      const task = yield* spawn(function* () {
        yield* timeout(1000, function* () {
          try {
            yield* sleep(5000);
          } catch (error) {
            seen = (error as CancelledError).reason;
            throw error;
          }
        }());
      }());
      yield* sleep(10);
      task.cancel('shutting down');
      try {
        yield* task;
      } catch {
        // cancelled
      }
      return seen;
    }, virtual());
    expect(reason).toBe('shutting down');
  });

  test("the CancelledError delivered by an outer deadline carries the outer deadline's TimeoutError", async () => {
    const seen = await run(function* () {
      let inner: unknown;
      yield* moveOnAfter(100, function* () {
        yield* failAfter(500, function* () {
          try {
            yield* sleep(1000);
          } catch (error) {
            inner = error;
            throw error;
          }
        }());
      }());
      return inner;
    }, virtual());
    expect((seen as CancelledError).reason).toEqual(new TimeoutError(100));
  });

  test('a timeout around yield* task stops waiting for the task but does not cancel it: the task belongs to the scope that spawned it', async () => {
    const log: string[] = [];
    const result = await run(function* () {
      const loop = yield* getLoop();
      const task = yield* spawn(value(1000, 'child done'));
      try {
        yield* timeout(100, task);
      } catch (error) {
        log.push(`${(error as Error).name}@${loop.time()} task.done=${task.done()}`);
      }
      const v = yield* task;
      return `${v}@${loop.time()}`;
    }, virtual());
    expect(log).toEqual(['TimeoutError@100 task.done=false']);
    expect(result).toBe('child done@1000');
  });

  test('a bad ms is a RangeError at the call, naming the function', () => {
    expect(() => timeout(-1, sleep(1))).toThrow(new RangeError('timeout(ms, op): ms must be >= 0, got -1'));
    expect(() => failAfter(Number.NaN, sleep(1))).toThrow(new RangeError('failAfter(ms, op): ms must be a number of milliseconds, got NaN'));
    expect(() => timeout(Infinity, sleep(1))).toThrow(new RangeError('timeout(ms, op): ms must be finite, got Infinity (use suspend() to wait forever)'));
  });

  test('a non-number ms is a TypeError', () => {
    expect(() => timeout('10' as unknown as number, sleep(1))).toThrow(new TypeError('timeout(ms, op): ms must be a number of milliseconds, got string "10"'));
  });

  test('a non-operation is a TypeError at the call, with a hint for an uncalled coroutine function', () => {
    function* work(): Operation<number> {
      yield* sleep(1);
      return 1;
    }
    expect(() => timeout(10, work as unknown as Operation<number>)).toThrow(
      new TypeError(
        'timeout(ms, op): expected an operation (a generator object or a runtime operation such as sleep(ms)), got function work; did you mean work() — call the coroutine function to get its operation?',
      ),
    );
    expect(() => failAfter(10, Promise.resolve(1) as unknown as Operation<number>)).toThrow(
      new TypeError('failAfter(ms, op): expected an operation (a generator object or a runtime operation such as sleep(ms)), got a Promise; wrap a promise with call(promise)'),
    );
  });
});

describe('moveOnAfter', () => {
  test('returns { timedOut: false, value } when the work finishes in time', async () => {
    const result = await run(function* () {
      const loop = yield* getLoop();
      const outcome = yield* moveOnAfter(100, value(30, 'ready'));
      return { outcome, at: loop.time() };
    }, virtual());
    expect(result).toStrictEqual({ outcome: { timedOut: false, value: 'ready' }, at: 30 });
  });

  test('returns { timedOut: true } with no value when the deadline cancels the work', async () => {
    const result = await run(function* () {
      const loop = yield* getLoop();
      const outcome = yield* moveOnAfter(100, value(1000, 'late'));
      return { outcome, at: loop.time() };
    }, virtual());
    expect(result).toStrictEqual({ outcome: { timedOut: true }, at: 100 });
  });

  test('deadline wins a tie: moveOnAfter(1000, sleep(1000)) returns { timedOut: true, value: undefined }', async () => {
    const result = await run(function* () {
      const loop = yield* getLoop();
      const outcome = yield* moveOnAfter(1000, sleep(1000));
      return { outcome, at: loop.time() };
    }, virtual());
    expect(result).toEqual({ outcome: { timedOut: true, value: undefined }, at: 1000 });
  });

  test('work that completes without suspending reports timedOut: false with its value, even with a deadline of 0', async () => {
    const outcome = await run(moveOnAfter(0, function* () {
      return 'instant';
    }()), virtual());
    expect(outcome).toStrictEqual({ timedOut: false, value: 'instant' });
  });

  test('an op that swallows the deadline cancellation and returns hands its value back with timedOut: false', async () => {
    const outcome = await run(moveOnAfter(100, function* () {
      try {
        yield* sleep(1000);
      } catch {
        return 'partial';
      }
      return 'complete';
    }()), virtual());
    expect(outcome).toStrictEqual({ timedOut: false, value: 'partial' });
  });

  test('the code after moveOnAfter keeps running normally once the deadline has cancelled the work', async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      const outcome = yield* moveOnAfter(50, sleep(1000));
      log.push(`timedOut=${outcome.timedOut}@${loop.time()}`);
      yield* sleep(25);
      log.push(`slept@${loop.time()}`);
    }, virtual());
    expect(log).toEqual(['timedOut=true@50', 'slept@75']);
  });

  test('an error from the work propagates unchanged', async () => {
    const { error, at } = await run(thrownBy(moveOnAfter(100, function* () {
      yield* sleep(5);
      throw new SyntaxError('boom');
    }())), virtual());
    expect(error).toEqual(new SyntaxError('boom'));
    expect(at).toBe(5);
  });

  test('a bad ms is a RangeError and a non-operation a TypeError', () => {
    expect(() => moveOnAfter(-3, sleep(1))).toThrow(new RangeError('moveOnAfter(ms, op): ms must be >= 0, got -3'));
    expect(() => moveOnAfter(10, [sleep(1)] as unknown as Operation<void>)).toThrow(
      new TypeError('moveOnAfter(ms, op): expected an operation (a generator object or a runtime operation such as sleep(ms)), got an array of length 1; pass operations as separate arguments (spread the array)'),
    );
  });
});

describe('nested deadlines', () => {
  test('expiring together, the outermost reports: outer moveOnAfter(100) returns timedOut and the inner failAfter(100) does not throw TimeoutError', async () => {
    const log: string[] = [];
    const outcome = await run(function* () {
      const loop = yield* getLoop();
      return yield* moveOnAfter(100, function* () {
        try {
          yield* failAfter(100, sleep(1000));
          log.push('inner returned');
        } catch (error) {
          log.push(`inner threw ${(error as Error).name}@${loop.time()}`);
          throw error;
        }
      }());
    }, virtual());
    expect(outcome).toStrictEqual({ timedOut: true });
    expect(log).toEqual(['inner threw CancelledError@100']);
  });

  test('expiring together with different ms, the outer failAfter reports with its own ms', async () => {
    const { error, at } = await run(thrownBy(failAfter(150, function* () {
      yield* sleep(50);
      yield* failAfter(100, sleep(1000));
    }())), virtual());
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).ms).toBe(150);
    expect(at).toBe(150);
  });

  test('expiring together, an inner moveOnAfter does not swallow the outer timeout', async () => {
    const log: string[] = [];
    const { error, at } = await run(thrownBy(failAfter(100, function* () {
      const outcome = yield* moveOnAfter(100, sleep(1000));
      log.push(`inner returned ${JSON.stringify(outcome)}`);
      yield* sleep(1);
    }())), virtual());
    expect(log).toEqual([]);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).ms).toBe(100);
    expect(at).toBe(100);
  });

  test('an inner deadline earlier than the outer one reports itself: its TimeoutError passes through the outer moveOnAfter', async () => {
    const { error, at } = await run(thrownBy(moveOnAfter(200, failAfter(100, sleep(1000)))), virtual());
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).ms).toBe(100);
    expect(at).toBe(100);
  });

  test('an inner moveOnAfter earlier than the outer failAfter returns timedOut and the outer work carries on', async () => {
    const result = await run(function* () {
      const loop = yield* getLoop();
      return yield* failAfter(500, function* () {
        const inner = yield* moveOnAfter(100, sleep(1000));
        yield* sleep(50);
        return { inner, at: loop.time() };
      }());
    }, virtual());
    expect(result).toStrictEqual({ inner: { timedOut: true }, at: 150 });
  });

  test('an outer deadline earlier than the inner one reports: the inner failAfter sees CancelledError', async () => {
    const log: string[] = [];
    const outcome = await run(function* () {
      const loop = yield* getLoop();
      return yield* moveOnAfter(100, function* () {
        try {
          yield* failAfter(300, sleep(1000));
        } catch (error) {
          log.push(`inner threw ${(error as Error).name}@${loop.time()}`);
          throw error;
        }
      }());
    }, virtual());
    expect(outcome).toStrictEqual({ timedOut: true });
    expect(log).toEqual(['inner threw CancelledError@100']);
  });

  test('a shield inside a timeout keeps its work running past the deadline, then the timeout is reported', async () => {
    const log: string[] = [];
    const { error, at } = await run(function* () {
      const loop = yield* getLoop();
      return yield* thrownBy(timeout(100, function* () {
        yield* shield(function* () {
          yield* sleep(300);
          log.push(`shielded work done@${loop.time()}`);
        }());
        yield* sleep(1);
        log.push('not reached');
      }()));
    }, virtual());
    expect(log).toEqual(['shielded work done@300']);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(at).toBe(300);
  });
});

describe('a deadline scope closed early', () => {
  test('closing a timeout before it finishes leaves its scope: the deadline no longer cancels the task', async () => {
    const result = await run(function* () {
      const iterator = timeout(100, sleep(1000))[Symbol.iterator]();
      iterator.next();
      iterator.return!(undefined);
      yield* sleep(500);
      return (yield* getLoop()).time();
    }, { clock: new VirtualClock() });
    expect(result).toBe(500);
  });
});

describe('timeout(ms) as a stream stage', () => {
  /** Yields 'a', 'b', … each after the matching delay (counted from when it is asked for); logs its finally with the time. */
  function paced(delays: number[], log: string[]): Stream<string> {
    return stream(function* () {
      try {
        for (const [i, ms] of delays.entries()) {
          yield* sleep(ms);
          yield String.fromCharCode(97 + i);
        }
      } finally {
        log.push(`source finally@${(yield* getLoop()).time()}`);
      }
    });
  }

  test('values that each arrive within ms pass through unchanged', async () => {
    const values = await run(pipe(paced([90, 90, 90], []), timeout(100), collect()), virtual());
    expect(values).toEqual(['a', 'b', 'c']);
  });

  test('a value later than ms fails the stream with TimeoutError at exactly the deadline, after the upstream’s finally ran', async () => {
    const log: string[] = [];
    const got: string[] = [];
    const { error, at } = await run(
      thrownBy(forEach(pipe(paced([50, 80, 500], log), timeout(100)), (value) => void got.push(value))),
      virtual(),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).ms).toBe(100);
    expect(at).toBe(230);
    expect(got).toEqual(['a', 'b']);
    expect(log).toEqual(['source finally@230']);
  });

  test('the deadline counts from when the consumer asks for the next value, not from the previous value', async () => {
    const seen: string[] = [];
    await run(function* () {
      yield* forEach(pipe(paced([60, 60], []), timeout(100)), function* (value) {
        seen.push(`${value}@${(yield* getLoop()).time()}`);
        yield* sleep(200);
      });
    }, virtual());
    expect(seen).toEqual(['a@60', 'b@320']);
  });

  test('a value arriving exactly at the deadline is too late: the deadline wins the tie', async () => {
    const { error, at } = await run(thrownBy(pipe(paced([100], []), timeout(100), collect())), virtual());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(at).toBe(100);
  });

  test('timeout(ms) is a stage whose type follows the stream', () => {
    expectTypeOf(pipe(paced([], []), timeout(5))).toEqualTypeOf<Stream<string>>();
  });

  test('a negative or NaN ms is a RangeError at the call, for the stage form too', () => {
    expect(() => timeout(-1)).toThrow(new RangeError('timeout(ms): ms must be >= 0, got -1'));
    expect(() => timeout(NaN)).toThrow(new RangeError('timeout(ms): ms must be a number of milliseconds, got NaN'));
  });
});

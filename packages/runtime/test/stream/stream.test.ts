import { describe, expect, expectTypeOf, test } from 'vitest';
import type {
  Stream} from '../../src/index.js';
import {
  CancelledError,
  InvalidStateError,
  VirtualClock,
  forEach,
  getLoop,
  iterate,
  run,
  sleep,
  spawn,
  stream,
  suspend,
  taskGroup,
  TaskGroupError,
  channel,
  filter,
  map,
  pipe,
  seededRandom,
  type Instruction,
  type Operation,
} from '../../src/index.js';
import { fullChannel } from './sources.js';

function* odds(start: number, stop: number): Generator<number> {
  for (let odd = start | 1; odd <= stop; odd += 2) yield odd;
}

/** The lesson's asynchronous generator: squares of odd numbers, 2 s apart. */
function squareOdds(start: number, stop: number): Stream<number> {
  return stream(function* () {
    for (const odd of odds(start, stop)) {
      yield* sleep(2000);
      yield odd * odd;
    }
  });
}

const virtual = () => ({ clock: new VirtualClock() });

describe('stream coroutines', () => {
  test("the lesson's squareOdds(11, 17) yields 121, 169, 225, 289 at 2, 4, 6 and 8 virtual seconds", async () => {
    const seen = await run(function* () {
      const loop = yield* getLoop();
      const out: [number, number][] = [];
      yield* forEach(squareOdds(11, 17), (square) => {
        out.push([square, loop.time()]);
      });
      return out;
    }, virtual());
    expect(seen).toEqual([
      [121, 2000],
      [169, 4000],
      [225, 6000],
      [289, 8000],
    ]);
  });

  test('stream() infers the value type from what the coroutine yields', () => {
    const s = stream(function* () {
      yield* sleep(1);
      yield String(Math.random());
    });
    expectTypeOf(s).toEqualTypeOf<Stream<string>>();
  });

  test('a stream is lazy: creating it runs nothing', async () => {
    const log: string[] = [];
    await run(function* () {
      stream(function* () {
        log.push('started');
        yield 1;
      });
      yield* sleep(10);
    }, virtual());
    expect(log).toEqual([]);
  });

  test('each consumer runs the stream coroutine afresh', async () => {
    let runs = 0;
    const counted = stream(function* () {
      runs++;
      yield runs;
    });
    const values = await run(function* () {
      const out: number[] = [];
      yield* forEach(counted, (n) => void out.push(n));
      yield* forEach(counted, (n) => void out.push(n));
      return out;
    }, virtual());
    expect(values).toEqual([1, 2]);
  });

  test('an error thrown by the stream reaches the consumer, after the stream ran its finally', async () => {
    const log: string[] = [];
    const failing = stream(function* () {
      try {
        yield 1;
        yield* sleep(5);
        throw new RangeError('source broke');
      } finally {
        log.push('stream finally');
      }
    });
    const error = await run(function* () {
      try {
        yield* forEach(failing, (n) => void log.push(`got ${n}`));
      } catch (caught) {
        return caught;
      }
      return null;
    }, virtual());
    expect(error).toEqual(new RangeError('source broke'));
    expect(log).toEqual(['got 1', 'stream finally']);
  });

  test('a plain `yield sleep(ms)` inside a stream (without the star) is the TypeError that says to use yield*', async () => {
    const wrong = stream(function* () {
      yield sleep(10) as unknown as number;
    });
    await expect(run(() => forEach(wrong, () => undefined), virtual())).rejects.toThrow(
      'task "main" yielded a Sleep to the loop; coroutines must use yield* to run an operation (yield* sleep(ms), not yield sleep(ms))',
    );
  });

  test('stream(factory) with a non-function is a TypeError at the call', () => {
    expect(() => stream(42 as unknown as () => Generator<number>)).toThrow(
      new TypeError('stream(factory): factory must be a generator function, got number 42'),
    );
  });
});

describe('closing a stream early', () => {
  test("stopping after two values runs the stream's finally, which may still wait, before the consumer goes on", async () => {
    const log: string[] = [];
    const numbers = stream(function* () {
      try {
        for (let i = 1; ; i++) {
          yield* sleep(100);
          yield i;
        }
      } finally {
        yield* sleep(50);
        log.push(`stream cleaned up at ${(yield* getLoop()).time()}`);
      }
    });
    const end = await run(function* () {
      const subscription = yield* iterate(numbers);
      log.push(`first ${(yield* subscription.next()).value}`);
      log.push(`second ${(yield* subscription.next()).value}`);
      yield* subscription.close();
      return (yield* getLoop()).time();
    }, virtual());
    expect(log).toEqual(['first 1', 'second 2', 'stream cleaned up at 250']);
    expect(end).toBe(250);
  });

  test('a value yielded from the finally block while closing is an InvalidStateError from close()', async () => {
    const stubborn = stream(function* () {
      try {
        yield 1;
      } finally {
        yield 2;
      }
    });
    const error = await run(function* () {
      const subscription = yield* iterate(stubborn);
      yield* subscription.next();
      try {
        yield* subscription.close();
      } catch (caught) {
        return caught;
      }
      return null;
    }, virtual());
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toBe(
      'stream yielded number 2 while being closed; a finally block in a stream may yield* operations but not yield values',
    );
  });

  test("cancelling the consumer while the stream sleeps runs the stream's finally, and the consumer ends cancelled", async () => {
    const log: string[] = [];
    const slow = stream(function* () {
      try {
        yield* sleep(10_000);
        yield 1;
      } finally {
        log.push(`stream finally at ${(yield* getLoop()).time()}`);
      }
    });
    await run(function* () {
      const consumer = yield* spawn(forEach(slow, () => undefined));
      yield* sleep(30);
      consumer.cancel('stop');
      try {
        yield* consumer;
      } catch (error) {
        log.push(`consumer ${error instanceof CancelledError ? 'cancelled' : 'failed'}`);
      }
    }, virtual());
    expect(log).toEqual(['stream finally at 30', 'consumer cancelled']);
  });

  test('a subscription left open by iterate() is closed when its task finishes, so the finally still runs', async () => {
    const log: string[] = [];
    const numbers = stream(function* () {
      try {
        yield 1;
        yield 2;
      } finally {
        yield* sleep(5);
        log.push('stream finally');
      }
    });
    await run(function* () {
      const task = yield* spawn(function* () {
        const subscription = yield* iterate(numbers);
        yield* subscription.next();
        log.push('task returns');
      }());
      yield* task;
      log.push(`task done at ${(yield* getLoop()).time()}`);
    }, virtual());
    expect(log).toEqual(['task returns', 'stream finally', 'task done at 5']);
  });

  test('a subscription left open by a cancelled task is still closed: the closing runs shielded', async () => {
    const log: string[] = [];
    const numbers = stream(function* () {
      try {
        yield 1;
        yield* sleep(1000);
      } finally {
        yield* sleep(5);
        log.push('stream finally');
      }
    });
    await run(function* () {
      const task = yield* spawn(function* () {
        const subscription = yield* iterate(numbers);
        yield* subscription.next();
        yield* sleep(1000);
      }());
      yield* sleep(10);
      task.cancel();
      try {
        yield* task;
      } catch {
        log.push(`task cancelled, done at ${(yield* getLoop()).time()}`);
      }
    }, virtual());
    expect(log).toEqual(['stream finally', 'task cancelled, done at 15']);
  });
});

describe('the manual next() form', () => {
  test('next() returns each value, then { done: true } at the end and on every call after it', async () => {
    const results = await run(function* () {
      const subscription = yield* iterate(squareOdds(1, 3));
      const out: IteratorResult<number, undefined>[] = [];
      for (let i = 0; i < 4; i++) out.push(yield* subscription.next());
      return { out, closed: subscription.closed };
    }, virtual());
    expect(results).toEqual({
      out: [
        { done: false, value: 1 },
        { done: false, value: 9 },
        { done: true, value: undefined },
        { done: true, value: undefined },
      ],
      closed: true,
    });
  });

  test('reading one subscription from two tasks at once is an InvalidStateError', async () => {
    const error = await run(function* () {
      const subscription = yield* iterate(squareOdds(1, 9));
      const reader = yield* spawn(subscription.next());
      yield* sleep(1);
      try {
        yield* subscription.next();
      } catch (caught) {
        return caught;
      } finally {
        yield* reader;
      }
      return null;
    }, virtual());
    expect(error).toEqual(new InvalidStateError('stream: next() is already running; a subscription is read by one task at a time'));
  });
});

describe('iterating a stream from async code', () => {
  test('for await receives every value of a stream on a loop of its own', async () => {
    const values: number[] = [];
    const quick = stream(function* () {
      for (let i = 1; i <= 3; i++) {
        yield* sleep(0);
        yield i;
      }
    });
    for await (const value of quick) values.push(value);
    expect(values).toEqual([1, 2, 3]);
  });

  test("breaking out of for await closes the stream: its finally runs before the loop statement ends", async () => {
    const log: string[] = [];
    const endless = stream(function* () {
      try {
        for (let i = 1; ; i++) yield i;
      } finally {
        log.push('stream finally');
      }
    });
    for await (const value of endless) {
      log.push(`got ${value}`);
      if (value === 2) break;
    }
    log.push('after loop');
    expect(log).toEqual(['got 1', 'got 2', 'stream finally', 'after loop']);
  });

  test('an error in the stream rejects the for await', async () => {
    const failing = stream<number>(function* () {
      yield* sleep(0);
      throw new TypeError('bad data');
    });
    const consume = async () => {
      for await (const _ of failing) {
        // never reached
      }
    };
    await expect(consume()).rejects.toThrow(new TypeError('bad data'));
  });
});

describe('streams inside operations', () => {
  test('a stream can be consumed with a generator callback that waits: the stream pauses meanwhile', async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      yield* forEach(squareOdds(1, 5), function* (square): Operation<void> {
        log.push(`${square} at ${loop.time()}`);
        yield* sleep(500);
      });
    }, virtual());
    expect(log).toEqual(['1 at 2000', '9 at 4500', '25 at 7000']);
  });
});

describe('forEach as a checkpoint', () => {
  test('a cancelled consumer stops before taking the next value, even when values are ready without waiting', async () => {
    const taken: number[] = [];
    const result = await run(function* () {
      const ready = stream(function* () {
        for (let i = 1; i <= 5; i++) yield i;
      });
      const consumer = yield* spawn(forEach(ready, (n) => {
        taken.push(n);
        if (n === 2) void consumer.cancel('enough');
      }));
      try {
        yield* consumer;
      } catch (error) {
        return error instanceof CancelledError ? (error.reason as string) : 'other';
      }
      return 'finished';
    }, virtual());
    expect(taken).toEqual([1, 2]);
    expect(result).toBe('enough');
  });
});

describe('forEach over values in hand (a channel with a full buffer)', () => {
  test('a cancelled consumer stops before taking the next value, and the values it did not take stay in the channel', async () => {
    const result = await run(function* () {
      const receive = fullChannel(5);
      const taken: number[] = [];
      const consumer = yield* spawn(forEach(receive, (n) => {
        taken.push(n);
        if (n === 2) void consumer.cancel('enough');
      }));
      let reason: unknown = null;
      try {
        yield* consumer;
      } catch (error) {
        reason = error instanceof CancelledError ? error.reason : error;
      }
      const left = [receive.receiveNowait(), receive.receiveNowait(), receive.receiveNowait()];
      return { taken, reason, left };
    }, virtual());
    expect(result).toEqual({ taken: [1, 2], reason: 'enough', left: [3, 4, 5] });
  });

  test('a callback that returns an operation is waited for before the next value is taken, each at its exact virtual time', async () => {
    const seen = await run(function* () {
      const receive = fullChannel(4);
      const loop = yield* getLoop();
      const seen: string[] = [];
      yield* forEach(receive, function* (n) {
        seen.push(`${n} starts at ${loop.time()}`);
        yield* sleep(10 * n);
      });
      seen.push(`done at ${loop.time()}`);
      return seen;
    }, virtual());
    expect(seen).toEqual(['1 starts at 0', '2 starts at 10', '3 starts at 30', '4 starts at 60', 'done at 100']);
  });

  test('a callback that returns a promise is waited for the same way', async () => {
    const order = await run(function* () {
      const receive = fullChannel(3);
      const order: string[] = [];
      yield* forEach(receive, async (n) => {
        order.push(`start ${n}`);
        await Promise.resolve();
        order.push(`end ${n}`);
      });
      return order;
    });
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });
});

describe('values and scopes', () => {
  test('a value yielded from inside a task group body is refused: the group fails and its children are cancelled and awaited', async () => {
    const log: string[] = [];
    const leaky = stream(function* () {
      yield* taskGroup(function* (group) {
        group.spawn(function* () {
          try {
            yield* suspend();
          } finally {
            log.push('group child finally');
          }
        }());
        yield* sleep(1);
        yield 1 as unknown as Instruction;
      });
    });
    const error = await run(function* () {
      try {
        yield* forEach(leaky, () => void log.push('consumer got a value'));
      } catch (caught) {
        return caught;
      }
      return null;
    }, virtual());
    expect(log).toEqual(['group child finally']);
    expect(error).toBeInstanceOf(TaskGroupError);
    expect((error as TaskGroupError).errors).toEqual([
      new InvalidStateError(
        'a stream yielded a value from inside taskGroup(), timeout()/moveOnAfter() or shield(); yield values only outside them (collect inside, then yield)',
      ),
    ]);
  });
});

/**
 * The stages of the properties below, the first `stages` of: ×3 (throwing a
 * RangeError at `throwAt`), keep the even values, and +1 after a 1 ms sleep
 * (an operation: the fused stage's slow path).
 */
function staged(input: Stream<number>, stages: number, throwAt: number): Stream<number> {
  let output = input;
  if (stages >= 1) {
    output = pipe(
      output,
      map((i: number) => {
        if (i === throwAt) throw new RangeError(`stage failed at ${i}`);
        return i * 3;
      }),
    );
  }
  if (stages >= 2) output = pipe(output, filter((value: number) => value % 2 === 0));
  if (stages >= 3) {
    output = pipe(
      output,
      map(function* (value: number): Operation<number> {
        yield* sleep(1);
        return value + 1;
      }),
    );
  }
  return output;
}

/** What {@link staged} does to value i, worked out by hand: the value it hands on, null when filtered out, 'throws' where its map fails. */
function throughStages(i: number, stages: number, throwAt: number): number | null | 'throws' {
  let value = i;
  if (stages >= 1) {
    if (i === throwAt) return 'throws';
    value = value * 3;
  }
  if (stages >= 2 && value % 2 !== 0) return null;
  return stages >= 3 ? value + 1 : value;
}

describe('values in hand and waits, through forEach and fused stages', () => {
  /**
   * A seeded program: a stream coroutine whose values come at once, after a
   * sleep(0) or after a sleep of a few ms; read by forEach directly or
   * through map/filter stages, one of which may wait (an operation) or throw.
   * The reference is the same program worked out by hand: the values that
   * pass, each at the virtual time it is handed to forEach.
   */
  test('property: forEach sees exactly the values and times the program gives, the stream’s finally runs once, and an error in a stage closes the stream (300 seeds)', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = seededRandom(seed);
      const count = Math.floor(random() * 30);
      const waits = Array.from({ length: count }, () => {
        const r = random();
        return r < 0.5 ? -1 : r < 0.7 ? 0 : 1 + Math.floor(random() * 5);
      });
      const stages = Math.floor(random() * 4); // 0: none, 1: map, 2: map + filter, 3: map + filter + waiting map
      const throwAt = random() < 0.2 ? Math.floor(random() * Math.max(1, count)) : -1;
      // The reference.
      const expected: [number, number][] = [];
      let time = 0;
      let failsAt: number | null = null;
      for (let i = 0; i < count; i++) {
        if (waits[i]! > 0) time += waits[i]!;
        const value = throughStages(i, stages, throwAt);
        if (value === 'throws') {
          failsAt = time;
          break;
        }
        if (value === null) continue;
        if (stages >= 3) time += 1; // the waiting map's sleep(1)
        expected.push([time, value]);
      }
      const got = await run(function* () {
        const loop = yield* getLoop();
        const log: string[] = [];
        const seen: [number, number][] = [];
        const source = stream<number>(function* () {
          try {
            for (let i = 0; i < count; i++) {
              if (waits[i]! >= 0) yield* sleep(waits[i]!);
              yield i;
            }
          } finally {
            log.push('finally');
          }
        });
        const input = staged(source, stages, throwAt);
        let error: unknown = null;
        try {
          yield* forEach(input, (value) => {
            seen.push([loop.time(), value]);
          });
        } catch (thrown) {
          error = thrown instanceof RangeError ? `${thrown.message} at ${loop.time()}` : thrown;
        }
        return { seen, log, error };
      }, { clock: new VirtualClock() });
      expect({ seed, ...got }).toEqual({
        seed,
        seen: expected,
        log: ['finally'],
        error: failsAt === null ? null : `stage failed at ${throwAt} at ${failsAt}`,
      });
    }
  });

  test('property: fed by a channel, whose values are often in hand, forEach through the same stages sees exactly the values that pass, in order, and an error in a stage ends it (300 seeds)', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = seededRandom(seed);
      const count = Math.floor(random() * 40);
      const gaps = Array.from({ length: count }, () => (random() < 0.6 ? -1 : Math.floor(random() * 3)));
      const stages = Math.floor(random() * 4);
      const throwAt = random() < 0.2 ? Math.floor(random() * Math.max(1, count)) : -1;
      const expected: number[] = [];
      let failed = false;
      for (let i = 0; i < count; i++) {
        const value = throughStages(i, stages, throwAt);
        if (value === 'throws') {
          failed = true;
          break;
        }
        if (value !== null) expected.push(value);
      }
      const got = await run(function* () {
        const [send, receive] = channel<number>(Infinity);
        yield* spawn(function* (): Operation<void> {
          for (let i = 0; i < count; i++) {
            if (gaps[i]! >= 0) yield* sleep(gaps[i]!);
            send.sendNowait(i);
          }
          send.close();
        }());
        const input = staged(receive, stages, throwAt);
        const seen: number[] = [];
        let error: unknown = null;
        try {
          yield* forEach(input, (value) => {
            seen.push(value);
          });
        } catch (thrown) {
          error = thrown instanceof RangeError ? thrown.message : thrown;
        }
        return { seen, error };
      }, { clock: new VirtualClock() });
      expect({ seed, ...got }).toEqual({ seed, seen: expected, error: failed ? `stage failed at ${throwAt}` : null });
    }
  });
});

import { describe, expect, test } from 'vitest';
import { EndOfChannel, collect, channel, currentTask, forEach, isStream, iterate, map, pipe, reduce, run, seededRandom, sleep, spawn, type Operation } from '../../src/index.js';
import { attempt, now, outcome, virtual } from './helpers.js';

describe('a receive end read as a stream', () => {
  test('a receive end is a Stream; a send end is not', () => {
    const [send, receive] = channel<number>();
    expect([isStream(receive), isStream(send)]).toEqual([true, false]);
  });

  test('forEach runs fn for every value in order and returns once every send end is closed', async () => {
    const log = await run(function* () {
      const log: string[] = [];
      const [send, receive] = channel<number>(0);
      yield* spawn(function* () {
        for (const value of [1, 2, 3]) yield* send.send(value);
        send.close();
        log.push('producer closed');
      }());
      yield* forEach(receive, (value) => {
        log.push(`got ${value}`);
      });
      log.push(`forEach returned at ${yield* now()}`);
      log.push(`receive() now: ${String(yield* outcome(receive.receive()))}`);
      return log;
    }, virtual());
    // The last send finds forEach's receive already waiting, so the producer runs on to close first.
    expect(log).toEqual(['got 1', 'got 2', 'producer closed', 'got 3', 'forEach returned at 0', 'receive() now: EndOfChannel']);
  });

  test('forEach waits on the loop, so a VirtualClock jumps to a producer that sleeps 10 ms before each send', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(0);
      yield* spawn(function* () {
        for (const value of ['a', 'b', 'c']) {
          yield* sleep(10);
          yield* send.send(value);
        }
        send.close();
      }());
      const seen: string[] = [];
      yield* forEach(receive, function* (value) {
        seen.push(`${value} at ${yield* now()}`);
      });
      return { seen, returnedAt: yield* now() };
    }, virtual());
    expect(result).toEqual({ seen: ['a at 10', 'b at 20', 'c at 30'], returnedAt: 30 });
  });

  test('a forEach cancelled while waiting takes no value: one sent in the same instant goes to the next receiver', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<number>(1);
      const seen: number[] = [];
      const consumer = yield* spawn(
        forEach(receive, (value) => {
          seen.push(value);
        }),
      );
      yield* sleep(0);
      const waiting = receive.statistics().tasksWaitingReceive;
      consumer.cancel();
      send.sendNowait(7);
      return { waiting, consumer: yield* outcome(consumer), seen, next: attempt(() => receive.receiveNowait()) };
    }, virtual());
    expect(result).toEqual({ waiting: 1, consumer: 'CancelledError', seen: [], next: 7 });
  });

  test('a forEach woken with a value and cancelled in the same instant still runs fn with it', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<number>(0);
      const seen: number[] = [];
      const consumer = yield* spawn(
        forEach(receive, (value) => {
          seen.push(value);
        }),
      );
      yield* sleep(0);
      send.sendNowait(7);
      consumer.cancel();
      return { consumer: yield* outcome(consumer), seen, buffered: receive.statistics().currentBufferUsed };
    }, virtual());
    expect(result).toEqual({ consumer: 'CancelledError', seen: [7], buffered: 0 });
  });

  test('stopping a forEach early leaves the channel open: the next receive() gets the next value', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<number>(Infinity);
      for (const value of [1, 2, 3]) send.sendNowait(value);
      const stop = new Error('stop');
      const seen: number[] = [];
      const stopped = yield* outcome(
        forEach(receive, (value) => {
          seen.push(value);
          if (value === 2) throw stop;
        }),
      );
      const { openSendChannels, openReceiveChannels } = receive.statistics();
      return { stopped, seen, open: [openSendChannels, openReceiveChannels], next: yield* receive.receive() };
    }, virtual());
    expect(result).toEqual({ stopped: 'Error', seen: [1, 2], open: [1, 1], next: 3 });
  });

  test('a forEach whose fn cancels its own task takes no value after that one: the rest stay buffered', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<number>(Infinity);
      for (const value of [1, 2, 3, 4]) send.sendNowait(value);
      const seen: number[] = [];
      const reader = yield* spawn(function* () {
        const task = yield* currentTask();
        yield* forEach(receive, (value) => {
          seen.push(value);
          if (value === 2) task.cancel();
        });
      }());
      const stopped = yield* outcome(reader);
      return { stopped, seen, left: [receive.receiveNowait(), receive.receiveNowait()] };
    }, virtual());
    expect(result).toEqual({ stopped: 'CancelledError', seen: [1, 2], left: [3, 4] });
  });

  test('reduce folds the buffered values, then those sent while it waits, until every send end is closed', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<number>(Infinity);
      for (const value of [1, 2, 3]) send.sendNowait(value);
      yield* spawn(function* () {
        yield* sleep(10);
        yield* send.send(10);
        yield* sleep(10);
        send.close();
      }());
      const folded = yield* pipe(
        receive,
        reduce((acc: string, value: number) => `${acc}+${value}`, '0'),
      );
      return { folded, at: yield* now() };
    }, virtual());
    expect(result).toEqual({ folded: '0+1+2+3+10', at: 20 });
  });

  test('iterate gives { done: true } at EndOfChannel and after close(), without touching the channel', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<number>(Infinity);
      send.sendNowait(1);
      send.sendNowait(2);
      const first = yield* iterate(receive);
      const read = [yield* first.next()];
      yield* first.close();
      read.push(yield* first.next());
      const afterClose = { closed: first.closed, buffered: receive.statistics().currentBufferUsed };
      send.close();
      const second = yield* iterate(receive);
      read.push(yield* second.next(), yield* second.next(), yield* second.next());
      return { read, afterClose, ended: second.closed };
    }, virtual());
    expect(result).toEqual({
      read: [{ done: false, value: 1 }, { done: true, value: undefined }, { done: false, value: 2 }, { done: true, value: undefined }, { done: true, value: undefined }],
      afterClose: { closed: true, buffered: 1 },
      ended: true,
    });
  });

  test('a blocked forEach whose receive end is closed by another task fails with ClosedResourceError', async () => {
    const result = await run(function* () {
      const [, receive] = channel<number>(0);
      const consumer = yield* spawn(outcome(forEach(receive, () => {})));
      yield* sleep(1);
      receive.close();
      return yield* consumer;
    }, virtual());
    expect(result).toBe('ClosedResourceError');
  });

  test('pipe(receive, map, collect) reads the channel through stream stages until it ends', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<number>(0);
      yield* spawn(function* () {
        for (const value of [1, 2, 3]) {
          yield* sleep(5);
          yield* send.send(value);
        }
        send.close();
      }());
      const doubled = yield* pipe(
        receive,
        map((value) => value * 2),
        collect(),
      );
      return { doubled, at: yield* now() };
    }, virtual());
    expect(result).toEqual({ doubled: [2, 4, 6], at: 15 });
  });

  test('property: whatever the buffer size, the producer’s pace and the moment the forEach reader is cancelled, the values it got and the values left in the channel are the values sent, in order (200 seeds)', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      const capacity = Math.floor(random() * 5);
      const count = 1 + Math.floor(random() * 30);
      const cancelAfter = Math.floor(random() * 40);
      const { got, left } = await run(function* () {
        const [send, receive] = channel<number>(capacity);
        const got: number[] = [];
        yield* spawn(function* (): Operation<void> {
          for (let i = 0; i < count; i++) {
            if (random() < 0.5) yield* sleep(0);
            yield* send.send(i);
          }
          send.close();
        }());
        // Takes values both when some are in hand (a full buffer, a blocked sender) and when it must wait.
        const reader = yield* spawn(forEach(receive, (value) => {
          got.push(value);
        }));
        for (let i = 0; i < cancelAfter; i++) yield* sleep(0);
        reader.cancel();
        const left: number[] = [];
        for (;;) {
          yield* sleep(0);
          try {
            left.push(receive.receiveNowait());
          } catch (error) {
            if (error instanceof EndOfChannel) break;
          }
        }
        return { got, left };
      });
      expect({ seed, values: [...got, ...left] }).toEqual({ seed, values: Array.from({ length: count }, (_, i) => i) });
    }
  });

  test('property: whatever the buffer size, the producer’s pace and how often the callback waits, forEach and reduce take every value sent, once each, in order, each after the wait before it is over (200 seeds)', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      const capacity = [0, 1, 3, Infinity][Math.floor(random() * 4)]!;
      const count = Math.floor(random() * 40);
      const waitEvery = 1 + Math.floor(random() * 5);
      const byForEach = random() < 0.5;
      const log = await run(function* () {
        const [send, receive] = channel<number>(capacity);
        yield* spawn(function* (): Operation<void> {
          for (let i = 0; i < count; i++) {
            if (random() < 0.3) yield* sleep(random() < 0.5 ? 0 : 1);
            // Bursts: several values in hand at once when the buffer has room.
            if (capacity > 0 && random() < 0.5) {
              try {
                send.sendNowait(i);
                continue;
              } catch {
                // Full: fall through to a send that waits.
              }
            }
            yield* send.send(i);
          }
          send.close();
        }());
        const log: string[] = [];
        // What the callback returns for every waitEvery-th value: an operation, logged when it is over.
        const pace = function* (value: number): Operation<void> {
          yield* sleep(random() < 0.5 ? 0 : 1);
          log.push(`waited after ${value}`);
        };
        if (byForEach) {
          yield* forEach(receive, (value) => {
            log.push(`took ${value}`);
            return value % waitEvery === 0 ? pace(value) : undefined;
          });
        } else {
          const total = yield* pipe(
            receive,
            reduce((acc: number, value: number) => {
              log.push(`took ${value}`);
              return value % waitEvery === 0 ? (function* () {
                yield* pace(value);
                return acc + 1;
              })() : acc + 1;
            }, 0),
          );
          log.push(`reduced ${total}`);
        }
        return log;
      }, virtual());
      const expected = Array.from({ length: count }, (_, i) => (i % waitEvery === 0 ? [`took ${i}`, `waited after ${i}`] : [`took ${i}`])).flat();
      if (!byForEach) expected.push(`reduced ${count}`);
      expect({ seed, log }).toEqual({ seed, log: expected });
    }
  });
});

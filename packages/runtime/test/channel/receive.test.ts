import { describe, expect, test } from 'vitest';
import { EndOfChannel, WouldBlock, channel, run, sleep, spawn } from '../../src/index.js';
import { attempt, logNextSuspension, now, outcome, virtual } from './helpers.js';

describe('receive.receive()', () => {
  test('blocked receivers get values in the order they started waiting', async () => {
    const log = await run(function* () {
      const log: string[] = [];
      const [send, receive] = channel<number>(0);
      for (const name of ['A', 'B', 'C']) {
        yield* spawn(function* () {
          const value = yield* receive.receive();
          log.push(`${name} got ${value} at ${yield* now()}`);
        }());
      }
      yield* sleep(5);
      send.sendNowait(1);
      send.sendNowait(2);
      send.sendNowait(3);
      yield* sleep(0);
      return log;
    }, virtual());
    expect(log).toEqual(['A got 1 at 5', 'B got 2 at 5', 'C got 3 at 5']);
  });

  test('a receive from a full buffer lets the first blocked sender’s value into the freed slot', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(2);
      send.sendNowait('a');
      send.sendNowait('b');
      const sender = yield* spawn(send.send('c'));
      yield* sleep(1);
      const first = yield* receive.receive();
      const stats = receive.statistics();
      yield* sender;
      return { first, stats, rest: [receive.receiveNowait(), receive.receiveNowait()] };
    }, virtual());
    expect(result).toEqual({
      first: 'a',
      stats: { currentBufferUsed: 2, maxBufferSize: 2, openSendChannels: 1, openReceiveChannels: 1, tasksWaitingSend: 0, tasksWaitingReceive: 0 },
      rest: ['b', 'c'],
    });
  });

  test('after the last send end closes, receivers drain the buffer and then get EndOfChannel', async () => {
    const results = await run(function* () {
      const [send, receive] = channel<number>(3);
      send.sendNowait(1);
      send.sendNowait(2);
      send.close();
      return [yield* outcome(receive.receive()), yield* outcome(receive.receive()), yield* outcome(receive.receive()), yield* outcome(receive.receive())];
    }, virtual());
    expect(results).toEqual([1, 2, 'EndOfChannel', 'EndOfChannel']);
  });

  test('closing the last send end wakes every blocked receiver with EndOfChannel at that time', async () => {
    const log = await run(function* () {
      const log: string[] = [];
      const [send, receive] = channel<number>(0);
      const other = receive.clone();
      for (const [name, end] of [['A', receive], ['B', other]] as const) {
        yield* spawn(function* () {
          const result = yield* outcome(end.receive());
          log.push(`${name}: ${String(result)} at ${yield* now()}`);
        }());
      }
      yield* sleep(4);
      send.close();
      yield* sleep(0);
      return log;
    }, virtual());
    expect(log).toEqual(['A: EndOfChannel at 4', 'B: EndOfChannel at 4']);
  });

  test('a receiver cancelled while waiting takes no value; the next receiver gets it', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(0);
      const cancelled = yield* spawn(receive.receive());
      const next = yield* spawn(receive.receive());
      yield* sleep(5);
      cancelled.cancel();
      const waitingAfterCancel = receive.statistics().tasksWaitingReceive;
      send.sendNowait('the only value');
      return { waitingAfterCancel, next: yield* next, cancelled: yield* outcome(cancelled) };
    }, virtual());
    expect(result).toEqual({ waitingAfterCancel: 1, next: 'the only value', cancelled: 'CancelledError' });
  });

  test('a receiver woken with a value and cancelled in the same instant still returns the value', async () => {
    const result = await run(function* () {
      const log: string[] = [];
      const [send, receive] = channel<string>(0);
      const receiver = yield* spawn(function* () {
        const value = yield* receive.receive();
        log.push(`received '${value}'`);
        yield* logNextSuspension(log);
      }());
      yield* sleep(5);
      send.sendNowait('kept');
      receiver.cancel();
      yield* outcome(receiver);
      return { log, cancelled: receiver.cancelled(), left: receive.statistics().currentBufferUsed };
    }, virtual());
    expect(result).toEqual({ log: ["received 'kept'", 'cancelled at the next suspension'], cancelled: true, left: 0 });
  });

  test('a blocked receiver whose own end is closed by another task gets ClosedResourceError', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<number>(0);
      const receiver = yield* spawn(outcome(receive.receive()));
      yield* sleep(3);
      receive.close();
      return { receiver: yield* receiver, send: attempt(() => send.sendNowait(1)) };
    }, virtual());
    expect(result).toEqual({ receiver: 'ClosedResourceError', send: 'BrokenResourceError' });
  });

  test('closing one receive clone fails only its blocked receivers; the others still get values in order', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(0);
      const clone = receive.clone();
      const a1 = yield* spawn(outcome(receive.receive()));
      const b1 = yield* spawn(outcome(clone.receive()));
      const a2 = yield* spawn(outcome(receive.receive()));
      const b2 = yield* spawn(outcome(clone.receive()));
      yield* sleep(1);
      receive.close();
      send.sendNowait('x');
      send.sendNowait('y');
      return [yield* a1, yield* b1, yield* a2, yield* b2];
    }, virtual());
    expect(result).toEqual(['ClosedResourceError', 'x', 'ClosedResourceError', 'y']);
  });
});

describe('receive.receiveNowait()', () => {
  test('throws WouldBlock when nothing is buffered and a send end is open', () => {
    const [, receive] = channel<number>(1);
    expect(() => receive.receiveNowait()).toThrow(
      new WouldBlock('receive.receiveNowait(): no value is buffered and no sender is waiting; yield* receive.receive() to wait for one'),
    );
  });

  test('takes the value of a blocked sender on a rendezvous channel and wakes it', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(0);
      const sender = yield* spawn(function* () {
        yield* send.send('handed over');
        return yield* now();
      }());
      yield* sleep(6);
      return { value: receive.receiveNowait(), sentAt: yield* sender };
    }, virtual());
    expect(result).toEqual({ value: 'handed over', sentAt: 6 });
  });

  test('throws EndOfChannel once drained with every send end closed', () => {
    const [send, receive] = channel<number>(1);
    send.sendNowait(9);
    send.close();
    expect(receive.receiveNowait()).toBe(9);
    expect(() => receive.receiveNowait()).toThrow(
      new EndOfChannel('receive.receiveNowait(): the channel is drained and every send end is closed; no more values will come'),
    );
  });
});

describe('receive.clone() and receive.close()', () => {
  test('senders keep going until the last receive clone closes', () => {
    const [send, receive] = channel<number>(Infinity);
    const clone = receive.clone();
    receive.close();
    send.sendNowait(1);
    const before = [clone.receiveNowait(), receive.statistics().openReceiveChannels];
    clone.close();
    expect([...before, attempt(() => send.sendNowait(2)), receive.statistics().openReceiveChannels]).toEqual([1, 1, 'BrokenResourceError', 0]);
  });

  test('closing the last receive end drops buffered values', () => {
    const [send, receive] = channel<number>(3);
    send.sendNowait(1);
    send.sendNowait(2);
    receive.close();
    expect(send.statistics().currentBufferUsed).toBe(0);
  });

  test('receive, receiveNowait and clone on a closed receive end throw ClosedResourceError, even with values buffered', async () => {
    const [send, receive] = channel<number>(2);
    const clone = receive.clone();
    send.sendNowait(1);
    receive.close();
    const received = await run(outcome(receive.receive()), virtual());
    expect([received, attempt(() => receive.receiveNowait()), attempt(() => receive.clone()), clone.receiveNowait()]).toEqual([
      'ClosedResourceError',
      'ClosedResourceError',
      'ClosedResourceError',
      1,
    ]);
  });
});

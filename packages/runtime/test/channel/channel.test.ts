import { describe, expect, test } from 'vitest';
import { ReceiveChannel, SendChannel, channel, isOperation, moveOnAfter, run, sleep, spawn, type Instruction, type LoopEvent } from '../../src/index.js';
import { attempt, now, virtual } from './helpers.js';

const USE_YIELD_STAR = 'coroutines must use yield* to run an operation (yield* sleep(ms), not yield sleep(ms))';

describe('channel(capacity)', () => {
  test('returns a send end and a receive end', () => {
    const ends = channel<number>();
    expect(ends).toHaveLength(2);
    expect(ends[0]).toBeInstanceOf(SendChannel);
    expect(ends[1]).toBeInstanceOf(ReceiveChannel);
  });

  test('defaults to capacity 0, a rendezvous channel', () => {
    const [send] = channel<number>();
    expect(send.statistics().maxBufferSize).toBe(0);
  });

  test('a negative capacity is a RangeError that names capacity', () => {
    expect(() => channel(-1)).toThrow(new RangeError('channel(capacity): capacity must be 0 (rendezvous), a positive integer or Infinity, got -1'));
  });

  test('a NaN or fractional capacity is a RangeError that names capacity', () => {
    expect(() => channel(NaN)).toThrow(new RangeError('channel(capacity): capacity must be 0 (rendezvous), a positive integer or Infinity, got NaN'));
    expect(() => channel(1.5)).toThrow(new RangeError('channel(capacity): capacity must be 0 (rendezvous), a positive integer or Infinity, got 1.5'));
    expect(() => channel(-Infinity)).toThrow(RangeError);
  });

  test('a capacity that is not a number is a TypeError that names capacity', () => {
    expect(() => channel('2' as unknown as number)).toThrow(new TypeError('channel(capacity): capacity must be a number (0, a positive integer or Infinity), got string "2"'));
  });

  test('a rendezvous send waits until a receiver arrives, then both go on at that time', async () => {
    const log = await run(function* () {
      const log: string[] = [];
      const [send, receive] = channel<string>(0);
      const sender = yield* spawn(function* () {
        log.push(`sender: send 'a' at ${yield* now()}`);
        yield* send.send('a');
        log.push(`sender: sent at ${yield* now()}`);
      }());
      yield* sleep(10);
      log.push(`main: receive at ${yield* now()}`);
      const value = yield* receive.receive();
      log.push(`main: got '${value}' at ${yield* now()}`);
      yield* sender;
      return log;
    }, virtual());
    expect(log).toEqual(["sender: send 'a' at 0", 'main: receive at 10', "main: got 'a' at 10", 'sender: sent at 10']);
  });

  test('a rendezvous receive waits until a sender arrives; the sender does not wait', async () => {
    const log = await run(function* () {
      const log: string[] = [];
      const [send, receive] = channel<string>(0);
      const receiver = yield* spawn(function* () {
        log.push(`receiver: receive at ${yield* now()}`);
        log.push(`receiver: got '${yield* receive.receive()}' at ${yield* now()}`);
      }());
      yield* sleep(10);
      yield* send.send('a');
      log.push(`main: sent at ${yield* now()}`);
      yield* receiver;
      return log;
    }, virtual());
    expect(log).toEqual(['receiver: receive at 0', 'main: sent at 10', "receiver: got 'a' at 10"]);
  });

  test('a buffered channel takes capacity sends without waiting and the next one waits for a receive (backpressure)', async () => {
    const log = await run(function* () {
      const log: string[] = [];
      const [send, receive] = channel<number>(2);
      yield* spawn(function* () {
        for (let i = 0; i < 4; i++) {
          yield* send.send(i);
          log.push(`sent ${i} at ${yield* now()}`);
        }
        send.close();
      }());
      for (;;) {
        yield* sleep(10);
        const value = yield* receive.receive();
        log.push(`received ${value} at ${yield* now()}`);
        if (value === 3) return log;
      }
    }, virtual());
    expect(log).toEqual([
      'sent 0 at 0',
      'sent 1 at 0',
      'received 0 at 10',
      'sent 2 at 10',
      'received 1 at 20',
      'sent 3 at 20',
      'received 2 at 30',
      'received 3 at 40',
    ]);
  });

  test('the (capacity + 1)-th send waits in channel.send with the buffer full', async () => {
    const result = await run(function* () {
      const [send] = channel<string>(2);
      const sender = yield* spawn(function* () {
        yield* send.send('a');
        yield* send.send('b');
        yield* send.send('c');
      }());
      yield* sleep(10);
      return { waitingOn: sender.waitingOn, stats: send.statistics() };
    }, virtual());
    expect(result).toEqual({
      waitingOn: 'channel.send',
      stats: { currentBufferUsed: 2, maxBufferSize: 2, openSendChannels: 1, openReceiveChannels: 1, tasksWaitingSend: 1, tasksWaitingReceive: 0 },
    });
  });

  test('an Infinity channel never makes a sender wait', async () => {
    const result = await run(function* () {
      const [send] = channel<number>(Infinity);
      for (let i = 0; i < 1000; i++) yield* send.send(i);
      return { time: yield* now(), stats: send.statistics() };
    }, virtual());
    expect(result).toEqual({
      time: 0,
      stats: { currentBufferUsed: 1000, maxBufferSize: Infinity, openSendChannels: 1, openReceiveChannels: 1, tasksWaitingSend: 0, tasksWaitingReceive: 0 },
    });
  });

  test('values come out in the order they were sent', () => {
    const [send, receive] = channel<string>(5);
    for (const value of ['a', 'b', 'c', 'd', 'e']) send.sendNowait(value);
    expect([1, 2, 3, 4, 5].map(() => receive.receiveNowait())).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  test('statistics report buffer use, open ends and waiting tasks from either end', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<number>(1);
      send.sendNowait(1);
      const extra = send.clone();
      yield* spawn(send.send(2));
      yield* spawn(extra.send(3));
      yield* sleep(1);
      return [send.statistics(), receive.statistics()];
    }, virtual());
    const expected = { currentBufferUsed: 1, maxBufferSize: 1, openSendChannels: 2, openReceiveChannels: 1, tasksWaitingSend: 2, tasksWaitingReceive: 0 };
    expect(result).toEqual([expected, expected]);
  });

  test('statistics count blocked receivers', async () => {
    const stats = await run(function* () {
      const [send, receive] = channel<number>(3);
      yield* spawn(receive.receive());
      yield* spawn(receive.receive());
      yield* sleep(1);
      return send.statistics();
    }, virtual());
    expect(stats).toEqual({ currentBufferUsed: 0, maxBufferSize: 3, openSendChannels: 1, openReceiveChannels: 1, tasksWaitingSend: 0, tasksWaitingReceive: 2 });
  });

  test('ends of separate channels do not share values', () => {
    const [sendA, receiveA] = channel<string>(1);
    const [, receiveB] = channel<string>(1);
    sendA.sendNowait('a');
    expect([attempt(() => receiveB.receiveNowait()), receiveA.receiveNowait()]).toEqual(['WouldBlock', 'a']);
  });
});

describe('send() and receive() as operations (the wait protocol, sync/waiter.ts)', () => {
  test('are operations, and nothing happens until they are run', () => {
    const [send, receive] = channel<number>(1);
    const ops = [send.send(1), receive.receive()];
    expect([ops.map(isOperation), send.statistics().currentBufferUsed]).toEqual([[true, true], 0]);
  });

  test('complete without suspending when they need not wait', async () => {
    const log = await run(function* () {
      const log: string[] = [];
      const [send, receive] = channel<number>(1);
      yield* spawn(function* () {
        log.push('other task ran');
      }());
      yield* send.send(1);
      log.push('sent 1');
      log.push(`received ${yield* receive.receive()}`);
      yield* sleep(0);
      return log;
    }, virtual());
    expect(log).toEqual(['sent 1', 'received 1', 'other task ran']);
  });

  test('a blocked task reports what it waits on as channel.send or channel.receive, in waitingOn and in task.suspend events', async () => {
    const events: LoopEvent[] = [];
    const waitingOn = await run(function* () {
      const [, receiveA] = channel<number>(0);
      const [sendB] = channel<number>(0);
      const receiver = yield* spawn(receiveA.receive(), { name: 'receiver' });
      const sender = yield* spawn(sendB.send(1), { name: 'sender' });
      yield* sleep(1);
      return [receiver.waitingOn, sender.waitingOn];
    }, { ...virtual(), onEvent: (event) => events.push(event) });
    const suspendedOn = events.flatMap((event) => (event.type === 'task.suspend' && event.on.startsWith('channel.') ? [event.on] : []));
    expect([waitingOn, suspendedOn]).toEqual([
      ['channel.receive', 'channel.send'],
      ['channel.receive', 'channel.send'],
    ]);
  });

  test('`yield receive.receive()` without the star fails with the use-yield* TypeError and takes nothing', async () => {
    const [send, receive] = channel<number>(1);
    send.sendNowait(1);
    await expect(
      run(function* () {
        yield receive.receive() as unknown as Instruction;
      }, virtual()),
    ).rejects.toThrow(new TypeError(`task "main" yielded a Receive to the loop; ${USE_YIELD_STAR}`));
    expect(receive.receiveNowait()).toBe(1);
  });

  test('`yield send.send(v)` without the star fails with the use-yield* TypeError and sends nothing', async () => {
    const [send, receive] = channel<number>(1);
    await expect(
      run(function* () {
        yield send.send(1) as unknown as Instruction;
      }, virtual()),
    ).rejects.toThrow(new TypeError(`task "main" yielded a Send to the loop; ${USE_YIELD_STAR}`));
    expect(receive.statistics().currentBufferUsed).toBe(0);
  });

  test('running the same operation twice sends (or receives) twice', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(Infinity);
      const sendX = send.send('x');
      yield* sendX;
      yield* sendX;
      const receiveOne = receive.receive();
      return [yield* receiveOne, yield* receiveOne, receive.statistics().currentBufferUsed];
    }, virtual());
    expect(result).toEqual(['x', 'x', 0]);
  });

  test('a receive abandoned by moveOnAfter leaves the line, so a later sendNowait finds nobody waiting', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<number>(0);
      const moved = yield* moveOnAfter(10, receive.receive());
      return { moved, time: yield* now(), waiting: receive.statistics().tasksWaitingReceive, sendNowait: attempt(() => send.sendNowait(1)) };
    }, virtual());
    expect(result).toEqual({ moved: { timedOut: true }, time: 10, waiting: 0, sendNowait: 'WouldBlock' });
  });

  test('a send that completes within moveOnAfter returns its result', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<number>(0);
      yield* spawn(function* () {
        yield* sleep(4);
        return yield* receive.receive();
      }());
      const moved = yield* moveOnAfter(10, send.send(1));
      return { moved, time: yield* now() };
    }, virtual());
    expect(result).toEqual({ moved: { timedOut: false, value: undefined }, time: 4 });
  });
});

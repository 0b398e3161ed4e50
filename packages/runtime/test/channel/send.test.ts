import { describe, expect, test } from 'vitest';
import {
  BrokenResourceError,
  ClosedResourceError,
  WouldBlock,
  channel,
  run,
  sleep,
  spawn,
} from '../../src/index.js';
import { attempt, logNextSuspension, now, outcome, virtual } from './helpers.js';

describe('send.send(value)', () => {
  test('blocked senders deliver in the order they started waiting, and resume in that order', async () => {
    const result = await run(function* () {
      const log: string[] = [];
      const [send, receive] = channel<string>(0);
      for (const name of ['A', 'B', 'C']) {
        yield* spawn(function* () {
          yield* send.send(name);
          log.push(`${name} sent at ${yield* now()}`);
        }());
      }
      yield* sleep(5);
      const received = [yield* receive.receive(), yield* receive.receive(), yield* receive.receive()];
      yield* sleep(0);
      return { received, log };
    }, virtual());
    expect(result).toEqual({ received: ['A', 'B', 'C'], log: ['A sent at 5', 'B sent at 5', 'C sent at 5'] });
  });

  test('a sender cancelled while blocked does not deliver its value; the receiver gets the next sender’s', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(0);
      const first = yield* spawn(send.send('from the cancelled sender'));
      const second = yield* spawn(send.send('from the second sender'));
      yield* sleep(5);
      first.cancel();
      const waitingAfterCancel = send.statistics().tasksWaitingSend;
      const received = yield* receive.receive();
      yield* second;
      return { waitingAfterCancel, received, cancelled: first.cancelled(), next: attempt(() => receive.receiveNowait()) };
    }, virtual());
    expect(result).toEqual({ waitingAfterCancel: 1, received: 'from the second sender', cancelled: true, next: 'WouldBlock' });
  });

  test('a sender whose value was taken and that is cancelled in the same instant still returns normally', async () => {
    const result = await run(function* () {
      const log: string[] = [];
      const [send, receive] = channel<string>(0);
      const sender = yield* spawn(function* () {
        yield* send.send('a');
        log.push('send returned');
        yield* logNextSuspension(log);
      }());
      yield* sleep(5);
      const received = receive.receiveNowait();
      sender.cancel();
      yield* outcome(sender);
      return { received, log, cancelled: sender.cancelled() };
    }, virtual());
    expect(result).toEqual({ received: 'a', log: ['send returned', 'cancelled at the next suspension'], cancelled: true });
  });

  test('a send into a channel whose receive ends are all closed throws BrokenResourceError', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<number>(5);
      receive.close();
      return yield* outcome(send.send(1));
    }, virtual());
    expect(result).toBe('BrokenResourceError');
  });

  test('closing the last receive end wakes blocked senders with BrokenResourceError at that time', async () => {
    const result = await run(function* () {
      const log: string[] = [];
      const [send, receive] = channel<number>(0);
      for (const name of ['A', 'B']) {
        yield* spawn(function* () {
          const result = yield* outcome(send.send(1));
          log.push(`${name}: ${String(result)} at ${yield* now()}`);
        }());
      }
      yield* sleep(7);
      receive.close();
      yield* sleep(0);
      return { log, stats: send.statistics() };
    }, virtual());
    expect(result).toEqual({
      log: ['A: BrokenResourceError at 7', 'B: BrokenResourceError at 7'],
      stats: { currentBufferUsed: 0, maxBufferSize: 0, openSendChannels: 1, openReceiveChannels: 0, tasksWaitingSend: 0, tasksWaitingReceive: 0 },
    });
  });

  test('a blocked sender whose own end is closed by another task gets ClosedResourceError and delivers nothing', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(0);
      const sender = yield* spawn(outcome(send.send('never delivered')));
      yield* sleep(5);
      send.close();
      return { sender: yield* sender, receiver: attempt(() => receive.receiveNowait()) };
    }, virtual());
    expect(result).toEqual({ sender: 'ClosedResourceError', receiver: 'EndOfChannel' });
  });

  test('closing one send end fails only the senders blocked on that end', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(0);
      const other = send.clone();
      const onClosed = yield* spawn(outcome(send.send('closed end')));
      const onOther = yield* spawn(outcome(other.send('other end')));
      yield* sleep(5);
      send.close();
      const received = yield* receive.receive();
      return { onClosed: yield* onClosed, onOther: yield* onOther, received };
    }, virtual());
    expect(result).toEqual({ onClosed: 'ClosedResourceError', onOther: undefined, received: 'other end' });
  });
});

describe('send.sendNowait(value)', () => {
  test('throws WouldBlock on a rendezvous channel with no receiver waiting', () => {
    const [send] = channel<number>(0);
    expect(() => send.sendNowait(1)).toThrow(
      new WouldBlock('send.sendNowait(value): no receiver is waiting and the channel has no buffer (capacity 0); yield* send.send(value) to wait for one'),
    );
  });

  test('throws WouldBlock when the buffer is full', () => {
    const [send] = channel<number>(2);
    send.sendNowait(1);
    send.sendNowait(2);
    expect(() => send.sendNowait(3)).toThrow(
      new WouldBlock('send.sendNowait(value): the buffer is full (capacity 2) and no receiver is waiting; yield* send.send(value) to wait for room'),
    );
    expect(send.statistics().currentBufferUsed).toBe(2);
  });

  test('hands the value to a waiting receiver even on a rendezvous channel', async () => {
    const received = await run(function* () {
      const [send, receive] = channel<string>(0);
      const receiver = yield* spawn(receive.receive());
      yield* sleep(1);
      send.sendNowait('direct');
      return yield* receiver;
    }, virtual());
    expect(received).toBe('direct');
  });

  test('throws BrokenResourceError when every receive end is closed', () => {
    const [send, receive] = channel<number>(Infinity);
    receive.close();
    expect(() => send.sendNowait(1)).toThrow(BrokenResourceError);
  });
});

describe('send.clone() and send.close()', () => {
  test('the channel stays open for receivers until the last clone closes', () => {
    const [send, receive] = channel<string>(Infinity);
    const clone = send.clone();
    send.close();
    clone.sendNowait('from the clone');
    const steps = [receive.receiveNowait(), attempt(() => receive.receiveNowait()), send.statistics().openSendChannels];
    clone.close();
    steps.push(attempt(() => receive.receiveNowait()), send.statistics().openSendChannels);
    expect(steps).toEqual(['from the clone', 'WouldBlock', 1, 'EndOfChannel', 0]);
  });

  test('a clone of a clone is one more independent send end', () => {
    const [send] = channel<number>();
    const a = send.clone();
    const b = a.clone();
    a.close();
    expect([send.statistics().openSendChannels, attempt(() => b.sendNowait(1))]).toEqual([2, 'WouldBlock']);
  });

  test('send, sendNowait and clone on a closed send end throw ClosedResourceError', async () => {
    const [send] = channel<number>(Infinity);
    send.close();
    const sent = await run(outcome(send.send(1)), virtual());
    expect([sent, attempt(() => send.sendNowait(1)), attempt(() => send.clone())]).toEqual(['ClosedResourceError', 'ClosedResourceError', 'ClosedResourceError']);
    expect(() => send.sendNowait(1)).toThrow(
      new ClosedResourceError('send.sendNowait(value): this end of the channel is closed; clone() it before closing if other code still needs it'),
    );
  });

  test('a closed send end says ClosedResourceError even when the receive side is closed too', () => {
    const [send, receive] = channel<number>();
    receive.close();
    send.close();
    expect(attempt(() => send.sendNowait(1))).toBe('ClosedResourceError');
  });
});

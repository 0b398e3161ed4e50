import { describe, expect, test } from 'vitest';
import { ClosedResourceError, call, channel, run, sleep, spawn } from '../../src/index.js';
import { now, virtual } from './helpers.js';

describe('for await (… of receive)', () => {
  test('plain async code gets every value a callback sent with sendNowait, and the loop ends at EndOfChannel', async () => {
    const [send, receive] = channel<number>(Infinity);
    const seen: number[] = [];
    const consumer = (async () => {
      for await (const value of receive) seen.push(value);
      return 'ended';
    })();
    const onData = (value: number): void => send.sendNowait(value);
    onData(1);
    onData(2);
    await Promise.resolve();
    onData(3);
    send.close();
    expect(await consumer).toBe('ended');
    expect(seen).toEqual([1, 2, 3]);
  });

  test('a pending next() is a waiting receiver: sendNowait on a rendezvous channel resolves it with the value', async () => {
    const [send, receive] = channel<string>(0);
    const values = receive[Symbol.asyncIterator]();
    const pending = values.next();
    const waiting = receive.statistics().tasksWaitingReceive;
    send.sendNowait('a');
    expect([waiting, await pending]).toEqual([1, { done: false, value: 'a' }]);
  });

  test('async code takes the values of a loop task’s blocked sends, which resume at the loop times they were taken', async () => {
    const [send, receive] = channel<number>(0);
    const producer = run(function* () {
      const sentAt: number[] = [];
      for (const value of [1, 2, 3]) {
        yield* sleep(10);
        yield* send.send(value);
        sentAt.push(yield* now());
      }
      send.close();
      return sentAt;
    }, virtual());
    const seen: number[] = [];
    for await (const value of receive) seen.push(value);
    expect(seen).toEqual([1, 2, 3]);
    expect(await producer).toEqual([10, 20, 30]);
  });

  test('a pending next() resolves as done when the last send end closes, and so does every later next()', async () => {
    const [send, receive] = channel<number>(0);
    const values = receive[Symbol.asyncIterator]();
    const pending = values.next();
    send.close();
    expect([await pending, await values.next()]).toEqual([
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
  });

  test('return() withdraws a pending next() without consuming a value and leaves the channel open', async () => {
    const [send, receive] = channel<string>(0);
    const values = receive[Symbol.asyncIterator]();
    const pending = values.next();
    const returned = await values.return!();
    const stats = receive.statistics();
    let nowait = 'sent';
    try {
      send.sendNowait('kept for someone else');
    } catch (error) {
      nowait = (error as Error).name;
    }
    expect({ returned, pending: await pending, waiting: stats.tasksWaitingReceive, open: stats.openReceiveChannels, nowait, next: await values.next() }).toEqual({
      returned: { done: true, value: undefined },
      pending: { done: true, value: undefined },
      waiting: 0,
      open: 1,
      nowait: 'WouldBlock',
      next: { done: true, value: undefined },
    });
  });

  test('a pending next() rejects with ClosedResourceError when its receive end is closed', async () => {
    const [, receive] = channel<number>(0);
    const pending = receive[Symbol.asyncIterator]().next();
    receive.close();
    await expect(pending).rejects.toThrow(
      new ClosedResourceError(
        'receive: the receive end was closed while this receive waited on it; close an end only once the code using it is done, or give each user its own clone()',
      ),
    );
  });

  test('iterating a closed receive end rejects with ClosedResourceError', async () => {
    const [, receive] = channel<number>(1);
    receive.close();
    await expect(receive[Symbol.asyncIterator]().next()).rejects.toThrow(
      new ClosedResourceError('for await (… of receive): this end of the channel is closed; clone() it before closing if other code still needs it'),
    );
  });

  test('pending next() calls and tasks blocked in receive() are served in one FIFO line', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(0);
      const values = receive[Symbol.asyncIterator]();
      const first = values.next();
      const task = yield* spawn(receive.receive());
      yield* sleep(1);
      const third = values.next();
      const waiting = receive.statistics().tasksWaitingReceive;
      send.sendNowait('one');
      send.sendNowait('two');
      send.sendNowait('three');
      return { waiting, first: yield* call(first), task: yield* task, third: yield* call(third) };
    }, virtual());
    expect(result).toEqual({
      waiting: 3,
      first: { done: false, value: 'one' },
      task: 'two',
      third: { done: false, value: 'three' },
    });
  });
});

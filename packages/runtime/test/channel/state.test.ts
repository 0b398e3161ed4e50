import { describe, expect, test } from 'vitest';
import { channel, run, sleep, spawn, type Task } from '../../src/index.js';
import { virtual } from './helpers.js';

describe('the lines of blocked senders and receivers', () => {
  test('receivers cancelled at the head, in the middle and at the tail leave the others in order', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(0);
      const receivers: Task<string>[] = [];
      for (let i = 0; i < 6; i++) receivers.push(yield* spawn(receive.receive(), { name: `R${i}` }));
      yield* sleep(1);
      for (const i of [0, 2, 5]) receivers[i]!.cancel();
      const waiting = receive.statistics().tasksWaitingReceive;
      for (const value of ['a', 'b', 'c']) send.sendNowait(value);
      const got: string[] = [];
      for (const i of [1, 3, 4]) got.push(`${receivers[i]!.name}:${yield* receivers[i]!}`);
      return { waiting, got, cancelled: receivers.map((r) => r.cancelled()) };
    }, virtual());
    expect(result).toEqual({ waiting: 3, got: ['R1:a', 'R3:b', 'R4:c'], cancelled: [true, false, true, false, false, true] });
  });

  test('senders cancelled in the middle of the line deliver nothing; the rest deliver in order', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(0);
      const senders: Task<void>[] = [];
      for (const value of ['a', 'b', 'c', 'd']) senders.push(yield* spawn(send.send(value)));
      yield* sleep(1);
      senders[1]!.cancel();
      senders[2]!.cancel();
      return [yield* receive.receive(), yield* receive.receive(), receive.statistics().tasksWaitingSend];
    }, virtual());
    expect(result).toEqual(['a', 'd', 0]);
  });

  test('a line emptied by cancellation takes new waiters again', async () => {
    const result = await run(function* () {
      const [send, receive] = channel<string>(0);
      const gone = yield* spawn(receive.receive());
      yield* sleep(1);
      gone.cancel();
      const later = yield* spawn(receive.receive());
      yield* sleep(1);
      send.sendNowait('for the later one');
      return yield* later;
    }, virtual());
    expect(result).toBe('for the later one');
  });
});

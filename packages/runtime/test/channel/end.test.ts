import { describe, expect, test } from 'vitest';
import { channel, type ChannelEnd } from '../../src/index.js';
import { attempt } from './helpers.js';

describe('channel ends', () => {
  test('both ends are ChannelEnds: closed through that interface, the channel has no open end left', () => {
    const [send, receive] = channel<number>();
    const ends: readonly ChannelEnd[] = [send, receive];
    for (const end of ends) end.close();
    const { openSendChannels, openReceiveChannels } = ends[1]!.statistics();
    expect([openSendChannels, openReceiveChannels]).toEqual([0, 0]);
  });

  test('`using` closes an end when its block exits', () => {
    const [send, receive] = channel<number>(1);
    {
      using producer = send.clone();
      producer.sendNowait(1);
    }
    send.close();
    expect([receive.receiveNowait(), attempt(() => receive.receiveNowait())]).toEqual([1, 'EndOfChannel']);
  });

  test('closing an end twice closes it once, on either side', () => {
    const [send, receive] = channel<number>();
    send.clone();
    receive.clone();
    send.close();
    send.close();
    receive.close();
    receive.close();
    const { openSendChannels, openReceiveChannels } = send.statistics();
    expect([openSendChannels, openReceiveChannels]).toEqual([1, 1]);
  });

  test('[Symbol.dispose] on an end already closed does nothing more', () => {
    const [send, receive] = channel<number>();
    const clone = receive.clone();
    clone.close();
    clone[Symbol.dispose]();
    expect(send.statistics().openReceiveChannels).toBe(1);
  });

  test('statistics can be read from a closed end', () => {
    const [send] = channel<number>(4);
    send.close();
    expect(send.statistics()).toEqual({ currentBufferUsed: 0, maxBufferSize: 4, openSendChannels: 0, openReceiveChannels: 1, tasksWaitingSend: 0, tasksWaitingReceive: 0 });
  });
});

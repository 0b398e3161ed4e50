import { describe, expect, test } from 'vitest';
import { channel } from '../../src/index.js';

describe('the channel buffer', () => {
  test('keeps FIFO order across 10,000 values sent and received in uneven waves', () => {
    const [send, receive] = channel<number>(Infinity);
    const received: number[] = [];
    let next = 0;
    while (next < 10_000) {
      for (let i = 0; i < 7 && next < 10_000; i++) send.sendNowait(next++);
      for (let i = 0; i < 5; i++) received.push(receive.receiveNowait());
    }
    while (receive.statistics().currentBufferUsed > 0) received.push(receive.receiveNowait());
    expect(received).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });

  test('holds undefined and null as values like any other', () => {
    const [send, receive] = channel<undefined | null | number>(3);
    send.sendNowait(undefined);
    send.sendNowait(null);
    send.sendNowait(0);
    expect([receive.receiveNowait(), receive.receiveNowait(), receive.receiveNowait(), receive.statistics().currentBufferUsed]).toEqual([undefined, null, 0, 0]);
  });

  test('is empty again after being filled and drained, and refills in order', () => {
    const [send, receive] = channel<string>(2);
    send.sendNowait('a');
    send.sendNowait('b');
    const first = [receive.receiveNowait(), receive.receiveNowait()];
    send.sendNowait('c');
    send.sendNowait('d');
    expect([...first, receive.receiveNowait(), receive.receiveNowait()]).toEqual(['a', 'b', 'c', 'd']);
  });

  test('after a burst of 5,000 values is drained, it fills and drains again in order, wrapping around its end', () => {
    const [send, receive] = channel<number>(Infinity);
    for (let i = 0; i < 5000; i++) send.sendNowait(i);
    const burst: number[] = [];
    for (let i = 0; i < 5000; i++) burst.push(receive.receiveNowait());
    const after: number[] = [];
    for (let wave = 0; wave < 4; wave++) {
      for (let i = 0; i < 6; i++) send.sendNowait(wave * 6 + i);
      for (let i = 0; i < 6; i++) after.push(receive.receiveNowait());
    }
    expect([burst.every((v, i) => v === i), after, receive.statistics().currentBufferUsed]).toEqual([true, Array.from({ length: 24 }, (_, i) => i), 0]);
  });
});

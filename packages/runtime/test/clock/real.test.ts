import { describe, expect, test } from 'vitest';
import { Loop, RealClock } from '../../src/index.js';

describe('RealClock', () => {
  test('is not virtual and never jumps by itself', () => {
    const clock = new RealClock();
    expect([clock.virtual, clock.autojump]).toEqual([false, false]);
  });

  test('now() is monotonic: successive readings never decrease', () => {
    const clock = new RealClock();
    const readings = Array.from({ length: 1000 }, () => clock.now());
    expect(readings.every((t, i) => i === 0 || t >= readings[i - 1]!)).toBe(true);
  });

  test('now() reads performance.now() (same origin)', () => {
    const before = performance.now();
    const reading = new RealClock().now();
    const after = performance.now();
    expect(before <= reading && reading <= after).toBe(true);
  });

  test('is the clock of a loop created without one', () => {
    const loop = new Loop();
    const isReal = loop.clock instanceof RealClock;
    loop.close();
    expect(isReal).toBe(true);
  });

  test('a loop on the real clock runs a 20 ms callLater no earlier than its deadline, then resolves', async () => {
    const loop = new Loop({ clock: new RealClock() });
    let when = 0;
    const firedAt = await new Promise<number>((resolve) => {
      when = loop.callLater(20, () => resolve(loop.time())).when();
    });
    loop.close();
    expect(firedAt).toBeGreaterThanOrEqual(when);
  });
});

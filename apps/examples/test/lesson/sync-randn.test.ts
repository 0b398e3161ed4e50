import { describe, expect, test } from 'vitest';
import { VirtualClock } from '@loop/runtime';
import { blocking, main, randn, realClock } from '../../src/lesson/sync-randn.js';
import { SEED, seededRandom } from '../../src/random.js';

describe('lesson step 2: the synchronous randn()', () => {
  test('blocks for exactly 3000 ms of its clock', () => {
    const clock = new VirtualClock();
    randn(() => 0.5, blocking(clock));
    expect(clock.now()).toBe(3000);
  });

  test('returns an int from 1 to 10', () => {
    const clock = blocking(new VirtualClock());
    expect([randn(() => 0, clock), randn(() => 0.55, clock), randn(() => 0.999, clock)]).toEqual([1, 6, 10]);
  });

  test('main: three calls take 9.00 seconds, ten take 30.00 seconds', () => {
    const lines: string[] = [];
    main((line) => lines.push(line), seededRandom(SEED), blocking(new VirtualClock()));
    expect(lines).toEqual(['[5, 4, 7] took 9.00 seconds', '[7, 2, 3, 7, 9, 3, 1, 1, 7, 4] took 30.00 seconds']);
  });

  test('main blocks 39 s in all: nothing overlaps', () => {
    const clock = new VirtualClock();
    main(() => {}, seededRandom(SEED), blocking(clock));
    expect(clock.now()).toBe(39_000);
  });

  test('the real clock does not return from block(ms) before ms have passed', () => {
    const start = performance.now();
    realClock.block(5);
    expect(performance.now() - start).toBeGreaterThanOrEqual(5);
  });
});

/** The strategies and the shrinker, on their own. */
import { describe, expect, test } from 'vitest';
import { scheduleSeed } from '../src/index.js';
import { ddmin } from '../src/shrink.js';
import { strategyChooser } from '../src/strategy.js';

describe('schedule seeds', () => {
  test('schedule i of explorer seed s is a fixed positive 31-bit integer', () => {
    expect([scheduleSeed(0, 1), scheduleSeed(0, 2), scheduleSeed(1, 1)]).toEqual([329507704, 906718343, 1530544804]);
  });
});

describe('pct', () => {
  const settings = { strategy: 'pct', depth: 1, steps: 10, jitter: 0, faultRate: 0 } as const;
  const a = { id: 'a' };
  const b = { id: 'b' };
  const c = { id: 'c' };

  test('with depth 1 (no change point) the order of a seed is one fixed priority order, kept at every step', () => {
    const chooser = strategyChooser(7, settings);
    const picks = [1, 2, 3, 4, 5].map((step) => chooser.pick(step, [a, b, c] as never));
    expect(new Set(picks).size).toBe(1);
  });

  test('with depth 2 a change point drops the task about to run below the other, so a seed may change its order between steps', () => {
    const orders = new Set<string>();
    for (let seed = 1; seed <= 50; seed++) {
      const chooser = strategyChooser(seed, { ...settings, depth: 2, steps: 2 });
      const first = chooser.pick(1, [a, b] as never);
      const second = chooser.pick(2, [a, b] as never);
      orders.add(`${first}${second}`);
    }
    // At step 1 the change point runs the lower task at both steps (00/11); at step 2 it swaps the order (01/10).
    expect([...orders].sort()).toEqual(['00', '01', '10', '11']);
  });
});

describe('random', () => {
  test('every index is drawn at a step of three candidates', () => {
    const seen = new Set<number>();
    const chooser = strategyChooser(3, { strategy: 'random', depth: 3, steps: 0, jitter: 0, faultRate: 0 });
    for (let step = 1; step <= 30; step++) seen.add(chooser.pick(step, [{}, {}, {}] as never));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });
});

describe('ddmin', () => {
  const failsWith = (needed: number[]) => (subset: readonly number[]) => Promise.resolve(needed.every((n) => subset.includes(n)));

  test('finds the one item that matters among many', async () => {
    expect(await ddmin([1, 2, 3, 4, 5, 6, 7, 8], failsWith([6]), 100)).toEqual([6]);
  });

  test('keeps the two items that fail only together', async () => {
    expect(await ddmin([1, 2, 3, 4, 5, 6, 7, 8], failsWith([2, 7]), 100)).toEqual([2, 7]);
  });

  test('returns nothing when the empty set already fails', async () => {
    expect(await ddmin([1, 2, 3], () => Promise.resolve(true), 100)).toEqual([]);
  });

  test('stops at its budget with the smallest failing set found so far', async () => {
    let calls = 0;
    const result = await ddmin([1, 2, 3, 4, 5, 6, 7, 8], (subset) => {
      calls++;
      return failsWith([6])(subset);
    }, 2);
    expect(calls).toBe(2);
    expect(result).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

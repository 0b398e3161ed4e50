/**
 * The seeded runs really shuffle: under LOOP_SEED (the seed-1..3 projects)
 * a loop created without a seed orders same-time tasks exactly as a loop
 * given that seed explicitly; without LOOP_SEED (the unit project) it runs
 * them FIFO. An explicit seed always wins over the default.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { VirtualClock, run, sleep, spawn, type Operation } from '../../src/index.js';
import { _setDefaultSeed } from '../../src/loop/loop.js';

const FIFO = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** The order in which ten tasks woken at the same time run, on a loop with `seed` (or the default). */
async function order(seed?: number): Promise<number[]> {
  const ran: number[] = [];
  function* worker(i: number): Operation<void> {
    yield* sleep(10);
    ran.push(i);
  }
  await run(
    function* () {
      const tasks = [];
      for (let i = 0; i < 10; i++) tasks.push(yield* spawn(worker(i)));
      for (const task of tasks) yield* task;
    },
    { clock: new VirtualClock(), ...(seed === undefined ? {} : { seed }) },
  );
  return ran;
}

const envSeed = process.env['LOOP_SEED'];

describe('the default seed (LOOP_SEED)', () => {
  afterEach(() => {
    // The setup file sets the default again before every test.
    _setDefaultSeed(envSeed === undefined || envSeed === '' ? undefined : Number(envSeed));
  });

  test('a loop without a seed runs same-time tasks in the order the current LOOP_SEED gives (FIFO when it is unset)', async () => {
    const expected = envSeed === undefined || envSeed === '' ? FIFO : await order(Number(envSeed));
    expect(await order()).toEqual(expected);
    if (envSeed !== undefined && envSeed !== '') expect(expected).not.toEqual(FIFO);
  });

  test('an explicit seed wins over the default', async () => {
    _setDefaultSeed(12345);
    const explicit = await order(7);
    _setDefaultSeed(undefined);
    expect(explicit).toEqual(await order(7));
  });

  test('_setDefaultSeed(undefined) restores FIFO order', async () => {
    _setDefaultSeed(3);
    expect(await order()).not.toEqual(FIFO);
    _setDefaultSeed(undefined);
    expect(await order()).toEqual(FIFO);
  });

  test('_setDefaultSeed rejects a seed that is not an integer', () => {
    expect(() => _setDefaultSeed(1.5)).toThrow(new TypeError('_setDefaultSeed(seed): seed must be an integer or undefined, got number 1.5'));
    expect(() => _setDefaultSeed('1' as never)).toThrow(TypeError);
  });
});

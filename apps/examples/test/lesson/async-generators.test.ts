import { describe, expect, test } from 'vitest';
import { VirtualClock, forEach, getLoop, run } from '@loop/runtime';
import { main, mainForAwait, squareOdds } from '../../src/lesson/async-generators.js';

describe('lesson step 5: the asynchronous generator squareOdds', () => {
  test('yields the squares of the odd numbers from start to stop', async () => {
    const values: number[] = [];
    await run(forEach(squareOdds(11, 17), (square) => void values.push(square)), { clock: new VirtualClock() });
    expect(values).toEqual([121, 169, 225, 289]);
  });

  test('sleeps 2 s before each value', async () => {
    const times: number[] = [];
    await run(function* () {
      const loop = yield* getLoop();
      yield* forEach(squareOdds(1, 5), () => void times.push(loop.time()));
    }, { clock: new VirtualClock() });
    expect(times).toEqual([2000, 4000, 6000]);
  });

  test('runs afresh for each consumer', async () => {
    const squares = squareOdds(1, 3);
    const values: number[] = [];
    await run(function* () {
      yield* forEach(squares, (square) => void values.push(square));
      yield* forEach(squares, (square) => void values.push(square));
    }, { clock: new VirtualClock() });
    expect(values).toEqual([1, 9, 1, 9]);
  });

  test('main (forEach on the loop) prints each value 2 s after the last', async () => {
    const lines: string[] = [];
    await run(main((line) => lines.push(line)), { clock: new VirtualClock() });
    expect(lines).toEqual(['so: 121 at 2.00 s', 'so: 169 at 4.00 s', 'so: 225 at 6.00 s', 'so: 289 at 8.00 s']);
  });

  test('mainForAwait (for await from async code, no pause) prints the same values', async () => {
    const lines: string[] = [];
    await mainForAwait((line) => lines.push(line), 0);
    expect(lines).toEqual(['so: 121', 'so: 169', 'so: 225', 'so: 289']);
  });
});

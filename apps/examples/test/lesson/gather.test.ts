import { describe, expect, test } from 'vitest';
import { VirtualClock, run } from '@loop/runtime';
import { main } from '../../src/lesson/gather.js';
import { SEED, seededRandom } from '../../src/random.js';

describe('lesson step 4: gather', () => {
  test('one randn() took 3.00 seconds, three gathered 3.00, ten gathered 3.00 (virtual clock: exact)', async () => {
    const lines: string[] = [];
    await run(main((line) => lines.push(line), seededRandom(SEED)), { clock: new VirtualClock() });
    expect(lines).toEqual([
      '5 took 3.00 seconds',
      '[4, 7, 7] took 3.00 seconds',
      '[2, 3, 7, 9, 3, 1, 1, 7, 4, 2] took 3.00 seconds',
    ]);
  });

  test('the whole program takes 9 s of loop time: three rounds of 3 s, not 42', async () => {
    const clock = new VirtualClock();
    await run(main(() => {}, seededRandom(SEED)), { clock });
    expect(clock.now()).toBe(9000);
  });

  test('the values come in argument order, each an int from 1 to 10', async () => {
    const lines: string[] = [];
    const values = [0, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95];
    let i = 0;
    const random = (): number => values[i++ % values.length]!;
    await run(main((line) => lines.push(line), random), { clock: new VirtualClock() });
    expect(lines).toEqual([
      '1 took 3.00 seconds',
      '[2, 3, 4] took 3.00 seconds',
      '[5, 6, 7, 8, 9, 10, 1, 2, 3, 4] took 3.00 seconds',
    ]);
  });
});

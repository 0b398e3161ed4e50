import { describe, expect, test } from 'vitest';
import { VirtualClock, run } from '@loop/runtime';
import { main, randn } from '../../src/lesson/gather.js';

describe('lesson step 4: gather', () => {
  test('one randn() takes 3.00 s, three gathered 3.00 s, ten gathered 3.00 s (virtual clock)', async () => {
    const lines: string[] = [];
    const values = [0.55, 0.05, 0.95, 0.35];
    let i = 0;
    const random = () => values[i++ % values.length]!;
    await run(() => main((line) => lines.push(line), random), { clock: new VirtualClock() });
    expect(lines).toEqual([
      '6 took 3.00 seconds',
      '[1, 10, 4] took 3.00 seconds',
      '[6, 1, 10, 4, 6, 1, 10, 4, 6, 1] took 3.00 seconds',
    ]);
  });

  test('randn() returns an int from 1 to 10 after exactly 3000 ms', async () => {
    const clock = new VirtualClock();
    const value = await run(() => randn(() => 0.999), { clock });
    expect(value).toBe(10);
    expect(clock.now()).toBe(3000);
  });
});

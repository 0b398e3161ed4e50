import { describe, expect, test } from 'vitest';
import { VirtualClock, run } from '@loop/runtime';
import { main } from '../../src/beyond/timeout.js';
import { SEED, seededRandom } from '../../src/random.js';

async function output(): Promise<string[]> {
  const lines: string[] = [];
  await run(main((line) => lines.push(line), seededRandom(SEED)), { clock: new VirtualClock() });
  return lines;
}

describe('beyond the lesson: timeouts', () => {
  test('timeout(1000, randn()) throws TimeoutError after 1 s', async () => {
    expect((await output())[0]).toBe('TimeoutError at 1.00 s: the operation did not finish within 1000 ms');
  });

  test('moveOnAfter(1000, randn()) gives up quietly after 1 s', async () => {
    expect((await output())[1]).toBe('moveOnAfter(1000): timedOut true at 2.00 s');
  });

  test('moveOnAfter(5000, randn()) returns the value after the 3 s it takes', async () => {
    expect((await output())[2]).toBe('moveOnAfter(5000): timedOut false, value 5 at 5.00 s');
  });
});

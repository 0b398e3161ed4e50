import { describe, expect, test } from 'vitest';
import { VirtualClock, run } from '@loop/runtime';
import { main } from '../../src/beyond/queue.js';

async function output(): Promise<string[]> {
  const lines: string[] = [];
  await run(main((line) => lines.push(line)), { clock: new VirtualClock() });
  return lines;
}

describe('beyond the lesson: producer and consumers around a Queue', () => {
  test('the producer fills the queue and waits while it is full', async () => {
    expect((await output()).filter((line) => line.startsWith('put'))).toEqual([
      'put a 3 s job at 0.00 s',
      'put a 1 s job at 0.00 s',
      'put a 2 s job at 0.00 s',
      'put a 1 s job at 0.00 s',
      'put a 2 s job at 1.00 s',
    ]);
  });

  test('two consumers share the jobs, each taking the next as soon as it is free', async () => {
    expect((await output()).filter((line) => line.includes(' did '))).toEqual([
      'B did a 1 s job at 1.00 s',
      'A did a 3 s job at 3.00 s',
      'B did a 2 s job at 3.00 s',
      'A did a 1 s job at 4.00 s',
      'B did a 2 s job at 5.00 s',
    ]);
  });

  test('join() returns once taskDone() was called for every job', async () => {
    expect((await output()).at(-1)).toBe('all jobs done at 5.00 s');
  });

  test('the cancelled consumers leave nothing running: the program ends at 5 s', async () => {
    const clock = new VirtualClock();
    await run(main(() => {}), { clock });
    expect(clock.now()).toBe(5000);
  });
});

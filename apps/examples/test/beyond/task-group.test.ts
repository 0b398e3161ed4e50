import { describe, expect, test } from 'vitest';
import { VirtualClock, run } from '@loop/runtime';
import { main } from '../../src/beyond/task-group.js';

async function output(): Promise<string[]> {
  const lines: string[] = [];
  await run(main((line) => lines.push(line)), { clock: new VirtualClock() });
  return lines;
}

describe('beyond the lesson: a task group with a failing child', () => {
  test('a child that finishes before the failure finishes normally', async () => {
    expect((await output())[0]).toBe('fast finished at 1.00 s');
  });

  test('the failure cancels the sibling still running, at the moment it happens', async () => {
    expect((await output())[1]).toBe('slow cancelled at 2.00 s');
  });

  test('the group throws a TaskGroupError with the failure, once every child is done', async () => {
    expect((await output()).slice(2)).toEqual(['TaskGroupError at 2.00 s: a task in the group failed (Error: sensor offline)', '  Error: sensor offline']);
  });

  test('the program ends at 2 s: the slow child never sleeps its 5 s', async () => {
    const clock = new VirtualClock();
    await run(main(() => {}), { clock });
    expect(clock.now()).toBe(2000);
  });
});

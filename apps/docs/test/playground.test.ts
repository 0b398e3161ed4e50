/**
 * The playground's program and timeline model (.vitepress/theme/playground.ts),
 * on a virtual clock: the same code the browser runs, with exact times.
 */
import { VirtualClock, type LoopEvent } from '@loop/runtime';
import { describe, expect, test } from 'vitest';
import { Timeline, formatResult, runSeed } from '../.vitepress/theme/playground.js';

/** Returns 0/16, 1/16, …, 9/16, then again from 0: sleeps of 300 + 75·i ms. */
function sixteenths(): () => number {
  let calls = 0;
  return () => (calls++ % 10) / 16;
}

describe('the seed example', () => {
  test('gathers ten values in spawn order and takes as long as the longest sleep', async () => {
    const { result } = await runSeed({ random: sixteenths(), clock: new VirtualClock() });
    expect(result).toEqual({ values: [1, 1, 2, 2, 3, 4, 4, 5, 6, 6], elapsed: 975 });
  });

  test('its timeline has main and ten children, each from 0 to the end of its sleep', async () => {
    const { timeline } = await runSeed({ random: sixteenths(), clock: new VirtualClock() });
    expect(timeline.bars.map((bar) => [bar.name, bar.start, bar.end, bar.outcome])).toEqual([
      ['main', 0, 975, 'value'],
      ...Array.from({ length: 10 }, (_, i) => [`Task-${i + 2}`, 0, 300 + 75 * i, 'value']),
    ]);
    expect(timeline.children().map((bar) => bar.parentId)).toEqual(Array.from({ length: 10 }, () => 1));
  });

  test('while it runs, the children wait on sleep and main on join', async () => {
    const seen: string[] = [];
    await runSeed({
      random: sixteenths(),
      clock: new VirtualClock(),
      onEvent: (timeline, event) => {
        if (event.type === 'timer.fire' && seen.length === 0) seen.push(...timeline.bars.map((bar) => `${bar.name}:${bar.waitingOn}`));
      },
    });
    expect(seen).toEqual(['main:join', ...Array.from({ length: 10 }, (_, i) => `Task-${i + 2}:sleep`)]);
  });

  test('onClock reads the loop time of the run', async () => {
    let read = (): number => Number.NaN;
    await runSeed({ random: sixteenths(), clock: new VirtualClock(), onClock: (now) => (read = now) });
    expect(read()).toBe(975);
  });
});

describe('Timeline', () => {
  test('times are relative to the first event', () => {
    const timeline = new Timeline();
    const events: LoopEvent[] = [
      { type: 'task.spawn', time: 500, taskId: 1, name: 'main', parentId: null },
      { type: 'task.suspend', time: 500, taskId: 1, on: 'sleep' },
      { type: 'task.resume', time: 800, taskId: 1 },
      { type: 'task.done', time: 800, taskId: 1, outcome: 'cancelled' },
    ];
    for (const event of events) timeline.apply(event);
    expect(timeline.bars).toEqual([{ id: 1, name: 'main', parentId: null, start: 0, end: 300, waitingOn: null, outcome: 'cancelled' }]);
    expect(timeline.relative(900)).toBe(400);
  });

  test('events of tasks it never saw spawn are ignored', () => {
    const timeline = new Timeline();
    timeline.apply({ type: 'task.done', time: 0, taskId: 7, outcome: 'value' });
    timeline.apply({ type: 'loop.idle', time: 0, taskId: null, until: null });
    expect(timeline.bars).toEqual([]);
  });
});

describe('formatResult', () => {
  test('prints the values and the seconds with two decimals, as the lesson does', () => {
    expect(formatResult({ values: [3, 7], elapsed: 1500 })).toBe('[3, 7] took 1.50 seconds');
  });
});

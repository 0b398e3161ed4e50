import { describe, expect, test } from 'vitest';
import { foldEvents } from '../../src/model/reducer.js';
import { rowText, timelineRow } from '../../src/model/timeline.js';
import { fixtureTrace } from '../helpers.js';

describe('timelineRow', () => {
  const model = foldEvents(fixtureTrace().events, { virtual: true, startTime: 0, end: true });

  test('draws a zero-width step, the sleep, and the end marker over the whole run', () => {
    expect(rowText(timelineRow(model.tasks.get(4)!, 0, 3000, 30, 3000), 'ascii')).toBe('#----------------------------o');
    expect(rowText(timelineRow(model.tasks.get(2)!, 0, 3000, 30, 3000), 'ascii')).toBe('#----X                        ');
    expect(rowText(timelineRow(model.tasks.get(1)!, 0, 3000, 30, 3000), 'unicode')).toBe(`█${'╌'.repeat(28)}✓`);
  });

  test('a zoomed window shows only its part of the spans', () => {
    expect(rowText(timelineRow(model.tasks.get(2)!, 250, 750, 10, 3000), 'ascii')).toBe('-----X    ');
  });

  test('open spans run until now', () => {
    const live = foldEvents([
      { type: 'task.spawn', time: 0, taskId: 1, name: 'a', parentId: null },
      { type: 'task.suspend', time: 0, taskId: 1, on: 'sleep' },
      { type: 'task.step', time: 0, taskId: 1, start: 0, duration: 0 },
    ], { virtual: true });
    expect(rowText(timelineRow(live.tasks.get(1)!, 0, 100, 10, 50), 'ascii')).toBe('#----     ');
  });

  test('zero width gives no cells', () => {
    expect(timelineRow(model.tasks.get(1)!, 0, 3000, 0, 3000)).toEqual([]);
  });
});

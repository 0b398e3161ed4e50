import { describe, expect, test } from 'vitest';
import { foldEvents } from '../../src/model/reducer.js';
import { columnsFor, fit, shortSite, tableLines, visibleTasks } from '../../src/model/table.js';
import { fixtureTrace } from '../helpers.js';

const model = foldEvents(fixtureTrace().events, { virtual: true, startTime: 0, end: true });
const ids = (column: Parameters<typeof visibleTasks>[1], filter = ''): number[] => visibleTasks(model, column, filter).map((t) => t.id);

describe('visibleTasks', () => {
  test('sorts by id, by name (A to Z) and by total time (largest first, ties by id)', () => {
    expect(ids('id')).toEqual([1, 2, 3, 4, 5]);
    expect(ids('name')).toEqual([2, 3, 1, 4, 5]);
    expect(ids('total')).toEqual([1, 3, 4, 5, 2]);
  });

  test('filters by a substring of the name or state, or by the exact id', () => {
    expect(ids('id', 'TASK')).toEqual([4, 5]);
    expect(ids('id', 'failed')).toEqual([2]);
    expect(ids('id', '3')).toEqual([3]);
    expect(ids('id', 'nothing')).toEqual([]);
  });
});

describe('table text', () => {
  test('fit pads to the left or right and cuts with …', () => {
    expect([fit('ab', 4), fit('ab', 4, 'right'), fit('abcdef', 4)]).toEqual(['ab  ', '  ab', 'abc…']);
  });

  test('shortSite keeps the file name and position', () => {
    expect([shortSite('/home/me/app/main.js:12:5'), shortSite(null)]).toEqual(['main.js:12:5', '']);
  });

  test('narrow screens drop the spawn site first, wide ones give it the spare width', () => {
    expect(columnsFor(80).map((c) => c.key)).toEqual(['id', 'name', 'state', 'parent', 'total', 'busy', 'idle', 'steps', 'waiting']);
    expect(columnsFor(120).find((c) => c.key === 'site')!.width).toBe(39);
  });

  test('rows line up under the header', () => {
    expect(tableLines(visibleTasks(model, 'id', 'failing'), model.time, columnsFor(80), 'ascii')).toEqual([
      '  ID NAME           STATE       PARENT    TOTAL     BUSY     IDLE STEPS WAITING ',
      '   2 failing        X failed         1    500ms    0.5ms  499.5ms     2         ',
    ]);
  });
});

import { expect, test } from 'vitest';
import { foldEvents } from '../src/model/reducer.js';
import { renderStatic } from '../src/static.js';
import { fixtureTrace } from './helpers.js';

test('the static report of the fixture: ASCII timeline, summary table, warnings', () => {
  const trace = fixtureTrace();
  const model = foldEvents(trace.events, { virtual: true, startTime: 0, end: true });
  expect(renderStatic(model, { title: 'replay small.jsonl', width: 80 })).toBe(
    [
      'loop-console: replay small.jsonl',
      'loop 3.000s  alive 0 done 3 failed 1 cancelled 1  queue 0  lag 0ms (max 0ms)',
      '',
      'timeline 0ms .. 3.000s   # running  + ready  - sleeping  = blocked  o done  X failed  C cancelled',
      `   1 main           [#${'='.repeat(56)}o]`,
      `   2 failing        [#--------X${' '.repeat(48)}]`,
      `   3 forever        [#${'-'.repeat(56)}C]`,
      `   4 Task-4         [#${'-'.repeat(56)}o]`,
      `   5 Task-5         [#${'-'.repeat(56)}o]`,
      '',
      '  ID NAME           STATE       PARENT    TOTAL     BUSY     IDLE STEPS WAITING',
      '   1 main           o done           -   3.000s    0.5ms   2.999s     2',
      '   2 failing        X failed         1    500ms    0.5ms  499.5ms     2',
      '   3 forever        C cancelled      1   3.000s    0.5ms   2.999s     2',
      '   4 Task-4         o done           1   3.000s    0.5ms   2.999s     2',
      '   5 Task-5         o done           1   3.000s    0.5ms   2.999s     2',
      '',
      'warnings:',
      '  ! task 3 was still running when its parent (task 1) returned, so it was cancelled',
      '',
    ].join('\n'),
  );
});

test('a model still running says so', () => {
  const model = foldEvents([{ type: 'task.spawn', time: 0, taskId: 1, name: 'main', parentId: null }]);
  expect(renderStatic(model, { title: 'run x.js' }).split('\n')[0]).toBe('loop-console: run x.js (still running)');
});

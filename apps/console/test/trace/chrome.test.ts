import { describe, expect, test } from 'vitest';
import { toChromeTrace, type ChromeEvent } from '../../src/trace/chrome.js';
import { readTrace } from '../../src/trace/load.js';
import { fixtureTrace } from '../helpers.js';

// Parse the export back from its JSON text, as Perfetto would.
const chrome = JSON.parse(JSON.stringify(toChromeTrace(fixtureTrace()))) as { traceEvents: ChromeEvent[]; displayTimeUnit: string };
const of = (ph: ChromeEvent['ph']): ChromeEvent[] => chrome.traceEvents.filter((e) => e.ph === ph);

describe('toChromeTrace', () => {
  test('names the process and one track per task with metadata events', () => {
    const names = of('M').filter((e) => e.name === 'thread_name').map((e) => [e.tid, e.args?.['name']]);
    expect(names).toEqual([
      [1, 'main #1'],
      [2, 'failing #2'],
      [3, 'forever #3'],
      [4, 'Task-4 #4'],
      [5, 'Task-5 #5'],
    ]);
    expect(of('M').find((e) => e.name === 'process_name')?.args).toEqual({ name: 'loop' });
    expect(chrome.displayTimeUnit).toBe('ms');
  });

  test('one X slice per step, on its task track, in microseconds', () => {
    const slices = of('X');
    expect(slices.length).toBe(10);
    expect(slices.map((s) => s.tid)).toEqual([1, 2, 3, 4, 5, 2, 4, 5, 1, 3]);
    expect(slices.every((s) => s.dur === 250)).toBe(true);
    // Virtual clock: steps at the same instant are laid out one after another.
    expect(slices.slice(0, 5).map((s) => s.ts)).toEqual([0, 250, 500, 750, 1000]);
    expect(slices[5]!.ts).toBe(500_000);
  });

  test('each task lifetime is one b/e pair that contains all its slices, and slices on a track never overlap', () => {
    for (const tid of [1, 2, 3, 4, 5]) {
      const begin = of('b').filter((e) => e.tid === tid);
      const end = of('e').filter((e) => e.tid === tid);
      expect([begin.length, end.length, begin[0]!.id, begin[0]!.cat]).toEqual([1, 1, String(tid), 'task']);
      const slices = of('X').filter((e) => e.tid === tid);
      let cursor = begin[0]!.ts!;
      for (const slice of slices) {
        expect(slice.ts!).toBeGreaterThanOrEqual(cursor);
        cursor = slice.ts! + slice.dur!;
      }
      expect(end[0]!.ts!).toBeGreaterThanOrEqual(cursor);
    }
    expect(of('e').map((e) => e.args?.['outcome'])).toEqual(['value', 'error', 'cancelled', 'value', 'value']);
  });

  test('a task that never finished ends at the end of the trace', () => {
    const trace = readTrace(
      [
        '{"type":"trace.header","format":"loop-trace","version":1,"clock":"real","time":1000,"taskId":null,"createdAt":"x"}',
        '{"type":"task.spawn","time":1000,"taskId":1,"name":"a","parentId":null}',
        '{"type":"task.step","time":1010,"taskId":1,"start":0,"duration":2}',
        '{"type":"loop.idle","time":1500,"taskId":null,"until":null}',
      ].join('\n'),
    );
    const events = toChromeTrace(trace).traceEvents;
    expect(events.filter((e) => e.ph === 'X').map((e) => [e.ts, e.dur])).toEqual([[8000, 2000]]);
    expect(events.filter((e) => e.ph === 'e').map((e) => [e.ts, e.args?.['outcome']])).toEqual([[500_000, 'alive']]);
  });

  test('hostile names are sanitised and capped', () => {
    const trace = readTrace(
      `{"type":"trace.header","format":"loop-trace","version":1,"clock":"real","time":0,"taskId":null,"createdAt":"x"}\n${JSON.stringify({ type: 'task.spawn', time: 0, taskId: 1, name: `\x1b[2J${'n'.repeat(1000)}`, parentId: null })}`,
    );
    const name = toChromeTrace(trace).traceEvents.find((e) => e.name === 'thread_name')!.args!['name'] as string;
    expect(name.startsWith('␛[2Jnnn')).toBe(true);
    expect(name.length).toBe(203);
  });
});

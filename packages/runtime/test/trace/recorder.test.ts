import { describe, expect, test } from 'vitest';
import {
  Loop,
  RealClock,
  TRACE_VERSION,
  TraceFormatError,
  VirtualClock,
  parseTrace,
  recordTrace,
  run,
  sleep,
  spawn,
  type LoopEvent,
  type Operation,
} from '../../src/index.js';
import { roundedTimes } from './rounded-times.js';

const HEADER = '{"type":"trace.header","format":"loop-trace","version":1,"clock":"virtual","time":0,"taskId":null,"createdAt":"2026-11-28T07:00:00.000Z"}';
const SPAWN = '{"type":"task.spawn","time":0,"taskId":1,"name":"main","parentId":null}';
const STEP = '{"type":"task.step","time":0,"taskId":1,"start":12.5,"duration":0.04}';

function* program(): Operation<number> {
  const child = yield* spawn(sleep(500), { name: 'child' });
  yield* sleep(0);
  yield* child;
  return 7;
}

/** Records `main` on a virtual clock; returns the written lines and the events seen by a parallel subscriber. */
async function record(): Promise<{ lines: string[]; events: LoopEvent[] }> {
  const lines: string[] = [];
  const events: LoopEvent[] = [];
  await run(program, {
    clock: new VirtualClock(),
    onLoop: (loop) => {
      recordTrace(loop, (line) => lines.push(line));
      loop.subscribe((e) => events.push(e));
    },
  });
  return { lines, events };
}

/** The TraceFormatError parseTrace throws for `text` (fails the test if it returns). */
function parseError(text: string): TraceFormatError {
  try {
    parseTrace(text);
  } catch (error) {
    if (error instanceof TraceFormatError) return error;
    throw error;
  }
  throw new Error('parseTrace did not throw');
}

describe('recordTrace', () => {
  test('writes the header first: format loop-trace, version 2, the clock kind, the loop time and a creation date', async () => {
    const { lines } = await record();
    expect(JSON.parse(lines[0]!)).toEqual({
      type: 'trace.header',
      format: 'loop-trace',
      version: 2,
      clock: 'virtual',
      time: 0,
      taskId: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as string,
    });
  });

  test('TRACE_VERSION is 2 (version 2 added task.unretrieved)', () => {
    expect(TRACE_VERSION).toBe(2);
  });

  test('a version-1 trace still reads: version 2 only added an event type', () => {
    expect(parseTrace([HEADER, SPAWN].join('\n')).header.version).toBe(1);
  });

  test('then writes one JSON line per event, as JSON.stringify would, with times rounded to the microsecond', async () => {
    const { lines, events } = await record();
    expect(lines.slice(1)).toEqual(events.map((e) => JSON.stringify(roundedTimes(e))));
  });

  test('leaves spawn sites out unless asked, and writes them with spawnSites: true', async () => {
    const sites: unknown[][] = [];
    for (const spawnSites of [false, true]) {
      const lines: string[] = [];
      await run(program, { clock: new VirtualClock(), onLoop: (loop) => void recordTrace(loop, (line) => lines.push(line), { spawnSites }) });
      sites.push(lines.map((line) => JSON.parse(line) as { type: string; site?: string }).filter((e) => e.type === 'task.spawn').map((e) => e.site));
    }
    expect(sites).toEqual([
      [undefined, undefined],
      [expect.stringMatching(/recorder\.test\.ts:\d+:\d+$/), expect.stringMatching(/recorder\.test\.ts:\d+:\d+$/)],
    ]);
  });

  test('writes no newline characters: each call is one line', async () => {
    const { lines } = await record();
    expect(lines.filter((l) => l.includes('\n'))).toEqual([]);
  });

  test('the header says clock "real" for a loop on the real clock, with the loop time at recording start', () => {
    const loop = new Loop({ clock: new RealClock() });
    const lines: string[] = [];
    const before = loop.time();
    recordTrace(loop, (line) => lines.push(line));
    const after = loop.time();
    loop.close();
    const header = JSON.parse(lines[0]!) as { clock: string; time: number };
    expect([header.clock, header.time >= before && header.time <= after]).toEqual(['real', true]);
  });

  test('the header time is the loop time when recording starts', () => {
    const loop = new Loop({ clock: new VirtualClock({ start: 2500 }) });
    const lines: string[] = [];
    recordTrace(loop, (line) => lines.push(line));
    expect((JSON.parse(lines[0]!) as { time: number }).time).toBe(2500);
  });

  test('the function it returns stops recording', async () => {
    const loop = new Loop({ clock: new VirtualClock() });
    const lines: string[] = [];
    const stop = recordTrace(loop, (line) => lines.push(line));
    loop.callLater(10, () => {});
    stop();
    loop.callLater(20, () => {});
    await loop.run(sleep(30));
    expect(lines.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['trace.header', 'timer.set']);
  });

  test('a write that is not a function is a TypeError', () => {
    const loop = new Loop({ clock: new VirtualClock() });
    expect(() => recordTrace(loop, undefined as unknown as (line: string) => void)).toThrow(
      new TypeError('recordTrace(loop, write): write must be a function, got undefined'),
    );
  });
});

describe('parseTrace', () => {
  test('round-trips a recorded trace: the header and every event, in order', async () => {
    const { lines, events } = await record();
    const trace = parseTrace(`${lines.join('\n')}\n`);
    expect(trace).toEqual({ header: JSON.parse(lines[0]!) as object, events: events.map(roundedTimes) });
  });

  test('reads the documented example', () => {
    expect(parseTrace([HEADER, SPAWN, STEP].join('\n'))).toEqual({
      header: {
        type: 'trace.header',
        format: 'loop-trace',
        version: 1,
        clock: 'virtual',
        time: 0,
        taskId: null,
        createdAt: '2026-11-28T07:00:00.000Z',
      },
      events: [
        { type: 'task.spawn', time: 0, taskId: 1, name: 'main', parentId: null },
        { type: 'task.step', time: 0, taskId: 1, start: 12.5, duration: 0.04 },
      ],
    });
  });

  test('skips blank and whitespace-only lines anywhere', () => {
    const trace = parseTrace(['', HEADER, '', '   ', SPAWN, '\t', STEP, '', ''].join('\n'));
    expect(trace.events.map((e) => e.type)).toEqual(['task.spawn', 'task.step']);
  });

  test('accepts CRLF line endings', () => {
    expect(parseTrace([HEADER, SPAWN, STEP].join('\r\n')).events.length).toBe(2);
  });

  test('keeps event fields it does not know', () => {
    const trace = parseTrace([HEADER, '{"type":"timer.fire","time":5,"taskId":null,"timerId":1,"extra":"kept"}'].join('\n'));
    expect(trace.events).toEqual([{ type: 'timer.fire', time: 5, taskId: null, timerId: 1, extra: 'kept' }]);
  });

  test('a header-only trace has no events', () => {
    expect(parseTrace(HEADER).events).toEqual([]);
  });

  test('text that is not a string is a TypeError', () => {
    expect(() => parseTrace(42 as unknown as string)).toThrow(new TypeError('parseTrace(text): text must be a string, got number 42'));
  });

  test('TraceFormatError has its name, the 1-based line and a message starting with the line', () => {
    const error = parseError([HEADER, SPAWN, '{"type":"task.explode","time":0,"taskId":1}'].join('\n'));
    expect({ isError: error instanceof Error, name: error.name, line: error.line, message: error.message }).toEqual({
      isError: true,
      name: 'TraceFormatError',
      line: 3,
      message: 'line 3: unknown event type string "task.explode"',
    });
  });

  test('invalid JSON in the middle is an error at its line', () => {
    const error = parseError([HEADER, '{"type":', SPAWN].join('\n'));
    expect([error.line, error.message]).toEqual([2, 'line 2: not valid JSON']);
  });

  test('invalid JSON on the last line says the trace may be truncated', () => {
    const error = parseError([HEADER, SPAWN, '{"type":"task.st'].join('\n'));
    expect([error.line, error.message]).toEqual([3, 'line 3: not valid JSON (the trace may be truncated)']);
  });

  test('invalid JSON on the last non-blank line, before a trailing newline, also says the trace may be truncated', () => {
    const error = parseError(`${[HEADER, SPAWN, '{"type":"task.st'].join('\n')}\n`);
    expect([error.line, error.message]).toEqual([3, 'line 3: not valid JSON (the trace may be truncated)']);
  });

  test('a first record that is not the header is an error at line 1', () => {
    const error = parseError([SPAWN, HEADER].join('\n'));
    expect([error.line, error.message]).toEqual([
      1,
      'line 1: the first record must be the trace header ({"type":"trace.header","format":"loop-trace",…})',
    ]);
  });

  test('the header line number counts the blank lines before it', () => {
    const error = parseError(['', '', SPAWN].join('\n'));
    expect(error.line).toBe(3);
  });

  test('a header of another format is rejected', () => {
    const error = parseError(HEADER.replace('"loop-trace"', '"other-trace"'));
    expect(error.message).toBe('line 1: the first record must be the trace header ({"type":"trace.header","format":"loop-trace",…})');
  });

  test('an unsupported version is an error naming the version', () => {
    const error = parseError([HEADER.replace('"version":1', '"version":3'), SPAWN].join('\n'));
    expect([error.line, error.message]).toEqual([1, 'line 1: unsupported trace version number 3 (this reader understands versions 1 and 2)']);
  });

  test('a missing version is an unsupported version', () => {
    const error = parseError(HEADER.replace('"version":1,', ''));
    expect(error.message).toBe('line 1: unsupported trace version undefined (this reader understands versions 1 and 2)');
  });

  test('an unknown event type is an error at its line', () => {
    const error = parseError([HEADER, SPAWN, STEP, '{"type":"task.teleport","time":0,"taskId":1}'].join('\n'));
    expect([error.line, error.message]).toEqual([4, 'line 4: unknown event type string "task.teleport"']);
  });

  test('an event without a type is an unknown event type', () => {
    const error = parseError([HEADER, '{"time":0,"taskId":1}'].join('\n'));
    expect(error.message).toBe('line 2: unknown event type undefined');
  });

  test('a task event without an integer taskId is an error', () => {
    const error = parseError([HEADER, '{"type":"task.resume","time":0,"taskId":1.5}'].join('\n'));
    expect([error.line, error.message]).toEqual([2, 'line 2: event "task.resume" has no integer taskId']);
  });

  test('a task event with a null taskId is an error', () => {
    const error = parseError([HEADER, '{"type":"task.done","time":0,"taskId":null,"outcome":"value"}'].join('\n'));
    expect(error.message).toBe('line 2: event "task.done" has no integer taskId');
  });

  test('loop and timer events may have a null taskId', () => {
    const trace = parseTrace(
      [HEADER, '{"type":"loop.idle","time":0,"taskId":null,"until":null}', '{"type":"timer.set","time":0,"taskId":null,"timerId":1,"deadline":5}'].join('\n'),
    );
    expect(trace.events.map((e) => e.taskId)).toEqual([null, null]);
  });

  test('an event without a numeric time is an error', () => {
    const error = parseError([HEADER, '{"type":"loop.idle","time":"0","taskId":null,"until":null}'].join('\n'));
    expect([error.line, error.message]).toEqual([2, 'line 2: event "loop.idle" has no numeric time']);
  });

  test('a line that is JSON but not an object is an error', () => {
    const error = parseError([HEADER, '[1,2]'].join('\n'));
    expect([error.line, error.message]).toEqual([2, 'line 2: expected a JSON object']);
  });

  test('empty input is an error at line 1', () => {
    const error = parseError('');
    expect([error.line, error.message]).toEqual([1, 'line 1: empty trace: no header line']);
  });

  test('input of only blank lines is an empty trace', () => {
    expect(parseError('\n  \n\n').message).toBe('line 1: empty trace: no header line');
  });
});

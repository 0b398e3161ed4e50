/**
 * Fuzzing the trace reader: truncated, malformed, huge and hostile input.
 * `parseTrace` either returns the trace or throws a `TraceFormatError`
 * naming the 1-based line that is wrong, never another exception and never
 * a hang. Its messages are safe to print: short, with every control
 * character escaped (describe() quotes strings with JSON.stringify and cuts
 * them at 40 characters), so an ANSI escape in a trace cannot rewrite a
 * terminal through an error message. The fast-check seeds are fixed; the
 * counts are in RELIABILITY.md.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { TraceFormatError, VirtualClock, gather, parseTrace, recordTrace, run, sleep, spawn, type Operation } from '../../src/index.js';

export const FUZZ_SEED = 20261128;
export const FUZZ_RUNS = 300;

const HEADER = '{"type":"trace.header","format":"loop-trace","version":1,"clock":"virtual","time":0,"taskId":null,"createdAt":"2026-11-28T07:00:00.000Z"}';
const SPAWN = '{"type":"task.spawn","time":0,"taskId":1,"name":"main","parentId":null}';

/** What parseTrace did with `text`: the trace, or the TraceFormatError; any other exception fails the test. */
function attempt(text: string): { ok: true; events: number } | { ok: false; error: TraceFormatError } {
  try {
    return { ok: true, events: parseTrace(text).events.length };
  } catch (error) {
    if (error instanceof TraceFormatError) return { ok: false, error };
    throw error;
  }
}

/** A TraceFormatError message is one short line with no raw control character in it. */
function expectPrintable(error: TraceFormatError): void {
  expect(error.message).toMatch(/^line \d+: /);
  expect(error.message.length).toBeLessThan(300);
  // eslint-disable-next-line no-control-regex -- the point is to find control characters
  expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
}

let recorded: string[] = [];

beforeAll(async () => {
  function* child(i: number): Operation<number> {
    yield* sleep(10 * i);
    return i;
  }
  await run(
    function* () {
      const task = yield* spawn(child(5), { name: 'child' });
      yield* gather(child(1), child(2), child(3));
      return yield* task;
    },
    { clock: new VirtualClock(), onLoop: (loop) => void recordTrace(loop, (line) => recorded.push(line)) },
  );
  recorded = [...recorded];
});

describe('parseTrace on truncated traces', () => {
  test(`a trace cut at any character either parses or names the cut line as possibly truncated (${FUZZ_RUNS} cuts)`, () => {
    const text = `${recorded.join('\n')}\n`;
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: text.length - 1 }), (cut) => {
        const result = attempt(text.slice(0, cut));
        // The line the cut falls in (1-based).
        const line = lineStarts.filter((start) => start <= cut - 1).length;
        const atBoundary = text[cut - 1] === '\n' || text[cut] === '\n';
        if (result.ok) {
          expect(atBoundary).toBe(true);
        } else {
          expect(result.error.line).toBe(line);
          expect(result.error.message).toMatch(/not valid JSON \(the trace may be truncated\)|the first record must be the trace header|has no|expected a JSON object/);
          expectPrintable(result.error);
        }
      }),
      { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
    );
  });

  test('a trace cut inside its last line says the trace may be truncated, on that line', () => {
    const cut = `${recorded.slice(0, 4).join('\n')}\n${recorded[4]!.slice(0, 12)}`;
    const result = attempt(cut);
    expect(result.ok ? null : [result.error.line, result.error.message]).toEqual([5, 'line 5: not valid JSON (the trace may be truncated)']);
  });
});

describe('parseTrace on malformed lines', () => {
  test(`any line of random text after a valid start parses or fails on exactly that line (${FUZZ_RUNS} lines)`, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 0, max: 3 }), (garbage, at) => {
        const lines = [HEADER, SPAWN, SPAWN, SPAWN];
        lines.splice(1 + at, 0, garbage);
        const result = attempt(lines.join('\n'));
        if (!result.ok) {
          expect(result.error.line).toBe(2 + at);
          expectPrintable(result.error);
        }
      }),
      { seed: FUZZ_SEED + 1, numRuns: FUZZ_RUNS },
    );
  });

  test(`any JSON value as an event is kept or rejected with its line number (${FUZZ_RUNS} values)`, () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const result = attempt([HEADER, JSON.stringify(value)].join('\n'));
        if (!result.ok) {
          expect(result.error.line).toBe(2);
          expectPrintable(result.error);
        }
      }),
      { seed: FUZZ_SEED + 2, numRuns: FUZZ_RUNS },
    );
  });

  test(`events with random field values are kept only when type, time and taskId are valid (${FUZZ_RUNS} events)`, () => {
    const anything = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.constant(null), fc.boolean(), fc.constant(Infinity), fc.array(fc.integer(), { maxLength: 2 }));
    fc.assert(
      fc.property(
        fc.constantFrom('task.spawn', 'task.step', 'task.done', 'timer.set', 'loop.idle', 'task.unknown', '', 'TASK.SPAWN'),
        anything,
        anything,
        (type, time, taskId) => {
          const line = JSON.stringify({ type, time, taskId });
          const result = attempt(`${HEADER}\n${line}`);
          const valid =
            ['task.spawn', 'task.step', 'task.done', 'timer.set', 'loop.idle'].includes(type) &&
            typeof time === 'number' &&
            Number.isFinite(time) &&
            (!type.startsWith('task.') || (typeof taskId === 'number' && Number.isInteger(taskId)));
          // JSON has no Infinity or NaN: they are written as null.
          expect(result.ok).toBe(valid);
          if (!result.ok) expect(result.error.line).toBe(2);
        },
      ),
      { seed: FUZZ_SEED + 3, numRuns: FUZZ_RUNS },
    );
  });

  const rows: [string, string, number, string][] = [
    ['an empty text', '', 1, 'line 1: empty trace: no header line'],
    ['only blank lines', '\n\n  \n', 1, 'line 1: empty trace: no header line'],
    ['an event before the header', `${SPAWN}\n${HEADER}`, 1, 'line 1: the first record must be the trace header'],
    ['a header of another version', HEADER.replace('"version":1', '"version":3'), 1, 'line 1: unsupported trace version number 3 (this reader understands versions 1 and 2)'],
    ['a header whose version is a string', HEADER.replace('"version":1', '"version":"1"'), 1, 'line 1: unsupported trace version string "1"'],
    ['a JSON array line', `${HEADER}\n[1,2]`, 2, 'line 2: expected a JSON object'],
    ['a JSON string line', `${HEADER}\n"task.spawn"`, 2, 'line 2: expected a JSON object'],
    ['a null line', `${HEADER}\nnull`, 2, 'line 2: expected a JSON object'],
    ['a time written as 1e400 (Infinity)', `${HEADER}\n{"type":"task.step","time":1e400,"taskId":1}`, 2, 'line 2: event "task.step" has no numeric time'],
    ['a fractional taskId', `${HEADER}\n{"type":"task.done","time":0,"taskId":1.5}`, 2, 'line 2: event "task.done" has no integer taskId'],
    ['an unknown type', `${HEADER}\n{"type":"task.explode","time":0,"taskId":1}`, 2, 'line 2: unknown event type string "task.explode"'],
    ['a bad line in the middle, not the last', `${HEADER}\n{"type":\n${SPAWN}`, 2, 'line 2: not valid JSON'],
    ['CRLF line endings with a bad line 3', `${HEADER}\r\n${SPAWN}\r\n{oops}\r\n${SPAWN}\r\n`, 3, 'line 3: not valid JSON'],
  ];
  test.each(rows)('%s → TraceFormatError on its line', (_label, text, line, message) => {
    const result = attempt(text);
    expect(result.ok ? null : result.error.line).toBe(line);
    expect(result.ok ? null : result.error.message).toContain(message);
  });

  test('CRLF line endings and a byte-order mark are read like plain newlines', () => {
    const result = attempt(`\ufeff${HEADER}\r\n${SPAWN}\r\n`);
    expect(result).toEqual({ ok: true, events: 1 });
  });
});

describe('parseTrace on hostile lines', () => {
  const ESC = '\u001b';
  const hostile = `${ESC}[2J${ESC}[H${ESC}]0;pwned\u0007\r\u0000\u0008\u009b31m`;

  test('control characters and ANSI escapes in an unknown type are escaped in the error, not printed raw', () => {
    const result = attempt(`${HEADER}\n${JSON.stringify({ type: hostile, time: 0, taskId: 1 })}`);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.line).toBe(2);
      expectPrintable(result.error);
      expect(result.error.message).toContain('\\u001b[2J');
    }
  });

  test('a task name full of escapes is kept verbatim in the event (sanitising is the display’s job)', () => {
    const text = `${HEADER}\n${JSON.stringify({ type: 'task.spawn', time: 0, taskId: 1, name: hostile, parentId: null })}`;
    const trace = parseTrace(text);
    expect(trace.events[0]).toMatchObject({ type: 'task.spawn', name: hostile });
  });

  test('a __proto__ key in an event stays an own property and does not change the prototype of parsed events', () => {
    const trace = parseTrace(`${HEADER}\n{"type":"task.spawn","time":0,"taskId":1,"__proto__":{"polluted":true},"name":"x","parentId":null}`);
    const event = trace.events[0] as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(event['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('JSON nested a million levels deep fails as invalid JSON or is kept, never a stack overflow', () => {
    const deep = `{"type":"task.step","time":0,"taskId":1,"x":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    const result = attempt(`${HEADER}\n${deep}`);
    if (!result.ok) expect(result.error.line).toBe(2);
    const broken = attempt(`${HEADER}\n${'['.repeat(1_000_000)}`);
    expect(broken.ok ? null : broken.error.message).toBe('line 2: not valid JSON (the trace may be truncated)');
  });

  test('a 10 MB task name is kept; a 10 MB line of garbage fails on its line with a short message', () => {
    const name = 'n'.repeat(10 * 1024 * 1024);
    const huge = parseTrace(`${HEADER}\n${JSON.stringify({ type: 'task.spawn', time: 0, taskId: 1, name, parentId: null })}\n${SPAWN}\n`);
    expect(huge.events.map((event) => (event.type === 'task.spawn' ? event.name.length : -1))).toEqual([name.length, 4]);

    const garbage = attempt(`${HEADER}\n${SPAWN}\n${'{'.repeat(10 * 1024 * 1024)}\n${SPAWN}`);
    expect(garbage.ok ? null : [garbage.error.line, garbage.error.message]).toEqual([3, 'line 3: not valid JSON']);

    const hugeType = attempt(`${HEADER}\n${JSON.stringify({ type: 'x'.repeat(10 * 1024 * 1024), time: 0, taskId: 1 })}`);
    expect(hugeType.ok).toBe(false);
    if (!hugeType.ok) expectPrintable(hugeType.error);
  });

  test('100,000 valid lines parse in one pass', () => {
    const lines = [HEADER, ...Array.from({ length: 100_000 }, (_, i) => `{"type":"task.step","time":${i},"taskId":1,"start":0,"duration":0}`)];
    expect(parseTrace(lines.join('\n')).events).toHaveLength(100_000);
  });
});

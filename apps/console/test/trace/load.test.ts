import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { TraceLoadError, loadTrace, readTrace } from '../../src/trace/load.js';
import { fixtureTrace } from '../helpers.js';

const HEADER = '{"type":"trace.header","format":"loop-trace","version":1,"clock":"virtual","time":0,"taskId":null,"createdAt":"x"}';

function errorOf(text: string): TraceLoadError {
  try {
    readTrace(text, 't.jsonl');
  } catch (error) {
    if (error instanceof TraceLoadError) return error;
    throw error;
  }
  throw new Error('expected a TraceLoadError');
}

describe('readTrace', () => {
  test('reads the fixture: its header and 41 events', () => {
    const trace = fixtureTrace();
    expect([trace.header.clock, trace.events.length]).toEqual(['virtual', 41]);
  });

  test('a line that is not JSON names the file and line', () => {
    expect(errorOf(`${HEADER}\n{"type":"task.resume","time":0,"taskId":1}\n{oops\n{"type":"loop.idle","time":0,"taskId":null,"until":null}\n`).message).toBe('t.jsonl:3: not valid JSON');
  });

  test('a cut-off last line says the trace may be truncated', () => {
    expect(errorOf(`${HEADER}\n{"type":"task.resume","ti`).message).toBe('t.jsonl:2: not valid JSON (the trace may be truncated)');
  });

  test('a missing or foreign header, an unknown version and an empty file are refused', () => {
    expect(errorOf('').message).toBe('t.jsonl:1: empty trace: no header line');
    expect(errorOf('{"type":"task.resume","time":0,"taskId":1}').message).toBe(
      't.jsonl:1: the first record must be the trace header ({"type":"trace.header","format":"loop-trace",…})',
    );
    expect(errorOf(HEADER.replace('"version":1', '"version":3')).line).toBe(1);
  });

  test('a field the console reads with the wrong type names the event, the field and the line (blank lines counted)', () => {
    expect(errorOf(`${HEADER}\n\n{"type":"task.step","time":0,"taskId":1,"start":0}`).message).toBe('t.jsonl:3: task.step has no non-negative numeric duration');
    expect(errorOf(`${HEADER}\n{"type":"task.spawn","time":0,"taskId":1,"name":7,"parentId":null}`).message).toBe('t.jsonl:2: task.spawn has no string name');
    expect(errorOf(`${HEADER}\n{"type":"task.done","time":0,"taskId":1,"outcome":"maybe"}`).message).toBe(
      't.jsonl:2: task.done has an outcome other than "value", "error" or "cancelled"',
    );
  });

  test('an unknown event type full of escapes is reported sanitised, on one line', () => {
    const message = errorOf(`${HEADER}\n{"type":"\\u001b[2J\\u001b]0;pwned\\u0007\\n${'x'.repeat(5000)}","time":0,"taskId":null}`).message;
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(message).not.toMatch(/[\x00-\x1f]/);
    expect(message.startsWith('t.jsonl:2: unknown event type')).toBe(true);
    expect(message.length).toBeLessThanOrEqual(500);
  });
});

describe('loadTrace', () => {
  test('a missing file is one clear error', () => {
    expect(() => loadTrace('/nonexistent/t.jsonl')).toThrow(new TraceLoadError('/nonexistent/t.jsonl: cannot read the trace (no such file)'));
  });

  test('reads a file from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-console-'));
    writeFileSync(join(dir, 't.jsonl'), `${HEADER}\n{"type":"task.resume","time":0,"taskId":1}\n`);
    expect(loadTrace(join(dir, 't.jsonl')).events).toEqual([{ type: 'task.resume', time: 0, taskId: 1 }]);
  });
});

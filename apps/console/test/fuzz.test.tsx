/**
 * Fuzzing the trace reader and the display with truncated, malformed, huge
 * and hostile input: every case must end in a clear one-line TraceLoadError
 * or in a sanitised display, never in another exception or a frame that
 * carries terminal control characters.
 */
import { readFileSync } from 'node:fs';
import { render } from 'ink-testing-library';
import { describe, expect, test } from 'vitest';
import { seededRandom } from '@loop/runtime';
import { foldEvents } from '../src/model/reducer.js';
import { renderStatic } from '../src/static.js';
import { FixedStore } from '../src/store.js';
import { TraceLoadError, readTrace } from '../src/trace/load.js';
import { App } from '../src/views/App.js';
import { FIXTURE, tick } from './helpers.js';

const TEXT = readFileSync(FIXTURE, 'utf8');
const LINES = TEXT.split('\n');
const HEADER = LINES[0]!;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

type Outcome = { ok: true; static: string } | { ok: false; error: TraceLoadError };

/** Loads and, when it loads, draws the trace both ways; any other exception fails the test. */
function attempt(text: string): Outcome {
  let trace;
  try {
    trace = readTrace(text, 'fuzz.jsonl');
  } catch (error) {
    if (!(error instanceof TraceLoadError)) throw error;
    expect(error.message).not.toMatch(CONTROL);
    expect(error.message.includes('\n')).toBe(false);
    expect(error.message.length).toBeLessThanOrEqual(500);
    expect(error.message).toMatch(/^fuzz\.jsonl:\d+: /);
    return { ok: false, error };
  }
  const model = foldEvents(trace.events, { startTime: trace.header.time, virtual: trace.header.clock === 'virtual', end: true });
  const text2 = renderStatic(model, { title: 'fuzz', width: 100 });
  expect(text2).not.toMatch(CONTROL);
  return { ok: true, static: text2 };
}

async function frameOf(text: string): Promise<string> {
  const trace = readTrace(text, 'fuzz.jsonl');
  const model = foldEvents(trace.events, { startTime: trace.header.time, end: true });
  const app = render(<App store={new FixedStore(model, 'fuzz')} columns={100} rows={30} />);
  await tick();
  const frame = app.lastFrame() ?? '';
  app.unmount();
  return frame;
}

describe('truncated traces', () => {
  test('cut at every 3rd character: either a valid prefix or a clear error on the cut line', () => {
    let errors = 0;
    for (let cut = 0; cut < TEXT.length; cut += 3) {
      const outcome = attempt(TEXT.slice(0, cut));
      if (!outcome.ok) errors++;
    }
    expect(errors).toBeGreaterThan(0);
  });
});

describe('malformed traces', () => {
  test('600 seeded random mutations of the fixture never crash', () => {
    const next = seededRandom(20261128);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const junk = ['\x1b[2J', '\x00', '"', '{', '}', ',', ':', 'null', '-1', '1e999', 'NaN', '\u202e', '\ud800', '\\u001b', '[]', 'true', '"task.spawn"'];
    const values = ['null', '-1', '1.5', '"x"', '[]', '{}', 'true', '"\\u001b[2J"', '1e308', '-0'];
    let loaded = 0;
    for (let i = 0; i < 600; i++) {
      const lines = [...LINES];
      const at = 1 + Math.floor(next() * (lines.length - 2));
      const line = lines[at]!;
      switch (Math.floor(next() * 5)) {
        case 0: {
          const pos = Math.floor(next() * line.length);
          lines[at] = line.slice(0, pos) + pick(junk) + line.slice(pos + 1);
          break;
        }
        case 1:
          lines[at] = line.slice(0, Math.floor(next() * line.length));
          break;
        case 2:
          // A field's value replaced by a value of another type.
          lines[at] = line.replace(/:("[^"]*"|-?[\d.]+|null)/g, (match) => (next() < 0.3 ? `:${pick(values)}` : match));
          break;
        case 3:
          lines.splice(at, 0, lines[Math.floor(next() * lines.length)]!);
          break;
        default:
          lines.splice(at, 1);
      }
      if (attempt(lines.join('\n')).ok) loaded++;
    }
    expect(loaded).toBeGreaterThan(0);
  });

  test('a 10 MB line that is not JSON is a short error naming line 2', () => {
    const outcome = attempt(`${HEADER}\n{"type":"task.spawn","name":"${'x'.repeat(10_000_000)}\n${LINES[2]}`);
    expect(outcome.ok ? '' : outcome.error.message).toBe('fuzz.jsonl:2: not valid JSON');
  });

  test('non-object lines and wrong headers are errors', () => {
    for (const line of ['[]', '"text"', '42', 'null', '{"type":"trace.header","format":"other","version":1}']) {
      expect(attempt(`${line}\n`).ok).toBe(false);
    }
  });
});

describe('hostile names', () => {
  const spawnLine = (name: string, id = 1): string => JSON.stringify({ type: 'task.spawn', time: 0, taskId: id, name, parentId: null, site: `${name}:1:1` });

  test('a task named with ANSI escapes, OSC and CR/LF is shown neutralised in the UI and the static output', async () => {
    const name = '\x1b[2J\x1b[H\x1b]0;pwned\x07\r\nX\u009b31m';
    const text = `${HEADER}\n${spawnLine(name)}\n${JSON.stringify({ type: 'task.done', time: 5, taskId: 1, outcome: 'error', error: `Error: ${name}` })}\n`;
    const outcome = attempt(text);
    expect(outcome.ok && outcome.static.split('\n')[4]).toBe(`   1 ␛[2J␛[H␛]0;pw… [${'+'.repeat(77)}X]`);
    const frame = await frameOf(text);
    expect(frame).not.toMatch(CONTROL);
    expect(frame.split('\n')[3]).toBe('›   1 ␛[2J␛[H␛]0;pw… ✗ failed         -      5ms      0ms      5ms     0          ␛[2J␛[H␛]0;pwned␇…');
  });

  test('a 10 MB task name costs one capped row, in the model, the UI and the static output', async () => {
    const text = `${HEADER}\n${spawnLine('n'.repeat(10_000_000))}\n`;
    const trace = readTrace(text);
    const model = foldEvents(trace.events);
    expect(model.tasks.get(1)!.name.length).toBe(1000);
    const frame = await frameOf(text);
    for (const line of frame.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(100);
    expect(frame.split('\n')[3]).toBe(`›   1 nnnnnnnnnnnnn… ▓ ready          -      0ms      0ms      0ms     0          ${'n'.repeat(17)}…`);
  });

  test('100 tasks with random control-character names never put a control character in the frame', async () => {
    const next = seededRandom(7);
    const lines = [HEADER];
    for (let id = 1; id <= 100; id++) {
      let name = '';
      for (let k = 0; k < 30; k++) name += String.fromCharCode(Math.floor(next() * 0xa0));
      lines.push(spawnLine(name, id));
    }
    const frame = await frameOf(lines.join('\n'));
    expect(frame).not.toMatch(CONTROL);
    expect(frame.split('\n').length).toBeLessThanOrEqual(30);
  });
});

describe('huge traces', () => {
  test('100,000 events load, fold and draw', () => {
    const lines = [HEADER];
    for (let id = 1; id <= 20_000; id++) {
      lines.push(JSON.stringify({ type: 'task.spawn', time: id, taskId: id, name: `t${id}`, parentId: null }));
      lines.push(JSON.stringify({ type: 'task.suspend', time: id, taskId: id, on: 'sleep' }));
      lines.push(JSON.stringify({ type: 'task.step', time: id, taskId: id, start: 0, duration: 0.01 }));
      lines.push(JSON.stringify({ type: 'task.resume', time: id + 5, taskId: id }));
      lines.push(JSON.stringify({ type: 'task.done', time: id + 5, taskId: id, outcome: 'value' }));
    }
    const outcome = attempt(lines.join('\n'));
    expect(outcome.ok && outcome.static.split('\n')[1]).toBe('loop 20.005s  alive 0 done 20000 failed 0 cancelled 0  queue 0  lag 0ms (max 0ms)');
  });
});

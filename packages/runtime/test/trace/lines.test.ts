/**
 * `traceLine(event)` writes a trace line by concatenation instead of
 * `JSON.stringify`; it must write what `JSON.stringify` would for every event
 * the loop emits, whatever the names, errors and numbers in it, except that
 * times are rounded to the microsecond.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { traceLine } from '../../src/trace/lines.js';
import type { LoopEvent } from '../../src/index.js';
import { roundedTimes } from './rounded-times.js';

const time = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, 1e21, 1e-7, Number.MAX_VALUE));
const id = fc.integer({ min: 1, max: 2 ** 40 });
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\u2028', '\ud800', 'a\nb', '</script>'));

const event: fc.Arbitrary<LoopEvent> = fc.oneof(
  fc.record({ type: fc.constant('task.spawn' as const), time, taskId: id, name: text, parentId: fc.option(id) }),
  fc.record({ type: fc.constant('task.spawn' as const), time, taskId: id, name: text, parentId: fc.option(id), site: text }),
  fc.record({ type: fc.constant('task.step' as const), time, taskId: id, start: time, duration: time }),
  fc.record({ type: fc.constant('task.suspend' as const), time, taskId: id, on: text }),
  fc.record({ type: fc.constant('task.suspend' as const), time, taskId: id, on: text, detail: text }),
  fc.record({ type: fc.constant('task.resume' as const), time, taskId: id }),
  fc.record({ type: fc.constant('task.cancel' as const), time, taskId: id }),
  fc.record({ type: fc.constant('task.cancel' as const), time, taskId: id, reason: text }),
  fc.record({ type: fc.constant('task.done' as const), time, taskId: id, outcome: fc.constantFrom('value' as const, 'error' as const, 'cancelled' as const) }),
  fc.record({ type: fc.constant('task.done' as const), time, taskId: id, outcome: fc.constant('error' as const), error: text }),
  fc.record({ type: fc.constant('task.unretrieved' as const), time, taskId: id, error: text }),
  fc.record({ type: fc.constant('timer.set' as const), time, taskId: fc.option(id), timerId: id, deadline: time }),
  fc.record({ type: fc.constant('timer.fire' as const), time, taskId: fc.constant(null), timerId: id }),
  fc.record({ type: fc.constant('loop.idle' as const), time, taskId: fc.constant(null), until: fc.option(time) }),
  fc.record({ type: fc.constant('loop.lag' as const), time, taskId: fc.constant(null), deadline: time, lag: time }),
);

describe('traceLine', () => {
  test('writes JSON.stringify(event) with times rounded to the microsecond, for 5,000 random events of every type', () => {
    fc.assert(
      fc.property(event, (e) => {
        expect(traceLine(e)).toBe(JSON.stringify(roundedTimes(e)));
      }),
      { numRuns: 5000, seed: 20261128 },
    );
  });

  test('writes integer times in full and fractions to the microsecond without trailing zeros', () => {
    expect(traceLine({ type: 'task.step', time: 3000, taskId: 1, start: 12.5, duration: 0.0404999 })).toBe(
      '{"type":"task.step","time":3000,"taskId":1,"start":12.5,"duration":0.04}',
    );
    expect(traceLine({ type: 'task.step', time: 1234.5678, taskId: 2, start: 0.0004, duration: 7.0009996 })).toBe(
      '{"type":"task.step","time":1234.568,"taskId":2,"start":0,"duration":7.001}',
    );
  });

  test('writes negative times with their sign', () => {
    expect(traceLine({ type: 'timer.set', time: 0, taskId: null, timerId: 1, deadline: -1.5 })).toBe('{"type":"timer.set","time":0,"taskId":null,"timerId":1,"deadline":-1.5}');
  });

  test('writes NaN and Infinity as null, as JSON does', () => {
    expect(traceLine({ type: 'task.step', time: Infinity, taskId: 1, start: NaN, duration: -Infinity })).toBe(
      '{"type":"task.step","time":null,"taskId":1,"start":null,"duration":null}',
    );
  });

  test('escapes quotes, backslashes and control characters in names', () => {
    expect(traceLine({ type: 'task.spawn', time: 0, taskId: 1, name: 'a"b\\c\n\u0001', parentId: null })).toBe(
      '{"type":"task.spawn","time":0,"taskId":1,"name":"a\\"b\\\\c\\n\\u0001","parentId":null}',
    );
  });
});

/**
 * The trace recorder's `LineSink` writes a trace line by concatenation
 * instead of `JSON.stringify`; it must write what `JSON.stringify` would for
 * every event the loop emits, whatever the names, errors and numbers in it,
 * except that times are rounded to the microsecond.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LineSink } from '../../src/trace/lines.js';
import { ListenerSink, type EventSink } from '../../src/trace/sink.js';
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

/** The line a `LineSink` writes for `event`: the sink method the loop calls for it, with the event's fields. */
function traceLine(event: LoopEvent): string {
  let line = '';
  const sink = new LineSink((text) => (line = text));
  switch (event.type) {
    case 'task.spawn':
      sink.spawn(event.time, event.taskId, event.name, event.parentId, event.site);
      break;
    case 'task.step':
      sink.step(event.time, event.taskId, event.start, event.duration);
      break;
    case 'task.suspend':
      sink.suspend(event.time, event.taskId, event.on, event.detail);
      break;
    case 'task.resume':
      sink.resume(event.time, event.taskId);
      break;
    case 'task.cancel':
      sink.cancel(event.time, event.taskId, event.reason);
      break;
    case 'task.done':
      sink.done(event.time, event.taskId, event.outcome, event.error);
      break;
    case 'task.unretrieved':
      sink.unretrieved(event.time, event.taskId, event.error);
      break;
    case 'timer.set':
      sink.timerSet(event.time, event.taskId, event.timerId, event.deadline);
      break;
    case 'timer.fire':
      sink.timerFire(event.time, event.timerId);
      break;
    case 'loop.idle':
      sink.idle(event.time, event.until);
      break;
    case 'loop.lag':
      sink.lag(event.time, event.deadline, event.lag);
      break;
  }
  return line;
}

describe('LineSink, one event at a time', () => {
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

/** One call the loop makes on a sink: the method and its arguments. */
type SinkCall = { [K in keyof EventSink]: [K, ...Parameters<EventSink[K]>] }[keyof EventSink];

// Few distinct times and ids, so that consecutive calls share them and the line caches are hit and missed in every order.
const sharedTime = fc.oneof(fc.constantFrom(0, 12.5, 1234.5678, 1234.5679, 0.002), time);
const sharedId = fc.oneof(fc.constantFrom(1, 2, 3), id);
const call: fc.Arbitrary<SinkCall> = fc.oneof(
  fc.tuple(fc.constant('spawn' as const), sharedTime, sharedId, fc.option(text, { nil: undefined }), fc.option(sharedId), fc.option(text, { nil: undefined })),
  fc.tuple(fc.constant('step' as const), sharedTime, sharedId, sharedTime, fc.oneof(fc.double({ min: 0, max: 2 }), time)),
  fc.tuple(fc.constant('suspend' as const), sharedTime, sharedId, fc.constantFrom('sleep', 'join', 'wait'), fc.option(text, { nil: undefined })),
  fc.tuple(fc.constant('resume' as const), sharedTime, sharedId),
  fc.tuple(fc.constant('cancel' as const), sharedTime, sharedId, fc.option(text, { nil: undefined })),
  fc.tuple(fc.constant('done' as const), sharedTime, sharedId, fc.constantFrom('value' as const, 'error' as const, 'cancelled' as const), fc.option(text, { nil: undefined })),
  fc.tuple(fc.constant('unretrieved' as const), sharedTime, sharedId, text),
  fc.tuple(fc.constant('timerSet' as const), sharedTime, fc.option(sharedId), sharedId, sharedTime),
  fc.tuple(fc.constant('timerFire' as const), sharedTime, sharedId),
  fc.tuple(fc.constant('idle' as const), sharedTime, fc.option(sharedTime)),
  fc.tuple(fc.constant('lag' as const), sharedTime, sharedTime, sharedTime),
);

function deliver(sink: EventSink, [method, ...args]: SinkCall): void {
  (sink[method] as (...values: unknown[]) => void)(...args);
}

describe('LineSink', () => {
  test('writes, for any sequence of events, the JSON of the event a subscribe listener gets, times rounded to the microsecond', () => {
    fc.assert(
      fc.property(fc.array(call, { maxLength: 40 }), (calls) => {
        const lines: string[] = [];
        const events: LoopEvent[] = [];
        const lineSink = new LineSink((line) => lines.push(line));
        const listenerSink = new ListenerSink((event) => events.push(event));
        for (const c of calls) {
          deliver(lineSink, c);
          deliver(listenerSink, c);
        }
        expect(lines).toEqual(events.map((e) => JSON.stringify(roundedTimes(e))));
      }),
      { numRuns: 2000, seed: 20261207 },
    );
  });

  test('writes a task named by default as Task-<id>', () => {
    const lines: string[] = [];
    new LineSink((line) => lines.push(line)).spawn(0, 42, undefined, 1, undefined);
    expect(lines).toEqual(['{"type":"task.spawn","time":0,"taskId":42,"name":"Task-42","parentId":1}']);
  });

  test('goes on after write throws, reporting the error to console.error', () => {
    const lines: string[] = [];
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      let calls = 0;
      const sink = new LineSink((line) => {
        calls++;
        if (calls === 1) throw new Error('disk full');
        lines.push(line);
      });
      sink.resume(1, 7);
      sink.resume(2, 7);
    } finally {
      console.error = original;
    }
    expect(lines).toEqual(['{"type":"task.resume","time":2,"taskId":7}']);
    expect(errors.map((args) => [args[0], (args[1] as Error).message])).toEqual([['loop: an event listener failed:', 'disk full']]);
  });
});

/**
 * Trace lines: the text of one event in a JSON Lines trace.
 *
 * A line is what `JSON.stringify(event)` writes (same fields, same order,
 * same escaping) except that times are rounded to the microsecond, which is
 * all a trace needs. It is built by concatenation from the event's fields
 * instead of a generic walk of an object: the recorder's {@link LineSink}
 * gets the fields from the loop as arguments (see sink.ts), so no event
 * object is made at all.
 *
 * What a line costs is mostly what it allocates: every string piece joined
 * is a new string, and a traced spawn of 100,000 tasks writes 600,000
 * lines. So the pieces that recur are kept: the text of the last two times
 * written (a slice's closing events share one clock reading, and the next
 * slice starts at it), the `time` and `taskId` of the last event (a
 * slice's `task.suspend` and `task.step`, or `task.step` and `task.done`,
 * share both), the digits after the point of each of the 1,000
 * microsecond fractions, and the closing text of each step duration under
 * 1 ms.
 *
 * @module
 */
import type { TaskDoneEvent } from './events.js';
import { reportListenerFailure, type EventSink } from './sink.js';

/** Beyond this many ms (about 285 years) a time is written in full rather than rounded. */
const MAX_ROUNDED = 2 ** 53 / 1000;

/** `.5`, `.05`, `.123`: the text after the whole milliseconds of each fraction 1–999 µs, made as first needed. */
const fractions: string[] = [];

function fractionText(micros: number): string {
  let fraction = micros;
  let digits = 3;
  while (fraction % 10 === 0) {
    fraction /= 10;
    digits--;
  }
  const text = `${fraction}`;
  return `.${text.length < digits ? '0'.repeat(digits - text.length) + text : text}`;
}

/** A number as JSON writes it, rounded to the microsecond when it has a fraction; NaN and ±Infinity as `null`. */
function num(value: number): string {
  if (Number.isInteger(value)) return `${value}`;
  if (!Number.isFinite(value)) return 'null';
  if (value >= MAX_ROUNDED) return `${value}`;
  if (value < 0) {
    const magnitude = num(-value);
    return magnitude === '0' ? '0' : `-${magnitude}`;
  }
  const micros = Math.round(value * 1000);
  const whole = Math.floor(micros / 1000);
  const fraction = micros - whole * 1000;
  if (fraction === 0) return `${whole}`;
  return `${whole}${(fractions[fraction] ??= fractionText(fraction))}`;
}

/** The last two times written, with their text: the closing events of a slice share one reading, and the next slice's `start` is that reading. */
let lastTime = NaN;
let lastTimeText = '';
let priorTime = NaN;
let priorTimeText = '';

function timeText(value: number): string {
  if (value === lastTime) return lastTimeText;
  if (value === priorTime) return priorTimeText;
  priorTime = lastTime;
  priorTimeText = lastTimeText;
  lastTimeText = num(value);
  lastTime = value;
  return lastTimeText;
}

/** The `time` and `taskId` of the last event, and their text (`12.5,"taskId":3`, and `3` alone). */
let headTime = NaN;
let headTaskId: number | null = 0;
let headText = '';
let headIdText = '0';

/** `<time>,"taskId":<id>`: what follows `"time":` in every line. */
function head(time: number, taskId: number | null): string {
  if (time === headTime && taskId === headTaskId) return headText;
  if (taskId !== headTaskId) headIdText = taskId === null ? 'null' : num(taskId);
  headText = `${timeText(time)},"taskId":${headIdText}`;
  headTime = time;
  headTaskId = taskId;
  return headText;
}

/** `,"duration":0.002}`: a step's closing text, kept for each duration under 1 ms (almost all of them). */
const durationTails: string[] = [];

function durationTail(duration: number): string {
  const micros = Math.round(duration * 1000);
  if (micros >= 0 && micros < 1000) return (durationTails[micros] ??= `,"duration":${num(micros / 1000)}}`);
  return `,"duration":${num(duration)}}`;
}

function numOrNull(value: number | null): string {
  return value === null ? 'null' : num(value);
}

/** The JSON text of the short strings that recur in every trace (the `on` of a suspension, an outcome). */
const quoted = new Map<string, string>();

function quote(value: string): string {
  let text = quoted.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    if (quoted.size < 256 && value.length <= 32) quoted.set(value, text);
  }
  return text;
}

/** `name` undefined: the default name (naming.ts's `defaultTaskName`), written from the id text `head` already made. */
function spawnLine(time: number, taskId: number, name: string | undefined, parentId: number | null, site: string | undefined): string {
  const prefix = head(time, taskId);
  const line = `{"type":"task.spawn","time":${prefix},"name":${name === undefined ? `"Task-${headIdText}"` : quote(name)},"parentId":${numOrNull(parentId)}`;
  return site === undefined ? `${line}}` : `${line},"site":${JSON.stringify(site)}}`;
}

function stepLine(time: number, taskId: number, start: number, duration: number): string {
  return `{"type":"task.step","time":${head(time, taskId)},"start":${timeText(start)}${durationTail(duration)}`;
}

function suspendLine(time: number, taskId: number, on: string, detail: string | undefined): string {
  return detail === undefined
    ? `{"type":"task.suspend","time":${head(time, taskId)},"on":${quote(on)}}`
    : `{"type":"task.suspend","time":${head(time, taskId)},"on":${quote(on)},"detail":${JSON.stringify(detail)}}`;
}

function resumeLine(time: number, taskId: number): string {
  return `{"type":"task.resume","time":${head(time, taskId)}}`;
}

function cancelLine(time: number, taskId: number, reason: string | undefined): string {
  return reason === undefined
    ? `{"type":"task.cancel","time":${head(time, taskId)}}`
    : `{"type":"task.cancel","time":${head(time, taskId)},"reason":${JSON.stringify(reason)}}`;
}

function doneLine(time: number, taskId: number, outcome: string, error: string | undefined): string {
  return error === undefined
    ? `{"type":"task.done","time":${head(time, taskId)},"outcome":${quote(outcome)}}`
    : `{"type":"task.done","time":${head(time, taskId)},"outcome":${quote(outcome)},"error":${JSON.stringify(error)}}`;
}

function unretrievedLine(time: number, taskId: number, error: string): string {
  return `{"type":"task.unretrieved","time":${head(time, taskId)},"error":${JSON.stringify(error)}}`;
}

function timerSetLine(time: number, taskId: number | null, timerId: number, deadline: number): string {
  return `{"type":"timer.set","time":${head(time, taskId)},"timerId":${num(timerId)},"deadline":${num(deadline)}}`;
}

function timerFireLine(time: number, timerId: number): string {
  return `{"type":"timer.fire","time":${head(time, null)},"timerId":${num(timerId)}}`;
}

function idleLine(time: number, until: number | null): string {
  return `{"type":"loop.idle","time":${head(time, null)},"until":${numOrNull(until)}}`;
}

function lagLine(time: number, deadline: number, lag: number): string {
  return `{"type":"loop.lag","time":${head(time, null)},"deadline":${num(deadline)},"lag":${num(lag)}}`;
}

/**
 * @internal The trace recorder's sink: each event's line, without a
 * newline, handed to `write` as the event happens. A raw newline never
 * occurs in a line: `JSON.stringify` escapes newlines inside strings.
 */
export class LineSink implements EventSink {
  constructor(private readonly write: (line: string) => void) {}

  private put(line: string): void {
    try {
      this.write(line);
    } catch (error) {
      reportListenerFailure(error);
    }
  }

  spawn(time: number, taskId: number, name: string | undefined, parentId: number | null, site: string | undefined): void {
    this.put(spawnLine(time, taskId, name, parentId, site));
  }

  step(time: number, taskId: number, start: number, duration: number): void {
    this.put(stepLine(time, taskId, start, duration));
  }

  suspend(time: number, taskId: number, on: string, detail: string | undefined): void {
    this.put(suspendLine(time, taskId, on, detail));
  }

  resume(time: number, taskId: number): void {
    this.put(resumeLine(time, taskId));
  }

  cancel(time: number, taskId: number, reason: string | undefined): void {
    this.put(cancelLine(time, taskId, reason));
  }

  done(time: number, taskId: number, outcome: TaskDoneEvent['outcome'], error: string | undefined): void {
    this.put(doneLine(time, taskId, outcome, error));
  }

  unretrieved(time: number, taskId: number, error: string): void {
    this.put(unretrievedLine(time, taskId, error));
  }

  timerSet(time: number, taskId: number | null, timerId: number, deadline: number): void {
    this.put(timerSetLine(time, taskId, timerId, deadline));
  }

  timerFire(time: number, timerId: number): void {
    this.put(timerFireLine(time, timerId));
  }

  idle(time: number, until: number | null): void {
    this.put(idleLine(time, until));
  }

  lag(time: number, deadline: number, lag: number): void {
    this.put(lagLine(time, deadline, lag));
  }
}

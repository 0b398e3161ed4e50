/**
 * Trace lines: the text of one event in a JSON Lines trace.
 *
 * A line is what `JSON.stringify(event)` writes (same fields, same order,
 * same escaping) except that times are rounded to the microsecond, which is
 * all a trace needs. It is built by concatenation from the event's known
 * shape instead of a generic walk of the object: about 250 ns an event
 * against `JSON.stringify`'s 1 µs, and writing a double's microseconds as
 * integers avoids the ~250 ns of printing every digit of it.
 *
 * @module
 */
import type { LoopEvent } from './events.js';

/** Beyond this many ms (about 285 years) a time is written in full rather than rounded. */
const MAX_ROUNDED = 2 ** 53 / 1000;

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
  let fraction = micros - whole * 1000;
  if (fraction === 0) return `${whole}`;
  let digits = 3;
  while (fraction % 10 === 0) {
    fraction /= 10;
    digits--;
  }
  const text = `${fraction}`;
  return `${whole}.${text.length < digits ? '0'.repeat(digits - text.length) + text : text}`;
}

/**
 * The events that close a slice share one clock reading (a suspension's
 * `task.suspend` and `task.step`, a wakeup's `task.resume`s), so the last
 * time written is kept with its text: the next event at the same time costs
 * a comparison, not a rounding and a number printed again.
 */
let lastTime = NaN;
let lastTimeText = '';

function timeText(value: number): string {
  if (value === lastTime) return lastTimeText;
  lastTimeText = num(value);
  lastTime = value;
  return lastTimeText;
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

/**
 * @internal One trace line for an event the loop emitted (see the module
 * comment), without a newline. A raw newline never occurs in it:
 * `JSON.stringify` escapes newlines inside strings.
 */
export function traceLine(event: LoopEvent): string {
  const common = `${timeText(event.time)},"taskId":${numOrNull(event.taskId)}`;
  switch (event.type) {
    case 'task.step':
      return `{"type":"task.step","time":${common},"start":${num(event.start)},"duration":${num(event.duration)}}`;
    case 'task.suspend':
      return event.detail === undefined
        ? `{"type":"task.suspend","time":${common},"on":${quote(event.on)}}`
        : `{"type":"task.suspend","time":${common},"on":${quote(event.on)},"detail":${JSON.stringify(event.detail)}}`;
    case 'task.resume':
      return `{"type":"task.resume","time":${common}}`;
    case 'task.spawn': {
      const spawn = `{"type":"task.spawn","time":${common},"name":${JSON.stringify(event.name)},"parentId":${numOrNull(event.parentId)}`;
      return event.site === undefined ? `${spawn}}` : `${spawn},"site":${JSON.stringify(event.site)}}`;
    }
    case 'task.done':
      return event.error === undefined
        ? `{"type":"task.done","time":${common},"outcome":${quote(event.outcome)}}`
        : `{"type":"task.done","time":${common},"outcome":${quote(event.outcome)},"error":${JSON.stringify(event.error)}}`;
    case 'task.unretrieved':
      return `{"type":"task.unretrieved","time":${common},"error":${JSON.stringify(event.error)}}`;
    case 'task.cancel':
      return event.reason === undefined ? `{"type":"task.cancel","time":${common}}` : `{"type":"task.cancel","time":${common},"reason":${JSON.stringify(event.reason)}}`;
    case 'timer.set':
      return `{"type":"timer.set","time":${common},"timerId":${num(event.timerId)},"deadline":${num(event.deadline)}}`;
    case 'timer.fire':
      return `{"type":"timer.fire","time":${common},"timerId":${num(event.timerId)}}`;
    case 'loop.idle':
      return `{"type":"loop.idle","time":${common},"until":${numOrNull(event.until)}}`;
    case 'loop.lag':
      return `{"type":"loop.lag","time":${common},"deadline":${num(event.deadline)},"lag":${num(event.lag)}}`;
    default:
      // Not an event the loop emits: written in full.
      return JSON.stringify(event);
  }
}

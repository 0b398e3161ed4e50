/**
 * Export to the Chrome Trace Event format (the JSON that chrome://tracing
 * and https://ui.perfetto.dev open).
 *
 * Layout: one process (`pid` 1, named "loop") and one track per task
 * (`tid` = task id), named by `thread_name` metadata (`M`) events; each
 * `task.step` becomes one complete (`X`) slice on its task's track; each
 * task's lifetime, spawn to done, is an async pair (`b`/`e`, `id` = task
 * id, category `task`). Timestamps are microseconds from the trace start.
 *
 * On a real clock a step is drawn ending at its event's loop time. On a
 * virtual clock loop time stands still while code runs, so steps at the
 * same instant are laid out one after another by their real durations;
 * slices on one track never overlap either way, and every slice lies inside
 * its task's lifetime.
 *
 * @module
 */
import type { Trace } from '@loop/runtime';
import { sanitize } from '../sanitize.js';

/** One Chrome trace event (the fields this exporter writes). */
export interface ChromeEvent {
  name: string;
  ph: 'M' | 'X' | 'b' | 'e' | 'i';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: string;
  s?: 't';
  args?: Record<string, unknown>;
}

/** A Chrome trace file (object form). */
export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

const PID = 1;
const NAME_CAP = 200;

/**
 * Converts a loop trace to the Chrome Trace Event format.
 *
 * @example
 * ```ts
 * const chrome = toChromeTrace(loadTrace('trace.jsonl'));
 * writeFileSync('out.json', JSON.stringify(chrome));
 * ```
 */
export function toChromeTrace(trace: Trace): ChromeTrace {
  const virtual = trace.header.clock === 'virtual';
  const t0 = trace.header.time;
  const meta: ChromeEvent[] = [{ name: 'process_name', ph: 'M', pid: PID, tid: 0, args: { name: 'loop' } }];
  const slices: ChromeEvent[] = [];
  const lifetimes = new Map<number, { name: string; begin: number; end: number | null; outcome: string | null }>();
  const trackEnd = new Map<number, number>();
  let instant = Number.NaN;
  let offset = 0;
  let last = 0;
  const at = (time: number): number => {
    const base = (time - t0) * 1000;
    if (!virtual) return base;
    if (time !== instant) {
      instant = time;
      offset = 0;
    }
    return base + offset;
  };
  for (const event of trace.events) {
    switch (event.type) {
      case 'task.spawn': {
        if (lifetimes.has(event.taskId)) break;
        const name = sanitize(event.name, NAME_CAP);
        meta.push({ name: 'thread_name', ph: 'M', pid: PID, tid: event.taskId, args: { name: `${name} #${event.taskId}` } });
        meta.push({ name: 'thread_sort_index', ph: 'M', pid: PID, tid: event.taskId, args: { sort_index: event.taskId } });
        const begin = at(event.time);
        lifetimes.set(event.taskId, { name, begin, end: null, outcome: null });
        last = Math.max(last, begin);
        break;
      }
      case 'task.step': {
        const dur = Math.max(0, event.duration * 1000);
        let ts = virtual ? at(event.time) : at(event.time) - dur;
        if (virtual) offset += dur;
        const lifetime = lifetimes.get(event.taskId);
        ts = Math.max(ts, trackEnd.get(event.taskId) ?? -Infinity, lifetime?.begin ?? -Infinity);
        trackEnd.set(event.taskId, ts + dur);
        slices.push({ name: 'step', ph: 'X', pid: PID, tid: event.taskId, ts, dur, cat: 'step', args: { loopTime: event.time } });
        if (lifetime !== undefined && lifetime.end !== null) lifetime.end = Math.max(lifetime.end, ts + dur);
        last = Math.max(last, ts + dur);
        break;
      }
      case 'task.done': {
        const lifetime = lifetimes.get(event.taskId);
        if (lifetime === undefined || lifetime.end !== null) break;
        lifetime.end = Math.max(at(event.time), trackEnd.get(event.taskId) ?? -Infinity);
        lifetime.outcome = event.outcome;
        last = Math.max(last, lifetime.end);
        break;
      }
      case 'task.unretrieved':
        slices.push({ name: 'unretrieved error', ph: 'i', s: 't', pid: PID, tid: event.taskId, ts: at(event.time), cat: 'task', args: { error: event.error } });
        break;
      case 'task.cancel':
        slices.push({ name: 'cancel', ph: 'i', s: 't', pid: PID, tid: event.taskId, ts: Math.max(at(event.time), trackEnd.get(event.taskId) ?? -Infinity), cat: 'task' });
        break;
      default:
        last = Math.max(last, at(event.time));
    }
  }
  const asyncEvents: ChromeEvent[] = [];
  for (const [taskId, lifetime] of lifetimes) {
    const end = Math.max(lifetime.end ?? last, trackEnd.get(taskId) ?? -Infinity, lifetime.begin);
    const id = String(taskId);
    asyncEvents.push({ name: lifetime.name, ph: 'b', cat: 'task', id, pid: PID, tid: taskId, ts: lifetime.begin });
    asyncEvents.push({ name: lifetime.name, ph: 'e', cat: 'task', id, pid: PID, tid: taskId, ts: end, args: { outcome: lifetime.outcome ?? 'alive' } });
  }
  return {
    traceEvents: [...meta, ...asyncEvents, ...slices],
    displayTimeUnit: 'ms',
    otherData: { generator: 'loop-console', clock: trace.header.clock, createdAt: String(trace.header.createdAt) },
  };
}

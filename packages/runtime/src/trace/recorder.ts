/**
 * The trace format: the loop's events as JSON Lines (one JSON object per
 * line), versioned so that readers can refuse what they do not understand.
 *
 * Line 1 is a header, every later line is one {@link LoopEvent} exactly as
 * the loop emitted it:
 *
 * ```
 * {"type":"trace.header","format":"loop-trace","version":2,"clock":"virtual","time":0,"taskId":null,"createdAt":"2026-11-28T07:00:00.000Z"}
 * {"type":"task.spawn","time":0,"taskId":1,"name":"main","parentId":null}
 * {"type":"task.step","time":0,"taskId":1,"start":12.5,"duration":0.04}
 * ```
 *
 * Compatibility: a reader accepts any version it knows (1 and 2: version 2
 * added the `task.unretrieved` event, so a version-1 trace is a version-2
 * trace without it) and
 * ignores event fields it does not know; a new event type or field that old
 * readers could misread bumps the version. The full schema is in
 * packages/runtime/TRACE.md.
 *
 * @module
 */
import { spawnSitesOption, type Loop } from '../loop/loop.js';
import { describe } from '../operation.js';
import type { LoopEvent } from './events.js';
import { LineSink } from './lines.js';

/** The trace format version this runtime writes (it reads this one and every earlier one). */
export const TRACE_VERSION = 2;

/** Versions this reader understands: each added to what the one before had, so older traces read as they are. */
const READABLE_VERSIONS: readonly number[] = [1, 2];

/** The first line of a trace. */
export interface TraceHeader {
  type: 'trace.header';
  format: 'loop-trace';
  version: number;
  clock: 'real' | 'virtual';
  time: number;
  taskId: null;
  createdAt: string;
}

/** A parsed trace: its header and its events in order. */
export interface Trace {
  header: TraceHeader;
  events: LoopEvent[];
}

/**
 * A trace file that cannot be read; `line` is the 1-based line that is wrong.
 *
 * @example
 * ```ts
 * try {
 *   parseTrace(text);
 * } catch (error) {
 *   if (error instanceof TraceFormatError) console.error(`trace.jsonl:${error.line}: ${error.message}`);
 * }
 * ```
 */
export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';

  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Options for {@link recordTrace}. */
export interface RecordTraceOptions {
  /** Record each `task.spawn` event's `site` (as `loop.subscribe`'s `spawnSites` option; costs a stack trace per spawn). Default false. */
  spawnSites?: boolean;
}

/**
 * Records the loop's events as JSON Lines: `write` receives the header, then
 * one line per event (without a trailing newline), in order. Returns a
 * function that stops recording.
 *
 * Each line is the event as `JSON.stringify` would write it, except that
 * times (`time`, `start`, `duration`, `deadline`, `until`, `lag`) are
 * rounded to the microsecond (see lines.ts). `write` is called as each
 * event happens. Spawn sites are left out unless `options.spawnSites`.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * await run(main, { onLoop: (loop) => void recordTrace(loop, (line) => lines.push(line)) });
 * writeFileSync('trace.jsonl', lines.join('\n') + '\n');
 * ```
 */
export function recordTrace(loop: Loop, write: (line: string) => void, options: RecordTraceOptions = {}): () => void {
  if (typeof loop !== 'object' || loop === null || typeof (loop as Partial<Loop>)._attach !== 'function') {
    throw new TypeError(`recordTrace(loop, write): loop must be a Loop, got ${describe(loop)}`);
  }
  if (typeof write !== 'function') throw new TypeError(`recordTrace(loop, write): write must be a function, got ${describe(write)}`);
  const spawnSites = spawnSitesOption(options, 'recordTrace(loop, write, options)');
  const header: TraceHeader = {
    type: 'trace.header',
    format: 'loop-trace',
    version: TRACE_VERSION,
    clock: loop.clock.virtual ? 'virtual' : 'real',
    time: loop.time(),
    taskId: null,
    createdAt: new Date().toISOString(),
  };
  write(JSON.stringify(header));
  // The lines are written from the events' fields: no event object is made (see trace/sink.ts).
  return loop._attach(new LineSink(write), spawnSites, false);
}

const EVENT_TYPES = new Set([
  'task.spawn',
  'task.step',
  'task.suspend',
  'task.resume',
  'task.cancel',
  'task.done',
  'task.unretrieved',
  'timer.set',
  'timer.fire',
  'loop.idle',
  'loop.lag',
]);

/**
 * Parses a JSON Lines trace. Blank lines are skipped; anything else that is
 * not a valid header or event throws {@link TraceFormatError} with its line
 * number. Unknown fields are kept; unknown event types are an error.
 *
 * @example
 * ```ts
 * const { header, events } = parseTrace(readFileSync('trace.jsonl', 'utf8'));
 * console.log(header.clock, events.length);
 * ```
 */
export function parseTrace(text: string): Trace {
  if (typeof text !== 'string') throw new TypeError(`parseTrace(text): text must be a string, got ${describe(text)}`);
  const lines = text.split('\n');
  let header: TraceHeader | null = null;
  const events: LoopEvent[] = [];
  // The last line with content: a bad one there (even before a trailing newline) is likely a cut-off write.
  let last = lines.length - 1;
  while (last > 0 && lines[last]!.trim() === '') last--;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const lineNo = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new TraceFormatError(lineNo, `not valid JSON${i === last ? ' (the trace may be truncated)' : ''}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TraceFormatError(lineNo, 'expected a JSON object');
    const record = value as Record<string, unknown>;
    if (header === null) {
      if (record['type'] !== 'trace.header' || record['format'] !== 'loop-trace') {
        throw new TraceFormatError(lineNo, 'the first record must be the trace header ({"type":"trace.header","format":"loop-trace",…})');
      }
      if (!READABLE_VERSIONS.includes(record['version'] as number)) {
        throw new TraceFormatError(lineNo, `unsupported trace version ${describe(record['version'])} (this reader understands versions ${READABLE_VERSIONS.join(' and ')})`);
      }
      header = record as unknown as TraceHeader;
      continue;
    }
    const type = record['type'];
    if (typeof type !== 'string' || !EVENT_TYPES.has(type)) throw new TraceFormatError(lineNo, `unknown event type ${describe(type)}`);
    if (typeof record['time'] !== 'number' || !Number.isFinite(record['time'])) throw new TraceFormatError(lineNo, `event "${type}" has no numeric time`);
    const taskId = record['taskId'];
    if (type.startsWith('task.') && (typeof taskId !== 'number' || !Number.isInteger(taskId))) {
      throw new TraceFormatError(lineNo, `event "${type}" has no integer taskId`);
    }
    events.push(record as unknown as LoopEvent);
  }
  if (header === null) throw new TraceFormatError(1, 'empty trace: no header line');
  return { header, events };
}

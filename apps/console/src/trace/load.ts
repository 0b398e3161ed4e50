/**
 * Reading a trace file for replay and export: the runtime's `parseTrace`
 * plus a check of every field the console reads, so that a bad file is one
 * clear line (`trace.jsonl:7: task.step has no numeric duration`) and a
 * non-zero exit, never a stack trace or a half-drawn screen.
 *
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { TraceFormatError, parseTrace, type LoopEvent, type Trace } from '@loop/runtime';
import { LINE_LIMIT, sanitize } from '../sanitize.js';

/** Largest trace file the console reads (bytes). */
export const MAX_TRACE_BYTES = 512 * 1024 * 1024;

/**
 * A trace that cannot be loaded. The message is one line, already
 * sanitised, naming the file and (when it is about the content) the line.
 *
 * @example
 * ```ts
 * try { loadTrace('t.jsonl'); } catch (error) { if (error instanceof TraceLoadError) console.error(error.message); }
 * ```
 */
export class TraceLoadError extends Error {
  override readonly name = 'TraceLoadError';

  constructor(
    message: string,
    /** The 1-based line at fault, when there is one. */
    readonly line: number | null = null,
  ) {
    super(sanitize(message, LINE_LIMIT));
  }
}

type Check = (record: Record<string, unknown>) => string | null;

const isNum = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const isInt = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value);
const optional = (value: unknown, ok: (v: unknown) => boolean): boolean => value === undefined || ok(value);
const isString = (value: unknown): boolean => typeof value === 'string';

const CHECKS: Record<string, Check> = {
  'task.spawn': (r) =>
    !isString(r['name'])
      ? 'has no string name'
      : !(r['parentId'] === null || isInt(r['parentId']))
        ? 'has a parentId that is neither an integer nor null'
        : !optional(r['site'], isString)
          ? 'has a site that is not a string'
          : null,
  'task.step': (r) => (!isNum(r['duration']) || (r['duration'] as number) < 0 ? 'has no non-negative numeric duration' : !isNum(r['start']) ? 'has no numeric start' : null),
  'task.suspend': (r) => (!isString(r['on']) ? 'has no string "on"' : null),
  'task.resume': () => null,
  'task.cancel': (r) => (!optional(r['reason'], isString) ? 'has a reason that is not a string' : null),
  'task.done': (r) =>
    r['outcome'] !== 'value' && r['outcome'] !== 'error' && r['outcome'] !== 'cancelled'
      ? 'has an outcome other than "value", "error" or "cancelled"'
      : !optional(r['error'], isString)
        ? 'has an error that is not a string'
        : null,
  'task.unretrieved': (r) => (!isString(r['error']) ? 'has no string error' : null),
  'timer.set': (r) => (!isInt(r['timerId']) ? 'has no integer timerId' : !isNum(r['deadline']) ? 'has no numeric deadline' : null),
  'timer.fire': (r) => (!isInt(r['timerId']) ? 'has no integer timerId' : null),
  'loop.idle': (r) => (!(r['until'] === null || isNum(r['until'])) ? 'has an until that is neither a number nor null' : null),
  'loop.lag': (r) => (!isNum(r['lag']) ? 'has no numeric lag' : null),
};

/**
 * Parses trace text (JSON Lines) and checks the fields the console uses.
 * `source` names the file in error messages.
 *
 * @example
 * ```ts
 * const trace = readTrace(text, 'demo.jsonl');
 * console.log(trace.events.length);
 * ```
 */
export function readTrace(text: string, source = 'trace'): Trace {
  if (typeof text !== 'string') throw new TypeError(`readTrace(text, source): text must be a string, got ${typeof text}`);
  let trace: Trace;
  try {
    trace = parseTrace(text);
  } catch (error) {
    if (error instanceof TraceFormatError) throw new TraceLoadError(`${source}:${error.line}: ${error.message.replace(/^line \d+: /, '')}`, error.line);
    throw error;
  }
  if (!isNum(trace.header.time)) throw new TraceLoadError(`${source}:${headerLine(text)}: the header has no numeric time`, headerLine(text));
  // parseTrace skips blank lines; walk the same lines to name the line of each event.
  let index = 0;
  let lineNo = 0;
  let seenHeader = false;
  let start = 0;
  while (start <= text.length && index < trace.events.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNo++;
    if (!isBlank(text, start, end)) {
      if (!seenHeader) {
        seenHeader = true;
      } else {
        const event = trace.events[index++] as unknown as Record<string, unknown>;
        const problem = CHECKS[event['type'] as string]?.(event) ?? null;
        if (problem !== null) throw new TraceLoadError(`${source}:${lineNo}: ${String(event['type'])} ${problem}`, lineNo);
      }
    }
    start = end + 1;
  }
  return trace;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0xa0 && c !== 0xfeff) return false;
  }
  return true;
}

function headerLine(text: string): number {
  let line = 1;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (!isBlank(text, start, end === -1 ? text.length : end) || end === -1) return line;
    start = end + 1;
    line++;
  }
}

/**
 * Reads and checks a trace file.
 *
 * @example
 * ```ts
 * const { header, events } = loadTrace('trace.jsonl');
 * ```
 */
export function loadTrace(path: string): Trace {
  if (typeof path !== 'string' || path === '') throw new TypeError('loadTrace(path): path must be a non-empty string');
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_TRACE_BYTES) throw new TraceLoadError(`${path}: the file is ${size} bytes; the console reads traces up to ${MAX_TRACE_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof TraceLoadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new TraceLoadError(`${path}: cannot read the trace (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? String(error))})`);
  }
  return readTrace(text, path);
}

/** The events a trace holds, typed (re-exported for the views). */
export type { LoopEvent, Trace };

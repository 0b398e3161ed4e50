/**
 * The task table's columns, sorting and filtering, as plain functions shared
 * by the Ink table and the static summary.
 *
 * @module
 */
import { sanitize } from '../sanitize.js';
import { formatTime, taskIdle, taskTotal } from './reducer.js';
import type { ConsoleModel, TaskInfo, TaskStatus } from './types.js';
import { GLYPHS } from './timeline.js';

/** A column of the task table. */
export interface Column {
  key: 'id' | 'name' | 'state' | 'parent' | 'total' | 'busy' | 'idle' | 'steps' | 'waiting' | 'site';
  title: string;
  width: number;
  /** Numbers sort largest first, text A to Z. */
  descending: boolean;
  align: 'left' | 'right';
}

/** The table's columns, in order. */
export const COLUMNS: readonly Column[] = [
  { key: 'id', title: 'ID', width: 4, descending: false, align: 'right' },
  { key: 'name', title: 'NAME', width: 14, descending: false, align: 'left' },
  { key: 'state', title: 'STATE', width: 11, descending: false, align: 'left' },
  { key: 'parent', title: 'PARENT', width: 6, descending: false, align: 'right' },
  { key: 'total', title: 'TOTAL', width: 8, descending: true, align: 'right' },
  { key: 'busy', title: 'BUSY', width: 8, descending: true, align: 'right' },
  { key: 'idle', title: 'IDLE', width: 8, descending: true, align: 'right' },
  { key: 'steps', title: 'STEPS', width: 5, descending: true, align: 'right' },
  { key: 'waiting', title: 'WAITING', width: 8, descending: false, align: 'left' },
  { key: 'site', title: 'SPAWNED AT', width: 18, descending: false, align: 'left' },
];

/**
 * A state with its symbol (`ascii` glyphs for static output).
 *
 * @example
 * ```ts
 * stateLabel('done');          // '✓ done'
 * stateLabel('done', 'ascii'); // 'o done'
 * ```
 */
export function stateLabel(status: TaskStatus, glyphs: 'unicode' | 'ascii' = 'unicode'): string {
  return `${GLYPHS[glyphs][status]} ${status}`;
}

/**
 * The file name and position of a spawn site.
 *
 * @example
 * ```ts
 * shortSite('/home/me/app/main.js:12:5'); // 'main.js:12:5'
 * ```
 */
export function shortSite(site: string | null): string {
  if (site === null) return '';
  const slash = Math.max(site.lastIndexOf('/'), site.lastIndexOf('\\'));
  return site.slice(slash + 1);
}

/**
 * The text of one cell, sanitised but not padded.
 *
 * @example
 * ```ts
 * cellText(task, 'state', model.time); // '─ sleeping'
 * ```
 */
export function cellText(task: TaskInfo, key: Column['key'], now: number, glyphs: 'unicode' | 'ascii' = 'unicode'): string {
  switch (key) {
    case 'id':
      return String(task.id);
    case 'name':
      return sanitize(task.name);
    case 'state':
      return stateLabel(task.status, glyphs);
    case 'parent':
      return task.parentId === null ? '-' : String(task.parentId);
    case 'total':
      return formatTime(taskTotal(task, now));
    case 'busy':
      return formatTime(task.busy);
    case 'idle':
      return formatTime(taskIdle(task, now));
    case 'steps':
      return String(task.steps);
    case 'waiting':
      return task.waitingOn === null ? '' : sanitize(task.waitingOn, 200);
    case 'site':
      return sanitize(shortSite(task.site));
  }
}

/**
 * Pads or cuts `text` to exactly `width` columns.
 *
 * @example
 * ```ts
 * fit('ab', 4, 'right'); // '  ab'
 * fit('abcdef', 4);      // 'abc…'
 * ```
 */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const chars = Array.from(text);
  if (chars.length > width) return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
  const pad = ' '.repeat(width - chars.length);
  return align === 'left' ? text + pad : pad + text;
}

function sortValue(task: TaskInfo, key: Column['key'], now: number): number | string {
  switch (key) {
    case 'id':
      return task.id;
    case 'parent':
      return task.parentId ?? -1;
    case 'total':
      return taskTotal(task, now);
    case 'busy':
      return task.busy;
    case 'idle':
      return taskIdle(task, now);
    case 'steps':
      return task.steps;
    case 'name':
      return task.name.toLowerCase();
    default:
      return cellText(task, key, now).toLowerCase();
  }
}

/**
 * The tasks to show: those matching `filter` (a case-insensitive substring
 * of the name, state or waiting-on, or the exact id), sorted by `column`
 * (ties by id).
 *
 * @example
 * ```ts
 * visibleTasks(model, 'busy', 'randn').map((task) => task.id);
 * ```
 */
export function visibleTasks(model: ConsoleModel, column: Column['key'] = 'id', filter = ''): TaskInfo[] {
  const needle = filter.trim().toLowerCase();
  const tasks: TaskInfo[] = [];
  for (const id of model.order) {
    const task = model.tasks.get(id);
    if (task === undefined) continue;
    if (needle !== '') {
      const hit =
        String(task.id) === needle || task.name.toLowerCase().includes(needle) || task.status.includes(needle) || (task.waitingOn ?? '').toLowerCase().includes(needle);
      if (!hit) continue;
    }
    tasks.push(task);
  }
  const spec = COLUMNS.find((c) => c.key === column) ?? COLUMNS[0]!;
  const now = model.time;
  const keyed = tasks.map((task) => ({ task, value: sortValue(task, column, now) }));
  keyed.sort((a, b) => {
    if (a.value === b.value) return a.task.id - b.task.id;
    const less = a.value < b.value ? -1 : 1;
    return spec.descending ? -less : less;
  });
  return keyed.map((k) => k.task);
}

/** The narrowest the WAITING column gets (its width in {@link COLUMNS}). */
const MIN_WAITING = 8;
/** The widest WAITING column {@link waitingWidth} asks for. */
const MAX_WAITING = 40;

/**
 * The width the WAITING column would like: its longest text among `tasks`
 * (the runtime's words, `sleep until 3.000s`, are longer than an old
 * trace's `sleep`), between 8 and 40.
 *
 * @example
 * ```ts
 * columnsFor(100, waitingWidth(model.tasks.values()));
 * ```
 */
export function waitingWidth(tasks: Iterable<TaskInfo>): number {
  let widest = MIN_WAITING;
  for (const task of tasks) {
    if (task.waitingOn !== null && task.waitingOn.length > widest) widest = Math.min(MAX_WAITING, Array.from(sanitize(task.waitingOn, MAX_WAITING)).length);
    if (widest >= MAX_WAITING) break;
  }
  return widest;
}

/**
 * The columns that fit in `width` terminal columns, WAITING being
 * `waiting` wide if it can. WAITING comes first: the spawn site goes when
 * WAITING cannot have that width beside it, then WAITING narrows (down to
 * 8), then idle, busy and parent go. The spare width goes to the spawn
 * site when shown, else to WAITING (the `where` view and the details show
 * where each task waits in the source).
 *
 * @example
 * ```ts
 * columnsFor(80).map((c) => c.key); // no 'site'
 * ```
 */
export function columnsFor(width: number, waiting = MIN_WAITING): Column[] {
  let columns = COLUMNS.map((c) => (c.key === 'waiting' ? { ...c, width: Math.max(MIN_WAITING, waiting) } : c));
  if (rowWidth(columns) > width) columns = columns.filter((c) => c.key !== 'site');
  const over = rowWidth(columns) - width;
  if (over > 0) columns = columns.map((c) => (c.key === 'waiting' ? { ...c, width: Math.max(MIN_WAITING, c.width - over) } : c));
  for (const drop of ['idle', 'busy', 'parent'] as const) {
    if (rowWidth(columns) <= width) break;
    columns = columns.filter((c) => c.key !== drop);
  }
  const spare = width - rowWidth(columns);
  const grows = columns.some((c) => c.key === 'site') ? 'site' : 'waiting';
  return spare > 0 ? columns.map((c) => (c.key === grows ? { ...c, width: c.width + spare } : c)) : columns;
}

function rowWidth(columns: readonly Column[]): number {
  return columns.reduce((sum, c) => sum + c.width, 0) + columns.length - 1;
}

/**
 * The header row and one row per task, each cell fitted to its column.
 *
 * @example
 * ```ts
 * console.log(tableLines(visibleTasks(model), model.time, columnsFor(100)).join('\n'));
 * ```
 */
export function tableLines(tasks: readonly TaskInfo[], now: number, columns: readonly Column[] = COLUMNS, glyphs: 'unicode' | 'ascii' = 'unicode'): string[] {
  const head = columns.map((c) => fit(c.title, c.width, c.align)).join(' ');
  return [head, ...tasks.map((task) => columns.map((c) => fit(cellText(task, c.key, now, glyphs), c.width, c.align)).join(' '))];
}

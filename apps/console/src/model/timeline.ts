/**
 * Turning a task's spans into one row of timeline cells, for the Ink
 * timeline and the static ASCII output alike.
 *
 * Each of `width` cells covers an equal slice of loop time `[from, to)`; a
 * cell shows the most telling state any span had in it (end marker, then
 * running, ready, blocked, sleeping), so a zero-width step on a virtual
 * clock still shows. One pass over the spans: O(spans + width) per row.
 *
 * @module
 */
import type { TaskInfo, TaskStatus } from './types.js';

/** What one cell shows: a state, or null where the task did not exist. */
export type Cell = TaskStatus | null;

const RANK: Record<TaskStatus, number> = { sleeping: 1, blocked: 2, ready: 3, running: 4, done: 5, failed: 5, cancelled: 5 };

/** The glyphs for each state (`unicode` for the terminal UI, `ascii` for static output). */
export const GLYPHS: Record<'unicode' | 'ascii', Record<TaskStatus, string>> = {
  unicode: { running: '█', ready: '▓', sleeping: '─', blocked: '╌', done: '✓', failed: '✗', cancelled: '⊘' },
  ascii: { running: '#', ready: '+', sleeping: '-', blocked: '=', done: 'o', failed: 'X', cancelled: 'C' },
};

/**
 * The cells of one task's row between loop times `from` and `to`; `now` ends
 * the spans still open.
 *
 * @example
 * ```ts
 * timelineRow(task, 0, 3000, 30, 3000).map((cell) => (cell === null ? ' ' : GLYPHS.ascii[cell])).join('');
 * ```
 */
export function timelineRow(task: TaskInfo, from: number, to: number, width: number, now: number): Cell[] {
  const cells: Cell[] = new Array<Cell>(Math.max(0, width)).fill(null);
  if (width <= 0) return cells;
  const span = to > from ? to - from : 1;
  const index = (time: number): number => Math.min(width - 1, Math.floor(((time - from) / span) * width));
  for (const s of task.spans) {
    const end = s.end ?? Math.max(now, s.start);
    if (end < from || s.start > to) continue;
    const first = Math.max(0, index(s.start));
    // A span ending exactly on a cell boundary does not colour the next cell (unless it has no width at all).
    let last = index(end);
    if (end > s.start && last > first && from + (last * span) / width >= end) last--;
    last = Math.min(width - 1, last);
    for (let i = first; i <= last; i++) {
      const cell = cells[i];
      if (cell === null || cell === undefined || RANK[s.state] >= RANK[cell]) cells[i] = s.state;
    }
  }
  return cells;
}

/**
 * A row as text with the given glyphs (null cells are spaces).
 *
 * @example
 * ```ts
 * rowText(timelineRow(task, 0, 3000, 30, 3000), 'ascii'); // '#-----------------------------|'
 * ```
 */
export function rowText(cells: readonly Cell[], glyphs: 'unicode' | 'ascii'): string {
  const set = GLYPHS[glyphs];
  let out = '';
  for (const cell of cells) out += cell === null ? ' ' : set[cell];
  return out;
}

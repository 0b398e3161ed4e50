/**
 * The terminal table of a loop profile: per task steps, busy, idle and
 * lifetime, under a headline with the wall time and the speedup.
 *
 * @module
 */
import { describe } from '../define.js';
import type { LoopReport } from '../profile.js';
import { colorByDefault, paint, renderColumns, type Cell } from './columns.js';
import { formatCount, formatDuration } from './units.js';

/**
 * Formats a {@link LoopReport} for the terminal.
 *
 * @example
 * ```ts
 * console.log(formatLoopReport(profiler.report(), { color: false }));
 * // loop profile (virtual clock): wall 3000.00 ms, work 30.00 s, speedup 10.00×
 * //   id  task   parent  steps  busy (real)  idle       lifetime   outcome
 * //    1  main           2      0.05 ms      3.00 s     3.00 s     value
 * ```
 */
export function formatLoopReport(report: LoopReport, options: { color?: boolean } = {}): string {
  if (typeof report !== 'object' || report === null || !Array.isArray(report.tasks)) {
    throw new TypeError(`formatLoopReport(report): report must be a LoopProfiler report(), got ${describe(report)}`);
  }
  const color = options.color ?? colorByDefault();
  const speedup = report.speedup === null ? 'n/a' : `${report.speedup.toFixed(2)}×`;
  const head = `loop profile (${report.virtual ? 'virtual' : 'real'} clock): wall ${formatDuration(report.wall)}, work ${formatDuration(report.work)}, speedup ${speedup}`;
  const rows: Cell[][] = [['id', 'task', 'parent', 'steps', 'busy (real)', 'idle', 'lifetime', 'outcome'].map((text) => ({ text, style: 'dim' as const }))];
  for (const t of report.tasks) {
    rows.push([
      { text: String(t.id) },
      { text: t.name },
      { text: t.parentId === null ? '' : String(t.parentId) },
      { text: formatCount(t.steps) },
      { text: formatDuration(t.busy) },
      { text: formatDuration(t.idle) },
      { text: formatDuration(t.lifetime) },
      { text: t.outcome ?? 'running', ...(t.outcome === 'error' ? { style: 'red' as const } : {}) },
    ]);
  }
  return [paint(head, 'bold', color), ...renderColumns(rows, ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'left'], color)].join('\n');
}

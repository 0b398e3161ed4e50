/**
 * The non-interactive output (stdout is not a terminal, or CI): a static
 * ASCII timeline, a summary table and the warnings, printed once the
 * program or trace has ended. No raw mode, no cursor movement, ASCII only.
 *
 * @module
 */
import { formatTime } from './model/reducer.js';
import { columnsFor, fit, tableLines, visibleTasks, waitingWidth } from './model/table.js';
import { GLYPHS, rowText, timelineRow } from './model/timeline.js';
import type { ConsoleModel } from './model/types.js';
import { sanitize } from './sanitize.js';

/** Options for {@link renderStatic}. */
export interface StaticOptions {
  /** Line width (default 100). */
  width?: number;
  /** What was shown: `demo`, `run main.js`, `replay trace.jsonl`. */
  title?: string;
  /** How it ended (`main returned; program exited with code 0`), printed under the title. */
  status?: string;
}

/**
 * One-line counters shared by the static output and the Ink header; `now` is the loop time to show.
 *
 * @example
 * ```ts
 * countersLine(model); // 'loop 3.000s  alive 0 done 11 failed 0 cancelled 0  queue 0  lag 0ms (max 0ms)'
 * ```
 */
export function countersLine(model: ConsoleModel, now: number = model.time): string {
  return `loop ${formatTime(now - (model.startTime ?? 0))}  alive ${model.alive} done ${model.done} failed ${model.failed} cancelled ${model.cancelled}  queue ${model.runQueue}  lag ${formatTime(model.lag)} (max ${formatTime(model.maxLag)})`;
}

/**
 * The static report for a model, as text ending in a newline.
 *
 * @example
 * ```ts
 * process.stdout.write(renderStatic(foldEvents(trace.events, { end: true }), { title: 'replay t.jsonl' }));
 * ```
 */
export function renderStatic(model: ConsoleModel, options: StaticOptions = {}): string {
  const width = Math.max(40, options.width ?? 100);
  const from = model.startTime ?? 0;
  const to = Math.max(model.time, from);
  const tasks = visibleTasks(model, 'id');
  const lines: string[] = [];
  lines.push(`loop-console: ${sanitize(options.title ?? 'trace', 200)}${model.ended ? '' : ' (still running)'}`);
  if (options.status !== undefined) lines.push(sanitize(options.status, 300));
  lines.push(countersLine(model));
  if (model.forgotten > 0) lines.push(`(${model.forgotten} older finished tasks are not shown)`);
  lines.push('');
  const legend = (['running', 'ready', 'sleeping', 'blocked', 'done', 'failed', 'cancelled'] as const).map((s) => `${GLYPHS.ascii[s]} ${s}`).join('  ');
  lines.push(`timeline ${formatTime(0)} .. ${formatTime(to - from)}   ${legend}`);
  const label = 4 + 1 + 14;
  const cells = width - label - 3;
  for (const task of tasks) {
    lines.push(`${fit(String(task.id), 4, 'right')} ${fit(sanitize(task.name), 14)} [${rowText(timelineRow(task, from, to, cells, model.time), 'ascii')}]`);
  }
  lines.push('');
  lines.push(...tableLines(tasks, model.time, columnsFor(width, waitingWidth(tasks)), 'ascii').map((line) => line.trimEnd()));
  if (model.lints.length > 0) {
    lines.push('');
    lines.push('warnings:');
    for (const lint of model.lints) lines.push(`  ! ${sanitize(lint.message, 300)}`);
  }
  return `${lines.join('\n')}\n`;
}

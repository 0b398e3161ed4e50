/**
 * The console's warnings about a program, with their thresholds.
 *
 * - blocking-step: one step ran longer than {@link BLOCKING_STEP_MS}; for
 *   that long no other task, timer or IO callback could run.
 * - never-yielded: one step ran longer than {@link NEVER_YIELDED_MS}: the
 *   task did not reach a `yield*` for over a second.
 * - unretrieved-error: a task failed and nobody read its error (the
 *   runtime's "Task exception was never retrieved"; only a live run knows).
 * - alive-at-end: a task was still running when its parent returned (so it
 *   was cancelled), or when the program or trace ended.
 *
 * @module
 */
import { MAX_LINTS, type ConsoleModel, type Lint, type TaskInfo } from './types.js';

/** A step longer than this (real ms) blocked the loop. */
export const BLOCKING_STEP_MS = 100;
/** A step longer than this (real ms) means the task never yielded. */
export const NEVER_YIELDED_MS = 1000;

/**
 * Adds a warning (at most {@link MAX_LINTS} are kept).
 *
 * @example
 * ```ts
 * addLint(model, { kind: 'alive-at-end', taskId: 3, time: model.time, message: 'task 3 was still alive when the program ended' });
 * ```
 */
export function addLint(model: ConsoleModel, lint: Lint): void {
  if (model.lints.length >= MAX_LINTS) return;
  model.lints.push(lint);
}

/**
 * Warns about a step that blocked the loop (over 100 ms) or never yielded (over 1 s).
 *
 * @example
 * ```ts
 * lintStep(model, task, 150, event.time); // adds a blocking-step warning
 * ```
 */
export function lintStep(model: ConsoleModel, task: TaskInfo, duration: number, time: number): void {
  if (duration > NEVER_YIELDED_MS) {
    addLint(model, { kind: 'never-yielded', taskId: task.id, time, message: `task ${task.id} never yielded for ${formatMs(duration)} (one step)` });
  } else if (duration > BLOCKING_STEP_MS) {
    addLint(model, { kind: 'blocking-step', taskId: task.id, time, message: `task ${task.id} blocked the loop for ${formatMs(duration)} in one step` });
  }
}

/**
 * Real-time durations in lints.
 *
 * @example
 * ```ts
 * formatMs(240);  // '240 ms'
 * formatMs(1500); // '1.50 s'
 * ```
 */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/**
 * The console's state: what the views draw, derived only from the loop's
 * event stream (see reducer.ts). Plain data, no React, so it can be tested
 * and replayed on its own.
 *
 * Times: `time`, `since`, span bounds and `total` are loop time (ms on the
 * program's clock); `busy` is the sum of the task's step durations, which
 * the runtime measures in real milliseconds even on a virtual clock.
 *
 * @module
 */

/** What a task is doing at a moment; the first four are the timeline's span kinds. */
export type TaskStatus = 'running' | 'ready' | 'sleeping' | 'blocked' | 'done' | 'failed' | 'cancelled';

/** A stretch of a task's life in one state. `end` is null while it lasts. */
export interface Span {
  state: TaskStatus;
  start: number;
  end: number | null;
}

/** One line of a task's history (the detail view lists them). */
export interface HistoryEntry {
  time: number;
  text: string;
}

/** Everything the console knows about one task. */
export interface TaskInfo {
  id: number;
  /** As spawned (raw: views sanitise it), capped to {@link MAX_TEXT} characters. */
  name: string;
  parentId: number | null;
  site: string | null;
  status: TaskStatus;
  /** What it is suspended on while sleeping or blocked: the runtime's words when the events carry them (`sleep until 3.000s`), else the kind (`sleep`, `join`, …). */
  waitingOn: string | null;
  spawnedAt: number;
  endedAt: number | null;
  /** Sum of step durations (real ms). */
  busy: number;
  steps: number;
  /** The longest single step (real ms). */
  longestStep: number;
  children: number[];
  /** `"Name: message"` when it failed. */
  error: string | null;
  cancelReason: string | null;
  spans: Span[];
  /** Spans dropped from the front to bound memory (the timeline starts later). */
  droppedSpans: number;
  history: HistoryEntry[];
  /** @internal reducer bookkeeping */
  pendingSuspend: string | null;
  /** @internal the words of the pending suspend (`detail`), when the event had them */
  pendingDetail: string | null;
  /** @internal sequence number of the event that last woke it (its current slice started after it) */
  sliceFrom: number;
  /** @internal sequence number of its first task.cancel, or null */
  cancelSeq: number | null;
}

/** A warning the console raises about the program. */
export interface Lint {
  kind: 'blocking-step' | 'never-yielded' | 'unretrieved-error' | 'alive-at-end';
  taskId: number | null;
  time: number;
  message: string;
}

/** The whole model. */
export interface ConsoleModel {
  /** Loop time of the first event (or the trace header). */
  startTime: number | null;
  /** Loop time of the latest event. */
  time: number;
  /** Events applied so far. */
  seq: number;
  tasks: Map<number, TaskInfo>;
  /** Task ids in spawn order. */
  order: number[];
  alive: number;
  done: number;
  failed: number;
  cancelled: number;
  /** Tasks queued to run (state `ready`). */
  runQueue: number;
  /** Latest and worst `loop.lag` (ms). */
  lag: number;
  maxLag: number;
  /** True once nothing more will come (program exited, or the trace ended). */
  ended: boolean;
  lints: Lint[];
  /** Finished tasks dropped from `tasks` to bound memory (the oldest first; counters still include them). */
  forgotten: number;
  /** @internal ids of finished tasks, oldest first */
  finished: number[];
}

/** Longest name, site, reason or error text the model keeps (longer ones are cut). */
export const MAX_TEXT = 1000;
/** History lines kept per task (the oldest are dropped). */
export const MAX_HISTORY = 200;
/** Spans kept per task (the oldest half is dropped when exceeded). */
export const MAX_SPANS = 4000;
/** Finished tasks kept; older ones are forgotten (a program spawning millions of tasks stays watchable). */
export const MAX_FINISHED = 10_000;
/** Lints kept. */
export const MAX_LINTS = 200;

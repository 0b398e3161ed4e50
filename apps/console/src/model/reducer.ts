/**
 * The reducer: folds the loop's events ({@link LoopEvent}) into the
 * {@link ConsoleModel} the views draw.
 *
 * It mutates the model in place (a live program sends thousands of events a
 * second; copying the task table per event would cost more than drawing it)
 * and the views re-render from a version counter. It never throws on odd
 * input: an event for an unknown task creates a placeholder, non-numeric
 * fields count as zero, and text is capped, so a hostile trace that passed
 * the loader cannot crash the UI. Memory is bounded per task (history and
 * spans are capped, see types.ts).
 *
 * How a task's spans follow the events (TRACE.md): `task.spawn` opens
 * `ready`; `task.suspend` says what the current slice will wait on and the
 * `task.step` that ends the slice draws the `running` span and opens
 * `sleeping` (on `sleep`) or `blocked` (anything else); `task.resume` opens
 * `ready`; `task.done` closes the task with a zero-width end marker. A slice
 * that ends without a suspend is the body returning: the task waits for its
 * children (`blocked` on `children`) until its `task.done`; when the
 * `task.done` follows at once (no children left), that empty wait is dropped.
 * Children still running when the body returned are cancelled right after
 * that step (their `task.cancel` events come before any other step), which
 * is what the `alive-at-end` lint reports. Older runtimes emitted the final
 * `task.step` after `task.done`; the running span is then slotted in before
 * the end marker.
 *
 * @module
 */
import type { LoopEvent } from '@loop/runtime';
import { addLint, lintStep } from './lints.js';
import { MAX_FINISHED, MAX_HISTORY, MAX_SPANS, MAX_TEXT, type ConsoleModel, type TaskInfo, type TaskStatus } from './types.js';

/** Options for {@link createModel}. */
export interface ModelOptions {
  /** Loop time where the program or trace started (else: the first event's time). */
  startTime?: number;
  /** True for a virtual clock: steps take no loop time, so running spans are zero-width. */
  virtual?: boolean;
}

const virtualModels = new WeakSet<ConsoleModel>();

/**
 * A new, empty model.
 *
 * @example
 * ```ts
 * const model = createModel({ virtual: true });
 * for (const event of trace.events) applyEvent(model, event);
 * ```
 */
export function createModel(options: ModelOptions = {}): ConsoleModel {
  const model: ConsoleModel = {
    startTime: options.startTime ?? null,
    time: options.startTime ?? 0,
    seq: 0,
    tasks: new Map(),
    order: [],
    alive: 0,
    done: 0,
    failed: 0,
    cancelled: 0,
    runQueue: 0,
    lag: 0,
    maxLag: 0,
    ended: false,
    lints: [],
    forgotten: 0,
    finished: [],
  };
  if (options.virtual === true) virtualModels.add(model);
  return model;
}

/**
 * Builds a model from a list of events (`end: true` also marks it ended).
 *
 * @example
 * ```ts
 * const model = foldEvents(trace.events, { virtual: trace.header.clock === 'virtual', startTime: trace.header.time });
 * ```
 */
export function foldEvents(events: readonly LoopEvent[], options: ModelOptions & { end?: boolean } = {}): ConsoleModel {
  const model = createModel(options);
  for (const event of events) applyEvent(model, event);
  if (options.end === true) endModel(model);
  return model;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function text(value: unknown): string {
  const s = typeof value === 'string' ? value : String(value);
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
}

function isTerminal(status: TaskStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'cancelled';
}

function record(task: TaskInfo, time: number, line: string): void {
  if (task.history.length >= MAX_HISTORY) task.history.shift();
  task.history.push({ time, text: line });
}

function setStatus(model: ConsoleModel, task: TaskInfo, status: TaskStatus): void {
  if (task.status === 'ready') model.runQueue--;
  if (status === 'ready') model.runQueue++;
  task.status = status;
}

/** Closes the open span at `time` and opens one in `state` (no-op when already in it). */
function enter(task: TaskInfo, state: TaskStatus, time: number): void {
  const last = task.spans[task.spans.length - 1];
  if (last !== undefined && last.end === null) {
    if (last.state === state) return;
    last.end = Math.max(time, last.start);
  }
  if (task.spans.length >= MAX_SPANS) {
    const drop = MAX_SPANS / 2;
    task.spans.splice(0, drop);
    task.droppedSpans += drop;
  }
  task.spans.push({ state, start: time, end: isTerminal(state) ? time : null });
}

function newTask(model: ConsoleModel, id: number, name: string, parentId: number | null, site: string | null, time: number): TaskInfo {
  const task: TaskInfo = {
    id,
    name,
    parentId,
    site,
    status: 'ready',
    waitingOn: null,
    spawnedAt: time,
    endedAt: null,
    busy: 0,
    steps: 0,
    longestStep: 0,
    children: [],
    error: null,
    cancelReason: null,
    spans: [],
    droppedSpans: 0,
    history: [],
    pendingSuspend: null,
    pendingDetail: null,
    sliceFrom: model.seq,
    cancelSeq: null,
  };
  model.tasks.set(id, task);
  model.order.push(id);
  model.alive++;
  model.runQueue++;
  enter(task, 'ready', time);
  if (parentId !== null) model.tasks.get(parentId)?.children.push(id);
  return task;
}

function taskFor(model: ConsoleModel, id: number, time: number): TaskInfo {
  return model.tasks.get(id) ?? newTask(model, id, `Task-${id}`, null, null, time);
}

// Pending states set by task.suspend and read by the task.step that ends the slice.
const READY_AGAIN = '\u0000ready';

/** The task whose body returned in the latest step, until the next step: its children cancelled meanwhile were alive at its end. */
const bodyEndedBy = new WeakMap<ConsoleModel, number>();

/**
 * Applies one event to the model (mutating it) and returns the model.
 *
 * @example
 * ```ts
 * const model = createModel();
 * applyEvent(model, { type: 'task.spawn', time: 0, taskId: 1, name: 'main', parentId: null });
 * model.tasks.get(1)?.status; // 'ready'
 * ```
 */
export function applyEvent(model: ConsoleModel, event: LoopEvent): ConsoleModel {
  if (typeof event !== 'object' || event === null) return model;
  const time = num(event.time);
  model.seq++;
  if (model.startTime === null) model.startTime = time;
  if (time > model.time) model.time = time;
  const id = event.taskId;
  switch (event.type) {
    case 'task.spawn': {
      if (typeof id !== 'number') break;
      const parentId = typeof event.parentId === 'number' ? event.parentId : null;
      const site = typeof event.site === 'string' ? text(event.site) : null;
      const existing = model.tasks.get(id);
      const task = existing ?? newTask(model, id, text(event.name), parentId, site, time);
      record(task, time, parentId === null ? 'spawned' : `spawned by task ${parentId}`);
      break;
    }
    case 'task.suspend': {
      if (typeof id !== 'number') break;
      const task = taskFor(model, id, time);
      task.pendingSuspend = text(event.on);
      // A runner that subscribed with details says what the task waits on in words (`sleep until 3.000s`).
      task.pendingDetail = typeof event.detail === 'string' ? text(event.detail) : null;
      record(task, time, `suspended on ${task.pendingDetail ?? task.pendingSuspend}`);
      break;
    }
    case 'task.resume': {
      if (typeof id !== 'number') break;
      const task = taskFor(model, id, time);
      task.sliceFrom = model.seq;
      record(task, time, 'resumed');
      if (task.pendingSuspend !== null) {
        // Woken inside the very slice that suspended it: it is ready as soon as the slice ends.
        task.pendingSuspend = READY_AGAIN;
        break;
      }
      if (isTerminal(task.status)) break;
      task.waitingOn = null;
      setStatus(model, task, 'ready');
      enter(task, 'ready', time);
      break;
    }
    case 'task.step':
      bodyEndedBy.delete(model);
      if (typeof id === 'number') step(model, taskFor(model, id, time), time, num(event.duration));
      break;
    case 'task.cancel': {
      if (typeof id !== 'number') break;
      const task = taskFor(model, id, time);
      if (task.cancelSeq === null) {
        task.cancelSeq = model.seq;
        if (task.parentId !== null && bodyEndedBy.get(model) === task.parentId && !isTerminal(task.status)) aliveAtEnd(model, task, task.parentId);
      }
      if (event.reason !== undefined) task.cancelReason = text(event.reason);
      record(task, time, event.reason === undefined ? 'cancel requested' : `cancel requested: ${text(event.reason)}`);
      break;
    }
    case 'task.done': {
      if (typeof id !== 'number') break;
      const task = taskFor(model, id, time);
      if (isTerminal(task.status)) break;
      const status: TaskStatus = event.outcome === 'error' ? 'failed' : event.outcome === 'cancelled' ? 'cancelled' : 'done';
      const open = task.spans[task.spans.length - 1];
      // The body returned with no child left to wait for: no wait to draw.
      if (open !== undefined && open.end === null && open.state === 'blocked' && open.start === time && task.waitingOn === 'children') task.spans.pop();
      setStatus(model, task, status);
      task.waitingOn = null;
      task.endedAt = time;
      if (typeof event.error === 'string') task.error = text(event.error);
      enter(task, status, time);
      model.alive--;
      if (status === 'done') model.done++;
      else if (status === 'failed') model.failed++;
      else model.cancelled++;
      record(task, time, status === 'failed' ? `failed: ${task.error ?? 'error'}` : status === 'cancelled' ? 'cancelled' : 'returned');
      model.finished.push(id);
      if (model.finished.length > MAX_FINISHED) forgetOldest(model);
      break;
    }
    case 'task.unretrieved': {
      // Trace version 2: the lint survives in replays and exports, not only in live runs.
      if (typeof id !== 'number') break;
      const task = model.tasks.get(id);
      const name = task === undefined ? `task ${id}` : `task "${task.name}"`;
      addLint(model, { kind: 'unretrieved-error', taskId: id, time, message: text(`Task exception was never retrieved (${name}): ${String(event.error)}`) });
      break;
    }
    case 'timer.set':
      if (typeof id === 'number') {
        const task = model.tasks.get(id);
        if (task !== undefined) record(task, time, `timer set for t=${formatTime(num(event.deadline))}`);
      }
      break;
    case 'loop.lag':
      model.lag = num(event.lag);
      if (model.lag > model.maxLag) model.maxLag = model.lag;
      break;
    default:
      break;
  }
  return model;
}

/** Drops the oldest finished tasks (a tenth of the cap at a time, so the order list is compacted rarely). */
function forgetOldest(model: ConsoleModel): void {
  const drop = model.finished.splice(0, MAX_FINISHED / 10);
  for (const id of drop) model.tasks.delete(id);
  model.forgotten += drop.length;
  model.order = model.order.filter((id) => model.tasks.has(id));
}

function step(model: ConsoleModel, task: TaskInfo, time: number, duration: number): void {
  task.steps++;
  task.busy += duration;
  if (duration > task.longestStep) task.longestStep = duration;
  lintStep(model, task, duration, time);
  const terminal = isTerminal(task.status);
  // The final slice's step arrives after task.done: it goes before the end marker.
  const marker = terminal ? task.spans.pop() : undefined;
  const last = task.spans[task.spans.length - 1];
  const runStart = virtualModels.has(model) ? time : Math.max(time - duration, last?.start ?? time);
  if (terminal) {
    const open = last;
    if (open !== undefined && open.end !== null && open.end > runStart) open.end = Math.max(runStart, open.start);
    task.spans.push({ state: 'running', start: runStart, end: time });
    if (marker !== undefined) task.spans.push(marker);
    bodyEnded(model, task);
    return;
  }
  enter(task, 'running', runStart);
  const running = task.spans[task.spans.length - 1];
  if (running !== undefined) running.end = time;
  const on = task.pendingSuspend;
  task.pendingSuspend = null;
  const detail = task.pendingDetail;
  task.pendingDetail = null;
  if (on === READY_AGAIN) {
    task.waitingOn = null;
    setStatus(model, task, 'ready');
    task.spans.push({ state: 'ready', start: time, end: null });
  } else if (on !== null) {
    task.waitingOn = detail ?? on;
    const status = on === 'sleep' ? 'sleeping' : 'blocked';
    setStatus(model, task, status);
    task.spans.push({ state: status, start: time, end: null });
  } else {
    task.waitingOn = 'children';
    setStatus(model, task, 'blocked');
    task.spans.push({ state: 'blocked', start: time, end: null });
    bodyEndedBy.set(model, task.id);
    bodyEnded(model, task);
  }
}

/** The task's body returned in this slice: children cancelled during it were still running then. */
function bodyEnded(model: ConsoleModel, task: TaskInfo): void {
  for (const childId of task.children) {
    const child = model.tasks.get(childId);
    if (child === undefined || child.cancelSeq === null || child.cancelSeq <= task.sliceFrom || child.cancelSeq > model.seq) continue;
    aliveAtEnd(model, child, task.id);
  }
}

function aliveAtEnd(model: ConsoleModel, child: TaskInfo, parentId: number): void {
  if (model.lints.some((lint) => lint.kind === 'alive-at-end' && lint.taskId === child.id)) return;
  addLint(model, {
    kind: 'alive-at-end',
    taskId: child.id,
    time: model.time,
    message: `task ${child.id} was still running when its parent (task ${parentId}) returned, so it was cancelled`,
  });
}

/**
 * Marks the model ended (the program exited or the trace is over) and warns
 * about every task still alive.
 *
 * @example
 * ```ts
 * endModel(model);
 * model.lints.filter((lint) => lint.kind === 'alive-at-end');
 * ```
 */
export function endModel(model: ConsoleModel): ConsoleModel {
  if (model.ended) return model;
  model.ended = true;
  for (const id of model.order) {
    const task = model.tasks.get(id);
    if (task === undefined || isTerminal(task.status)) continue;
    addLint(model, { kind: 'alive-at-end', taskId: id, time: model.time, message: `task ${id} was still alive when the program ended` });
  }
  return model;
}

/**
 * Records that a task's error was never retrieved (the runtime's exception
 * handler said so; live runs only).
 *
 * @example
 * ```ts
 * noteUnretrieved(model, 2, 'Task exception was never retrieved (task "bad")');
 * ```
 */
export function noteUnretrieved(model: ConsoleModel, taskId: number | null, message: string): void {
  addLint(model, { kind: 'unretrieved-error', taskId, time: model.time, message: text(message) });
}

/**
 * Loop time the task has existed (ms), up to `now` while it is alive.
 *
 * @example
 * ```ts
 * taskTotal(task, model.time); // 3000 for a finished randn()
 * ```
 */
export function taskTotal(task: TaskInfo, now: number): number {
  return Math.max(0, (task.endedAt ?? now) - task.spawnedAt);
}

/**
 * Loop time the task was not running: total minus busy, never negative.
 *
 * @example
 * ```ts
 * taskIdle(task, model.time); // 2999.5 for a randn() that ran 0.5 ms
 * ```
 */
export function taskIdle(task: TaskInfo, now: number): number {
  return Math.max(0, taskTotal(task, now) - task.busy);
}

/**
 * A duration for display.
 *
 * @example
 * ```ts
 * formatTime(3000);  // '3.000s'
 * formatTime(12.54); // '12.5ms'
 * formatTime(0.042); // '0.04ms'
 * ```
 */
export function formatTime(ms: number): string {
  if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(3)}s`;
  if (Math.abs(ms) >= 1) return `${Number(ms.toFixed(1))}ms`;
  return `${Number(ms.toFixed(2))}ms`;
}

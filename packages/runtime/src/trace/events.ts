/**
 * The loop's event stream: one typed, plain-object event per thing that
 * happens to a task or a timer.
 *
 * Every event has a dotted `type`, the loop `time` (ms, on the loop's clock)
 * and a `taskId` (null for loop-level events). Events are created only while
 * someone is subscribed: with no listener the scheduler pays one boolean
 * test per step. The same shapes are the records of the JSON Lines trace
 * (see recorder.ts), so the console, the bench and the playground all read
 * one format.
 *
 * @module
 */

/** A task was created. `site` is the first stack frame outside the runtime, when known. */
export interface TaskSpawnEvent {
  type: 'task.spawn';
  time: number;
  taskId: number;
  name: string;
  parentId: number | null;
  site?: string;
}

/** One run slice of a task. `start` and `duration` are real milliseconds (performance.now()), even on a virtual clock. */
export interface TaskStepEvent {
  type: 'task.step';
  time: number;
  taskId: number;
  start: number;
  duration: number;
}

/** The task yielded to the loop, waiting on `on` (`sleep`, `join`, `call`, `queue.get`, …). */
export interface TaskSuspendEvent {
  type: 'task.suspend';
  time: number;
  taskId: number;
  on: string;
  /** What the task waits on, in words (`sleep until 3.000s`, `queue.get() on Queue#1 (empty)`); only for subscribers that asked for `details`. */
  detail?: string;
}

/** The task was woken and queued to run. */
export interface TaskResumeEvent {
  type: 'task.resume';
  time: number;
  taskId: number;
}

/** A `CancelledError` was thrown into the task (each delivery is one event). */
export interface TaskCancelEvent {
  type: 'task.cancel';
  time: number;
  taskId: number;
  reason?: string;
}

/** The task finished. */
export interface TaskDoneEvent {
  type: 'task.done';
  time: number;
  taskId: number;
  outcome: 'value' | 'error' | 'cancelled';
  error?: string;
}

/** A timer was armed for `deadline`. `taskId` is the task that set it, if any. */
export interface TimerSetEvent {
  type: 'timer.set';
  time: number;
  taskId: number | null;
  timerId: number;
  deadline: number;
}

/** A timer came due. */
export interface TimerFireEvent {
  type: 'timer.fire';
  time: number;
  taskId: null;
  timerId: number;
}

/** Nothing was ready: the loop waits until `until` (the next deadline) or an outside wakeup (`null`). */
export interface LoopIdleEvent {
  type: 'loop.idle';
  time: number;
  taskId: null;
  until: number | null;
}

/**
 * The host woke the loop for a timer (real clock): `lag` is how late, in ms,
 * after the timer's `deadline`. A large lag means something blocked the
 * host (a long synchronous step, or other work in the process).
 */
export interface LoopLagEvent {
  type: 'loop.lag';
  time: number;
  taskId: null;
  deadline: number;
  lag: number;
}

/**
 * Any event of the loop's stream.
 *
 * @example
 * ```ts
 * const stop = loop.subscribe((event: LoopEvent) => {
 *   if (event.type === 'task.done') console.log(event.taskId, event.outcome);
 * });
 * ```
 */
/**
 * A failed task's error was never retrieved (nobody awaited the task, read
 * its result or handled it in a group): it goes to the exception handler,
 * and traces keep it too. Comes after the task's `task.done`.
 */
export interface TaskUnretrievedEvent {
  type: 'task.unretrieved';
  time: number;
  taskId: number;
  /** `"Name: message"`. */
  error: string;
}

export type LoopEvent =
  | TaskSpawnEvent
  | TaskStepEvent
  | TaskSuspendEvent
  | TaskResumeEvent
  | TaskCancelEvent
  | TaskDoneEvent
  | TaskUnretrievedEvent
  | TimerSetEvent
  | TimerFireEvent
  | LoopIdleEvent
  | LoopLagEvent;

/** A subscriber to the loop's events. */
export type LoopListener = (event: LoopEvent) => void;

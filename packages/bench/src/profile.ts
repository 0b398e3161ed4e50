/**
 * Loop-aware figures from the runtime's event stream: per-task busy and idle
 * time, steps, and the concurrency speedup.
 *
 * A task's lifetime runs from its `task.spawn` to its `task.done`, on the
 * loop's clock. Its busy time is the sum of its `task.step` durations, which
 * the runtime always measures in real milliseconds (`performance.now()`),
 * even on a virtual clock. On a real clock, idle = lifetime − busy: the time
 * the task spent suspended. On a virtual clock no loop time passes while a
 * task runs, so in loop time a task is idle for its whole lifetime; busy
 * stays the real CPU cost of its steps. That keeps every loop-time figure
 * exact on a virtual clock.
 *
 * The speedup is the sum of task lifetimes divided by the wall (loop) time
 * they span. Only leaf tasks (those that spawned no task while profiled)
 * count: a parent waiting for its children would count their time twice.
 * Ten gathered 3-second sleeps: 10 × 3000 / 3000 = exactly 10 on a
 * virtual clock.
 *
 * @module
 */
import type { Loop, LoopEvent } from '@loop/runtime';
import { describe } from './define.js';

/**
 * Figures for one task. Times are ms; busy is real time, the others loop
 * time (see {@link profileLoop} for the clocks).
 *
 * @example
 * ```ts
 * for (const t of profiler.report().tasks) console.log(t.name, t.steps, t.busy, t.idle);
 * ```
 */
export interface TaskProfile {
  id: number;
  name: string;
  parentId: number | null;
  /** Tasks it spawned while profiled. */
  children: number;
  /** Run slices (one per `task.step`). */
  steps: number;
  /** Times it yielded to the loop (`task.suspend`). */
  suspensions: number;
  /** Sum of its step durations, in real ms. */
  busy: number;
  /** Loop time it spent waiting: lifetime − busy on a real clock, the whole lifetime on a virtual one. */
  idle: number;
  /** Loop time from spawn (or from when profiling began) to done (or to now). */
  lifetime: number;
  /** Loop time it was spawned (or profiling began). */
  start: number;
  /** Loop time it finished; `null` while it runs. */
  end: number | null;
  /** How it finished; `null` while it runs. */
  outcome: 'value' | 'error' | 'cancelled' | null;
}

/**
 * What {@link LoopProfiler.report} returns.
 *
 * @example
 * ```ts
 * const { wall, work, speedup }: LoopReport = profiler.report();
 * ```
 */
export interface LoopReport {
  /** True when the loop runs on a virtual clock. */
  virtual: boolean;
  /** Loop time profiling began. */
  start: number;
  /** Loop time of the last task's end (or now while tasks run, or when stopped). */
  end: number;
  /** `end − start`, loop ms. */
  wall: number;
  /** Every task seen, by id. */
  tasks: TaskProfile[];
  /** Sum of all tasks' busy time (real ms). */
  busy: number;
  /** Sum of leaf tasks' lifetimes (loop ms). */
  work: number;
  /** `work / wall`; `null` when no loop time passed. */
  speedup: number | null;
}

/**
 * A running collector made by {@link profileLoop}.
 *
 * @example
 * ```ts
 * const profiler: LoopProfiler = profileLoop(loop);
 * await loop.run(main());
 * profiler.stop();
 * console.log(formatLoopReport(profiler.report()));
 * ```
 */
export interface LoopProfiler {
  /** The figures so far (callable any number of times, also after {@link LoopProfiler.stop}). */
  report(): LoopReport;
  /** Unsubscribes from the loop; the figures stay. */
  stop(): void;
}

/** What is collected per task; `idle` and `lifetime` are derived when reporting. */
type Entry = Omit<TaskProfile, 'idle' | 'lifetime'>;

/**
 * Attaches to a loop's event stream and collects per-task figures. Attach
 * before the tasks start (with `run`'s `onLoop`) to see their whole lives.
 *
 * A task's busy time is the sum of its step durations, always in real ms
 * (the runtime times steps with `performance.now()`). Idle time is
 * lifetime − busy on a real clock; on a virtual clock, where no loop time
 * passes while a task runs, it is the whole lifetime. The speedup is the
 * sum of the leaf tasks' lifetimes over the wall time: parents waiting for
 * their children are left out so no time counts twice.
 *
 * @example
 * ```ts
 * let profiler!: LoopProfiler;
 * await run(function* () {
 *   yield* gather(...Array.from({ length: 10 }, () => randn()));
 * }, { clock: new VirtualClock(), onLoop: (loop) => (profiler = profileLoop(loop)) });
 * profiler.report().speedup; // 10
 * ```
 */
export function profileLoop(loop: Loop): LoopProfiler {
  if (typeof loop !== 'object' || loop === null || typeof loop.subscribe !== 'function' || typeof loop.time !== 'function') {
    throw new TypeError(`profileLoop(loop): loop must be a Loop (from run's onLoop option or yield* getLoop()), got ${describe(loop)}`);
  }
  const begin = loop.time();
  const virtual = loop.clock.virtual;
  const tasks = new Map<number, Entry>();
  let stoppedAt: number | null = null;

  const entry = (id: number): Entry => {
    let found = tasks.get(id);
    if (found === undefined) {
      // A task that was already running when profiling began.
      found = { id, name: `task ${id}`, parentId: null, children: 0, steps: 0, suspensions: 0, busy: 0, start: begin, end: null, outcome: null };
      tasks.set(id, found);
    }
    return found;
  };

  const listener = (event: LoopEvent): void => {
    switch (event.type) {
      case 'task.spawn': {
        tasks.set(event.taskId, { id: event.taskId, name: event.name, parentId: event.parentId, children: 0, steps: 0, suspensions: 0, busy: 0, start: event.time, end: null, outcome: null });
        if (event.parentId !== null) entry(event.parentId).children++;
        break;
      }
      case 'task.step': {
        const e = entry(event.taskId);
        e.steps++;
        e.busy += event.duration;
        break;
      }
      case 'task.suspend':
        entry(event.taskId).suspensions++;
        break;
      case 'task.done': {
        const e = entry(event.taskId);
        e.end = event.time;
        e.outcome = event.outcome;
        break;
      }
      default:
        break;
    }
  };
  const unsubscribe = loop.subscribe(listener);

  return {
    stop() {
      if (stoppedAt !== null) return;
      stoppedAt = loop.time();
      unsubscribe();
    },
    report() {
      const now = stoppedAt ?? loop.time();
      const list = [...tasks.values()].sort((a, b) => a.id - b.id);
      const running = list.some((t) => t.end === null);
      const end = running || list.length === 0 ? now : Math.max(begin, ...list.map((t) => t.end ?? now));
      const profiles = list.map((t): TaskProfile => {
        const lifetime = (t.end ?? end) - t.start;
        const idle = virtual ? lifetime : Math.max(0, lifetime - t.busy);
        return { ...t, idle, lifetime };
      });
      const work = profiles.filter((t) => t.children === 0).reduce((sum, t) => sum + t.lifetime, 0);
      const wall = end - begin;
      return {
        virtual,
        start: begin,
        end,
        wall,
        tasks: profiles,
        busy: profiles.reduce((sum, t) => sum + t.busy, 0),
        work,
        speedup: wall > 0 ? work / wall : null,
      };
    },
  };
}

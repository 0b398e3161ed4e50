/**
 * The playground's program and its timeline, kept apart from the Vue
 * component that draws them so both can be tested in Node on a virtual clock.
 *
 * The program is the lesson's seed example: ten `randn()` gathered, each
 * sleeping a random 0.3–1.5 s. The timeline is built only from the loop's
 * event stream (`loop.subscribe`), the same events loop-console and the
 * trace recorder read: a bar per task from its `task.spawn` to its
 * `task.done`, with what it is suspended on in between.
 */
import { gather, getLoop, run, sleep, type Clock, type LoopEvent, type Operation } from '@loop/runtime';

/** Shortest and longest sleep of one `randn()`, in ms. */
export const MIN_SLEEP_MS = 300;
export const MAX_SLEEP_MS = 1500;
/** How many `randn()` the seed example gathers. */
export const TASKS = 10;

// #region seed
/** A coroutine that sleeps 0.3–1.5 s, then returns a random int from 1 to 10. */
export function* randn(random: () => number): Operation<number> {
  yield* sleep(MIN_SLEEP_MS + random() * (MAX_SLEEP_MS - MIN_SLEEP_MS));
  return 1 + Math.floor(random() * 10);
}

/** What the seed example returns: the ten values, and the loop time it took in ms. */
export interface SeedResult {
  values: number[];
  elapsed: number;
}

/** The seed example: ten `randn()` gathered. */
export function* seed(random: () => number): Operation<SeedResult> {
  const loop = yield* getLoop();
  const start = loop.time();
  const values = yield* gather(...Array.from({ length: TASKS }, () => randn(random)));
  return { values, elapsed: loop.time() - start };
}
// #endregion seed

/** The lesson's result line: `[3, 7, …] took 1.42 seconds`. */
export function formatResult(result: SeedResult): string {
  return `[${result.values.join(', ')}] took ${(result.elapsed / 1000).toFixed(2)} seconds`;
}

/** One task's bar: loop times in ms, relative to the first event of the run. */
export interface TaskBar {
  id: number;
  name: string;
  parentId: number | null;
  start: number;
  /** When it finished; null while it runs. */
  end: number | null;
  /** What it waits on (`sleep`, `join`, …); null while it runs or once done. */
  waitingOn: string | null;
  outcome: 'value' | 'error' | 'cancelled' | null;
}

/**
 * The tasks of one run, built from its events in order.
 *
 * @example
 * ```ts
 * const timeline = new Timeline();
 * await run(() => seed(Math.random), { onEvent: (event) => timeline.apply(event) });
 * timeline.bars.length; // 11: main and its ten children
 * ```
 */
export class Timeline {
  readonly bars: TaskBar[] = [];
  private readonly byId = new Map<number, TaskBar>();
  private origin: number | null = null;

  /** Applies one event; events of tasks it never saw spawn are ignored. */
  apply(event: LoopEvent): void {
    this.origin ??= event.time;
    const time = event.time - this.origin;
    if (event.type === 'task.spawn') {
      const bar: TaskBar = { id: event.taskId, name: event.name, parentId: event.parentId, start: time, end: null, waitingOn: null, outcome: null };
      this.bars.push(bar);
      this.byId.set(bar.id, bar);
      return;
    }
    const bar = event.taskId === null ? undefined : this.byId.get(event.taskId);
    if (bar === undefined) return;
    if (event.type === 'task.suspend') bar.waitingOn = event.on;
    else if (event.type === 'task.resume') bar.waitingOn = null;
    else if (event.type === 'task.done') {
      bar.end = time;
      bar.waitingOn = null;
      bar.outcome = event.outcome;
    }
  }

  /** Loop time of `now` relative to the run's first event (0 before any). */
  relative(now: number): number {
    return this.origin === null ? 0 : now - this.origin;
  }

  /** The main task's children, in spawn order. */
  children(): TaskBar[] {
    const main = this.bars[0];
    return main === undefined ? [] : this.bars.filter((bar) => bar.parentId === main.id);
  }
}

/** Options for {@link runSeed}. */
export interface RunSeedOptions {
  /** Source of randomness for the sleeps and values. Default `Math.random`. */
  random?: () => number;
  /** The loop's clock. Default: the real clock. */
  clock?: Clock;
  /** Called after each event has been applied to the timeline. */
  onEvent?: (timeline: Timeline, event: LoopEvent) => void;
  /** Called with a function reading the loop's time, once the loop exists. */
  onClock?: (now: () => number) => void;
}

/**
 * Runs the seed example on a new loop, feeding every event to a fresh
 * {@link Timeline}; resolves with the result and the finished timeline.
 *
 * @example
 * ```ts
 * const { result } = await runSeed({ clock: new VirtualClock() });
 * formatResult(result); // "[…ten values…] took 1.37 seconds"
 * ```
 */
export async function runSeed(options: RunSeedOptions = {}): Promise<{ result: SeedResult; timeline: Timeline }> {
  const timeline = new Timeline();
  const random = options.random ?? Math.random;
  const result = await run(() => seed(random), {
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    onEvent: (event) => {
      timeline.apply(event);
      options.onEvent?.(timeline, event);
    },
    onLoop: (loop) => options.onClock?.(() => loop.time()),
  });
  return { result, timeline };
}

/**
 * Stores: what the Ink app reads. A store owns a {@link ConsoleModel} and
 * tells the app when it changed (a version counter for
 * `useSyncExternalStore`). Three kinds:
 *
 * - {@link LiveStore}: a program running in a child process; events are
 *   applied as they arrive (queued while the display is paused), output
 *   lines go to the log, notifications are throttled to 20 per second.
 * - {@link ReplayStore}: a recorded trace played back on loop time at a
 *   chosen speed, with pause, single-step and seek (seeking back refolds
 *   the events from the start).
 * - {@link FixedStore}: a finished model (tests, static output).
 *
 * @module
 */
import type { LoopEvent, Trace } from '@loop/runtime';
import { applyEvent, createModel, endModel, noteUnretrieved } from './model/reducer.js';
import type { ConsoleModel } from './model/types.js';
import type { WhereEntry, WhereSnapshot } from './model/where.js';
import { ProgramSession, type SessionOptions } from './runner/session.js';
import { LINE_LIMIT, sanitize } from './sanitize.js';

/** Log lines kept. */
export const MAX_LOG = 500;

/** Playback controls of a {@link ReplayStore}. */
export interface ReplayControls {
  readonly speed: number;
  /** Events applied so far. */
  readonly position: number;
  readonly total: number;
  step(): void;
  /** Moves the playback by `fraction` of the trace's duration (negative: back). */
  seek(fraction: number): void;
  setSpeed(speed: number): void;
}

/** What the app reads from. */
export interface ConsoleStore {
  readonly title: string;
  readonly kind: 'live' | 'replay' | 'fixed';
  readonly model: ConsoleModel;
  /** Program output, sanitised, oldest first. */
  readonly logs: readonly string[];
  /** `running`, `exited with code 0`, `playing`, … */
  readonly status: string;
  /** A passing notice (cancel results, errors). */
  readonly notice: string | null;
  readonly paused: boolean;
  readonly replay: ReplayControls | null;
  /** Milliseconds shown as "elapsed": wall time for live runs, loop time for replays. */
  elapsed(): number;
  /** The loop time the views draw up to: the latest event, or (live, real clock) an estimate of the program's clock now. */
  now(): number;
  version(): number;
  readonly subscribe: (listener: () => void) => () => void;
  /** The latest answer to {@link ConsoleStore.requestWhere} (live runs), or null. */
  readonly where: WhereSnapshot | null;
  /** Asks the program where every live task is suspended, `taskId`'s chain surely included (live runs; elsewhere a notice says why not). */
  requestWhere(taskId?: number | null): void;
  setPaused(paused: boolean): void;
  cancel(taskId: number): void;
  stop(): Promise<void>;
}

abstract class BaseStore {
  protected listeners = new Set<() => void>();
  protected versionNumber = 0;
  notice: string | null = null;
  paused = false;
  logs: string[] = [];

  version(): number {
    return this.versionNumber;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  protected changed(): void {
    this.versionNumber++;
    for (const listener of this.listeners) listener();
  }

  protected log(line: string): void {
    if (this.logs.length >= MAX_LOG) this.logs.shift();
    this.logs.push(sanitize(line, LINE_LIMIT));
  }
}

/**
 * A finished model, shown as is.
 *
 * @example
 * ```ts
 * render(<App store={new FixedStore(foldEvents(events, { end: true }), 'fixture')} />);
 * ```
 */
export class FixedStore extends BaseStore implements ConsoleStore {
  readonly kind = 'fixed';
  readonly replay = null;
  status = 'ended';
  cancelled: number[] = [];
  readonly where: WhereSnapshot | null;

  constructor(
    readonly model: ConsoleModel,
    readonly title: string,
    logs: readonly string[] = [],
    /** What `where` shows (tests; a finished model has no program to ask). */
    where: readonly WhereEntry[] | null = null,
  ) {
    super();
    for (const line of logs) this.log(line);
    this.where = where === null ? null : { entries: [...where], at: 0 };
  }

  requestWhere(): void {
    if (this.where === null) {
      this.notice = 'where needs a running program';
      this.changed();
    }
  }

  elapsed(): number {
    return this.model.time - (this.model.startTime ?? 0);
  }

  now(): number {
    return this.model.time;
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.changed();
  }

  /** Records the request (there is no program to cancel in). */
  cancel(taskId: number): void {
    this.cancelled.push(taskId);
    this.notice = `cancel requested for task ${taskId}`;
    this.changed();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}

/** Options for {@link LiveStore}. */
export interface LiveOptions extends SessionOptions {
  title?: string;
  /** Also called with each raw output line (the non-TTY mode prints them). */
  echo?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Also called with each batch of events (to record a trace). */
  record?: (events: readonly LoopEvent[], clock: 'real' | 'virtual', startTime: number) => void;
}

/**
 * A program running in a child process.
 *
 * @example
 * ```ts
 * const store = new LiveStore('main.js', []);
 * await store.finished;
 * ```
 */
export class LiveStore extends BaseStore implements ConsoleStore {
  readonly kind = 'live';
  readonly replay = null;
  readonly title: string;
  model: ConsoleModel = createModel();
  private baseStatus = 'starting';
  private lastBeat = Date.now();
  /** Resolves when the child process has exited and its output was read. */
  readonly finished: Promise<void>;
  /** The program's exit code (null until it exits, or when killed by a signal). */
  exitCode: number | null = null;
  /** True when the program could not be started (bad file, no coroutine export). */
  failedToStart = false;
  private readonly session: ProgramSession;
  private readonly startedAt = Date.now();
  private endedAt: number | null = null;
  private queued: LoopEvent[] = [];
  private throttle: ReturnType<typeof setTimeout> | undefined;
  private clock: 'real' | 'virtual' = 'real';
  private startTime = 0;
  where: WhereSnapshot | null = null;
  private lastEventAt: number | null = null;
  private lastEventTime = 0;
  /** Redraws the elapsed time while the program runs. */
  private readonly ticker = setInterval(() => this.changed(), 250);

  constructor(file: string, args: readonly string[], options: LiveOptions = {}) {
    super();
    this.ticker.unref();
    this.title = options.title ?? `run ${file}`;
    let finish!: () => void;
    this.finished = new Promise((resolve) => (finish = resolve));
    this.session = new ProgramSession(
      file,
      args,
      {
        onStart: (clock, time) => {
          this.clock = clock;
          this.startTime = time;
          this.model = createModel({ startTime: time, virtual: clock === 'virtual' });
          this.baseStatus = 'running';
          this.lastBeat = Date.now();
          this.soon();
        },
        onEvents: (events) => {
          options.record?.(events, this.clock, this.startTime);
          if (this.paused) this.queued.push(...events);
          else for (const event of events) applyEvent(this.model, event);
          this.lastEventAt = Date.now();
          this.lastBeat = this.lastEventAt;
          this.lastEventTime = this.model.time;
          this.soon();
        },
        onOutput: (stream, line) => {
          options.echo?.(stream, line);
          this.log(stream === 'stderr' ? `! ${line}` : line);
          this.soon();
        },
        onException: (taskId, message) => {
          // An unretrieved error also arrives as a task.unretrieved event (trace version 2): one lint, from the event.
          if (!message.startsWith('Task exception was never retrieved')) noteUnretrieved(this.model, taskId, message);
          this.soon();
        },
        onCancelResult: (_taskId, _ok, message) => {
          this.notice = message;
          this.soon();
        },
        onWhere: (entries) => {
          this.where = { entries, at: Date.now() };
          this.soon();
        },
        onEnd: (outcome, error) => {
          this.baseStatus = outcome === 'value' ? 'main returned' : `main failed: ${sanitize(error ?? 'error', 200)}`;
          this.soon();
        },
        onHeartbeat: () => {
          this.lastBeat = Date.now();
        },
        onFatal: (message) => {
          this.failedToStart = true;
          this.baseStatus = 'could not start';
          this.notice = sanitize(message, LINE_LIMIT);
          this.soon();
        },
        onExit: (code, signal) => {
          this.exitCode = code;
          this.endedAt = Date.now();
          clearInterval(this.ticker);
          for (const event of this.queued) applyEvent(this.model, event);
          this.queued = [];
          endModel(this.model);
          const how = signal !== null ? `killed by ${signal}` : `exited with code ${code}`;
          this.baseStatus = this.baseStatus === 'running' || this.baseStatus === 'starting' ? `program ${how}` : `${this.baseStatus}; program ${how}`;
          const ended = 'the program has ended: q quits, ? shows the keys';
          if (!this.failedToStart) this.notice = this.notice === null ? ended : `${this.notice} · ${ended}`;
          if (this.throttle !== undefined) clearTimeout(this.throttle);
          this.throttle = undefined;
          this.changed();
          finish();
        },
      },
      options,
    );
  }

  /** What the program is doing; `running (loop blocked for 1.5 s)` when its heartbeat stopped for over a second. */
  get status(): string {
    const silent = Date.now() - this.lastBeat;
    if (this.baseStatus === 'running' && this.endedAt === null && silent > 1000) return `running (loop blocked for ${(silent / 1000).toFixed(1)} s)`;
    return this.baseStatus;
  }

  elapsed(): number {
    return (this.endedAt ?? Date.now()) - this.startedAt;
  }

  now(): number {
    // Between events a real clock keeps moving: draw up to where it is now, so sleeps grow on screen.
    if (this.model.ended || this.paused || this.clock === 'virtual' || this.lastEventAt === null) return this.model.time;
    return Math.max(this.model.time, this.lastEventTime + (Date.now() - this.lastEventAt));
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) {
      for (const event of this.queued) applyEvent(this.model, event);
      this.queued = [];
    }
    this.changed();
  }

  requestWhere(taskId: number | null = null): void {
    this.session.where(taskId);
  }

  cancel(taskId: number): void {
    this.session.cancel(taskId);
    this.notice = `cancelling task ${taskId}…`;
    this.changed();
  }

  async stop(): Promise<void> {
    await this.session.stop();
    await this.finished;
  }

  private soon(): void {
    this.throttle ??= setTimeout(() => {
      this.throttle = undefined;
      this.changed();
    }, 50);
  }
}

/** Options for {@link ReplayStore}. */
export interface ReplayOptions {
  /** Loop-time speed-up (default 1: real speed). */
  speed?: number;
  title?: string;
  /** Start playing at once on a timer (default true; tests drive {@link ReplayStore.advance} by hand). */
  autoplay?: boolean;
}

/** Real ms between playback ticks. */
const TICK_MS = 50;

/**
 * A recorded trace played back.
 *
 * @example
 * ```ts
 * const store = new ReplayStore(loadTrace('t.jsonl'), { speed: 4 });
 * store.replay.step();
 * ```
 */
export class ReplayStore extends BaseStore implements ConsoleStore, ReplayControls {
  readonly kind = 'replay';
  readonly title: string;
  model: ConsoleModel;
  speed: number;
  position = 0;
  readonly total: number;
  private cursor: number;
  private readonly start: number;
  private readonly end: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly events: readonly LoopEvent[];
  private readonly virtual: boolean;

  constructor(trace: Trace, options: ReplayOptions = {}) {
    super();
    const speed = options.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`new ReplayStore(trace, options): options.speed must be a positive number, got ${String(speed)}`);
    this.speed = speed;
    this.title = options.title ?? 'replay';
    this.events = trace.events;
    this.total = trace.events.length;
    this.virtual = trace.header.clock === 'virtual';
    this.start = trace.header.time;
    this.end = trace.events.reduce((max, event) => Math.max(max, event.time), this.start);
    this.cursor = this.start;
    this.model = createModel({ startTime: this.start, virtual: this.virtual });
    this.applyUpTo(this.cursor);
    if (options.autoplay !== false) this.timer = setInterval(() => this.advance(TICK_MS), TICK_MS);
    this.timer?.unref?.();
  }

  get replay(): ReplayControls {
    return this;
  }

  get status(): string {
    if (this.position >= this.total) return 'replay ended';
    return this.paused ? 'paused' : `playing ×${this.speed}`;
  }

  elapsed(): number {
    return this.cursor - this.start;
  }

  now(): number {
    return Math.max(this.model.time, this.cursor);
  }

  /** Plays `realMs` of real time at the current speed (no-op while paused). */
  advance(realMs: number): void {
    if (this.paused || this.position >= this.total) return;
    this.cursor = Math.min(this.end, this.cursor + realMs * this.speed);
    this.applyUpTo(this.cursor);
    this.changed();
  }

  step(): void {
    this.paused = true;
    const event = this.events[this.position];
    if (event !== undefined) {
      applyEvent(this.model, event);
      this.position++;
      this.cursor = Math.max(this.cursor, event.time);
      if (this.position >= this.total) endModel(this.model);
    }
    this.changed();
  }

  seek(fraction: number): void {
    const target = Math.max(this.start, Math.min(this.end, this.cursor + fraction * Math.max(1, this.end - this.start)));
    if (target < this.cursor) {
      this.model = createModel({ startTime: this.start, virtual: this.virtual });
      this.position = 0;
    }
    this.cursor = target;
    this.applyUpTo(target);
    this.changed();
  }

  setSpeed(speed: number): void {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`replay.setSpeed(speed): speed must be a positive number, got ${String(speed)}`);
    this.speed = speed;
    this.changed();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.changed();
  }

  readonly where = null;

  requestWhere(): void {
    this.notice = 'a replay has no program to ask where its tasks are (where needs a running program)';
    this.changed();
  }

  cancel(taskId: number): void {
    this.notice = `a replay cannot cancel tasks (task ${taskId})`;
    this.changed();
  }

  stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    return Promise.resolve();
  }

  private applyUpTo(time: number): void {
    while (this.position < this.total) {
      const event = this.events[this.position]!;
      if (event.time > time) break;
      applyEvent(this.model, event);
      this.position++;
    }
    if (this.position >= this.total) endModel(this.model);
  }
}

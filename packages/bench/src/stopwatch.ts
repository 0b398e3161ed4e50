/**
 * A stopwatch over any monotonic millisecond source: {@link perfCounter}
 * by default, or a loop's clock (`() => loop.time()`) so that on a virtual
 * clock every reading is exact.
 *
 * @module
 */
import { InvalidStateError } from '@loop/runtime';
import { describe } from './define.js';
import { perfCounter } from './timing.js';

/**
 * Options of {@link Stopwatch}.
 *
 * @example
 * ```ts
 * const loop = yield* getLoop();
 * const watch = new Stopwatch({ now: () => loop.time() } satisfies StopwatchOptions);
 * ```
 */
export interface StopwatchOptions {
  /** The time source in ms. Default {@link perfCounter}. */
  now?: () => number;
}

/**
 * Start, stop, lap and read elapsed time. Elapsed time accumulates across
 * start/stop pairs until {@link Stopwatch.reset}.
 *
 * @example
 * ```ts
 * const watch = new Stopwatch();
 * watch.start();
 * parse();
 * const parseMs = watch.lap();
 * render();
 * watch.stop();
 * console.log(parseMs, watch.laps, watch.elapsed);
 * ```
 */
export class Stopwatch {
  private readonly now: () => number;
  private startedAt: number | null = null;
  private lapStartedAt = 0;
  private total = 0;
  private readonly lapList: number[] = [];

  constructor(options: StopwatchOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError(`new Stopwatch(options): options must be an object, got ${describe(options)}`);
    if (options.now !== undefined && typeof options.now !== 'function') {
      throw new TypeError(`new Stopwatch(options): options.now must be a function returning ms, got ${describe(options.now)}`);
    }
    this.now = options.now ?? perfCounter;
  }

  /** True between {@link Stopwatch.start} and {@link Stopwatch.stop}. */
  get running(): boolean {
    return this.startedAt !== null;
  }

  /** Total running time in ms, including the current run. */
  get elapsed(): number {
    return this.startedAt === null ? this.total : this.total + (this.now() - this.startedAt);
  }

  /** The lap times recorded so far, in ms. */
  get laps(): readonly number[] {
    return this.lapList;
  }

  /** Starts (or resumes) timing. Starting a running stopwatch is an `InvalidStateError`. */
  start(): this {
    if (this.startedAt !== null) throw new InvalidStateError('Stopwatch.start(): the stopwatch is already running; call stop() first');
    this.startedAt = this.now();
    this.lapStartedAt = this.startedAt;
    return this;
  }

  /** Stops timing and returns the total elapsed ms. Stopping a stopped stopwatch is an `InvalidStateError`. */
  stop(): number {
    if (this.startedAt === null) throw new InvalidStateError('Stopwatch.stop(): the stopwatch is not running; call start() first');
    this.total += this.now() - this.startedAt;
    this.startedAt = null;
    return this.total;
  }

  /** Records and returns the ms since the last lap (or since start). Only while running. */
  lap(): number {
    if (this.startedAt === null) throw new InvalidStateError('Stopwatch.lap(): the stopwatch is not running; call start() first');
    const now = this.now();
    const lap = now - this.lapStartedAt;
    this.lapStartedAt = now;
    this.lapList.push(lap);
    return lap;
  }

  /** Stops and clears elapsed time and laps. */
  reset(): this {
    this.startedAt = null;
    this.total = 0;
    this.lapStartedAt = 0;
    this.lapList.length = 0;
    return this;
  }
}

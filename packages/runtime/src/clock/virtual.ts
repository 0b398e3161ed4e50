/**
 * The virtual clock: time that moves only when the program is waiting.
 *
 * With autojump on (the default), whenever every task is blocked, no
 * callback is ready and no foreign promise (`call`) is pending, the loop
 * moves the clock straight to the next deadline. Ten gathered 3-second
 * sleeps finish in well under a millisecond of real time and `loop.time()`
 * reads exactly 3000 after. Time never runs backwards and never moves while
 * a task is running, so every duration measured on it is exact.
 *
 * @module
 */
import { InvalidStateError } from '../errors.js';
import { describe } from '../operation.js';
import type { Clock, ClockHost } from './clock.js';

/** Options for {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Start time in milliseconds. Default 0. */
  start?: number;
  /**
   * Jump to the next deadline whenever the loop is idle. Default `true`.
   * With `false`, time moves only through {@link VirtualClock.advance}.
   */
  autojump?: boolean;
}

/**
 * A clock for tests and simulations whose time is exact and instant.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * await run(function* () {
 *   yield* gather(...Array.from({ length: 10 }, () => sleep(3000)));
 * }, { clock });
 * clock.now(); // 3000, after microseconds of real time
 * ```
 */
export class VirtualClock implements Clock {
  readonly virtual = true;
  readonly autojump: boolean;
  private time: number;
  private host: ClockHost | null = null;

  constructor(options: VirtualClockOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError(`new VirtualClock(options): options must be an object, got ${describe(options)}`);
    const start = options.start === undefined ? 0 : options.start;
    const autojump = options.autojump === undefined ? true : options.autojump;
    if (typeof autojump !== 'boolean') throw new TypeError(`VirtualClock: options.autojump must be a boolean, got ${describe(autojump)}`);
    if (typeof start !== 'number') throw new TypeError(`VirtualClock: options.start must be a finite number, got ${describe(start)}`);
    if (!Number.isFinite(start)) throw new RangeError(`VirtualClock: options.start must be a finite number, got ${describe(start)}`);
    this.time = start;
    this.autojump = autojump;
  }

  now(): number {
    return this.time;
  }

  /**
   * Moves time forward by `ms` and lets the loop run everything that became
   * due. A negative, NaN or infinite `ms` is a `RangeError`.
   *
   * @example
   * ```ts
   * const clock = new VirtualClock({ autojump: false });
   * const loop = new Loop({ clock });
   * loop.callLater(500, () => console.log('fired at', loop.time()));
   * clock.advance(500); // prints "fired at 500" once the loop runs
   * ```
   */
  advance(ms: number): void {
    if (typeof ms !== 'number') throw new TypeError(`VirtualClock.advance: ms must be a number, got ${describe(ms)}`);
    if (Number.isNaN(ms)) throw new RangeError('VirtualClock.advance: ms must be a number, got NaN');
    if (ms < 0) throw new RangeError(`VirtualClock.advance: ms must be >= 0 (time never runs backwards), got ${ms}`);
    if (!Number.isFinite(ms)) throw new RangeError('VirtualClock.advance: ms must be finite, got Infinity');
    this.time += ms;
    this.host?._clockAdvanced();
  }

  _attach(host: ClockHost): void {
    if (this.host !== null && this.host !== host) {
      throw new InvalidStateError('VirtualClock: this clock already drives another loop; create one clock per loop');
    }
    this.host = host;
  }

  _detach(host: ClockHost): void {
    if (this.host === host) this.host = null;
  }

  _jumpTo(time: number): void {
    if (time > this.time) this.time = time;
  }
}

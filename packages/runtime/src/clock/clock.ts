/**
 * Clocks tell the loop what time it is and how to wait for the next timer.
 *
 * The loop asks its clock for `now()` and, when every task is blocked, either
 * arms one host timer for the earliest deadline (the real clock) or jumps
 * straight to it (a {@link VirtualClock}). A clock serves one loop at a time.
 *
 * @module
 */

/** @internal What a clock needs from the loop it serves. */
export interface ClockHost {
  /** Time moved by hand (`VirtualClock.advance`): run what became due. */
  _clockAdvanced(): void;
}

/**
 * The source of time for a loop. Use {@link RealClock} (the default) or
 * {@link VirtualClock}.
 *
 * @example
 * ```ts
 * await run(main, { clock: new VirtualClock() });
 * ```
 */
export interface Clock {
  /** The current time in milliseconds (monotonic; the origin is arbitrary). */
  now(): number;
  /** True for clocks the loop may jump forward when every task is blocked. */
  readonly virtual: boolean;
  /** True when the loop should jump to the next deadline by itself. */
  readonly autojump: boolean;
  /** @internal Binds the clock to a loop; a clock serves one loop at a time. */
  _attach(host: ClockHost): void;
  /** @internal Releases the clock when its loop closes. */
  _detach(host: ClockHost): void;
  /** @internal Moves a virtual clock to `time` (never backwards). */
  _jumpTo(time: number): void;
}

/**
 * Monotonic, high-resolution wall time (`performance.now()`). The loop
 * arms a single host timer for its earliest deadline.
 *
 * @example
 * ```ts
 * const loop = new Loop({ clock: new RealClock() });
 * console.log(loop.time()); // e.g. 1234.5678
 * ```
 */
export class RealClock implements Clock {
  readonly virtual = false;
  readonly autojump = false;

  now(): number {
    return performance.now();
  }

  _attach(_host: ClockHost): void {}
  _detach(_host: ClockHost): void {}
  _jumpTo(_time: number): void {
    throw new Error('internal: a real clock cannot jump');
  }
}

/**
 * Handles for scheduled callbacks (asyncio's `Handle` and `TimerHandle`).
 *
 * A handle is the run-queue entry itself (and, for a timer, the heap entry),
 * so scheduling a callback allocates one object. Cancelling a handle is O(1):
 * a queued handle is skipped when its turn comes, a timer is marked dead in
 * the heap.
 *
 * @module
 */
import type { Loop } from './loop.js';
import type { Runnable } from './ready-queue.js';
import type { TimerEntry } from './timer-heap.js';

/** @internal A scheduled callback, its argument types erased. */
export type Callback = (...args: readonly unknown[]) => void;

/**
 * A callback scheduled with `loop.callSoon`. Cancel it before it runs with
 * {@link Handle.cancel}.
 *
 * @example
 * ```ts
 * const handle = loop.callSoon(() => console.log('never printed'));
 * handle.cancel();
 * ```
 */
export class Handle implements Runnable {
  /** @internal */ _cancelled = false;

  /** @internal Use loop.callSoon(). */
  constructor(
    /** @internal */ readonly _loop: Loop,
    /** @internal */ readonly _callback: Callback,
    /** @internal */ readonly _args: readonly unknown[],
  ) {}

  /** Prevents the callback from running; does nothing if it already ran. */
  cancel(): void {
    this._cancelled = true;
  }

  /** True once {@link Handle.cancel} has been called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal */
  _run(): void {
    if (this._cancelled) return;
    try {
      this._callback(...this._args);
    } catch (error) {
      this._loop.callExceptionHandler({ message: `Exception in callback ${this._callback.name || '(anonymous)'}`, exception: error });
    }
    // The callback's time is not the next traced task slice's.
    this._loop._lastStepEnd = NaN;
  }
}

/**
 * A callback scheduled for a time with `loop.callLater` or `loop.callAt`.
 *
 * @example
 * ```ts
 * const handle = loop.callLater(1000, () => console.log('one second'));
 * console.log(handle.when() - loop.time()); // 1000
 * ```
 */
export class TimerHandle extends Handle implements TimerEntry {
  /** @internal */ _deadline = 0;
  /** @internal */ _seq = 0;
  /** @internal */ _armed = false;
  /** @internal */ _slot = -1;

  /** The loop time (ms) at which the callback is due. */
  when(): number {
    return this._deadline;
  }

  override cancel(): void {
    if (this._cancelled) return;
    super.cancel();
    this._loop._cancelTimer(this);
  }

  /** @internal Due: queue the callback for this pass. */
  _fire(): void {
    this._loop._enqueue(this);
  }
}

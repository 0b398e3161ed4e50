/**
 * Ownership: a subprocess, a connection or a listener belongs to the task
 * that opened it, as a spawned child task does. When that task finishes, or
 * is cancelled, while the resource is still open, the resource is released
 * (a process terminated and awaited, a socket destroyed) before the task is
 * done. Nothing opened on the loop outlives the task that opened it, so
 * nothing keeps the process alive after `run` returns.
 *
 * Mechanism: a small guard task, spawned in the owner, waits on the
 * resource's `closed` event. The runtime cancels a task's spawned children
 * when it finishes and waits for them, so the guard's `finally` runs the
 * release (shielded, so it may wait) at exactly the right moment. The guard
 * shows up in traces and the console under the resource's name.
 *
 * Edge: a task spawned while its parent is already cancelled never runs any
 * of its code (the runtime's rule). The guard watches for that case through
 * a done callback and then releases at once, without waiting.
 *
 * @module
 */
import { shield, spawn, type Event, type Operation } from '@loop/runtime';

/** @internal How to release an owned resource. */
export interface Release {
  /** Releases; an operation returned is awaited, shielded, until the resource is gone. */
  release(): Operation<void> | void;
  /** Releases at once, without waiting (the fallback when the guard never ran). */
  releaseNow(): void;
}

/** @internal Binds a resource to the current task; `closed` is set once it is released by other means. */
export function* own(name: string, closed: Event, how: Release): Operation<void> {
  let started = false;
  const guard = yield* spawn(
    (function* (): Operation<void> {
      started = true;
      try {
        yield* closed.wait();
      } finally {
        if (!closed.isSet()) {
          const releasing = how.release();
          if (releasing !== undefined) yield* shield(releasing);
        }
      }
    })(),
    { name },
  );
  guard.addDoneCallback(() => {
    if (!started && !closed.isSet()) how.releaseNow();
  });
}

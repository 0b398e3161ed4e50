/**
 * Ownership: a subprocess, a connection or a listener belongs to the task
 * that opened it, as a spawned child task does. When that task finishes, or
 * is cancelled, while the resource is still open, the resource is released
 * (a process terminated and awaited, a socket destroyed) before the task is
 * done. Nothing opened on the loop outlives the task that opened it, so
 * nothing keeps the process alive after `run` returns.
 *
 * Mechanism: the runtime's resource tracking. `own` hands the owner task an
 * {@link Owned} record (`task._track`); when the task finishes, every
 * tracked record still open is released by a shielded child task, so the
 * release may wait (for a process's exit, a socket's 'close') even in a
 * cancelled task, and the task is done only once it has. A resource that
 * is released by other means (closed by the program, or by the peer, or a
 * process that exited) calls {@link Owned.forget}, which untracks it: a
 * long-lived task that opens and closes many connections keeps nothing.
 *
 * Cost: one small object and one Set entry per resource, no task and no
 * wait. (The mechanism before this one spawned a guard task per resource,
 * cancelled when its owner finished: ~3 M instructions per 100-round-trip
 * TCP client, mostly that task and its `CancelledError`.)
 *
 * Edge: a task cancelled before its first step never runs its code, so it
 * never opens anything; a resource opened by a task whose cancellation is
 * already pending is tracked at once (tracking is synchronous, in the step
 * that opened it), so it is released when that cancellation ends the task.
 *
 * @module
 */
import { currentTask, type Operation, type Task } from '@loop/runtime';

/** @internal How to release an owned resource when its owner finishes first. */
export type Release = () => Operation<unknown> | void;

/**
 * @internal The record the owner task tracks for one resource (the
 * runtime's `Closable`): `closed` once the resource is gone, `close()`
 * releases it.
 */
export class Owned {
  private done = false;

  constructor(
    private readonly owner: Task<unknown>,
    private readonly release: Release,
  ) {}

  /** True once the resource is released (by its owner or by other means). */
  get closed(): boolean {
    return this.done;
  }

  /** The owner finished first: releases the resource (run by the runtime in a shielded child task). */
  *close(): Operation<void> {
    if (this.done) return;
    this.done = true;
    const releasing = this.release();
    if (releasing !== undefined) yield* releasing;
  }

  /** The resource is gone by other means: the owner forgets it. Idempotent; safe from any Node callback. */
  forget(): void {
    if (this.done) return;
    this.done = true;
    this.owner._untrack(this);
  }
}

/** @internal Binds a resource to the current task; call `forget()` on the result once it is released by other means. */
export function* own(release: Release): Operation<Owned> {
  const owner = yield* currentTask();
  const owned = new Owned(owner, release);
  owner._track(owned);
  return owned;
}

/**
 * Waiting for a Node event inside a coroutine.
 *
 * Node IO objects report progress through events ('readable', 'drain',
 * 'exit', …). `waitFor` turns "the next of these events" into an operation:
 * it is awaited through the runtime's `call`, so the loop counts it as
 * foreign work in flight (a virtual clock does not jump past it), and
 * cancelling the waiting task aborts the signal, which removes the
 * listeners at once. Nothing is consumed by waiting: callers look at the
 * stream's state again after every wakeup, so a cancelled wait loses no
 * data.
 *
 * @module
 */
import type { EventEmitter } from 'node:events';
import { call, type Operation } from '@loop/runtime';

/** @internal Waits until `emitter` emits one of `events`; returns the name of the event that fired. */
export function waitFor(emitter: EventEmitter, events: readonly string[]): Operation<string> {
  return call(
    (signal) =>
      new Promise<string>((resolve) => {
        const listeners = events.map((event) => {
          const listener = (): void => {
            cleanup();
            resolve(event);
          };
          emitter.on(event, listener);
          return [event, listener] as const;
        });
        const cleanup = (): void => {
          for (const [event, listener] of listeners) emitter.off(event, listener);
          signal.removeEventListener('abort', cleanup);
        };
        signal.addEventListener('abort', cleanup);
      }),
  );
}

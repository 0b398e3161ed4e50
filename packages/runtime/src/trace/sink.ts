/**
 * Where the loop's events go: an {@link EventSink} gets each event as a
 * method call with the event's fields as arguments, so the loop builds no
 * event object for a sink that does not need one.
 *
 * Two sinks: a {@link ListenerSink} builds the {@link LoopEvent} a
 * `loop.subscribe` listener receives; the trace recorder's sink writes the
 * event's JSON line straight from the arguments (see lines.ts). With six
 * events a task, the object each event cost was a third of what a recorded
 * trace allocated.
 *
 * A sink never throws into the loop: what its callback throws is written
 * to `console.error` and the loop goes on (see {@link reportListenerFailure}).
 *
 * @module
 */
import { defaultTaskName } from '../task/naming.js';
import type { LoopEvent, LoopListener, TaskDoneEvent } from './events.js';

/** @internal The receiver of the loop's events, one method per event type (see events.ts for each field). */
export interface EventSink {
  /** `name` is undefined for a task named by default (`Task-<taskId>`): a sink that writes it need not make the string. */
  spawn(time: number, taskId: number, name: string | undefined, parentId: number | null, site: string | undefined): void;
  step(time: number, taskId: number, start: number, duration: number): void;
  suspend(time: number, taskId: number, on: string, detail: string | undefined): void;
  resume(time: number, taskId: number): void;
  cancel(time: number, taskId: number, reason: string | undefined): void;
  done(time: number, taskId: number, outcome: TaskDoneEvent['outcome'], error: string | undefined): void;
  unretrieved(time: number, taskId: number, error: string): void;
  timerSet(time: number, taskId: number | null, timerId: number, deadline: number): void;
  timerFire(time: number, timerId: number): void;
  idle(time: number, until: number | null): void;
  lag(time: number, deadline: number, lag: number): void;
}

/** @internal What a sink does with an error its callback threw: the loop goes on. */
export function reportListenerFailure(error: unknown): void {
  console.error('loop: an event listener failed:', error);
}

/** @internal The sink of a `loop.subscribe` listener: each event as a {@link LoopEvent}. */
export class ListenerSink implements EventSink {
  constructor(readonly listener: LoopListener) {}

  private deliver(event: LoopEvent): void {
    try {
      this.listener(event);
    } catch (error) {
      reportListenerFailure(error);
    }
  }

  spawn(time: number, taskId: number, name: string | undefined, parentId: number | null, site: string | undefined): void {
    const text = name ?? defaultTaskName(taskId);
    this.deliver(site === undefined ? { type: 'task.spawn', time, taskId, name: text, parentId } : { type: 'task.spawn', time, taskId, name: text, parentId, site });
  }

  step(time: number, taskId: number, start: number, duration: number): void {
    this.deliver({ type: 'task.step', time, taskId, start, duration });
  }

  suspend(time: number, taskId: number, on: string, detail: string | undefined): void {
    this.deliver(detail === undefined ? { type: 'task.suspend', time, taskId, on } : { type: 'task.suspend', time, taskId, on, detail });
  }

  resume(time: number, taskId: number): void {
    this.deliver({ type: 'task.resume', time, taskId });
  }

  cancel(time: number, taskId: number, reason: string | undefined): void {
    this.deliver(reason === undefined ? { type: 'task.cancel', time, taskId } : { type: 'task.cancel', time, taskId, reason });
  }

  done(time: number, taskId: number, outcome: TaskDoneEvent['outcome'], error: string | undefined): void {
    this.deliver(error === undefined ? { type: 'task.done', time, taskId, outcome } : { type: 'task.done', time, taskId, outcome, error });
  }

  unretrieved(time: number, taskId: number, error: string): void {
    this.deliver({ type: 'task.unretrieved', time, taskId, error });
  }

  timerSet(time: number, taskId: number | null, timerId: number, deadline: number): void {
    this.deliver({ type: 'timer.set', time, taskId, timerId, deadline });
  }

  timerFire(time: number, timerId: number): void {
    this.deliver({ type: 'timer.fire', time, taskId: null, timerId });
  }

  idle(time: number, until: number | null): void {
    this.deliver({ type: 'loop.idle', time, taskId: null, until });
  }

  lag(time: number, deadline: number, lag: number): void {
    this.deliver({ type: 'loop.lag', time, taskId: null, deadline, lag });
  }
}

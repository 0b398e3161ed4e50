/**
 * The IPC messages between the console (parent) and the child that runs the
 * program on an instrumented loop (child.ts). JSON-serialisable.
 *
 * @module
 */
import type { LoopEvent } from '@loop/runtime';
import type { WhereEntry } from '../model/where.js';

/** Child to console. */
export type ChildMessage =
  | { kind: 'start'; clock: 'real' | 'virtual'; time: number }
  | { kind: 'events'; events: LoopEvent[] }
  | { kind: 'exception'; taskId: number | null; message: string }
  | { kind: 'cancel-result'; taskId: number; ok: boolean; message: string }
  /** The answer to a `where` request: every live task with the line it is suspended at. */
  | { kind: 'where'; entries: WhereEntry[] }
  | { kind: 'end'; outcome: 'value' | 'error'; error?: string }
  | { kind: 'fatal'; message: string }
  /** Sent every 250 ms while the child's event loop is free; silence means the program blocks it. */
  | { kind: 'heartbeat' };

/** Console to child. */
export type ParentMessage =
  | { kind: 'cancel'; taskId: number }
  /** Where every live task waits; source lines for the first {@link WHERE_LOCATED} tasks and for `taskId` and its ancestors. */
  | { kind: 'where'; taskId: number | null };

/** How many tasks a `where` answer gives source lines for (each costs the program's loop about 0.2 ms). */
export const WHERE_LOCATED = 200;

/** Environment variable: `virtual` runs the program on a VirtualClock. */
export const CLOCK_ENV = 'LOOP_CONSOLE_CLOCK';

/**
 * The console's side of a running program: forks the child runner
 * (child.ts) with an IPC channel and piped stdout/stderr, and turns what it
 * sends into callbacks. Program output is split into lines (a line longer
 * than {@link MAX_PARTIAL} without a newline is cut into pieces) so one
 * enormous write cannot grow memory without bound.
 *
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoopEvent } from '@loop/runtime';
import type { WhereEntry } from '../model/where.js';
import { CLOCK_ENV, type ChildMessage, type ParentMessage } from './protocol.js';

/** Longest stretch of output kept without a newline before it is emitted as a line. */
export const MAX_PARTIAL = 64 * 1024;

/** What a {@link ProgramSession} reports. */
export interface SessionHandlers {
  onStart?: (clock: 'real' | 'virtual', time: number) => void;
  onEvents?: (events: LoopEvent[]) => void;
  onOutput?: (stream: 'stdout' | 'stderr', line: string) => void;
  onException?: (taskId: number | null, message: string) => void;
  onCancelResult?: (taskId: number, ok: boolean, message: string) => void;
  /** The answer to {@link ProgramSession.where}: every live task and the line it is suspended at. */
  onWhere?: (entries: WhereEntry[]) => void;
  /** The program's main finished (its own outcome; the process may still be exiting). */
  onEnd?: (outcome: 'value' | 'error', error: string | null) => void;
  /** The runner could not start the program. */
  onFatal?: (message: string) => void;
  /** The child's loop is responsive (see the heartbeat message). */
  onHeartbeat?: () => void;
  /** The child process exited. */
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

/** Options for {@link ProgramSession}. */
export interface SessionOptions {
  /** Run the program on a VirtualClock. */
  virtual?: boolean;
  /** The runner script (default: child.js next to this bundle). */
  runner?: string;
}

/**
 * The child runner that ships next to the CLI bundle.
 *
 * @example
 * ```ts
 * new ProgramSession('main.js', [], handlers, { runner: defaultRunner() });
 * ```
 */
export function defaultRunner(): string {
  return fileURLToPath(new URL('./child.js', import.meta.url));
}

/**
 * A program running in a child process on an instrumented loop.
 *
 * @example
 * ```ts
 * const session = new ProgramSession('main.js', [], { onEvents: (events) => events.forEach((e) => applyEvent(model, e)) });
 * session.cancel(3);
 * session.stop();
 * ```
 */
export class ProgramSession {
  readonly child: ChildProcess;
  private exited = false;

  constructor(file: string, args: readonly string[], handlers: SessionHandlers, options: SessionOptions = {}) {
    if (typeof file !== 'string' || file === '') throw new TypeError('new ProgramSession(file): file must be a non-empty path');
    this.child = fork(options.runner ?? defaultRunner(), [file, ...args], {
      silent: true,
      env: { ...process.env, [CLOCK_ENV]: options.virtual === true ? 'virtual' : 'real', FORCE_COLOR: '0' },
    });
    this.child.on('message', (message: ChildMessage) => {
      switch (message.kind) {
        case 'start':
          handlers.onStart?.(message.clock, message.time);
          break;
        case 'events':
          handlers.onEvents?.(message.events);
          break;
        case 'exception':
          handlers.onException?.(message.taskId, message.message);
          break;
        case 'cancel-result':
          handlers.onCancelResult?.(message.taskId, message.ok, message.message);
          break;
        case 'where':
          handlers.onWhere?.(message.entries);
          break;
        case 'end':
          handlers.onEnd?.(message.outcome, message.error ?? null);
          break;
        case 'fatal':
          handlers.onFatal?.(message.message);
          break;
        case 'heartbeat':
          handlers.onHeartbeat?.();
          break;
      }
    });
    this.child.on('error', (error) => handlers.onFatal?.(`cannot start the program: ${error.message}`));
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = this.child[name];
      if (stream === null) continue;
      stream.setEncoding('utf8');
      let partial = '';
      stream.on('data', (chunk: string) => {
        partial += chunk;
        let newline = partial.indexOf('\n');
        while (newline !== -1) {
          handlers.onOutput?.(name, partial.slice(0, newline).replace(/\r$/, ''));
          partial = partial.slice(newline + 1);
          newline = partial.indexOf('\n');
        }
        while (partial.length > MAX_PARTIAL) {
          handlers.onOutput?.(name, partial.slice(0, MAX_PARTIAL));
          partial = partial.slice(MAX_PARTIAL);
        }
      });
      stream.on('end', () => {
        if (partial !== '') handlers.onOutput?.(name, partial);
        partial = '';
      });
    }
    this.child.on('exit', () => {
      this.exited = true;
    });
    // 'close' comes after the exit and after the last output was read.
    this.child.on('close', (code, signal) => handlers.onExit?.(code, signal));
  }

  /** Asks the child to cancel task `taskId` (the answer comes to onCancelResult). */
  cancel(taskId: number): void {
    if (!Number.isInteger(taskId)) throw new TypeError(`session.cancel(taskId): taskId must be an integer, got ${String(taskId)}`);
    const message: ParentMessage = { kind: 'cancel', taskId };
    if (this.child.connected) this.child.send(message);
  }

  /** Asks the child where every live task is suspended, `taskId`'s chain included (the answer comes to onWhere). */
  where(taskId: number | null = null): void {
    const message: ParentMessage = { kind: 'where', taskId };
    if (this.child.connected) this.child.send(message);
  }

  /** Stops the program (SIGTERM, then SIGKILL after `graceMs`). Resolves when it has exited. */
  stop(graceMs = 1000): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((done) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      this.child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      this.child.kill('SIGTERM');
    });
  }

  /** True once the child process has exited. */
  get hasExited(): boolean {
    return this.exited;
  }
}

/**
 * A minimal client of the Chrome DevTools Protocol over Node's inspector
 * WebSocket (loopback only): the target list (`/json/list`), requests with
 * ids and a deadline each, and events. Only what `ps` needs.
 *
 * @module
 */
import { connect } from 'node:net';
import WebSocket from 'ws';
import { AttachError } from './errors.js';

/** A target in `/json/list`. */
interface ListedTarget {
  type?: string;
  webSocketDebuggerUrl?: string;
}

/**
 * The WebSocket URL of the inspector on 127.0.0.1:`port`, or null when
 * nothing answers there (yet).
 *
 * @example
 * ```ts
 * await debuggerUrl(9229); // 'ws://127.0.0.1:9229/1f3c…' or null
 * ```
 */
export async function debuggerUrl(port: number, timeoutMs = 500): Promise<string | null> {
  let list: unknown;
  try {
    const response = await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(timeoutMs) });
    list = await response.json();
  } catch {
    return null;
  }
  if (!Array.isArray(list)) return null;
  for (const target of list as ListedTarget[]) {
    const url = target?.webSocketDebuggerUrl;
    if (typeof url !== 'string') continue;
    // Loopback only: the list comes from whatever holds the port, so its URL is checked, not trusted.
    if (url.startsWith(`ws://127.0.0.1:${port}/`) || url.startsWith(`ws://localhost:${port}/`)) return url.replace('ws://localhost:', 'ws://127.0.0.1:');
  }
  return null;
}

/**
 * Whether anything accepts a TCP connection on 127.0.0.1:`port`.
 *
 * @example
 * ```ts
 * await portOpen(9229); // false once the target closed its inspector
 * ```
 */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Reply {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message?: string };
}

/**
 * One DevTools protocol connection.
 *
 * @example
 * ```ts
 * const session = await InspectorSession.open(url);
 * const { result } = await session.call<{ result: { value: number } }>('Runtime.evaluate', { expression: 'process.pid', returnByValue: true });
 * session.close();
 * ```
 */
export class InspectorSession {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly listeners = new Map<string, (params: unknown) => void>();

  private constructor(
    private readonly socket: WebSocket,
    private readonly timeoutMs: number,
  ) {
    socket.on('message', (data: Buffer) => {
      let reply: Reply;
      try {
        reply = JSON.parse(data.toString('utf8')) as Reply;
      } catch {
        return;
      }
      if (typeof reply.id === 'number') {
        const waiter = this.pending.get(reply.id);
        if (waiter === undefined) return;
        this.pending.delete(reply.id);
        clearTimeout(waiter.timer);
        if (reply.error !== undefined) waiter.reject(new AttachError(`the inspector refused: ${reply.error.message ?? 'error'}`));
        else waiter.resolve(reply.result);
      } else if (typeof reply.method === 'string') {
        this.listeners.get(reply.method)?.(reply.params);
      }
    });
    socket.on('close', () => {
      for (const [id, waiter] of this.pending) {
        clearTimeout(waiter.timer);
        waiter.reject(new AttachError('the inspector connection closed'));
        this.pending.delete(id);
      }
    });
  }

  /** Connects to `url` (a loopback inspector WebSocket). */
  static open(url: string, timeoutMs = 3000): Promise<InspectorSession> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: timeoutMs, perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
      socket.once('open', () => resolve(new InspectorSession(socket, timeoutMs)));
      socket.once('error', (error) => reject(new AttachError(`cannot connect to the inspector: ${error.message}`)));
    });
  }

  /** Sends `method` and resolves with its result (rejects after the deadline). */
  call<R>(method: string, params: object = {}): Promise<R> {
    const id = ++this.nextId;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AttachError(`the inspector did not answer ${method} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Calls `listener` with the params of each `method` event (one listener per method). */
  on(method: string, listener: ((params: unknown) => void) | null): void {
    if (listener === null) this.listeners.delete(method);
    else this.listeners.set(method, listener);
  }

  /** Closes the connection; resolves once it is closed. */
  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 1000);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.close();
    });
  }
}

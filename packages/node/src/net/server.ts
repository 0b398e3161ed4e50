/**
 * TCP servers: `listen(options)` binds a listener and returns a
 * {@link Server}; `server.serve(handler)` accepts connections, each handled
 * in its own task of the server's task group; `serve(handler, options)` does
 * both (asyncio's `start_server` + `serve_forever`, Trio's `serve_tcp`).
 *
 * Structure:
 * - Accepted sockets arrive from Node's 'connection' callback into an
 *   unbounded memory channel; the serving task receives them and spawns one
 *   handler task per connection in a task group. Waiting for a connection is
 *   a channel receive, not foreign work, so an idle server does not stop a
 *   virtual clock from jumping.
 * - The handler's task owns its connection: when the handler returns, the
 *   connection is closed gracefully; when it fails or is cancelled, aborted.
 * - A handler failing with a `ConnectionError` (reset, incomplete read) ends
 *   only its connection. Any other error is a bug: it fails the task group,
 *   which cancels the other handlers and stops the server (Trio's rule).
 * - When serving stops (cancelled, or an error) the listener is closed, every
 *   connection is closed, and sockets accepted but not yet handled are
 *   destroyed. A listener from `listen()` belongs to the task that called it
 *   and is closed when that task finishes.
 *
 * @module
 */
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { EndOfChannel, channel, isOperation, taskGroup, type Operation, type ReceiveChannel, type SendChannel } from '@loop/runtime';
import { assertInteger, assertNonEmptyString, assertOptions, describe } from '../checks.js';
import { own, type Owned } from '../io/own.js';
import { waitFor } from '../io/wait-for.js';
import { Connection, peerOf, type Peer } from './connection.js';
import { ConnectionError } from './errors.js';

/**
 * Handles one connection; runs in its own task.
 *
 * @example
 * ```ts
 * const greet: ConnectionHandler = function* (conn) {
 *   yield* conn.write('hello\n');
 * };
 * ```
 */
export type ConnectionHandler = (conn: Connection) => Operation<unknown>;

/**
 * Options for {@link listen}.
 *
 * @example
 * ```ts
 * const options: ListenOptions = { host: '0.0.0.0', port: 8080 };
 * ```
 */
export interface ListenOptions {
  /** The address to bind. Default `'127.0.0.1'` (loopback only; pass `'0.0.0.0'` or `'::'` to accept from other hosts). */
  host?: string;
  /** The port; 0 (the default) picks a free one — read it from `server.port`. */
  port?: number;
  /** The length of the queue of pending connections. Default: Node's (511). */
  backlog?: number;
}

/**
 * Options for {@link serve}.
 *
 * @example
 * ```ts
 * const server = yield* group.start<Server>((ready) => serve(echo, { port: 0, ready }));
 * ```
 */
export interface ServeOptions extends ListenOptions {
  /**
   * Called with the {@link Server} once it listens, before the first
   * connection is handled. Pass the `ready` of `group.start` to get the
   * server (and its port) back: `yield* group.start((ready) => serve(h, { ready }))`.
   */
  ready?: (server: Server) => void;
}

/**
 * A listening TCP server (from {@link listen}).
 *
 * @example
 * ```ts
 * const server = yield* listen({ port: 0 });
 * console.log(`listening on ${server.host}:${server.port}`);
 * yield* server.serve(echo);
 * ```
 */
export class Server implements Disposable {
  /** The bound address. */
  readonly host: string;
  /** The bound port (the one the OS picked when listening on port 0). */
  readonly port: number;
  /** @internal The owner task's record of this listener, forgotten once it is closed. */
  _owned: Owned | null = null;

  private readonly accepted: ReceiveChannel<Socket>;
  private closing = false;

  /** @internal */
  constructor(
    private readonly listener: NetServer,
    private readonly incoming: SendChannel<Socket>,
    accepted: ReceiveChannel<Socket>,
  ) {
    const address = listener.address();
    if (address === null || typeof address === 'string') throw new Error('internal: a TCP server has an address object');
    this.host = address.address;
    this.port = address.port;
    this.accepted = accepted;
  }

  /** True once the listener is closed. */
  get closed(): boolean {
    return this.closing;
  }

  /**
   * Accepts connections until cancelled (or the server is closed), running
   * `handler(conn)` for each in its own task of a task group; then closes the
   * listener and every connection. A handler failing with a
   * `ConnectionError` ends only its connection; any other error stops the
   * server and is thrown (in a `TaskGroupError`).
   *
   * @example
   * ```ts
   * yield* server.serve(function* (conn) {
   *   for (let line = yield* conn.readLine(); line !== null; line = yield* conn.readLine()) {
   *     yield* conn.write(`${line.toUpperCase()}\n`);
   *   }
   * });
   * ```
   */
  serve(handler: ConnectionHandler): Operation<void> {
    if (typeof handler !== 'function') throw new TypeError(`server.serve(handler): handler must be a generator function (conn) => operation, got ${describe(handler)}`);
    return this.acceptLoop(handler);
  }

  /**
   * Stops listening: no new connections are accepted; the ones being handled
   * go on. Closing twice does nothing.
   *
   * @example
   * ```ts
   * server.close();
   * ```
   */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    this._owned?.forget();
    this.listener.close();
    this.incoming.close();
    // Accepted but never handled: nobody owns them, so they go now.
    for (;;) {
      try {
        this.accepted.receiveNowait().destroy();
      } catch {
        break;
      }
    }
  }

  /** `using server = …`: closes the listener at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  private *acceptLoop(handler: ConnectionHandler): Operation<void> {
    const incoming = this.accepted;
    try {
      yield* taskGroup(function* (group) {
        for (;;) {
          let socket: Socket;
          try {
            socket = yield* incoming.receive();
          } catch (error) {
            if (error instanceof EndOfChannel) return;
            throw error;
          }
          const peer = peerOf(socket);
          group.spawn(handle(socket, peer, handler), { name: `tcp ${peer.address}:${peer.port}` });
        }
      });
    } finally {
      this.close();
    }
  }
}

function* handle(socket: Socket, peer: Peer, handler: ConnectionHandler): Operation<void> {
  const conn = new Connection(socket, peer);
  try {
    const op = handler(conn);
    if (!isOperation(op)) throw new TypeError(`serve(handler): handler(conn) must return an operation (write the handler as function* (conn) { ... }), got ${describe(op)}`);
    yield* op;
    yield* conn.close();
  } catch (error) {
    if (!(error instanceof ConnectionError)) throw error;
  } finally {
    conn.abort();
  }
}

/**
 * Binds a TCP listener (default `127.0.0.1`, a free port) and returns the
 * {@link Server} once it listens; the port is `server.port`. Connections
 * wait in the backlog until `server.serve(handler)` accepts them. The
 * listener belongs to the calling task and is closed when that task finishes.
 *
 * @example
 * ```ts
 * yield* taskGroup(function* (group) {
 *   const server = yield* listen({ port: 0 });
 *   group.spawn(server.serve(echo));
 *   const conn = yield* connect('127.0.0.1', server.port);
 *   // ...
 * });
 * ```
 */
export function listen(options: ListenOptions = {}): Operation<Server> {
  const where = 'listen(options)';
  assertOptions(options, where);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  assertNonEmptyString(host, where, 'options.host');
  assertInteger(port, where, 'options.port', 0, 65535);
  if (options.backlog !== undefined) assertInteger(options.backlog, where, 'options.backlog', 1);
  return bind(host, port, options.backlog);
}

function* bind(host: string, port: number, backlog: number | undefined): Operation<Server> {
  const [incoming, accepted] = channel<Socket>(Infinity);
  const listener = createServer({ allowHalfOpen: true }, (socket) => {
    // Until a handler takes it, a reset of a queued socket must not be an unhandled 'error'.
    socket.on('error', ignore);
    try {
      incoming.sendNowait(socket);
    } catch {
      socket.destroy(); // the server was closed meanwhile
    }
  });
  const failed: { error: Error | null } = { error: null };
  listener.on('error', (error) => {
    failed.error ??= error;
  });
  listener.listen({ host, port, ...(backlog === undefined ? {} : { backlog }) });
  try {
    yield* waitFor(listener, ['listening', 'error']);
  } catch (error) {
    listener.close();
    throw error;
  }
  if (failed.error !== null) {
    listener.close();
    throw failed.error;
  }
  const server = new Server(listener, incoming, accepted);
  // Stops listening at once when the owner finishes first. Not waiting for Node's 'close'
  // event: it comes only when every accepted connection has ended, and those belong to their handlers.
  server._owned = yield* own(() => server.close());
  return server;
}

/**
 * Listens (default `127.0.0.1`, a free port) and serves: each connection is
 * handled by `handler(conn)` in its own task; runs until cancelled, then
 * closes the listener and every connection. `options.ready(server)` reports
 * the bound server, which fits `group.start`.
 *
 * @example
 * ```ts
 * function* echo(conn: Connection): Operation<void> {
 *   for (let chunk = yield* conn.read(); chunk.length > 0; chunk = yield* conn.read()) yield* conn.write(chunk);
 * }
 *
 * const serving = yield* spawn(taskGroup(function* (group) {
 *   const server = yield* group.start<Server>((ready) => serve(echo, { port: 0, ready }));
 *   console.log('listening on port', server.port);
 * }));
 * // ... later: stop it; the listener and every connection are closed.
 * serving.cancel();
 * ```
 */
export function serve(handler: ConnectionHandler, options: ServeOptions = {}): Operation<void> {
  if (typeof handler !== 'function') throw new TypeError(`serve(handler, options): handler must be a generator function (conn) => operation, got ${describe(handler)}`);
  assertOptions(options, 'serve(handler, options)');
  const { ready, ...listenOptions } = options;
  if (ready !== undefined && typeof ready !== 'function') throw new TypeError(`serve(handler, options): options.ready must be a function, got ${describe(ready)}`);
  const bound = listen(listenOptions);
  return (function* () {
    const server = yield* bound;
    ready?.(server);
    yield* server.serve(handler);
  })();
}

function ignore(): void {}

/**
 * `connect(host, port)`: open a TCP connection (asyncio's
 * `open_connection`, Trio's `open_tcp_stream`).
 *
 * @module
 */
import { connect as netConnect } from 'node:net';
import type { Operation } from '@loop/runtime';
import { assertInteger, assertNonEmptyString } from '../checks.js';
import { own } from '../io/own.js';
import { waitFor } from '../io/wait-for.js';
import { Connection } from './connection.js';
import { ConnectionError, connectionError } from './errors.js';

/**
 * Connects to `host:port` and returns the {@link Connection}. Refused is a
 * `ConnectionRefusedError`; cancelling while connecting destroys the socket.
 * The connection belongs to the calling task: it is closed (aborted) when
 * that task finishes if it is still open. Add a deadline with the runtime's
 * `timeout(ms, connect(...))`.
 *
 * @example
 * ```ts
 * const conn = yield* connect('127.0.0.1', 8080);
 * yield* conn.write('GET / HTTP/1.0\r\n\r\n');
 * console.log(yield* conn.readLine()); // 'HTTP/1.0 200 OK'
 * yield* conn.close();
 * ```
 */
export function connect(host: string, port: number): Operation<Connection> {
  assertNonEmptyString(host, 'connect(host, port)', 'host');
  assertInteger(port, 'connect(host, port)', 'port', 1, 65535);
  return open(host, port);
}

function* open(host: string, port: number): Operation<Connection> {
  const socket = netConnect({ host, port, allowHalfOpen: true });
  socket.on('error', ignore);
  try {
    yield* waitFor(socket, ['connect', 'error', 'close']);
  } catch (error) {
    socket.destroy();
    throw error;
  }
  if (socket.errored !== null) {
    socket.destroy();
    throw connectionError(socket.errored);
  }
  if (socket.destroyed || socket.connecting) throw new ConnectionError(`connect(${host}, ${port}): the socket closed before it connected`);
  const conn = new Connection(socket);
  // Owned from here on: released (aborted) when this task finishes while it is still open.
  conn._own(
    yield* own(function* () {
      socket.destroy();
      if (!socket.closed) yield* waitFor(socket, ['close']);
    }),
  );
  return conn;
}

function ignore(): void {}

/**
 * `Connection`: a TCP stream read and written from coroutines (asyncio's
 * StreamReader/StreamWriter pair, Trio's SocketStream).
 *
 * Reads (`read`, `readLine`, `readExactly`) and writes (`write`, which waits
 * for 'drain' when Node's buffer is full) are operations. A read cancelled
 * while it waits consumes nothing, so the connection stays usable. Peer
 * failures are typed errors: `ConnectionResetError` for a reset,
 * `IncompleteReadError` for a stream that ended early. Using a connection
 * after closing it is a `ClosedResourceError` (Trio's rule).
 *
 * Ownership: a connection opened with `connect` belongs to the task that
 * opened it and is closed when that task finishes; one accepted by a server
 * belongs to the handler's task. Closing is graceful with `close()` (flush,
 * FIN, release) and abrupt with `abort()`; `using conn = yield* connect(…)`
 * closes it at the end of the block (flushing what was written).
 *
 * @module
 */
import type { Socket } from 'node:net';
import { ClosedResourceError, type Operation } from '@loop/runtime';
import { assertData, assertInteger } from '../checks.js';
import type { Owned } from '../io/own.js';
import { ByteReader } from '../io/reader.js';
import { ByteWriter } from '../io/writer.js';
import { IncompleteReadError, connectionError } from './errors.js';

/**
 * How many bytes `read()` returns at most when no limit is given (65536).
 *
 * @example
 * ```ts
 * const chunk = yield* conn.read(DEFAULT_READ_SIZE * 4);
 * ```
 */
export const DEFAULT_READ_SIZE = 65536;

/**
 * A TCP connection; see {@link connect} and {@link serve}.
 *
 * @example
 * ```ts
 * using conn = yield* connect('127.0.0.1', port);
 * yield* conn.write('PING\n');
 * console.log(yield* conn.readLine()); // 'PONG'
 * ```
 */
export class Connection implements Disposable {
  /** This side's address. */
  readonly localAddress: string;
  /** This side's port. */
  readonly localPort: number;
  /**
   * @internal The owner task's record of this connection (one opened with
   * `connect`; see {@link _own}), forgotten once the socket is destroyed by
   * either side.
   */
  _owned: Owned | null = null;

  private readonly reader: ByteReader;
  private readonly writer: ByteWriter;
  private closing = false;
  private readonly peer: Peer;

  /** @internal `peer`: already read by a server that named the connection's task after it. */
  constructor(
    private readonly socket: Socket,
    peer: Peer = peerOf(socket),
  ) {
    this.peer = peer;
    // No 'error' listener of its own: the reader's readiness listens to 'error' for the socket's whole life, so
    // an error is never unhandled (and whoever made the socket listened from its start: `connect`, the server).
    socket.setNoDelay(true);
    this.localAddress = socket.localAddress ?? '';
    this.localPort = socket.localPort ?? 0;
    this.reader = new ByteReader(
      socket,
      connectionError,
      (partial, expected) => new IncompleteReadError(partial, expected),
      // A read waiting in one task when another closes the connection (Trio's rule).
      () => (this.closing ? new ClosedResourceError('conn.read(): the connection was closed by this side while the read waited') : null),
      this.checkOpen,
    );
    this.writer = new ByteWriter(socket, connectionError, 'the connection', this.checkOpen);
  }

  /**
   * The peer's address, read when the connection opened (so still known
   * once it is closed).
   *
   * It is read from the socket's handle, not with `socket.remoteAddress`:
   * Node caches that answer in a property its sockets are created without
   * (`_peername`), and once any socket has gained a property, V8 compiles
   * the socket reads in Node's own `Readable.read` as megamorphic lookups
   * for every socket of the process: ~1,100–1,800 instructions more per
   * round trip on a line echo (plain Node pays it too when it reads
   * `socket.remoteAddress`).
   *
   * @example
   * ```ts
   * console.log(`${conn.remoteAddress}:${conn.remotePort}`); // '127.0.0.1:51234'
   * ```
   */
  get remoteAddress(): string {
    return this.peer.address;
  }

  /** The peer's port, read when the connection opened (see {@link remoteAddress}). */
  get remotePort(): number {
    return this.peer.port;
  }

  /**
   * @internal Makes `owned` the owner task's record of this connection: it
   * is forgotten once the socket is destroyed by either side (the peer, an
   * error). Only owned connections listen to 'close': a served one belongs
   * to its handler's task, which closes it when the handler ends.
   */
  _own(owned: Owned): void {
    this._owned = owned;
    this.socket.on('close', () => owned.forget());
  }

  /** True once this side has closed (or aborted) the connection, or the socket is gone. */
  get closed(): boolean {
    return this.closing || this.socket.destroyed;
  }

  /**
   * Up to `max` bytes (default 65536) as soon as any are available; an empty
   * Buffer once the peer has closed its side (end of stream).
   *
   * @example
   * ```ts
   * for (let chunk = yield* conn.read(); chunk.length > 0; chunk = yield* conn.read()) {
   *   yield* conn.write(chunk); // echo
   * }
   * ```
   */
  read(max: number = DEFAULT_READ_SIZE): Operation<Buffer> {
    assertInteger(max, 'conn.read(max)', 'max', 1);
    return this.reader.read(max);
  }

  /**
   * The next line as UTF-8 text without its `\n` or `\r\n`; the last
   * unterminated line at the end of the stream; then `null`.
   *
   * @example
   * ```ts
   * for (let line = yield* conn.readLine(); line !== null; line = yield* conn.readLine()) {
   *   console.log('got', line);
   * }
   * ```
   */
  readLine(): Operation<string | null> {
    return this.reader.readLine();
  }

  /**
   * Exactly `n` bytes; an {@link IncompleteReadError} (with the partial
   * bytes) if the peer closes first.
   *
   * @example
   * ```ts
   * const length = (yield* conn.readExactly(4)).readUInt32BE(0);
   * const body = yield* conn.readExactly(length);
   * ```
   */
  readExactly(n: number): Operation<Buffer> {
    assertInteger(n, 'conn.readExactly(n)', 'n', 0);
    return this.reader.readExactly(n);
  }

  /**
   * Sends `data` (a string is sent as UTF-8). Returns at once while Node's
   * buffer has room; otherwise waits for it to drain (backpressure).
   *
   * @example
   * ```ts
   * yield* conn.write('hello\n');
   * yield* conn.write(Buffer.from([1, 2, 3]));
   * ```
   */
  write(data: string | Uint8Array): Operation<void> {
    assertData(data, 'conn.write(data)', 'data');
    return this.writer.write(data);
  }

  /**
   * Half-closes: sends end-of-stream to the peer once everything written is
   * flushed, while reads keep working (asyncio's `write_eof`).
   *
   * @example
   * ```ts
   * yield* conn.write(request);
   * yield* conn.writeEof();
   * const reply = yield* conn.read(); // the peer saw the end of the request
   * ```
   */
  *writeEof(): Operation<void> {
    this.checkOpen('writeEof');
    yield* this.writer.end();
  }

  /**
   * Closes gracefully: flushes what was written, sends end-of-stream, then
   * releases the socket (its descriptor is closed when `close()` returns;
   * Node's `'close'` event follows on a later tick, and is not waited for).
   * Closing twice does nothing. Cancelled while flushing, it aborts the
   * connection instead.
   *
   * @example
   * ```ts
   * yield* conn.write('bye\n');
   * yield* conn.close();
   * ```
   */
  *close(): Operation<void> {
    if (this.closing) return;
    this.closing = true;
    try {
      if (!this.socket.destroyed && this.socket.writable) yield* this.writer.end();
    } finally {
      this.release();
    }
  }

  /**
   * Closes at once, dropping anything not yet sent.
   *
   * @example
   * ```ts
   * conn.abort();
   * ```
   */
  abort(): void {
    this.closing = true;
    this.release();
  }

  /** `using conn = …`: at the end of the block, flushes what was written and closes. */
  [Symbol.dispose](): void {
    if (this.closing) return;
    this.closing = true;
    this.socket.destroySoon();
  }

  /**
   * Destroys the socket. Node closes the descriptor synchronously here (only
   * the 'close' event waits for a later tick), so the owner task has nothing
   * left to release and forgets the connection at once.
   */
  private release(): void {
    this.socket.destroy();
    this._owned?.forget();
  }

  /** Checked when an operation runs (lazily, as every operation), before it touches the socket: a closed connection is a ClosedResourceError. */
  private readonly checkOpen = (what: string): void => {
    if (this.closing) throw new ClosedResourceError(`conn.${what}(): the connection was closed by this side`);
  };
}

/** @internal A connection's peer. */
export interface Peer {
  readonly address: string;
  readonly port: number;
}

/**
 * @internal The socket's peer, asked of its handle as Node's own
 * `remoteAddress` getter does, but into an object of ours: the getter
 * caches the answer on the socket (see `Connection.remoteAddress`). A socket
 * without such a handle (closed already) is asked through the getter.
 */
export function peerOf(socket: Socket): Peer {
  const handle = (socket as unknown as { _handle?: { getpeername?: (out: { address?: string; port?: number }) => number } | null })._handle;
  const out: { address?: string; port?: number } = {};
  if (typeof handle?.getpeername === 'function' && handle.getpeername(out) === 0) return { address: out.address ?? '', port: out.port ?? 0 };
  return { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
}


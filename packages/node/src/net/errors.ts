/**
 * Errors of TCP connections, named as in Python (`ConnectionError` and its
 * subclasses, asyncio's `IncompleteReadError`). Each keeps Node's original
 * error, when there is one, as `cause`.
 *
 * A server treats a handler that fails with a {@link ConnectionError} as
 * the end of that one connection (peers reset and vanish all the time);
 * any other error propagates through the server's task group.
 *
 * @module
 */

/**
 * Base class of connection failures: reset, refused, or ended early.
 *
 * @example
 * ```ts
 * try {
 *   yield* conn.readExactly(4);
 * } catch (error) {
 *   if (error instanceof ConnectionError) console.log('peer went away:', error.message);
 * }
 * ```
 */
export class ConnectionError extends Error {
  override readonly name: string = 'ConnectionError';
  /** Node's error code (`ECONNRESET`, `ECONNREFUSED`, …), when there is one. */
  readonly code: string | undefined;

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
  }
}

/**
 * The peer reset the connection (`ECONNRESET`) or it broke while writing
 * (`EPIPE`).
 *
 * @example
 * ```ts
 * try {
 *   yield* conn.write(data);
 * } catch (error) {
 *   if (error instanceof ConnectionResetError) return; // the client hung up
 *   throw error;
 * }
 * ```
 */
export class ConnectionResetError extends ConnectionError {
  override readonly name: string = 'ConnectionResetError';
}

/**
 * Nothing listens at the address `connect` tried (`ECONNREFUSED`).
 *
 * @example
 * ```ts
 * try {
 *   yield* connect('127.0.0.1', 9);
 * } catch (error) {
 *   if (error instanceof ConnectionRefusedError) console.log('server not up yet');
 * }
 * ```
 */
export class ConnectionRefusedError extends ConnectionError {
  override readonly name: string = 'ConnectionRefusedError';
}

/**
 * `readExactly(n)` reached the end of the stream before `n` bytes
 * (asyncio's `IncompleteReadError`). `partial` holds what did arrive.
 *
 * @example
 * ```ts
 * try {
 *   const header = yield* conn.readExactly(8);
 * } catch (error) {
 *   if (error instanceof IncompleteReadError) console.log(`${error.partial.length} of ${error.expected} bytes`);
 * }
 * ```
 */
export class IncompleteReadError extends ConnectionError {
  override readonly name: string = 'IncompleteReadError';
  /** The bytes read before the end of the stream. */
  readonly partial: Buffer;
  /** How many bytes were asked for. */
  readonly expected: number;

  constructor(partial: Buffer, expected: number) {
    super(`expected ${expected} bytes, the peer closed the stream after ${partial.length}`);
    this.partial = partial;
    this.expected = expected;
  }
}

/** @internal Node's socket error as the connection error users catch. */
export function connectionError(error: Error): Error {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ECONNRESET':
    case 'EPIPE':
      return new ConnectionResetError(`the connection was reset by the peer (${code})`, { code, cause: error });
    case 'ECONNREFUSED':
      return new ConnectionRefusedError(`connection refused (${code}): ${error.message}`, { code, cause: error });
    default:
      return error;
  }
}

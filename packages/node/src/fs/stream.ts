/**
 * Reading a file as a stream: `readChunks(path)` yields the file's bytes in
 * chunks, `readLines(path)` its lines, each read only when the consumer
 * asks for it, so a large file is never held in memory at once.
 *
 * The file handle is opened when the stream is consumed and closed however
 * the consumer stops — the end, an error, `take(n)`, or cancellation —
 * because the close is in the stream's `finally`, shielded. Node's
 * `FileHandle.read` takes no AbortSignal: a cancelled read is abandoned (its
 * chunk dropped) and the close waits for it to finish.
 *
 * @module
 */
import { open, type FileHandle } from 'node:fs/promises';
import { CancelledError, call, pipe, shield, stream, type Stream } from '@loop/runtime';
import { assertInteger, assertOptions } from '../checks.js';
import { lines } from '../io/lines.js';
import { assertPath } from './files.js';

/**
 * Options for {@link readChunks}.
 *
 * @example
 * ```ts
 * const options: ReadChunksOptions = { chunkSize: 1 << 20 };
 * ```
 */
export interface ReadChunksOptions {
  /** Bytes per chunk (the last one may be shorter). Default 65536. */
  chunkSize?: number;
}

/**
 * The file's bytes as a stream of chunks. The file is opened when the
 * stream is consumed and closed when the consumer stops, however it stops.
 *
 * @example
 * ```ts
 * let size = 0;
 * yield* forEach(readChunks('big.bin'), (chunk) => {
 *   size += chunk.length;
 * });
 * ```
 */
export function readChunks(path: string, options: ReadChunksOptions = {}): Stream<Buffer> {
  assertPath(path, 'readChunks(path, options)');
  assertOptions(options, 'readChunks(path, options)');
  const chunkSize = options.chunkSize ?? 65536;
  assertInteger(chunkSize, 'readChunks(path, options)', 'options.chunkSize', 1);
  return stream<Buffer>(function* () {
    const opening = open(path, 'r');
    let handle: FileHandle;
    try {
      handle = yield* call(opening);
    } catch (error) {
      // Cancelled while opening: wait for the handle (opening is quick) and close it, so no descriptor leaks.
      if (error instanceof CancelledError) yield* shield(call(opening.then((late) => late.close(), ignore)));
      throw error;
    }
    try {
      for (;;) {
        const buffer = Buffer.allocUnsafe(chunkSize);
        const { bytesRead } = yield* call(handle.read(buffer, 0, chunkSize, null));
        if (bytesRead === 0) return;
        yield bytesRead === chunkSize ? buffer : buffer.subarray(0, bytesRead);
      }
    } finally {
      yield* shield(call(handle.close()));
    }
  });
}

/**
 * The file's lines as a stream of strings (UTF-8, without line endings;
 * `\r\n` is handled). The file is closed when the consumer stops.
 *
 * @example
 * ```ts
 * const firstTen = yield* pipe(readLines('access.log'), take(10), collect());
 * ```
 */
export function readLines(path: string): Stream<string> {
  assertPath(path, 'readLines(path)');
  return pipe(readChunks(path), lines());
}

function ignore(): void {}

/**
 * Reading a file as a stream: `readChunks(path)` yields the file's bytes in
 * chunks, `readLines(path)` its lines, read as the consumer asks for them
 * with one chunk read ahead (as `fs.createReadStream` does: the disk works
 * while the consumer does), so a large file is never held in memory at
 * once: at most the chunk being consumed and the one being read.
 *
 * The file handle is opened when the stream is consumed and closed however
 * the consumer stops — the end, an error, `take(n)`, or cancellation —
 * because the close is in the stream's `finally`, shielded. Node's
 * `FileHandle.read` takes no AbortSignal: a read in flight when the consumer
 * stops (the read-ahead, or a cancelled read) is abandoned (its chunk
 * dropped) and the close waits for it to finish.
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
  return fileChunks(path, chunkSize, chunkSize);
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
  // Chunks grow from 64 KiB to 1 MiB: a small file costs one small buffer, a large one few thread-pool
  // round trips (at 64 KiB, reading alone held 100 MB of lines to ~13 M lines/s; at 1 MiB, to ~37 M).
  // lines() decodes a chunk whole before it asks for the next, so two buffers can take turns.
  return pipe(fileChunks(path, 65_536, LINES_CHUNK_MOST, true), lines());
}

/** The largest chunk `readLines` reads at once: 1 MiB. */
const LINES_CHUNK_MOST = 1 << 20;

/**
 * The file's bytes in chunks: the first `first` bytes long, each next one
 * twice as long as the last while reads come back full, up to `most`.
 *
 * With `reuse`, a chunk's buffer is read into again once the consumer has
 * asked for the chunk after it, so at full size two buffers take turns
 * (one being read, one being consumed) instead of a fresh one per read.
 * Only for a consumer that is done with a chunk when it asks for the next
 * one and keeps no view of it (lines(), which decodes each chunk into
 * strings): readChunks hands its chunks to user code, which may keep them,
 * so it never reuses. A fresh 1 MiB buffer per read cost readLines ~30 % of
 * its first run in a fresh process (100 MB: page faults on each new
 * buffer's pages, on the reading thread and in the decoding, and a
 * collection to free them), where the file's reading should hide behind the
 * decoding.
 */
function fileChunks(path: string, first: number, most: number, reuse = false): Stream<Buffer> {
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
    // Read-ahead: the next chunk is read (on Node's thread pool) while the consumer works on this one, as
    // fs.createReadStream does, so the disk and the consumer overlap instead of taking turns.
    let size = first;
    /** A buffer the consumer is done with, to read into again (reuse only). */
    let spare: Buffer | null = null;
    let reading: Promise<ChunkRead> | null = readInto(handle, Buffer.allocUnsafe(size));
    try {
      for (;;) {
        const { bytesRead, buffer } = yield* call(reading);
        reading = null;
        if (bytesRead === 0) return;
        if (bytesRead === buffer.length && size < most) size = Math.min(most, size * 2);
        const next = spare !== null && spare.length === size ? spare : Buffer.allocUnsafe(size);
        spare = null;
        reading = readInto(handle, next);
        yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
        // The consumer asked for the next chunk: it is done with this one.
        if (reuse) spare = buffer;
      }
    } finally {
      // A read still in flight (the consumer stopped, or was cancelled) finishes before the handle closes.
      const closing = reading === null ? handle.close() : reading.then(() => handle.close(), () => handle.close());
      yield* shield(call(closing));
    }
  });
}

function ignore(): void {}

/** What a read into a fresh buffer gives. */
interface ChunkRead {
  bytesRead: number;
  buffer: Buffer;
}

/** Reads the next `buffer.length` bytes of `handle` into `buffer`. */
function readInto(handle: FileHandle, buffer: Buffer): Promise<ChunkRead> {
  return handle.read(buffer, 0, buffer.length, null);
}

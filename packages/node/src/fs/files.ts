/**
 * Files on the loop: whole-file reads, writes and appends through
 * `node:fs/promises`, cancellable through the AbortSignal that `call` hands
 * over (Node aborts `readFile`/`writeFile` between chunks; a cancelled write
 * may leave the file partly written).
 *
 * @module
 */
import { readFile as fsReadFile, writeFile as fsWriteFile } from 'node:fs/promises';
import { call, type Operation } from '@loop/runtime';
import { assertData, assertNonEmptyString } from '../checks.js';

/**
 * Reads a whole file as UTF-8 text. Cancelling the task aborts the read.
 *
 * @example
 * ```ts
 * const config = JSON.parse(yield* readTextFile('config.json'));
 * ```
 */
export function readTextFile(path: string): Operation<string> {
  assertPath(path, 'readTextFile(path)');
  return call((signal) => fsReadFile(path, { encoding: 'utf8', signal }));
}

/**
 * Writes `text` to a file as UTF-8, replacing it. Cancelling the task aborts
 * the write (the file may then be partly written).
 *
 * @example
 * ```ts
 * yield* writeTextFile('out.txt', 'hello\n');
 * ```
 */
export function writeTextFile(path: string, text: string): Operation<void> {
  assertPath(path, 'writeTextFile(path, text)');
  if (typeof text !== 'string') throw new TypeError(`writeTextFile(path, text): text must be a string, got ${typeof text}`);
  return call((signal) => fsWriteFile(path, text, { encoding: 'utf8', signal }));
}

/**
 * Reads a whole file as bytes. Cancelling the task aborts the read.
 *
 * @example
 * ```ts
 * const png = yield* readBytes('logo.png');
 * console.log(png.subarray(1, 4).toString()); // 'PNG'
 * ```
 */
export function readBytes(path: string): Operation<Buffer> {
  assertPath(path, 'readBytes(path)');
  return call((signal) => fsReadFile(path, { signal }));
}

/**
 * Writes bytes to a file, replacing it. Cancelling the task aborts the
 * write (the file may then be partly written).
 *
 * @example
 * ```ts
 * yield* writeBytes('blob.bin', new Uint8Array([0xca, 0xfe]));
 * ```
 */
export function writeBytes(path: string, data: Uint8Array): Operation<void> {
  assertPath(path, 'writeBytes(path, data)');
  if (!(data instanceof Uint8Array)) throw new TypeError(`writeBytes(path, data): data must be a Uint8Array, got ${typeof data}`);
  return call((signal) => fsWriteFile(path, data, { signal }));
}

/**
 * Appends text (as UTF-8) or bytes to a file, creating it if needed.
 * Cancelling the task aborts the write.
 *
 * @example
 * ```ts
 * yield* appendFile('app.log', `${new Date().toISOString()} started\n`);
 * ```
 */
export function appendFile(path: string, data: string | Uint8Array): Operation<void> {
  assertPath(path, 'appendFile(path, data)');
  assertData(data, 'appendFile(path, data)', 'data');
  return call((signal) => fsWriteFile(path, data, { flag: 'a', signal }));
}

/** @internal */
export function assertPath(path: unknown, where: string): asserts path is string {
  assertNonEmptyString(path, where, 'path');
}

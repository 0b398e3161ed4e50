/**
 * Files on the loop: whole-file reads and writes through `node:fs/promises`,
 * cancellable through the AbortSignal that `call` hands over (Node aborts
 * `readFile`/`writeFile` between chunks).
 *
 * @module
 */
import { readFile as fsReadFile, writeFile as fsWriteFile } from 'node:fs/promises';
import { call, type Operation } from '@loop/runtime';

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

function assertPath(path: unknown, where: string): asserts path is string {
  if (typeof path !== 'string' || path === '') throw new TypeError(`${where}: path must be a non-empty string, got ${path === '' ? 'an empty string' : typeof path}`);
}

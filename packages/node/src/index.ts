/**
 * @loop/node — Node IO on the loop: files now; subprocesses, TCP streams,
 * worker threads and OS signals as they land.
 *
 * @example
 * ```ts
 * import { run } from '@loop/runtime';
 * import { readTextFile } from '@loop/node';
 *
 * const text = await run(() => readTextFile('README.md'));
 * ```
 *
 * @packageDocumentation
 */
export { readTextFile, writeTextFile } from './fs/files.js';

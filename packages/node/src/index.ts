/**
 * @loop/node — Node IO on the loop: subprocesses, TCP streams, worker
 * threads, OS signals and files, as operations under the runtime's
 * cancellation and structure.
 *
 * Every resource belongs to the task that opened it: a subprocess, a
 * connection or a listener still open when that task finishes is
 * terminated or closed (and awaited) before the task is done.
 *
 * @example
 * ```ts
 * import { exec, main } from '@loop/node';
 *
 * await main(function* () {
 *   const { stdout } = yield* exec('git', ['status', '--short']);
 *   console.log(stdout);
 * });
 * ```
 *
 * @packageDocumentation
 */
export { appendFile, readBytes, readTextFile, writeBytes, writeTextFile } from './fs/files.js';
export { readChunks, readLines, type ReadChunksOptions } from './fs/stream.js';
export { lines } from './io/lines.js';
export { ProcessError, SpawnError, type ExitStatus } from './process/errors.js';
export { DEFAULT_KILL_GRACE, Process, ProcessInput, spawnProcess, type ProcessOptions, type StdioMode } from './process/process.js';
export { exec, type ExecOptions, type ExecResult } from './process/exec.js';
export { ConnectionError, ConnectionRefusedError, ConnectionResetError, IncompleteReadError } from './net/errors.js';
export { Connection, DEFAULT_READ_SIZE } from './net/connection.js';
export { connect } from './net/connect.js';
export { Server, listen, serve, type ConnectionHandler, type ListenOptions, type ServeOptions } from './net/server.js';
export { configureThreads, shutdownThreads, type ThreadPoolOptions } from './thread/pool.js';
export { toThread, type ThreadModule } from './thread/to-thread.js';
export { main, type MainOptions } from './signal/main.js';
export { SourceFiles, coroutineLocation, coroutineName, generatorFunctionName, nameCoroutines, type SourceLocation } from './inspect/coroutines.js';

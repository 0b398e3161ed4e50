/**
 * @loop/runtime — Python's asyncio model for TypeScript.
 *
 * Coroutines are generator functions (`function*`, `yield*`) stepped by an
 * event loop that really schedules them: tasks, gather, structured
 * concurrency, level-triggered cancellation, timeouts and a virtual clock.
 * Platform-neutral: runs in Node and in browsers.
 *
 * @example
 * ```ts
 * import { run, gather, sleep, getLoop, type Operation } from '@loop/runtime';
 *
 * function* randn(): Operation<number> {
 *   yield* sleep(3000);
 *   return 1 + Math.floor(Math.random() * 10);
 * }
 *
 * await run(function* () {
 *   const loop = yield* getLoop();
 *   const start = loop.time();
 *   console.log(yield* gather(randn(), randn(), randn()));
 *   console.log(`took ${((loop.time() - start) / 1000).toFixed(2)} seconds`);
 * });
 * ```
 *
 * @packageDocumentation
 */
export {
  BrokenBarrierError,
  BrokenResourceError,
  CancelledError,
  ClosedResourceError,
  DeadlockError,
  EndOfChannel,
  InvalidStateError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  TaskGroupError,
  TimeoutError,
  WouldBlock,
  type BlockedTask,
} from './errors.js';
export { Instruction, isOperation, type Operation, type OperationResult } from './operation.js';
export { RealClock, type Clock } from './clock/clock.js';
export { VirtualClock, type VirtualClockOptions } from './clock/virtual.js';
export { seededRandom } from './random.js';
export { Loop, type ExceptionContext, type ExceptionHandler, type LoopOptions, type Scheduler, type SubscribeOptions } from './loop/loop.js';
export type { TaskSnapshot } from './loop/introspect.js';
export { Handle, TimerHandle } from './loop/handle.js';
export { Task, currentTask, getLoop, type SpawnOptions, type TaskState } from './task/task.js';
export { spawn } from './task/spawn.js';
export { setCoroutineNamer, type CoroutineNamer } from './task/naming.js';
export { gather, gatherSettled, type GatherOptions, type GatherResults, type GatherSettledResults } from './task/gather.js';
export { race } from './task/race.js';
export { taskGroup, TaskGroup } from './task/group.js';
export { shield } from './task/shield.js';
export {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  asCompleted,
  wait,
  type AsCompletedOptions,
  type ReturnWhen,
  type WaitOptions,
  type WaitResult,
} from './task/wait.js';
export { sleep, suspend } from './time/sleep.js';
export { failAfter, moveOnAfter, timeout, type MoveOnResult } from './time/timeout.js';
export { call } from './interop/call.js';
export { Coroutine, coroutine } from './interop/coroutine.js';
export { run, type RunOptions } from './run.js';
export type * from './trace/events.js';
export { TRACE_VERSION, TraceFormatError, parseTrace, recordTrace, type Trace, type TraceHeader } from './trace/recorder.js';
export * from './sync/index.js';
export * from './channel/index.js';
export * from './stream/index.js';

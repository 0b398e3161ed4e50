/**
 * Beyond the lesson: structured concurrency with a task group. Three
 * children run side by side; when one fails, the group cancels the others
 * (their `catch`/`finally` run), waits for them, and throws every error
 * together as a `TaskGroupError` (asyncio's `ExceptionGroup`).
 */
import { CancelledError, TaskGroupError, getLoop, sleep, taskGroup, type Operation } from '@loop/runtime';

/** Runs a fast, a slow and a failing child in one group; prints who finished, who was cancelled, and the group's error. */
export function* main(print: (line: string) => void = console.log): Operation<void> {
  // #region main
  const loop = yield* getLoop();
  const start = loop.time();
  const at = (): string => `${((loop.time() - start) / 1000).toFixed(2)} s`;

  function* worker(name: string, ms: number): Operation<void> {
    try {
      yield* sleep(ms);
      print(`${name} finished at ${at()}`);
    } catch (error) {
      if (error instanceof CancelledError) print(`${name} cancelled at ${at()}`);
      throw error;
    }
  }

  function* sensor(): Operation<void> {
    yield* sleep(2000);
    throw new Error('sensor offline');
  }

  try {
    yield* taskGroup(function* (group) {
      group.spawn(worker('fast', 1000));
      group.spawn(worker('slow', 5000));
      group.spawn(sensor());
    });
  } catch (error) {
    if (!(error instanceof TaskGroupError)) throw error;
    print(`${error.name} at ${at()}: ${error.message}`);
    for (const child of error.errors) print(`  ${String(child)}`);
  }
  // #endregion main
}

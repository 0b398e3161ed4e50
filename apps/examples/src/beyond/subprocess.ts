/**
 * Beyond the lesson: subprocesses on the loop (asyncio's
 * `create_subprocess_exec`). The loop starts programs and waits for them
 * without blocking: while a child runs, other tasks go on. `exec` runs a
 * program to completion and captures its output; a failure is a typed
 * `ProcessError`. `spawnProcess` gives a handle whose output streams in as
 * it is written. A cancelled wait terminates the child (SIGTERM, then
 * SIGKILL after a grace period) and waits for it: nothing is orphaned.
 */
import { gather, moveOnAfter, pipe, forEach, type Operation } from '@loop/runtime';
import { ProcessError, exec, lines, spawnProcess } from '@loop/node';

/** Runs the four subprocess examples, printing what each shows. */
export function* main(print: (line: string) => void = console.log): Operation<void> {
  // #region exec
  const hello = yield* exec('sh', ['-c', 'echo hello from a child process']);
  print(`exec: ${hello.stdout.trim()} (exit code ${hello.code})`);

  try {
    yield* exec('sh', ['-c', 'echo "disk full" >&2; exit 3']);
  } catch (error) {
    if (!(error instanceof ProcessError)) throw error;
    print(`${error.name}: exit code ${error.code}, stderr ${JSON.stringify(error.stderr)}`);
  }
  // #endregion exec

  // #region gather
  // Three programs that each take 0.5 s run at once: about 0.5 s in all, not 1.5.
  const results = yield* gather(
    exec('sh', ['-c', 'sleep 0.5; echo one']),
    exec('sh', ['-c', 'sleep 0.5; echo two']),
    exec('sh', ['-c', 'sleep 0.5; echo three']),
  );
  print(`gathered: ${results.map((result) => result.stdout.trim()).join(', ')}`);
  // #endregion gather

  // #region stream
  const child = yield* spawnProcess('sh', ['-c', 'for i in 1 2 3; do echo "step $i"; sleep 0.1; done']);
  yield* forEach(pipe(child.stdout, lines()), (line) => print(`child says: ${line}`));
  const status = yield* child.wait();
  print(`child exited with code ${status.code}`);
  // #endregion stream

  // #region cancel
  let pid = 0;
  const waited = yield* moveOnAfter(
    200,
    (function* (): Operation<void> {
      const sleeper = yield* spawnProcess('sleep', ['30']);
      pid = sleeper.pid;
      yield* sleeper.wait(); // cancelled after 200 ms: the child is terminated and awaited
    })(),
  );
  print(`gave up after 200 ms: ${waited.timedOut}; the child is ${isRunning(pid) ? 'still running' : 'gone'}`);
  // #endregion cancel
}

/** True while a process with this pid exists (signal 0 only checks). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

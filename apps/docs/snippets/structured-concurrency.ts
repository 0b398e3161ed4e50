/**
 * The code of the "Structured concurrency and cancellation" guide. Each
 * exported function is one region the guide includes; test/snippets.test.ts
 * runs it on a virtual clock and checks it prints what the guide says.
 */
import { CancelledError, TaskGroupError, gather, getLoop, shield, sleep, spawn, taskGroup, wait, type Operation } from '@loop/runtime';

type Print = (line: string) => void;

// #region groupFailure
function* worker(name: string, ms: number, print: Print): Operation<string> {
  try {
    yield* sleep(ms);
    print(`${name} finished`);
    return name;
  } finally {
    print(`${name} cleaned up`);
  }
}

function* failing(ms: number): Operation<never> {
  yield* sleep(ms);
  throw new Error('disk full');
}

export function* groupFailure(print: Print): Operation<void> {
  const loop = yield* getLoop();
  try {
    yield* taskGroup(function* (group) {
      const fast = group.spawn(worker('fast', 100, print));
      group.spawn(worker('slow', 5000, print));
      group.spawn(failing(1000));
      print(`fast returned ${yield* fast}`);
    });
  } catch (error) {
    if (!(error instanceof TaskGroupError)) throw error;
    print(`group failed at ${loop.time()} ms: ${error.errors.map(String).join(', ')}`);
  }
}
// #endregion groupFailure

// #region manyJobs
export function* manyJobs(print: Print): Operation<void> {
  const loop = yield* getLoop();
  let running = 0;
  let most = 0;
  function* download(id: number): Operation<string> {
    most = Math.max(most, ++running);
    try {
      yield* sleep(100 * (1 + (id % 3)));
      return `page ${id}`;
    } finally {
      running--;
    }
  }
  const ids = Array.from({ length: 10 }, (_, id) => id);
  const pages = yield* gather(ids, download, { concurrency: 3 });
  print(`${pages.length} pages, in order: ${pages[0]} … ${pages[9]}`);
  print(`at most ${most} at once, done at ${loop.time()} ms`);
}
// #endregion manyJobs

// #region childOutlived
export function* childOutlived(print: Print): Operation<void> {
  function* parent(): Operation<void> {
    yield* spawn(worker('child', 5000, print));
    yield* sleep(100);
    print('parent returns');
  }
  const loop = yield* getLoop();
  const task = yield* spawn(parent());
  yield* task;
  print(`parent done at ${loop.time()} ms, its child with it`);
}
// #endregion childOutlived

// #region levelTriggered
export function* levelTriggered(print: Print): Operation<void> {
  function* stubborn(): Operation<void> {
    try {
      yield* sleep(1000);
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      print(`swallowed a CancelledError (${String(error.reason)})`);
    }
    try {
      yield* sleep(1000);
      print('never printed');
    } catch (error) {
      print(`thrown again at the next suspension: ${error instanceof CancelledError}`);
      throw error;
    }
  }
  const task = yield* spawn(stubborn());
  yield* sleep(10);
  task.cancel('shutting down');
  yield* wait([task]);
  print(`task.cancelled() is ${task.cancelled()}`);
}
// #endregion levelTriggered

// #region shielded
export function* shielded(print: Print): Operation<void> {
  function* saveProgress(): Operation<void> {
    yield* sleep(500);
    print('progress saved');
  }
  function* job(): Operation<void> {
    try {
      yield* sleep(10_000);
    } finally {
      yield* shield(saveProgress()); // runs to the end although the task is cancelled
    }
  }
  const loop = yield* getLoop();
  const task = yield* spawn(job());
  yield* sleep(100);
  task.cancel();
  yield* wait([task]);
  print(`job cancelled: ${task.cancelled()}, at ${loop.time()} ms`);
}
// #endregion shielded

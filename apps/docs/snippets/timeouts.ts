/**
 * The code of the "Timeouts and deadlines" guide (see snippets/structured-concurrency.ts for how it is checked).
 */
import { FIRST_COMPLETED, TimeoutError, getLoop, moveOnAfter, shield, sleep, spawn, timeout, wait, type Operation } from '@loop/runtime';

type Print = (line: string) => void;

function* query(ms: number): Operation<string> {
  yield* sleep(ms);
  return `rows after ${ms} ms`;
}

// #region failAfter
export function* failing(print: Print): Operation<void> {
  const loop = yield* getLoop();
  print(yield* timeout(1000, query(200)));
  try {
    yield* timeout(1000, query(5000));
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    print(`${error.name} at ${loop.time() - 200} ms into the second query`);
  }
}
// #endregion failAfter

// #region moveOn
export function* movingOn(print: Print): Operation<void> {
  const fast = yield* moveOnAfter(1000, query(200));
  print(JSON.stringify(fast));
  const slow = yield* moveOnAfter(1000, query(5000));
  print(JSON.stringify(slow));
}
// #endregion moveOn

// #region ties
export function* ties(print: Print): Operation<void> {
  const result = yield* moveOnAfter(1000, sleep(1000));
  print(`work and deadline both at 1000 ms: timedOut = ${result.timedOut}`);
}
// #endregion ties

// #region reports
export function* reporting(print: Print): Operation<void> {
  const loop = yield* getLoop();
  // The commit cannot be interrupted: it finishes at 300 ms, past the 100 ms deadline, and its value stands.
  const commit = yield* timeout(100, shield(query(300)));
  print(`${commit}, returned at ${loop.time()} ms`);
  try {
    yield* timeout(100, query(300));
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    // Interrupted: the TimeoutError replaces the CancelledError the query saw.
    print(`${error.name} at ${loop.time()} ms, cause: ${(error.cause as Error).name}`);
  }
}
// #endregion reports

// #region deadline
export function* deadline(print: Print): Operation<void> {
  const loop = yield* getLoop();
  const due = loop.time() + 1000; // one budget for every step
  for (const ms of [300, 300, 300, 300]) {
    const step = yield* moveOnAfter(due - loop.time(), query(ms));
    if (step.timedOut) {
      print(`out of budget at ${loop.time()} ms`);
      return;
    }
    print(step.value);
  }
}
// #endregion deadline

// #region waitTimeout
export function* waiting(print: Print): Operation<void> {
  const tasks = [yield* spawn(query(100)), yield* spawn(query(700)), yield* spawn(query(2000))];
  const first = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
  print(`first completed: ${first.done.size} done, ${first.pending.size} pending`);
  const some = yield* wait(tasks, { timeout: 1000 });
  print(`after the timeout: ${some.done.size} done, ${some.pending.size} pending`);
  for (const task of some.pending) task.cancel();
}
// #endregion waitTimeout

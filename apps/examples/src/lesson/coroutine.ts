/**
 * The lesson, step 3: the coroutine `randn()`. A coroutine is a generator
 * function the loop steps; `yield*` is `await`. Calling `main()` only
 * creates a coroutine object: nothing runs until the loop runs it
 * (`run(main)`, Python's `asyncio.run(main())`).
 *
 * Both functions are marked with the runtime's `coroutine(...)`, so a
 * `main()` that is created and dropped without ever being awaited is
 * reported, as asyncio reports it: `loop: coroutine 'main' was never
 * awaited` (when the garbage collector reclaims it, or at the latest when
 * the process exits).
 */
import { coroutine, sleep, type Operation } from '@loop/runtime';

// #region randn
/** Sleeps 3 s without blocking the loop, then returns a random int from 1 to 10. */
export const randn = coroutine(function* randn(random: () => number = Math.random): Operation<number> {
  yield* sleep(3000);
  return 1 + Math.floor(random() * 10);
});
// #endregion randn

// #region main
/** Awaits one `randn()` and prints its value. */
export const main = coroutine(function* main(print: (line: string) => void = console.log, random: () => number = Math.random): Operation<void> {
  const value = yield* randn(random);
  print(`randn() returned ${value}`);
});
// #endregion main

/** Calls `main()` without the loop: nothing is printed, and the dropped coroutine is reported. */
export function callWithoutLoop(print: (line: string) => void = console.log): void {
  // #region without-loop
  main(print); // creates a coroutine object and drops it: nothing runs, nothing is printed
  // later, on stderr: loop: coroutine 'main' was never awaited
  // #endregion without-loop
}

/**
 * The lesson, step 5: an asynchronous generator. `squareOdds` is a stream
 * coroutine (Python's `async def` with `yield`): it `yield*`s a sleep
 * between values, so the consumer waits on the loop for each one. Consume
 * it inside a coroutine with `forEach`, or from async code with
 * `for await`.
 *
 * `for await` runs outside any loop, so the stream runs on a loop of its own
 * with the real clock; that consumer takes the pause as an argument so the
 * recorded output and the tests need not wait 8 real seconds.
 */
import { forEach, getLoop, sleep, stream, type Operation, type Stream } from '@loop/runtime';
import { odds } from './generators.js';

// #region squareOdds
/** The squares of the odd numbers from `start` to `stop`, one every `pause` ms (2 s by default). */
export function squareOdds(start: number, stop: number, pause = 2000): Stream<number> {
  return stream(function* () {
    for (const odd of odds(start, stop)) {
      yield* sleep(pause);
      yield odd * odd;
    }
  });
}
// #endregion squareOdds

/** Consumes `squareOdds(11, 17)` with `forEach` on the loop, printing each value and when it came. */
export function* main(print: (line: string) => void = console.log): Operation<void> {
  // #region forEach
  const loop = yield* getLoop();
  const start = loop.time();
  yield* forEach(squareOdds(11, 17), (square) => {
    print(`so: ${square} at ${((loop.time() - start) / 1000).toFixed(2)} s`);
  });
  // #endregion forEach
}

/** Consumes `squareOdds(11, 17, pause)` with `for await` from async code. */
export async function mainForAwait(print: (line: string) => void = console.log, pause = 2000): Promise<void> {
  // #region for-await
  for await (const square of squareOdds(11, 17, pause)) {
    print(`so: ${square}`);
  }
  // #endregion for-await
}

/**
 * The program `loop-console demo` runs: the lesson's ten `randn()` gathered.
 * Each sleeps 3 s and returns a random int from 1 to 10; gathered, the ten
 * take 3 s in all, not 30, and the timeline shows ten sleeping rows side by
 * side.
 *
 * @module
 */
import { gather, getLoop, sleep, type Operation } from '@loop/runtime';

/** Sleeps 3 s, then returns a random int from 1 to 10. */
export function* randn(): Operation<number> {
  yield* sleep(3000);
  return 1 + Math.floor(Math.random() * 10);
}

/** Gathers ten `randn()` and prints the values and how long they took. */
export default function* main(): Operation<void> {
  const loop = yield* getLoop();
  const start = loop.time();
  const values = yield* gather(...Array.from({ length: 10 }, () => randn()));
  console.log(values.join(' '));
  console.log(`took ${((loop.time() - start) / 1000).toFixed(2)} seconds`);
}

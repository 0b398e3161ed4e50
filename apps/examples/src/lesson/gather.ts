/**
 * The lesson, step 4: `run(main)` drives coroutines on the event loop.
 * One `randn()` takes 3.00 seconds; three gathered take 3.00 seconds, not 9;
 * ten gathered from a generator expression take 3.00 seconds, not 30 —
 * one thread, and the waiting happens in the loop, not in the program.
 */
import { formatTook, timed } from '@loop/bench';
import { gather, sleep, type Operation } from '@loop/runtime';

/** A coroutine that sleeps 3 s, then returns a random int from 1 to 10. */
export function* randn(random: () => number = Math.random): Operation<number> {
  yield* sleep(3000);
  return 1 + Math.floor(random() * 10);
}

/** Prints the three timings of the lesson, through `print`. */
export function* main(print: (line: string) => void = console.log, random: () => number = Math.random): Operation<void> {
  const one = yield* timed(randn(random));
  print(formatTook(one.value, one.elapsed));

  const three = yield* timed(gather(randn(random), randn(random), randn(random)));
  print(formatTook(three.value, three.elapsed));

  const ten = yield* timed(gather(...Array.from({ length: 10 }, () => randn(random))));
  print(formatTook(ten.value, ten.elapsed));
}

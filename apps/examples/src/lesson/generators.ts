/**
 * The lesson, step 1: a generator. `odds(start, stop)` yields the odd
 * numbers from `start` to `stop` one at a time, on demand: nothing runs
 * until a consumer asks for the next value, and once consumed it is empty.
 * Python's `list(odds(3, 15))` is a spread; its `tuple(...)` is a
 * destructuring or a readonly array.
 */

// #region odds
/** Yields the odd numbers from `start` to `stop`, both included. */
export function* odds(start: number, stop: number): Generator<number, void, undefined> {
  for (let odd = start % 2 === 0 ? start + 1 : start; odd <= stop; odd += 2) {
    yield odd;
  }
}
// #endregion odds

/** Prints the generator consumed as a list, then as a tuple-like array. */
export function main(print: (line: string) => void = console.log): void {
  // #region list
  const g = odds(3, 15);
  print(`[${[...g].join(', ')}]`); // [3, 5, 7, 9, 11, 13, 15]
  print(`[${[...g].join(', ')}]`); // [] — a generator runs once
  // #endregion list

  // #region tuple
  const [first, second, ...rest] = odds(21, 29);
  print(`first ${first}, second ${second}, rest [${rest.join(', ')}]`);

  const tuple = Object.freeze([...odds(21, 29)] as const); // readonly number[], in the types and at run time
  print(`(${tuple.join(', ')}), a readonly tuple of ${tuple.length}`);
  // #endregion tuple
}

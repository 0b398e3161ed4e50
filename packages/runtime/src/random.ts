/**
 * `seededRandom(seed)`: the pseudo-random source a loop created with
 * `{ seed }` shuffles its passes with (mulberry32: 32 bits of state, fast,
 * and the same sequence for the same seed on every platform), for programs
 * and tests that want reproducible "random" numbers of their own.
 *
 * @module
 */
import { describe } from './operation.js';

/**
 * Returns a function that yields the same sequence of numbers in [0, 1) for
 * the same integer seed, like `Math.random` but reproducible. Not for
 * anything that must be unpredictable.
 *
 * @example
 * ```ts
 * const random = seededRandom(2026);
 * const roll = 1 + Math.floor(random() * 10); // the same on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  if (typeof seed !== 'number') throw new TypeError(`seededRandom(seed): seed must be an integer, got ${describe(seed)}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seededRandom(seed): seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

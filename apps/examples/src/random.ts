/**
 * A seeded pseudo-random source (the runtime's `seededRandom`, mulberry32),
 * so the examples' outputs and tests show the same numbers on every run.
 * The examples take any `() => number` in [0, 1); by hand they use
 * `Math.random`.
 */
import { seededRandom as runtimeSeededRandom } from '@loop/runtime';

/**
 * Returns a function that yields the same sequence of numbers in [0, 1) for
 * the same seed, like `Math.random` but reproducible.
 *
 * @example
 * ```ts
 * const random = seededRandom(2026);
 * yield* randn(random); // the same value on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) throw new TypeError(`seededRandom(seed): seed must be an integer, got ${String(seed)}`);
  return runtimeSeededRandom(seed);
}

/** The seed the recorded outputs (`dist/outputs.js`) and the tests use. */
export const SEED = 2026;

/**
 * A seeded pseudo-random source (mulberry32), so the examples' outputs and
 * tests show the same numbers on every run. The examples take any
 * `() => number` in [0, 1); by hand they use `Math.random`.
 */

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
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed the recorded outputs (`dist/outputs.js`) and the tests use. */
export const SEED = 2026;

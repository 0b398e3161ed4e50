/**
 * Median, min and max: how the suite summarises a pair's samples (warm
 * counted runs, cold runs), one metric at a time.
 *
 * @module
 */

/** Median, min and max of a list of samples. */
export interface Stats {
  median: number;
  min: number;
  max: number;
}

/**
 * Median (the mean of the middle two for an even count), min and max.
 * Throws a `RangeError` for an empty list; the input is not reordered.
 *
 * @example
 * ```ts
 * summarize([4, 1, 3, 2]); // { median: 2.5, min: 1, max: 4 }
 * ```
 */
export function summarize(values: readonly number[]): Stats {
  if (values.length === 0) throw new RangeError('summarize(values): there are no values to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}


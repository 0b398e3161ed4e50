/**
 * @loop/bench — timing tools for loop programs: `perfCounter`, `timed`,
 * `formatTook`; the benchmark runner and comparisons follow.
 *
 * @example
 * ```ts
 * import { run, VirtualClock } from '@loop/runtime';
 * import { formatTook, timed } from '@loop/bench';
 *
 * const { value, elapsed } = await run(() => timed(randn()), { clock: new VirtualClock() });
 * console.log(formatTook(value, elapsed)); // "6 took 3.00 seconds"
 * ```
 *
 * @packageDocumentation
 */
export { formatTook, perfCounter, timed, type Timed } from './timing.js';

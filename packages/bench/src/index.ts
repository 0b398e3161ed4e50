/**
 * @loop/bench — timing and benchmarking for loop programs.
 *
 * - Timing: `perfCounter`, `Stopwatch`, `timed(op)` on the loop's clock and
 *   `formatTook` (the lesson's `6 took 3.00 seconds`).
 * - A benchmark runner on tinybench: `defineBench`, `suite`, `runBench`,
 *   statistics (`summarize`), comparisons with Welch's t-test (`compare`).
 * - Loop-aware figures from the event stream: `profileLoop`.
 * - Outputs: `formatTable`, `toMarkdown`, `toJson`/`fromJson`,
 *   `barChartSvg`; and the `loop-bench` CLI.
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
export { Stopwatch, type StopwatchOptions } from './stopwatch.js';
export { summarize, type Stats } from './stats.js';
export { welchTTest, type TTestResult } from './significance.js';
export { compare, type Comparison, type Named } from './compare.js';
export { defineBench, isSuite, suite, type BenchCase, type BenchFn, type CaseOptions, type Suite, type SuiteOptions } from './define.js';
export { runBench, type CaseKind, type CaseResult, type RunBenchOptions, type RunSettings, type SuiteResult } from './runner.js';
export { profileLoop, type LoopProfiler, type LoopReport, type TaskProfile } from './profile.js';
export { formatTable, type TableOptions } from './format/table.js';
export { formatLoopReport } from './format/loop-table.js';
export { toMarkdown } from './format/markdown.js';
export { JSON_SCHEMA, fromJson, toJson } from './format/json.js';
export { barChartSvg, resultsChartSvg, type ChartBar, type ChartGroup, type ChartOptions } from './format/svg.js';
export { formatCount, formatDuration, formatOps } from './format/units.js';

/**
 * The terminal table of benchmark results: one row per case with a unicode
 * bar of its speed (ops/s relative to the suite's fastest), then the
 * comparisons with the baseline and any warnings.
 *
 * @module
 */
import { describe } from '../define.js';
import type { SuiteResult } from '../runner.js';
import { bar, colorByDefault, paint, renderColumns, type Cell } from './columns.js';
import { formatCount, formatDuration, formatOps, formatRme } from './units.js';

/**
 * Options of {@link formatTable}.
 *
 * @example
 * ```ts
 * formatTable(result, { color: false, barWidth: 40 } satisfies TableOptions);
 * ```
 */
export interface TableOptions {
  /** ANSI colour. Default: on when stdout is a TTY and `NO_COLOR` is unset. */
  color?: boolean;
  /** Width of the bar column in characters. Default 24. */
  barWidth?: number;
}

/**
 * Formats results as a terminal table with bar charts.
 *
 * @example
 * ```ts
 * console.log(formatTable(await runBench(mySuite)));
 * // sum (baseline: for loop)
 * //   case      ops/s      mean ± rme          p50        p99        samples
 * //   for loop  1,234,567  810.00 ns ±0.52%  …                       ████████████████████████
 * ```
 */
export function formatTable(results: SuiteResult | readonly SuiteResult[], options: TableOptions = {}): string {
  const suites = toList(results, 'formatTable(results)');
  if (typeof options !== 'object' || options === null) throw new TypeError(`formatTable(results, options): options must be an object, got ${String(options)}`);
  const color = options.color ?? colorByDefault();
  const barWidth = options.barWidth ?? 24;
  if (!Number.isInteger(barWidth) || barWidth < 1) throw new RangeError(`formatTable(results, options): options.barWidth must be an integer >= 1, got ${String(barWidth)}`);
  const out: string[] = [];
  for (const result of suites) {
    if (out.length > 0) out.push('');
    out.push(paint(result.baseline === null ? result.name : `${result.name} (baseline: ${result.baseline})`, 'bold', color));
    const fastest = Math.max(...result.cases.map((c) => c.stats.opsPerSecond).filter(Number.isFinite), 0);
    const header: Cell[] = ['case', 'ops/s', 'mean ± rme', 'p50', 'p99', 'samples', ''].map((text) => ({ text, style: 'dim' as const }));
    const rows: Cell[][] = [header];
    for (const c of result.cases) {
      const ops = c.stats.opsPerSecond;
      const best = ops === fastest || !Number.isFinite(ops);
      rows.push([
        { text: c.name },
        { text: formatOps(ops) },
        { text: `${formatDuration(c.stats.mean)} ${formatRme(c.stats.rme)}` },
        { text: formatDuration(c.stats.p50) },
        { text: formatDuration(c.stats.p99) },
        { text: formatCount(c.stats.samples) },
        { text: bar(fastest > 0 && Number.isFinite(ops) ? ops / fastest : 1, barWidth), style: best ? 'green' : 'cyan' },
      ]);
    }
    out.push(...renderColumns(rows, ['left', 'right', 'right', 'right', 'right', 'right', 'left'], color));
    for (const comparison of result.comparisons) {
      const style = !comparison.significant ? 'dim' : comparison.direction === 'slower' ? 'red' : 'green';
      out.push(`  ${paint(comparison.text, style, color)}`);
    }
    for (const c of result.cases) for (const warning of c.warnings) out.push(`  ${paint(`⚠ ${warning}`, 'yellow', color)}`);
  }
  return out.join('\n');
}

/** @internal Accepts one result or a list, checking the shape loosely. */
export function toList(results: SuiteResult | readonly SuiteResult[], where: string): readonly SuiteResult[] {
  const list = Array.isArray(results) ? (results as readonly SuiteResult[]) : [results as SuiteResult];
  list.forEach((r: unknown, i) => {
    if (typeof r !== 'object' || r === null || !Array.isArray((r as SuiteResult).cases) || typeof (r as SuiteResult).name !== 'string') {
      throw new TypeError(`${where}: results${Array.isArray(results) ? `[${i}]` : ''} must be a runBench() result, got ${describe(r)}`);
    }
  });
  return list;
}

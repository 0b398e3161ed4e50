/**
 * Benchmark results as GitHub-flavoured Markdown: a heading and a table per
 * suite, the comparisons as a list, warnings as a quote.
 *
 * @module
 */
import type { SuiteResult } from '../runner.js';
import { toList } from './table.js';
import { formatCount, formatDuration, formatOps, formatRme } from './units.js';

/**
 * Formats results as Markdown (for READMEs, PR comments, the docs site).
 *
 * @example
 * ```ts
 * await writeFile('results.md', toMarkdown(result));
 * // ## sum
 * //
 * // | Case | ops/s | Mean | ± | p50 | p99 | Samples |
 * // | --- | ---: | ---: | ---: | ---: | ---: | ---: |
 * // | for loop | 1,234,568 | 810.00 ns | ±0.52% | 800.00 ns | 1.20 µs | 1,000 |
 * ```
 */
export function toMarkdown(results: SuiteResult | readonly SuiteResult[]): string {
  const blocks: string[] = [];
  for (const result of toList(results, 'toMarkdown(results)')) {
    const lines = [`## ${cell(result.name)}`, ''];
    if (result.baseline !== null) lines.push(`Baseline: ${cell(result.baseline)}`, '');
    lines.push('| Case | ops/s | Mean | ± | p50 | p99 | Samples |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const c of result.cases) {
      const s = c.stats;
      lines.push(`| ${cell(c.name)} | ${formatOps(s.opsPerSecond)} | ${formatDuration(s.mean)} | ${formatRme(s.rme)} | ${formatDuration(s.p50)} | ${formatDuration(s.p99)} | ${formatCount(s.samples)} |`);
    }
    if (result.comparisons.length > 0) {
      lines.push('');
      for (const comparison of result.comparisons) lines.push(`- ${cell(comparison.text)}`);
    }
    const warnings = result.cases.flatMap((c) => c.warnings);
    if (warnings.length > 0) {
      lines.push('');
      for (const warning of warnings) lines.push(`> ⚠ ${cell(warning)}`);
    }
    blocks.push(lines.join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}

/** Text safe inside a table cell or a line: pipes escaped, newlines flattened. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

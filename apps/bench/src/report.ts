/**
 * Reports of a suite run: an aligned table for the terminal and the same
 * tables in Markdown (results/latest.md). Two tables: each pair's metrics
 * (median, min, max over the counted runs, peak RSS, whether every answer
 * verified), then loop against each other implementation as ratios of
 * medians taken in this same run, with a verdict that reads the same way
 * for lower-is-better and higher-is-better metrics.
 *
 * @module
 */
import { pairOk, type Comparison, type PairResult, type SuiteResult } from './runner.js';
import { WORKLOADS } from './workloads/index.js';

type Row = string[];
interface Table {
  header: Row;
  /** Columns whose cells are right-aligned (numbers). */
  numeric: ReadonlySet<number>;
  rows: Row[];
}

function formatNumber(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function megabytes(kib: number): string {
  return `${formatNumber(kib / 1024, 1)} MB`;
}

function answersCell(pair: PairResult): string {
  if (pair.error !== null) return 'FAILED';
  if (pair.problems.length > 0) return `WRONG (${pair.problems.length})`;
  return `verified ${pair.samples.length + 1}/${pair.runs + 1}`;
}

function resultsTable(suite: SuiteResult): Table {
  const rows: Row[] = [];
  for (const pair of suite.pairs) {
    const workload = WORKLOADS.find((w) => w.id === pair.workload)!;
    const first = [pair.workload, pair.label];
    const last = [pair.peakRssKb > 0 ? megabytes(pair.peakRssKb) : '—', answersCell(pair)];
    workload.metrics.forEach((metric, i) => {
      const stats = pair.stats[metric.key];
      const cells = stats === undefined ? ['—', '—', '—'] : [stats.median, stats.min, stats.max].map((v) => formatNumber(v, metric.digits));
      rows.push([...(i === 0 ? first : ['', '']), metric.label, ...cells, ...(i === 0 ? last : ['', ''])]);
    });
  }
  return {
    header: ['workload', 'system', 'metric', 'median', 'min', 'max', 'peak RSS', 'answers'],
    numeric: new Set([3, 4, 5, 6]),
    rows,
  };
}

/**
 * How loop fares in one comparison, in words: `2.10× better`, `1.35× worse`,
 * `even`, or `not comparable` when a median is not positive (an overhead
 * of 0 ms makes a ratio meaningless).
 *
 * @example
 * ```ts
 * verdict({ ratio: 0.5, better: 'lower', loop: 1, other: 2 } as Comparison); // 'loop 2.00× better'
 * ```
 */
export function verdict(comparison: Pick<Comparison, 'ratio' | 'better' | 'loop' | 'other'>): string {
  const { ratio, better, loop, other } = comparison;
  if (!(loop > 0 && other > 0)) return 'not comparable (a median ≤ 0)';
  const factor = better === 'lower' ? 1 / ratio : ratio;
  if (factor.toFixed(2) === '1.00') return 'even';
  return factor > 1 ? `loop ${formatNumber(factor, 2)}× better` : `loop ${formatNumber(1 / factor, 2)}× worse`;
}

function comparisonsTable(suite: SuiteResult): Table {
  const rows = suite.comparisons.map((c) => {
    const digits = WORKLOADS.find((w) => w.id === c.workload)?.metrics.find((m) => m.key === c.metric)?.digits ?? 1;
    const value = (v: number) => (c.metric === 'peakRss' ? megabytes(v) : formatNumber(v, digits));
    const comparable = c.loop > 0 && c.other > 0;
    return [c.workload, c.label, c.against, value(c.loop), value(c.other), comparable ? `${formatNumber(c.ratio, 3)}×` : '—', verdict(c)];
  });
  return { header: ['workload', 'metric', 'vs', 'loop', 'other', 'loop ÷ other', 'verdict'], numeric: new Set([3, 4, 5]), rows };
}

function renderText(table: Table): string {
  const all = [table.header, ...table.rows];
  const widths = table.header.map((_, col) => Math.max(...all.map((row) => [...(row[col] ?? '')].length)));
  const line = (row: Row) =>
    row
      .map((cell, col) => (table.numeric.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd();
  return [line(table.header), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(line)].join('\n');
}

function renderMarkdown(table: Table): string {
  const line = (row: Row) => `| ${row.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  const rule = `|${table.header.map((_, col) => (table.numeric.has(col) ? '---:' : '---')).join('|')}|`;
  return [line(table.header), rule, ...table.rows.map(line)].join('\n');
}

function setup(suite: SuiteResult): string {
  const { n, seedMs } = suite.params;
  return (
    `node ${suite.node}, ${suite.platform}, ${suite.cpus} × ${suite.cpuModel}; n = ${formatNumber(n, 0)}, seed sleeps ${seedMs} ms; ` +
    `each pair in its own child process, 1 warm-up + ${suite.runs} counted runs`
  );
}

function troubles(suite: SuiteResult): string[] {
  const lines: string[] = [];
  for (const pair of suite.pairs) {
    const name = `${pair.workload} / ${pair.label}`;
    if (pair.error !== null) lines.push(`${name}: ${pair.error}`);
    for (const problem of pair.problems) lines.push(`${name}: ${problem}`);
    if (pair.stderr !== '' && pairOk(pair)) lines.push(`${name} wrote to stderr: ${pair.stderr}`);
  }
  return lines;
}

/**
 * The report for the terminal: setup line, results table, ratios, and every
 * failure or wrong answer spelled out.
 *
 * @example
 * ```ts
 * console.log(formatTerminal(await runSuite({ runs: 5, params: { n: 100_000, seedMs: 300 } })));
 * ```
 */
export function formatTerminal(suite: SuiteResult): string {
  const parts = [setup(suite), '', renderText(resultsTable(suite)), '', 'loop vs the others (ratio of medians, this run):', '', renderText(comparisonsTable(suite))];
  const problems = troubles(suite);
  if (problems.length > 0) parts.push('', 'PROBLEMS:', ...problems.map((p) => `- ${p}`));
  return parts.join('\n');
}

/**
 * The same report in Markdown (results/latest.md).
 *
 * @example
 * ```ts
 * await writeFile('results/latest.md', formatMarkdown(suite));
 * ```
 */
export function formatMarkdown(suite: SuiteResult): string {
  const parts = [
    '# Benchmark results',
    '',
    `Run ${suite.startedAt} – ${suite.finishedAt}: ${setup(suite)}. Workloads and rules: BENCH.md.`,
    '',
    '## Results (median, min, max over the counted runs)',
    '',
    renderMarkdown(resultsTable(suite)),
    '',
    '## loop vs the others (ratio of medians, this run)',
    '',
    renderMarkdown(comparisonsTable(suite)),
  ];
  const problems = troubles(suite);
  if (problems.length > 0) parts.push('', '## Problems', '', ...problems.map((p) => `- ${p.replaceAll('\n', ' ')}`));
  return `${parts.join('\n')}\n`;
}

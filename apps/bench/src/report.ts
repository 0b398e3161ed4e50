/**
 * Reports of a suite run: the same tables for the terminal and in
 * Markdown (results/latest.md), and a bar chart (results/latest.svg).
 *
 * Per workload: one table with every system's median, min and max, its
 * peak RSS, how it stands against the raw floor and how loop's
 * recommended idiom stands against it (ratios of medians of this run);
 * the systems the workload does not fit, as "—" with the reason; then
 * BENCH.md's targets for each loop implementation, met or missed and by
 * how much. Every ratio reads the same way for both kinds of metric:
 * "2.10× better", "1.35× worse".
 *
 * @module
 */
import { barChartSvg } from '@loop/bench';
import { betterFactor } from './compare.js';
import { pairFailed, type PairResult, type SuiteResult } from './runner.js';
import type { Workload } from './workload.js';
import { SYSTEMS, findWorkload } from './workloads/index.js';

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

/**
 * A "times better" factor in words: `2.10× better`, `1.35× worse`, `even`
 * (within half a percent), or `—` when there is no factor.
 *
 * @example
 * ```ts
 * factorWords(0.5); // '2.00× worse'
 * ```
 */
export function factorWords(factor: number | null): string {
  if (factor === null) return '—';
  if (factor.toFixed(2) === '1.00') return 'even';
  return factor > 1 ? `${formatNumber(factor, 2)}× better` : `${formatNumber(1 / factor, 2)}× worse`;
}

/**
 * How loop fares in one comparison, in words: `loop 2.10× better`,
 * `loop 1.35× worse`, `even`, or `not comparable` when a median is not
 * positive (an overhead of 0 ms makes a ratio meaningless).
 *
 * @example
 * ```ts
 * verdict({ ratio: 0.5, better: 'lower', loop: 1, other: 2 }); // 'loop 2.00× better'
 * ```
 */
export function verdict(comparison: { ratio: number; better: 'lower' | 'higher'; loop: number; other: number }): string {
  const factor = betterFactor(comparison.better, comparison.loop, comparison.other);
  if (factor === null) return 'not comparable (a median ≤ 0)';
  const words = factorWords(factor);
  return words === 'even' ? words : `loop ${words}`;
}

function answersCell(pair: PairResult): string {
  if (pair.skipped !== null) return 'skipped';
  if (pair.error !== null) return 'FAILED';
  if (pair.problems.length > 0) return `WRONG (${pair.problems.length})`;
  return `verified ${pair.samples.length + 1}/${pair.runs + 1}`;
}

function recommendedLoop(suite: SuiteResult, workload: string): PairResult | undefined {
  return suite.pairs.find((pair) => pair.workload === workload && pair.recommended);
}

function workloadTable(suite: SuiteResult, workload: Workload<unknown>): Table {
  const rows: Row[] = [];
  const pairs = suite.pairs.filter((pair) => pair.workload === workload.id);
  const loop = recommendedLoop(suite, workload.id);
  for (const pair of pairs) {
    const name = `${pair.label}${pair.recommended ? ' ★' : ''}`;
    if (pair.skipped !== null) {
      rows.push([name, '—', '—', '—', '—', '—', '—', '—', `skipped: ${pair.skipped}`]);
      continue;
    }
    workload.metrics.forEach((metric, i) => {
      const stats = pair.stats[metric.key];
      const cells = stats === undefined ? ['—', '—', '—'] : [stats.median, stats.min, stats.max].map((v) => formatNumber(v, metric.digits));
      const vsRaw = suite.versusRaw.find((v) => v.workload === workload.id && v.implementation === pair.implementation && v.metric === metric.key);
      const rawCell = pair.implementation === 'raw' ? 'floor' : vsRaw === undefined ? '—' : factorWords(vsRaw.factor);
      const comparison = suite.comparisons.find((c) => c.subject === loop?.implementation && c.against === pair.implementation && c.workload === workload.id && c.metric === metric.key);
      const loopCell = pair === loop ? '—' : comparison === undefined ? '—' : `loop ${factorWords(comparison.factor)}`;
      const first = i === 0;
      rows.push([
        first ? name : '',
        metric.label,
        ...cells,
        first ? (pair.peakRssKb > 0 ? megabytes(pair.peakRssKb) : '—') : '',
        rawCell,
        loopCell,
        first ? answersCell(pair) : '',
      ]);
    });
  }
  for (const system of SYSTEMS) {
    const reason = workload.notApplicable[system];
    if (reason !== undefined) rows.push([system, '—', '', '', '', '', '', '', `does not fit: ${reason}`]);
  }
  return {
    header: ['system', 'metric', 'median', 'min', 'max', 'peak RSS', 'vs raw', `loop ★ vs this`, 'answers'],
    numeric: new Set([2, 3, 4, 5]),
    rows,
  };
}

/** The targets of `workload`; `why` adds the column saying why a missed one is missed (too wide for a terminal). */
function targetsTable(suite: SuiteResult, workload: string, why: boolean): Table | null {
  const targets = suite.targets.filter((t) => t.workload === workload);
  if (targets.length === 0) return null;
  const rows = targets.map((t) => [
    t.subjectLabel,
    t.text,
    t.status === 'met' ? 'met' : t.status === 'missed' ? 'MISSED' : 'not measured',
    t.note,
    ...(why ? [t.why ?? ''] : []),
  ]);
  const header = ['loop implementation', 'target (BENCH.md)', 'status', 'achieved vs needed', ...(why ? ['why it is missed'] : [])];
  return { header, numeric: new Set(), rows };
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
  const line = (row: Row) => `| ${row.map((cell) => cell.replaceAll('|', '\\|').replaceAll('\n', ' ')).join(' | ')} |`;
  const rule = `|${table.header.map((_, col) => (table.numeric.has(col) ? '---:' : '---')).join('|')}|`;
  return [line(table.header), rule, ...table.rows.map(line)].join('\n');
}

function setup(suite: SuiteResult): string {
  const { machine } = suite;
  return (
    `node ${machine.node}, python3 ${machine.python ?? 'absent (asyncio skipped)'}, ${machine.platform}, ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGb} GB; ` +
    `1-minute load average ${machine.loadAverage.start.toFixed(2)} at the start, ${machine.loadAverage.end.toFixed(2)} at the end; ` +
    `${suite.quick ? 'quick sizes' : 'BENCH.md sizes'}, seed sleeps ${suite.seedMs} ms; each pair in its own child process, 1 warm-up + ${suite.runs} counted runs${moreRuns(suite)}${roundsText(suite)}`
  );
}

/** Workloads that took more counted runs than the suite's (a workload's `minRuns`), as " (seed-virtual: 30)". */
function roundsText(suite: SuiteResult): string {
  const rounds = suite.rounds ?? 1;
  return rounds === 1 ? '' : `, in each of ${rounds} rounds run round-robin (a child per pair per round; each pair's counted runs pooled)`;
}

function moreRuns(suite: SuiteResult): string {
  const extra = new Map<string, number>();
  const rounds = suite.rounds ?? 1;
  for (const pair of suite.pairs) if (pair.runs / rounds > suite.runs) extra.set(pair.workload, pair.runs / rounds);
  return extra.size === 0 ? '' : ` (${[...extra].map(([id, runs]) => `${id}: ${runs}`).join(', ')})`;
}

function troubles(suite: SuiteResult): string[] {
  const lines: string[] = [];
  for (const pair of suite.pairs) {
    const name = `${pair.workload} / ${pair.label}`;
    if (pair.error !== null) lines.push(`${name}: ${pair.error}`);
    for (const problem of pair.problems) lines.push(`${name}: ${problem}`);
    if (pair.stderr !== '' && !pairFailed(pair)) lines.push(`${name} wrote to stderr: ${pair.stderr}`);
  }
  return lines;
}

function heading(suite: SuiteResult, id: string): string {
  const workload = findWorkload(id);
  const n = suite.pairs.find((pair) => pair.workload === id)?.params.n ?? workload.sizes.full;
  return `${id}: ${workload.title} (n = ${formatNumber(n, 0)})`;
}

const LEGEND =
  '★ marks loop’s recommended idiom. "vs raw": this system against the raw floor of the same run; "loop ★ vs this": loop’s recommended idiom against this system. ' +
  'Both are ratios of medians, read as "times better" whichever way the metric points.';

/**
 * The report for the terminal: setup line, one table per workload with its
 * targets, and every failure or wrong answer spelled out.
 *
 * @example
 * ```ts
 * console.log(formatTerminal(await runSuite({ quick: true, runs: 3, seedMs: 30 })));
 * ```
 */
export function formatTerminal(suite: SuiteResult): string {
  const parts = [setup(suite), LEGEND];
  for (const id of suite.workloads) {
    parts.push('', heading(suite, id), '', renderText(workloadTable(suite, findWorkload(id))));
    const targets = targetsTable(suite, id, false);
    if (targets !== null) parts.push('', renderText(targets));
  }
  const problems = troubles(suite);
  if (problems.length > 0) parts.push('', 'PROBLEMS:', ...problems.map((p) => `- ${p}`));
  return parts.join('\n');
}

/**
 * The same report in Markdown (results/latest.md). The targets tables say
 * why a missed target is missed (the target's `why`), and `appendix`
 * (results/tuning.md: the tuning log with its before and after figures)
 * comes last.
 *
 * @example
 * ```ts
 * await writeFile('results/latest.md', formatMarkdown(suite, await readFile('results/tuning.md', 'utf8')));
 * ```
 */
export function formatMarkdown(suite: SuiteResult, appendix?: string): string {
  const parts = ['# Benchmark results', ''];
  if (!suite.complete) parts.push('**Incomplete: the run was still going or was interrupted; only the pairs below had run.**', '');
  parts.push(`Run ${suite.startedAt} – ${suite.finishedAt}: ${setup(suite)}. Workloads and targets: BENCH.md.`, '', LEGEND);
  const all = suite.targets;
  const met = all.filter((t) => t.status === 'met').length;
  const missed = all.filter((t) => t.status === 'missed').length;
  parts.push('', `Targets: ${met} met, ${missed} missed, ${all.length - met - missed} not measured (every loop implementation counted).`);
  for (const id of suite.workloads) {
    parts.push('', `## ${heading(suite, id)}`, '', renderMarkdown(workloadTable(suite, findWorkload(id))));
    const targets = targetsTable(suite, id, true);
    if (targets !== null) parts.push('', renderMarkdown(targets));
  }
  const problems = troubles(suite);
  if (problems.length > 0) parts.push('', '## Problems', '', ...problems.map((p) => `- ${p.replaceAll('\n', ' ')}`));
  if (appendix !== undefined && appendix.trim() !== '') parts.push('', appendix.trim());
  return `${parts.join('\n')}\n`;
}

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

/**
 * The chart for the docs (results/latest.svg): one group per workload, one
 * bar per system that verified (named by its implementation id, as in
 * latest.json), its headline metric as "times the raw floor" (higher is
 * better), the median itself in brackets.
 *
 * @example
 * ```ts
 * await writeFile('results/latest.svg', formatSvg(suite));
 * ```
 */
export function formatSvg(suite: SuiteResult): string {
  const groups = [];
  for (const id of suite.workloads) {
    const workload = findWorkload(id);
    const headline = workload.metrics[0]!;
    const bars = suite.versusRaw
      .filter((v) => v.workload === id && v.metric === headline.key && v.factor !== null)
      .map((v) => {
        const pair = suite.pairs.find((p) => p.workload === id && p.implementation === v.implementation)!;
        return { name: `${pair.implementation}${pair.recommended ? ' ★' : ''}`, value: v.factor!, note: `(${COMPACT.format(v.value)})` };
      });
    if (bars.length > 0) groups.push({ label: `${id}: × raw (median ${headline.label} in brackets)`, bars });
  }
  return barChartSvg(groups, { title: `loop bench ${suite.startedAt.slice(0, 10)}: each system vs the raw floor (★ loop's recommended idiom)`, unit: '× raw', lowerIsBetter: false, width: 960 });
}

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
import type { ColdResult, ImportCost } from './cold.js';
import type { PairedRatio } from './paired.js';
import { pairFailed, type PairResult, type Stats, type SuiteResult } from './runner.js';
import { implementationLabel, type Workload } from './workload.js';
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

function answersCell(pair: PairResult, cold: ColdResult | undefined): string {
  if (pair.skipped !== null) return 'skipped';
  if (pair.error !== null) return 'FAILED';
  if (pair.problems.length > 0) return `WRONG (${pair.problems.length})`;
  const warm = `verified ${pair.samples.length + 1}/${pair.runs + 1}`;
  if (cold === undefined) return warm;
  if (cold.error !== null) return `${warm}; cold FAILED`;
  if (cold.problems.length > 0) return `${warm}; cold WRONG (${cold.problems.length})`;
  return `${warm} + ${cold.runs.length} cold`;
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
      rows.push([name, '—', '—', '—', '—', '—', '—', '—', '—', '—', '—', `skipped: ${pair.skipped}`]);
      continue;
    }
    const cold = suite.cold?.find((c) => c.workload === workload.id && c.implementation === pair.implementation);
    workload.metrics.forEach((metric, i) => {
      const stats = pair.stats[metric.key];
      const cells = stats === undefined ? ['—', '—', '—'] : [stats.median, stats.min, stats.max].map((v) => formatNumber(v, metric.digits));
      const vsRaw = suite.versusRaw.find((v) => v.workload === workload.id && v.implementation === pair.implementation && v.metric === metric.key);
      const rawCell = pair.implementation === 'raw' ? 'floor' : vsRaw === undefined ? '—' : factorWords(vsRaw.factor);
      const comparison = suite.comparisons.find((c) => c.subject === loop?.implementation && c.against === pair.implementation && c.workload === workload.id && c.metric === metric.key);
      const loopCell = pair === loop ? '—' : comparison === undefined ? '—' : `loop ${factorWords(comparison.factor)}`;
      const first = i === 0;
      const coldCell = (stats: Stats | undefined) => (stats === undefined ? '—' : formatNumber(stats.median, metric.digits));
      rows.push([
        first ? name : '',
        metric.label,
        ...cells,
        coldCell(cold?.stats[metric.key]),
        metric.importFold === undefined ? '' : coldCell(cold?.withImport[metric.key]),
        first && cold?.times.importMs !== undefined ? formatNumber(cold.times.importMs.median, 1) : '',
        first ? (pair.peakRssKb > 0 ? megabytes(pair.peakRssKb) : '—') : '',
        rawCell,
        loopCell,
        first ? answersCell(pair, cold) : '',
      ]);
    });
  }
  for (const system of SYSTEMS) {
    const reason = workload.notApplicable[system];
    if (reason !== undefined) rows.push([system, '—', '', '', '', '', '', '', '', '', '', `does not fit: ${reason}`]);
  }
  return {
    header: ['system', 'metric', 'warm median', 'min', 'max', 'cold 1st run', 'cold + import', 'import ms', 'peak RSS', 'vs raw', `loop ★ vs this`, 'answers'],
    numeric: new Set([2, 3, 4, 5, 6, 7, 8]),
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

function spreadText(ratio: PairedRatio | undefined): string {
  if (ratio === undefined) return '—';
  if (ratio.stats === null) return 'no ratio (a value ≤ 0)';
  const { median, min, max, pairs } = ratio.stats;
  return `${factorWords(median)} (${formatNumber(min, 2)}–${formatNumber(max, 2)}×, ${pairs} pairs)`;
}

function findRatio(suite: SuiteResult, workload: string, subject: string, reference: string, mode: 'warm' | 'cold', metric: string, importIncluded: boolean): PairedRatio | undefined {
  return suite.paired?.find((r) => r.workload === workload && r.subject === subject && r.reference === reference && r.mode === mode && r.metric === metric && r.importIncluded === importIncluded);
}

/** loop ★ against raw on each workload's headline metric: the paired ratios, warm and cold. */
function headlineTable(suite: SuiteResult): Table | null {
  const rows: Row[] = [];
  for (const id of suite.workloads) {
    const loop = recommendedLoop(suite, id);
    const metric = findWorkload(id).metrics[0]!;
    if (loop === undefined) continue;
    const ratio = (mode: 'warm' | 'cold', key: string, importIncluded: boolean) => spreadText(findRatio(suite, id, loop.implementation, 'raw', mode, key, importIncluded));
    if (!(suite.paired ?? []).some((r) => r.workload === id && r.subject === loop.implementation && r.reference === 'raw')) continue;
    rows.push([
      id,
      metric.label,
      ratio('warm', metric.key, false),
      ratio('cold', metric.key, false),
      metric.importFold === undefined ? '—' : ratio('cold', metric.key, true),
      ratio('cold', 'totalMs', true),
    ]);
  }
  if (rows.length === 0) return null;
  return { header: ['workload', 'metric', 'warm, paired', 'cold 1st run, paired', 'cold + import, paired', 'cold import + run ms, paired'], numeric: new Set(), rows };
}

/** Every paired ratio of a workload: each pairing, each metric, warm and cold. */
function pairedTable(suite: SuiteResult, workload: Workload<unknown>): Table | null {
  const pairs: [string, string][] = [];
  for (const r of suite.paired ?? []) if (r.workload === workload.id && !pairs.some(([a, b]) => a === r.subject && b === r.reference)) pairs.push([r.subject, r.reference]);
  if (pairs.length === 0) return null;
  const label = (id: string) => {
    const implementation = workload.implementations[id];
    return implementation === undefined ? id : implementationLabel(implementation);
  };
  const rows: Row[] = [];
  for (const [subject, reference] of pairs) {
    const metrics = [...workload.metrics.map((m) => ({ key: m.key, label: m.label, fold: m.importFold !== undefined })), { key: 'totalMs', label: 'import + 1st run ms', fold: true }, { key: 'peakRss', label: 'peak RSS (cold process)', fold: false }];
    metrics.forEach((metric, i) => {
      const warm = findRatio(suite, workload.id, subject, reference, 'warm', metric.key, false);
      const cold = findRatio(suite, workload.id, subject, reference, 'cold', metric.key, metric.key === 'totalMs');
      const coldImport = metric.key === 'totalMs' ? undefined : metric.fold ? findRatio(suite, workload.id, subject, reference, 'cold', metric.key, true) : undefined;
      if (warm === undefined && cold === undefined && coldImport === undefined) return;
      rows.push([i === 0 ? `${label(subject)} vs ${label(reference)}` : '', metric.label, spreadText(warm), spreadText(cold), metric.fold && metric.key !== 'totalMs' ? spreadText(coldImport) : '']);
    });
  }
  return { header: ['pair', 'metric', 'warm, paired', 'cold 1st run, paired', 'cold + import, paired'], numeric: new Set(), rows };
}

function importTable(suite: SuiteResult): Table | null {
  const costs: readonly ImportCost[] = suite.importCosts ?? [];
  if (costs.length === 0) return null;
  const rows = costs.map((cost) => {
    if (cost.stats === null) return [cost.name, '—', '—', '—', cost.error ?? 'not measured'];
    return [cost.name, formatNumber(cost.stats.median, 1), formatNumber(cost.stats.min, 1), formatNumber(cost.stats.max, 1), `${cost.samples.length} fresh processes: ${cost.specifiers.join(' + ')}`];
  });
  return { header: ['package', 'import ms (median)', 'min', 'max', 'what was imported'], numeric: new Set([1, 2, 3]), rows };
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
    `${suite.quick ? 'quick sizes' : 'BENCH.md sizes'}, seed sleeps ${suite.seedMs} ms; each pair in its own child process, 1 warm-up + ${suite.runs} counted runs${moreRuns(suite)}${roundsText(suite)}` +
    `${(suite.warmPairings ?? []).length > 0 ? `; warm paired runs: loop and its reference taking turns in one child, ${suite.runs} pairs per pairing${moreRuns(suite)}${(suite.rounds ?? 1) > 1 ? ' per round' : ''}` : ''}` +
    `${(suite.coldRuns ?? 0) > 0 ? `; cold: ${suite.coldRuns} fresh processes per implementation${moreColdRuns(suite)} (one run each, its package's import included), back to back with its pair's` : ''}`
  );
}

function roundsText(suite: SuiteResult): string {
  const rounds = suite.rounds ?? 1;
  return rounds === 1 ? '' : `, in each of ${rounds} rounds run round-robin (a child per pair per round; each pair's counted runs pooled)`;
}

/** Workloads that took more counted runs (so warm pairs) than the suite's (a workload's `minRuns`), as " (seed-virtual: 30)". */
function moreRuns(suite: SuiteResult): string {
  const rounds = suite.rounds ?? 1;
  return beyond(
    suite.pairs.map((pair) => [pair.workload, pair.runs / rounds]),
    suite.runs,
  );
}

/** Workloads that took more cold processes than the suite's (a workload's `minColdRuns`), as " (tcp-stream: 20)". */
function moreColdRuns(suite: SuiteResult): string {
  return beyond(
    (suite.cold ?? []).map((result) => [result.workload, result.runs.reduce((most, run) => Math.max(most, run.round), 0)]),
    suite.coldRuns ?? 0,
  );
}

/** The workloads whose count is above `base` (the largest count each), as " (id: count, …)", or '' when none is. */
function beyond(counts: readonly (readonly [string, number])[], base: number): string {
  const extra = new Map<string, number>();
  for (const [id, count] of counts) if (count > base) extra.set(id, Math.max(extra.get(id) ?? 0, count));
  return extra.size === 0 ? '' : ` (${[...extra].map(([id, count]) => `${id}: ${count}`).join(', ')})`;
}

function troubles(suite: SuiteResult): string[] {
  const lines: string[] = [];
  for (const pair of suite.pairs) {
    const name = `${pair.workload} / ${pair.label}`;
    if (pair.error !== null) lines.push(`${name}: ${pair.error}`);
    for (const problem of pair.problems) lines.push(`${name}: ${problem}`);
    if (pair.stderr !== '' && !pairFailed(pair)) lines.push(`${name} wrote to stderr: ${pair.stderr}`);
  }
  for (const pairing of suite.warmPairings ?? []) {
    const name = `${pairing.workload} / ${pairing.subject} vs ${pairing.reference} (warm, paired)`;
    if (pairing.error !== null) lines.push(`${name}: ${pairing.error}`);
    for (const problem of pairing.problems) lines.push(`${name}: ${problem}`);
  }
  for (const cold of suite.cold ?? []) {
    const name = `${cold.workload} / ${cold.label} (cold)`;
    if (cold.error !== null) lines.push(`${name}: ${cold.error}`);
    for (const problem of cold.problems) lines.push(`${name}: ${problem}`);
  }
  for (const cost of suite.importCosts ?? []) if (cost.error !== null && cost.name !== 'asyncio') lines.push(`import of ${cost.name}: ${cost.error}`);
  return lines;
}

function heading(suite: SuiteResult, id: string): string {
  const workload = findWorkload(id);
  const n = suite.pairs.find((pair) => pair.workload === id)?.params.n ?? workload.sizes.full;
  return `${id}: ${workload.title} (n = ${formatNumber(n, 0)})`;
}

const LEGEND =
  '★ marks loop’s recommended idiom. "warm median": counted runs after a warm-up, in a child of its own. "cold 1st run": the first run in a fresh process (median over the cold runs), import not counted; ' +
  '"cold + import": the same with the import’s time folded into the metric (added to an overhead or a wall time, spread over the n tasks, added to the time the n items took); "import ms": importing the workload module and the system’s packages in that process. ' +
  '"vs raw" and "loop ★ vs this": ratios of the warm medians. "paired": loop and its reference alternating run by run (in one child warm, in processes started back to back cold); the median of the per-pair ratios, with their min–max. ' +
  'Every ratio reads as "times better" whichever way the metric points. Targets are judged on the paired ratios, warm and cold (import included).';

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
  const headline = headlineTable(suite);
  if (headline !== null) parts.push('', 'loop ★ vs raw, paired (median of per-pair ratios, min–max):', '', renderText(headline));
  const imports = importTable(suite);
  if (imports !== null) parts.push('', 'Import cost, fresh process:', '', renderText(imports));
  for (const id of suite.workloads) {
    parts.push('', heading(suite, id), '', renderText(workloadTable(suite, findWorkload(id))));
    const paired = pairedTable(suite, findWorkload(id));
    if (paired !== null) parts.push('', renderText(paired));
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
  const headline = headlineTable(suite);
  if (headline !== null) parts.push('', '## loop ★ vs raw, paired', '', 'Median of the per-pair ratios (min–max), each workload’s headline metric.', '', renderMarkdown(headline));
  const imports = importTable(suite);
  if (imports !== null) parts.push('', '## Import cost', '', 'ms to `import` the package in a fresh process (loop’s packages as this suite built them; the peers from node_modules; asyncio in a fresh python3).', '', renderMarkdown(imports));
  for (const id of suite.workloads) {
    parts.push('', `## ${heading(suite, id)}`, '', renderMarkdown(workloadTable(suite, findWorkload(id))));
    const paired = pairedTable(suite, findWorkload(id));
    if (paired !== null) parts.push('', renderMarkdown(paired));
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
    if (bars.length > 0) groups.push({ label: `${id}, warm: × raw (median ${headline.label} in brackets)`, bars });
    const colds = (suite.cold ?? []).filter((c) => c.workload === id && c.error === null && c.problems.length === 0);
    const rawCold = colds.find((c) => c.implementation === 'raw')?.withImport[headline.key]?.median;
    if (rawCold === undefined) continue;
    const coldBars = colds.flatMap((c) => {
      const value = c.withImport[headline.key]?.median;
      const factor = value === undefined ? null : betterFactor(headline.better, value, rawCold);
      return factor === null ? [] : [{ name: `${c.implementation}${c.recommended ? ' ★' : ''}`, value: factor, note: `(${COMPACT.format(value!)})` }];
    });
    if (coldBars.length > 0) groups.push({ label: `${id}, cold (1st run in a fresh process, import included): × raw`, bars: coldBars });
  }
  return barChartSvg(groups, { title: `loop bench ${suite.startedAt.slice(0, 10)}: each system vs the raw floor, warm and cold (★ loop's recommended idiom)`, unit: '× raw', lowerIsBetter: false, width: 960 });
}

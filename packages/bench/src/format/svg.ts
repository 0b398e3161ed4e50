/**
 * A self-contained SVG bar chart for the docs site: horizontal bars grouped
 * under labels, each group scaled to its own largest value (groups are
 * usually different workloads, whose magnitudes differ), the best bar of
 * each group highlighted. No scripts, no external fonts or styles; every
 * piece of text is XML-escaped, so any label is safe to embed.
 *
 * @module
 */
import { describe } from '../define.js';
import type { SuiteResult } from '../runner.js';
import { toList } from './table.js';
import { formatRme, formatValue } from './units.js';

/**
 * One group of bars (a workload, a suite).
 *
 * @example
 * ```ts
 * const group: ChartGroup = { label: 'spawn 10k', bars: [{ name: 'loop', value: 12 }] };
 * ```
 */
export interface ChartGroup {
  label: string;
  bars: ChartBar[];
}

/**
 * One bar: its name, its value (>= 0), and an optional note printed after the value.
 *
 * @example
 * ```ts
 * const bar: ChartBar = { name: 'loop', value: 12.5, note: '±1.2%' };
 * ```
 */
export interface ChartBar {
  name: string;
  value: number;
  note?: string;
}

/**
 * Options of {@link barChartSvg}.
 *
 * @example
 * ```ts
 * const options: ChartOptions = { title: 'Time per workload', unit: 'ms', lowerIsBetter: true, width: 960 };
 * ```
 */
export interface ChartOptions {
  title: string;
  /** Unit printed after each value and in the subtitle (`ms`, `ops/s`, `MB`). */
  unit: string;
  /** Highlight the smallest bar of each group instead of the largest. Default false. */
  lowerIsBetter?: boolean;
  /** Width in px (>= 400). Default 720; the height follows from the bars. */
  width?: number;
}

const PAD = 16;
const ROW = 24;
const BAR_HEIGHT = 16;
const GROUP_HEAD = 24;
const GROUP_GAP = 12;
const VALUE_SPACE = 170;
const BEST = '#2f855a';
const OTHER = '#718096';

/**
 * Draws grouped horizontal bars as a standalone SVG document.
 *
 * @example
 * ```ts
 * const svg = barChartSvg(
 *   [{ label: 'gather 10k sleeps', bars: [{ name: 'loop', value: 12.5, note: '±1.2%' }, { name: 'effection', value: 31 }] }],
 *   { title: 'Time per workload', unit: 'ms', lowerIsBetter: true },
 * );
 * await writeFile('docs/public/bench.svg', svg);
 * ```
 */
export function barChartSvg(
  groups: { label: string; bars: { name: string; value: number; note?: string }[] }[],
  options: { title: string; unit: string; lowerIsBetter?: boolean; width?: number },
): string {
  checkChart(groups, options);
  const width = options.width ?? 720;
  const lowerIsBetter = options.lowerIsBetter ?? false;
  const barX = PAD + Math.round(width * 0.3);
  const barSpace = width - PAD - VALUE_SPACE - barX;
  const parts: string[] = [];
  let y = 68;
  for (const group of groups) {
    parts.push(`<text x="${PAD}" y="${y + 16}" font-size="13" font-weight="bold" fill="#1a202c">${xml(group.label)}</text>`);
    y += GROUP_HEAD;
    const values = group.bars.map((b) => b.value);
    const max = Math.max(0, ...values);
    const best = lowerIsBetter ? Math.min(...values) : max;
    for (const b of group.bars) {
      const w = max > 0 ? round((b.value / max) * barSpace) : 0;
      const label = `${formatValue(b.value)}${options.unit === '' ? '' : ` ${options.unit}`}${b.note === undefined ? '' : `  ${b.note}`}`;
      parts.push(
        `<text x="${barX - 8}" y="${y + 13}" font-size="12" text-anchor="end" fill="#2d3748">${xml(b.name)}</text>`,
        `<rect x="${barX}" y="${y + (ROW - BAR_HEIGHT) / 2 - 2}" width="${w}" height="${BAR_HEIGHT}" rx="2" fill="${b.value === best ? BEST : OTHER}"/>`,
        `<text x="${round(barX + w + 6)}" y="${y + 13}" font-size="12" fill="#2d3748">${xml(label)}</text>`,
      );
      y += ROW;
    }
    y += GROUP_GAP;
  }
  const height = y + PAD - GROUP_GAP;
  const subtitle = `${options.unit === '' ? '' : `${options.unit}, `}${lowerIsBetter ? 'lower' : 'higher'} is better`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">`,
    `<title>${xml(options.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${PAD}" y="28" font-size="16" font-weight="bold" fill="#1a202c">${xml(options.title)}</text>`,
    `<text x="${PAD}" y="48" font-size="12" fill="#4a5568">${xml(subtitle)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * Charts results with {@link barChartSvg}: one group per suite, one bar per
 * case, the mean time per call (lower is better) with its ± margin.
 *
 * @example
 * ```ts
 * await writeFile('bench.svg', resultsChartSvg([sumResult], { title: 'sum' }));
 * ```
 */
export function resultsChartSvg(results: SuiteResult | readonly SuiteResult[], options: { title?: string; width?: number } = {}): string {
  const suites = toList(results, 'resultsChartSvg(results)');
  // One unit for the whole chart, the one that suits its largest mean.
  const largest = Math.max(0, ...suites.flatMap((s) => s.cases.map((c) => c.stats.mean)));
  const [unit, scale]: [string, number] = largest >= 1000 ? ['s', 1e-3] : largest >= 1 ? ['ms', 1] : largest >= 0.001 ? ['µs', 1e3] : ['ns', 1e6];
  const groups = suites.map((s) => ({
    label: s.name,
    bars: s.cases.map((c) => ({ name: c.name, value: c.stats.mean * scale, note: formatRme(c.stats.rme) })),
  }));
  return barChartSvg(groups, {
    title: options.title ?? 'loop-bench',
    unit: `${unit} per call`,
    lowerIsBetter: true,
    ...(options.width === undefined ? {} : { width: options.width }),
  });
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

// Characters XML 1.0 forbids even when escaped.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text or attribute content, escaped for XML. */
function xml(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const WHERE = 'barChartSvg(groups, options)';

function checkChart(groups: unknown, options: unknown): void {
  if (!Array.isArray(groups)) throw new TypeError(`${WHERE}: groups must be an array of { label, bars }, got ${typeof groups}`);
  groups.forEach((group: unknown, g) => {
    if (typeof group !== 'object' || group === null) throw new TypeError(`${WHERE}: groups[${g}] must be an object { label, bars }, got ${String(group)}`);
    const { label, bars } = group as { label: unknown; bars: unknown };
    if (typeof label !== 'string') throw new TypeError(`${WHERE}: groups[${g}].label must be a string, got ${typeof label}`);
    if (!Array.isArray(bars)) throw new TypeError(`${WHERE}: groups[${g}].bars must be an array, got ${typeof bars}`);
    bars.forEach((b: unknown, i) => {
      const at = `groups[${g}].bars[${i}]`;
      if (typeof b !== 'object' || b === null) throw new TypeError(`${WHERE}: ${at} must be an object { name, value, note? }, got ${String(b)}`);
      const { name, value, note } = b as { name: unknown; value: unknown; note?: unknown };
      if (typeof name !== 'string') throw new TypeError(`${WHERE}: ${at}.name must be a string, got ${typeof name}`);
      if (typeof value !== 'number') throw new TypeError(`${WHERE}: ${at}.value must be a number, got ${typeof value}`);
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`${WHERE}: ${at}.value must be a finite number >= 0, got ${value}`);
      if (note !== undefined && typeof note !== 'string') throw new TypeError(`${WHERE}: ${at}.note must be a string when given, got ${typeof note}`);
    });
  });
  if (typeof options !== 'object' || options === null) throw new TypeError(`${WHERE}: options must be an object { title, unit }, got ${String(options)}`);
  const { title, unit, lowerIsBetter, width } = options as Record<string, unknown>;
  if (typeof title !== 'string') throw new TypeError(`${WHERE}: options.title must be a string, got ${typeof title}`);
  if (typeof unit !== 'string') throw new TypeError(`${WHERE}: options.unit must be a string, got ${typeof unit}`);
  if (lowerIsBetter !== undefined && typeof lowerIsBetter !== 'boolean') throw new TypeError(`${WHERE}: options.lowerIsBetter must be a boolean, got ${typeof lowerIsBetter}`);
  if (width !== undefined && (typeof width !== 'number' || !Number.isFinite(width) || width < 400)) {
    throw new RangeError(`${WHERE}: options.width must be a number >= 400 (px), got ${describe(width)}`);
  }
}

/**
 * Number formatting shared by the terminal, Markdown and SVG outputs, so
 * one figure reads the same everywhere. Fixed to en-US digits: output must
 * not depend on the machine's locale.
 *
 * @module
 */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A duration in the largest unit that keeps it >= 1: `1.50 s`, `2.35 ms`,
 * `812.40 µs`, `35.00 ns`.
 *
 * @example
 * ```ts
 * formatDuration(0.00235); // "2.35 µs"
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const abs = Math.abs(ms);
  if (abs >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (abs >= 1) return `${ms.toFixed(2)} ms`;
  if (abs >= 0.001) return `${(ms * 1000).toFixed(2)} µs`;
  return `${(ms * 1e6).toFixed(2)} ns`;
}

/**
 * Operations per second: grouped digits from 100 up, two decimals below.
 *
 * @example
 * ```ts
 * formatOps(1234567.8); // "1,234,568"
 * formatOps(12.345);    // "12.35"
 * ```
 */
export function formatOps(ops: number): string {
  if (!Number.isFinite(ops)) return String(ops);
  return ops >= 100 ? grouped.format(ops) : ops.toFixed(2);
}

/**
 * A plain figure with about three significant digits (grouped from 100 up).
 *
 * @example
 * ```ts
 * formatValue(3.14159); // "3.14"
 * formatValue(31415.9); // "31,416"
 * ```
 */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return grouped.format(value);
  if (value === 0) return '0';
  return String(Number(value.toPrecision(3)));
}

/**
 * A relative margin of error: `±1.23%`.
 *
 * @example
 * ```ts
 * formatRme(1.234); // "±1.23%"
 * ```
 */
export function formatRme(rme: number): string {
  return Number.isFinite(rme) ? `±${rme.toFixed(2)}%` : '±∞';
}

/**
 * A count with grouped digits: `1,024`.
 *
 * @example
 * ```ts
 * formatCount(1024); // "1,024"
 * ```
 */
export function formatCount(count: number): string {
  return grouped.format(count);
}

/**
 * Benchmark results as JSON, raw samples included, so any figure can be
 * recomputed or re-rendered later (`summarize(caseResult.samples)`).
 *
 * The document is `{ "schema": "loop-bench/1", "suites": [...] }`. JSON has
 * no Infinity: a non-finite number (the ops/s of a zero mean) is written as
 * `null`.
 *
 * @module
 */
import type { SuiteResult } from '../runner.js';
import { toList } from './table.js';

/**
 * The `schema` tag of the JSON document.
 *
 * @example
 * ```ts
 * if (JSON.parse(text).schema === JSON_SCHEMA) suites = fromJson(text);
 * ```
 */
export const JSON_SCHEMA = 'loop-bench/1';

/**
 * Serialises results (with raw samples) as a JSON document.
 *
 * @example
 * ```ts
 * await writeFile('results.json', toJson([sumResult, gatherResult]));
 * ```
 */
export function toJson(results: SuiteResult | readonly SuiteResult[]): string {
  const suites = toList(results, 'toJson(results)');
  return `${JSON.stringify({ schema: JSON_SCHEMA, suites }, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}

/**
 * Reads a document written by {@link toJson} back into results. A document
 * of another schema is a `TypeError`.
 *
 * @example
 * ```ts
 * const suites = fromJson(await readFile('results.json', 'utf8'));
 * console.log(toMarkdown(suites));
 * ```
 */
export function fromJson(text: string): SuiteResult[] {
  if (typeof text !== 'string') throw new TypeError(`fromJson(text): text must be a string, got ${typeof text}`);
  const document = JSON.parse(text) as { schema?: unknown; suites?: unknown };
  if (typeof document !== 'object' || document === null || document.schema !== JSON_SCHEMA || !Array.isArray(document.suites)) {
    throw new TypeError(`fromJson(text): not a loop-bench results document (expected "schema": "${JSON_SCHEMA}" and a "suites" array)`);
  }
  return [...toList(document.suites as SuiteResult[], 'fromJson(text)')];
}

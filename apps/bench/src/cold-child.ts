/**
 * The cold child: one run of one implementation in a fresh process, its
 * package's import included, and one JSON line ({@link ColdReport}) on
 * stdout. This file imports no workload and no package: what the first
 * run's process has loaded before the clock starts is Node and this file.
 *
 * Usage: `node dist/cold-child.js <system> <module> <workload> <implementation> <n> [--seed-ms <ms>]`
 * and `node dist/cold-child.js --import <specifier>...` (import cost only).
 *
 * The clock starts before `import('./cold/<system>/<module>.js')`, the
 * workload module built for this system alone (tsup.config.ts: every other
 * system's packages are stubs in it), which brings the system's static
 * imports with it (loop's runtime); then the packages the system loads
 * lazily ({@link LAZY_PACKAGES}) are imported too, so that the run does not
 * pay for them. That is the import figure. The run follows at once, with no
 * warm-up and no `gc()` before it: the first run a short-lived program
 * makes. Its answer is verified after the clock stops.
 *
 * With `--import`, the child imports the given specifiers one after another
 * (`./pkg/loop-runtime.js` for @loop/runtime, a bare name for a peer) and
 * reports how long that took: the import cost of a package, nothing else.
 *
 * @module
 */
import { LAZY_PACKAGES, type RunParams, type Workload } from './workload.js';
import type { ChildSample, ChildFailure } from './child.js';

/** What a cold child prints after its one run. */
export interface ColdReport {
  workload: string;
  implementation: string;
  params: RunParams;
  /** From before the workload module's import until the system's packages are loaded (ms). */
  importMs: number;
  /** The first run, from calling it until its answer is back (ms). */
  runMs: number;
  /** `importMs + runMs`, on one clock (ms). */
  totalMs: number;
  /** The run's own metrics and answer, and the peak RSS after it. */
  sample: ChildSample;
}

/** What a cold child prints with `--import`. */
export interface ImportReport {
  specifiers: string[];
  /** How long importing them took, one after another (ms). */
  importMs: number;
}

function positiveInt(text: string | undefined, what: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${what} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

function isWorkload(value: unknown, id: string): value is Workload<unknown> {
  return typeof value === 'object' && value !== null && (value as { id?: unknown }).id === id && 'implementations' in value;
}

async function importOnly(specifiers: readonly string[]): Promise<ImportReport> {
  if (specifiers.length === 0) throw new TypeError('usage: node dist/cold-child.js --import <specifier>...');
  const t0 = performance.now();
  for (const specifier of specifiers) await import(specifier);
  return { specifiers: [...specifiers], importMs: performance.now() - t0 };
}

async function main(argv: readonly string[]): Promise<ColdReport | ImportReport> {
  if (argv[0] === '--import') return importOnly(argv.slice(1));
  const [system, module, workloadId, implementationId, nText, ...rest] = argv;
  if (system === undefined || module === undefined || workloadId === undefined || implementationId === undefined) {
    throw new TypeError('usage: node dist/cold-child.js <system> <module> <workload> <implementation> <n> [--seed-ms <ms>]');
  }
  const n = positiveInt(nText, 'n');
  let seedMs = 300;
  if (rest.length > 0) {
    if (rest[0] !== '--seed-ms' || rest.length !== 2) throw new TypeError(`unexpected arguments: ${rest.join(' ')}`);
    seedMs = positiveInt(rest[1], '--seed-ms');
  }
  const params: RunParams = { n, seedMs };

  // A URL, not a template literal in import(): the bundler must leave this import to run time.
  const url = new URL(`./cold/${system}/${module}.js`, import.meta.url).href;
  const t0 = performance.now();
  const exports = (await import(url)) as Record<string, unknown>;
  for (const specifier of LAZY_PACKAGES[system] ?? []) await import(specifier);
  const t1 = performance.now();

  const workload = Object.values(exports).find((value) => isWorkload(value, workloadId));
  if (workload === undefined) throw new RangeError(`cold/${system}/${module}.js exports no workload "${workloadId}"`);
  const implementation = workload.implementations[implementationId];
  if (implementation === undefined || !('run' in implementation)) throw new RangeError(`workload "${workloadId}" has no Node implementation "${implementationId}"`);
  if (implementation.system !== system) throw new RangeError(`${workloadId} / ${implementationId} belongs to ${implementation.system}, not to ${system}: its cold module would stub its packages`);

  const sample = await implementation.run(params);
  const t2 = performance.now();
  const problems = workload.verify(sample.answer, params);
  if (problems.length > 0) throw new Error(`wrong answer in the cold run: ${problems.join('; ')}`);
  return {
    workload: workloadId,
    implementation: implementationId,
    params,
    importMs: t1 - t0,
    runMs: t2 - t1,
    totalMs: t2 - t0,
    sample: { ...sample, maxRssKb: process.resourceUsage().maxRSS },
  };
}

try {
  const report = await main(process.argv.slice(2));
  process.stdout.write(`${JSON.stringify(report)}\n`);
} catch (error) {
  const failure: ChildFailure = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  process.stdout.write(`${JSON.stringify(failure)}\n`);
  process.exitCode = 1;
}

/**
 * `pnpm bench` (`node dist/cli.js`): runs the suite, prints the report and
 * writes results/latest.json (every raw sample included) and
 * results/latest.md. Exits with 1 when any pair failed or any answer was
 * wrong.
 *
 * Options: `--quick` (n = 10,000, 3 counted runs, seed sleeps 30 ms) and
 * `--only <workload,...>`.
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatMarkdown, formatTerminal } from './report.js';
import { pairOk, runSuite } from './runner.js';
import { findWorkload } from './workloads/index.js';

const USAGE = 'usage: pnpm bench [-- --quick] [--only seed,seed-virtual,spawn,sleep,cancel]';

function parseOptions(argv: readonly string[]): { quick: boolean; workloads: string[] | undefined } {
  // `pnpm bench -- --quick` may hand the separator on; it means nothing here.
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, help: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return { quick: values.quick, workloads: values.only?.split(',').map((id) => findWorkload(id.trim()).id) };
}

let options: ReturnType<typeof parseOptions>;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
const { quick, workloads } = options;
const runs = quick ? 3 : 5;
const params = quick ? { n: 10_000, seedMs: 30 } : { n: 100_000, seedMs: 300 };

console.log(`loop bench suite: ${workloads?.join(', ') ?? 'every workload'}, n = ${params.n.toLocaleString('en-US')}, ${runs} counted runs${quick ? ' (quick)' : ''}`);
const suite = await runSuite({
  ...(workloads === undefined ? {} : { workloads }),
  runs,
  params,
  onPair: (pair) => {
    const status = pair.error !== null ? 'FAILED' : pair.problems.length > 0 ? 'WRONG ANSWER' : 'ok';
    console.log(`  ${pair.workload} / ${pair.label}: ${status} (${(pair.childMs / 1000).toFixed(1)} s)`);
  },
});
console.log(`\n${formatTerminal(suite)}`);

const dir = new URL('../results/', import.meta.url);
await mkdir(dir, { recursive: true });
await writeFile(new URL('latest.json', dir), `${JSON.stringify(suite, null, 2)}\n`);
await writeFile(new URL('latest.md', dir), formatMarkdown(suite));
console.log(`\nwrote results/latest.json and results/latest.md`);
if (!suite.pairs.every(pairOk)) process.exitCode = 1;

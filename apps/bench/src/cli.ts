/**
 * `pnpm bench` (`node dist/cli.js`): runs the suite, prints the report and
 * writes results/latest.json (every raw sample, the ratios, the targets,
 * the machine), results/latest.md and results/latest.svg. Exits with 1
 * when any pair failed or any answer was wrong (a skipped asyncio pair is
 * neither).
 *
 * The three files are rewritten after every pair (marked incomplete until
 * the end), so an interrupted run keeps what it measured.
 *
 * Options: `--quick` (the workloads' small sizes, 3 counted runs, seed
 * sleeps 30 ms), `--only <workload,...>`, `--systems <system,...>`,
 * `--runs <n>` (counted runs per pair, at least 5 for figures to publish),
 * `--defer <system,...>` (run those systems' pairs after all the others, so
 * a run cut short still has loop everywhere), `--rounds <n>` (run the whole
 * plan n times round-robin and pool each pair's runs, so a slow stretch of
 * the machine weighs on every system alike), `--cold-runs <n>` (fresh
 * processes per implementation for the cold figures and per package for
 * the import costs: 5 by default, 3 with `--quick`, 0 for none),
 * `--unpaired` (no paired warm runs: ratios of medians only), `--render` (run nothing:
 * rewrite latest.md and latest.svg from latest.json, with the targets
 * evaluated again, written back into latest.json, and results/tuning.md
 * appended, after editing either).
 *
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { evaluateTargets } from './compare.js';
import { formatMarkdown, formatSvg, formatTerminal } from './report.js';
import { pairFailed, runSuite, type SuiteResult } from './runner.js';
import { SYSTEMS, WORKLOADS, findWorkload } from './workloads/index.js';

const USAGE = `usage: pnpm bench [-- --quick] [--only ${WORKLOADS.map((w) => w.id).join(',')}] [--systems ${SYSTEMS.join(',')}] [--runs 5] [--rounds 1] [--cold-runs 5] [--unpaired] [--defer effection] | pnpm bench -- --render`;

interface Options {
  render: boolean;
  quick: boolean;
  workloads: string[] | undefined;
  systems: string[] | undefined;
  defer: string[] | undefined;
  runs: number;
  rounds: number;
  coldRuns: number;
  paired: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  // `pnpm bench -- --quick` may hand the separator on; it means nothing here.
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      render: { type: 'boolean', default: false },
      only: { type: 'string' },
      systems: { type: 'string' },
      runs: { type: 'string' },
      rounds: { type: 'string' },
      defer: { type: 'string' },
      'cold-runs': { type: 'string' },
      unpaired: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const systemList = (flag: string, text: string | undefined) => {
    const list = text?.split(',').map((system) => system.trim());
    for (const system of list ?? []) {
      if (!SYSTEMS.includes(system)) throw new RangeError(`--${flag}: unknown system "${system}"; the systems are: ${SYSTEMS.join(', ')}`);
    }
    return list;
  };
  const systems = systemList('systems', values.systems);
  const defer = systemList('defer', values.defer);
  const runs = values.runs === undefined ? (values.quick ? 3 : 5) : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`--runs must be a positive integer, got ${JSON.stringify(values.runs)}`);
  const rounds = values.rounds === undefined ? 1 : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`--rounds must be a positive integer, got ${JSON.stringify(values.rounds)}`);
  const coldText = values['cold-runs'];
  const coldRuns = coldText === undefined ? (values.quick ? 3 : 5) : Number(coldText);
  if (!Number.isInteger(coldRuns) || coldRuns < 0 || coldText?.trim() === '') throw new RangeError(`--cold-runs must be a whole number >= 0 (0: no cold runs), got ${JSON.stringify(coldText)}`);
  return {
    render: values.render,
    quick: values.quick,
    workloads: values.only?.split(',').map((id) => findWorkload(id.trim()).id),
    systems,
    defer,
    runs,
    rounds,
    coldRuns,
    paired: !values.unpaired,
  };
}

let options: Options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
const { quick, workloads, systems, defer, runs, rounds, coldRuns, paired } = options;
const seedMs = quick ? 30 : 300;
const dir = new URL('../results/', import.meta.url);

/** The tuning log (results/tuning.md, written by hand: what was changed, with before and after figures), appended to latest.md. */
const tuning = await readFile(new URL('tuning.md', dir), 'utf8').catch(() => undefined);

if (options.render) {
  const suite = JSON.parse(await readFile(new URL('latest.json', dir), 'utf8')) as SuiteResult;
  suite.targets = evaluateTargets(suite.pairs, suite.paired === undefined || (suite.paired.length === 0 && (suite.cold ?? []).length === 0) ? undefined : { paired: suite.paired, cold: suite.cold ?? [] });
  // The targets as evaluated now go back into latest.json too, so the three files agree.
  await writeFile(new URL('latest.json', dir), `${JSON.stringify(suite, null, 2)}\n`);
  await writeFile(new URL('latest.md', dir), formatMarkdown(suite, tuning));
  await writeFile(new URL('latest.svg', dir), formatSvg(suite));
  console.log('rewrote results/latest.json (its targets), latest.md and latest.svg from results/latest.json');
  process.exit(0);
}

console.log(
  `loop bench suite: ${workloads?.join(', ') ?? 'every workload'}; ${systems?.join(', ') ?? 'every system'}; ${quick ? 'quick sizes' : 'BENCH.md sizes'}, ${runs} counted runs${rounds > 1 ? ` in each of ${rounds} rounds` : ''}; ${paired ? 'paired warm runs' : 'no paired warm runs'}; ${coldRuns === 0 ? 'no cold runs' : `${coldRuns} cold runs`}`,
);
await mkdir(dir, { recursive: true });

async function save(suite: SuiteResult): Promise<void> {
  await writeFile(new URL('latest.json', dir), `${JSON.stringify(suite, null, 2)}\n`);
  await writeFile(new URL('latest.md', dir), formatMarkdown(suite, tuning));
  await writeFile(new URL('latest.svg', dir), formatSvg(suite));
}

const suite = await runSuite({
  ...(workloads === undefined ? {} : { workloads }),
  ...(systems === undefined ? {} : { systems }),
  ...(defer === undefined ? {} : { deferSystems: defer }),
  quick,
  runs,
  rounds,
  seedMs,
  paired,
  coldRuns,
  // A pair at full size can take minutes when the machine is busy (Effection spawning 100,000 tasks).
  timeoutMs: quick ? 120_000 : 1_200_000,
  onPair: async (pair, sofar) => {
    const status = pair.skipped !== null ? `skipped (${pair.skipped})` : pair.error !== null ? 'FAILED' : pair.problems.length > 0 ? 'WRONG ANSWER' : 'ok';
    console.log(`  ${pair.workload} / ${pair.label}: ${status} (${(pair.childMs / 1000).toFixed(1)} s)`);
    // Written as the run goes (marked incomplete), so an interrupted run keeps what it measured.
    await save(sofar);
  },
  onProgress: async (what, sofar) => {
    console.log(`  ${what}`);
    await save(sofar);
  },
});
console.log(`\n${formatTerminal(suite)}`);
await save(suite);
console.log(`\nwrote results/latest.json, results/latest.md and results/latest.svg`);
if (suite.pairs.some(pairFailed)) process.exitCode = 1;

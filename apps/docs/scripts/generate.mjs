// @ts-check
/**
 * Writes the site's generated inputs, after TypeDoc and before `vitepress build`:
 *
 * - `generated/outputs/<name>.txt`: each example's real output, written by the
 *   examples' own script (`apps/examples/dist/outputs.js <outdir>`), so the
 *   tutorial shows what the code it includes really prints.
 * - `generated/bench/latest.md`: `apps/bench/results/latest.md`, its headings
 *   moved one level down to sit under the page's title.
 * - `public/bench/latest.svg` and `generated/bench/chart.md`: the chart when
 *   `pnpm bench` has drawn one, else a note saying where it comes from.
 *
 * Fails (exit 1) when the examples' script is missing or fails: a tutorial
 * without its outputs is not a build to publish.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const examplesScript = join(docs, '..', 'examples', 'dist', 'outputs.js');
const benchResults = join(docs, '..', 'bench', 'results');
const generated = join(docs, 'generated');

rmSync(generated, { recursive: true, force: true });
rmSync(join(docs, 'public', 'bench'), { recursive: true, force: true });

// The benchmark table and chart.
const bench = join(generated, 'bench');
mkdirSync(bench, { recursive: true });
const table = join(benchResults, 'latest.md');
writeFileSync(
  join(bench, 'latest.md'),
  existsSync(table)
    ? readFileSync(table, 'utf8').replace(/^(#{1,5}) /gm, '#$1 ')
    : 'No results yet: run `pnpm bench` at the repository root; it writes `apps/bench/results/latest.md`.\n',
);
const chart = join(benchResults, 'latest.svg');
if (existsSync(chart)) {
  mkdirSync(join(docs, 'public', 'bench'), { recursive: true });
  copyFileSync(chart, join(docs, 'public', 'bench', 'latest.svg'));
  const title = /<title>([^<]*)<\/title>/.exec(readFileSync(chart, 'utf8'))?.[1] ?? 'benchmark chart';
  writeFileSync(join(bench, 'chart.md'), `![${title.replace(/[[\]]/g, '')}](/bench/latest.svg)\n`);
} else {
  writeFileSync(
    join(bench, 'chart.md'),
    '::: info No chart yet\nThe chart is drawn by `pnpm bench` (with `@loop/bench`) into `apps/bench/results/latest.svg`; this run of the site was built before one existed, so only the table is shown.\n:::\n',
  );
}

// The examples' outputs. Subprocess and TCP examples do real IO: bound the run.
if (!existsSync(examplesScript)) {
  console.error(`generate: ${relative(docs, examplesScript)} is missing; build @loop/examples first (turbo's ^build does).`);
  process.exit(1);
}
const outputs = join(generated, 'outputs');
mkdirSync(outputs, { recursive: true });
execFileSync(process.execPath, [examplesScript, outputs], { stdio: 'inherit', timeout: 120_000 });


console.log(`generate: wrote ${relative(docs, generated)}/ (outputs, bench)`);

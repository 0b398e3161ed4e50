#!/usr/bin/env node
// The README's two commands, checked as a new user meets them: a clone of this
// repository in a temporary folder, a shell where pnpm is not on PATH (setup
// must install it with npm, into a private npm prefix so this machine's own
// pnpm stays untouched), then
//   <README test command>   must pass, with the clone's own summary at 0 failed
//   <README demo command>   must print the lesson's three timings
// and neither may print turbo's first-run telemetry notice.
//
// The clone's tests are counted in the clone (its own test-summary), never in
// the workspace this script runs from: the clone lives outside it, and the
// only line printed here about them says `fresh clone:`, not a total.
//
// Turbo's cache: when TURBO_CACHE_DIR is set (.ci/run sets it, outside the
// clone), the clone shares it, so tasks the CI run just executed at the same
// commit replay instead of running twice; setup, install, the demo and every
// task whose inputs differ run for real. LOOP_FRESH_CLONE_CACHE=cold gives the
// clone an empty cache of its own (a full run of every suite, ~10 minutes).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The shell command between `<!-- marker -->` and `<!-- /marker -->` in the README. */
function readmeCommand(marker) {
  const match = new RegExp(`<!-- ${marker} -->\\s*\`\`\`sh\\n([^\\n]+)\\n\`\`\`\\s*<!-- /${marker} -->`).exec(readme);
  if (match === null) throw new Error(`README.md has no <!-- ${marker} --> block`);
  return match[1].trim();
}

/** A folder of links to every program on PATH but pnpm: the PATH of a machine that has only Node.js and npm. */
function pathWithoutPnpm(dir) {
  mkdirSync(dir);
  const seen = new Set(['pnpm', 'pnpx', 'pn']);
  for (const from of (process.env.PATH ?? '').split(delimiter)) {
    if (from === '' || !existsSync(from) || !statSync(from).isDirectory()) continue;
    for (const name of readdirSync(from)) {
      if (seen.has(name)) continue;
      seen.add(name);
      symlinkSync(join(from, name), join(dir, name));
    }
  }
  return dir;
}

function sh(command, cwd, env) {
  const start = performance.now();
  const result = spawnSync('sh', ['-c', command], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  return { status: result.status, output: `${result.stdout}${result.stderr}`, seconds };
}

const scratch = mkdtempSync(join(tmpdir(), 'loop-fresh-clone-'));
const clone = join(scratch, 'loop');
const problems = [];
try {
  const cloned = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', root, clone], { encoding: 'utf8' });
  if (cloned.status !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);

  const prefix = join(scratch, 'npm-global');
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Nothing from a pnpm or npm parent process, nor turbo's switches, leaks in: a user's shell has none of them.
    if (/^(npm_|PNPM_|pnpm_|TURBO_|DO_NOT_TRACK$|VITEST|NODE_OPTIONS$)/i.test(key)) continue;
    env[key] = value;
  }
  env.PATH = [join(prefix, 'bin'), pathWithoutPnpm(join(scratch, 'bin'))].join(delimiter);
  env.npm_config_prefix = prefix;
  env.CI = '1';
  if (process.env.TURBO_CACHE_DIR !== undefined && process.env.LOOP_FRESH_CLONE_CACHE !== 'cold') {
    env.TURBO_CACHE_DIR = process.env.TURBO_CACHE_DIR;
  }
  if (sh('command -v pnpm', clone, env).status === 0) throw new Error('pnpm is still on PATH in the fresh shell');

  const testCommand = readmeCommand('test-command');
  const test = sh(testCommand, clone, env);
  if (test.status !== 0) problems.push(`\`${testCommand}\` exited ${test.status}:\n${test.output.split('\n').slice(-40).join('\n')}`);
  const summary = sh('node tooling/scripts/test-summary.mjs', clone, env);
  const total = /^(\d+) passed, (\d+) failed$/m.exec(summary.output.trim().split('\n').at(-1) ?? '');
  if (total === null || Number(total[1]) === 0 || total[2] !== '0') {
    problems.push(`the clone's test summary is not a pass:\n${summary.output}`);
  }

  const demoCommand = readmeCommand('demo-command');
  const demo = sh(demoCommand, clone, env);
  const timings = demo.output.match(/took 3\.0\d seconds/g) ?? [];
  if (demo.status !== 0 || !demo.output.includes('loop demo: one randn(), then three and ten gathered') || timings.length !== 3) {
    problems.push(`\`${demoCommand}\` exited ${demo.status} without the lesson's three timings:\n${demo.output.split('\n').slice(-30).join('\n')}`);
  }

  for (const [name, run] of [['test', test], ['demo', demo]]) {
    if (/Turborepo now collects completely anonymous telemetry/.test(run.output)) problems.push(`the ${name} command printed turbo's telemetry notice`);
  }

  const counted = total === null ? 'no summary' : `${total[1]} passed and ${total[2]} failed there`;
  console.log(
    `fresh clone: \`${testCommand}\` ${test.seconds.toFixed(0)} s (${counted}, not counted in this run's total), \`${demoCommand}\` ${demo.seconds.toFixed(0)} s, pnpm off PATH${env.TURBO_CACHE_DIR ? ', shared turbo cache' : ', cold turbo cache'}`,
  );
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
} finally {
  if (process.env.LOOP_FRESH_CLONE_KEEP === '1') console.log(`fresh clone: kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
for (const problem of problems) console.log(`fresh clone: FAILED: ${problem}`);
process.exit(problems.length === 0 ? 0 : 1);

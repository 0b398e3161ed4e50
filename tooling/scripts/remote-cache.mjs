#!/usr/bin/env node
// Turbo's remote cache, proven across machines: the self-hosted server
// (turborepo-remote-cache, a devDependency of tooling/ci) on 127.0.0.1 with a
// token and filesystem storage in a temporary folder, and two separate fresh
// clones of this repository's committed HEAD, each with an empty local turbo
// cache of its own (TURBO_CACHE_DIR in its own temporary folder) and
// TURBO_API/TURBO_TOKEN/TURBO_TEAM pointed at the server:
//
//   clone 1   executes every build, lint, typecheck and test task and uploads
//   clone 2   executes none: every task a remote hit ("FULL TURBO"), and the
//             test totals summed from the restored vitest JSON reports equal
//             clone 1's
//   clone 2, one file of packages/bench changed: only @loop/bench and the
//             packages that depend on it run again
//   a wrong token   turbo says so and executes (exit 0, nothing red)
//   server down     turbo executes (exit 0), only slower
//
// Scope, kept bounded on a 2-core machine shared with other work: the clones
// run build, lint, typecheck and test of @loop/bench and every package that
// depends on it (@loop/bench-suite, @loop/examples), and of @loop/test (which
// does not depend on @loop/bench, so it shows what must stay a hit), plus the
// builds they need (@loop/runtime, @loop/node, @loop/eslint-plugin):
// 19 tasks. LOOP_REMOTE_CACHE_SCOPE=full runs every package instead
// (32 tasks; ~6.5 min for clone 1 on a loaded machine). Either way `docs`
// (its build renders the whole VitePress site and its tests drive headless
// Chromium: minutes on their own) and `@loop/package-check` (it packs and
// installs every published package in a scratch project, ~40 s in each
// clone; its subject is packaging, not caching) are left out, and so is
// fresh-clone.mjs (a CI step, not a turbo task).
//
// A task that fails in clone 1 (a flaky test) is never cached by turbo, so
// clone 2 runs it again: that is reported, and the cache is then checked on
// every other task; the clones' test failures are the main run's business.
//
// Output lines start with `remote cache:`; the totals of the clones are
// printed inside those lines and never added to CI's total.
// LOOP_REMOTE_CACHE_KEEP=1 keeps the scratch folder.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const serverCli = join(root, 'tooling/ci/node_modules/turborepo-remote-cache/dist/cli.js');
const TASKS = ['build', 'lint', 'typecheck', 'test'];
const FULL = process.env.LOOP_REMOTE_CACHE_SCOPE === 'full';
const FILTERS = [
  ...(FULL ? [] : ['--filter=...@loop/bench', '--filter=@loop/test']),
  '--filter=!docs',
  '--filter=!@loop/package-check',
];
const TEAM = 'loop-ci';

const log = (line) => console.log(`remote cache: ${line}`);
const problems = [];
const check = (ok, problem) => {
  if (!ok) problems.push(problem);
  return ok;
};

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts the server; resolves once /v8/artifacts/status answers. */
async function startServer(port, token, storage) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    TURBO_TOKEN: token,
    STORAGE_PROVIDER: 'local',
    STORAGE_PATH: storage,
    STORAGE_PATH_USE_TMP_FOLDER: 'false',
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [serverCli], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/v8/artifacts/status`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.ok) return { child, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not answer within 30 s:\n${output}`);
}

function stopServer(server) {
  if (server.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.child.once('exit', resolve);
    server.child.kill('SIGTERM');
    setTimeout(() => server.child.kill('SIGKILL'), 5000).unref();
  });
}

/** The environment of a clean CI machine: nothing of turbo's, pnpm's or vitest's from this process. */
function cleanEnv(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|PNPM_|pnpm_|TURBO_|DO_NOT_TRACK$|VITEST|NODE_OPTIONS$|LOOP_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, CI: '1', TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', ...extra };
}

function run(command, args, cwd, env) {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, seconds };
}

function tail(text, lines = 40) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Clones this repository into `dir` at `commit` (HEAD when undefined: other
 * work may commit meanwhile, so clone 2 checks out clone 1's commit) and
 * installs the workspace from the committed lockfile. Returns the commit.
 */
function cloneAndInstall(dir, env, commit) {
  const cloned = run('git', ['clone', '--quiet', '--no-hardlinks', root, dir], root, env);
  if (cloned.status !== 0) throw new Error(`git clone failed:\n${cloned.output}`);
  if (commit !== undefined) {
    const checkout = run('git', ['checkout', '--quiet', '--detach', commit], dir, env);
    if (checkout.status !== 0) throw new Error(`git checkout ${commit} failed:\n${checkout.output}`);
  }
  const installed = run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline', '--reporter=append-only'], dir, env);
  if (installed.status !== 0) throw new Error(`pnpm install in ${dir} failed:\n${tail(installed.output)}`);
  return run('git', ['rev-parse', 'HEAD'], dir, env).output.trim();
}

/** `turbo run` in a clone with --summarize; returns the run and its per-task cache statuses. */
function turbo(dir, env, tasks = TASKS, filters = FILTERS) {
  const runsDir = join(dir, '.turbo/runs');
  const before = new Set(existsSync(runsDir) ? readdirSync(runsDir) : []);
  const result = run(
    'pnpm',
    ['exec', 'turbo', 'run', ...tasks, ...filters, '--continue', '--summarize', '--output-logs=errors-only'],
    dir,
    env,
  );
  const fresh = existsSync(runsDir) ? readdirSync(runsDir).filter((name) => !before.has(name)) : [];
  if (fresh.length !== 1) throw new Error(`turbo wrote no run summary (exit ${result.status}):\n${tail(result.output)}`);
  const summary = JSON.parse(readFileSync(join(runsDir, fresh[0]), 'utf8'));
  const tasksRun = summary.tasks
    .filter((task) => task.command !== '<NONEXISTENT>')
    .map((task) => ({
      id: task.taskId,
      pkg: task.package,
      status: task.cache.status,
      source: task.cache.source ?? null,
      exit: task.execution?.exitCode ?? null,
    }));
  return { ...result, tasks: tasksRun };
}

/**
 * The clone's test totals from test-summary.mjs's per-package lines (vitest's
 * JSON reports, restored by turbo on a hit), over the packages in scope: the
 * packages left out have no report, which test-summary counts as a failure.
 */
function testTotals(dir, env) {
  const result = run('node', ['tooling/scripts/test-summary.mjs'], dir, env);
  const lines = result.output.trim().split('\n').slice(0, -1);
  let passed = 0;
  let failed = 0;
  let reports = 0;
  for (const line of lines) {
    const match = /^\S+: (\d+) passed, (\d+) failed$/.exec(line);
    if (match === null) continue;
    passed += Number(match[1]);
    failed += Number(match[2]);
    reports += 1;
  }
  return { last: `${passed} passed, ${failed} failed (${reports} reports)`, passed, lines };
}

function folderSize(dir) {
  let bytes = 0;
  let files = 0;
  const walk = (path) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else {
        bytes += stat.size;
        files += 1;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { bytes, files };
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const names = (tasks) => tasks.map((task) => task.id).sort().join(', ') || 'none';

/** Workspace packages that depend (directly or not) on `name`, read from the clone's package.json files. */
function dependentsOf(dir, name) {
  const deps = new Map();
  for (const group of ['packages', 'apps', 'tooling']) {
    for (const entry of readdirSync(join(dir, group))) {
      const file = join(dir, group, entry, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      deps.set(pkg.name, Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }));
    }
  }
  const found = new Set([name]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pkg, list] of deps) {
      if (!found.has(pkg) && list.some((dep) => found.has(dep))) {
        found.add(pkg);
        grew = true;
      }
    }
  }
  return found;
}

const scratch = mkdtempSync(join(tmpdir(), 'loop-remote-cache-'));
let server;
try {
  if (!existsSync(serverCli)) throw new Error(`${serverCli} is missing: run the README's setup (pnpm install) first`);
  const storage = join(scratch, 'storage');
  mkdirSync(storage);
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  server = await startServer(port, token, storage);
  const api = `http://127.0.0.1:${port}`;
  const remote = { TURBO_API: api, TURBO_TOKEN: token, TURBO_TEAM: TEAM };
  log(`turborepo-remote-cache on ${api}, filesystem storage in ${storage}; clones run ${TASKS.join(', ')} of ${FULL ? 'every package' : '@loop/bench and its dependents, and @loop/test'}, but docs and @loop/package-check`);

  // Clone 1: an empty local cache, an empty remote cache: everything executes and uploads.
  const env1 = cleanEnv({ ...remote, TURBO_CACHE_DIR: join(scratch, 'cache-1') });
  const head = cloneAndInstall(join(scratch, 'clone-1'), env1);
  const first = turbo(join(scratch, 'clone-1'), env1);
  const hits1 = first.tasks.filter((task) => task.status === 'HIT');
  check(hits1.length === 0, `clone 1 should execute every task, but these were cache hits: ${names(hits1)}`);
  const totals1 = testTotals(join(scratch, 'clone-1'), env1);
  check(totals1.passed > 0, `clone 1 ran no tests:\n${totals1.lines.join('\n')}`);
  const size = folderSize(storage);
  check(size.files > 0, 'clone 1 uploaded nothing to the server');
  log(`clone 1 (${head.slice(0, 7)}): ${first.tasks.length} tasks, ${first.tasks.length - hits1.length} executed, ${first.seconds.toFixed(0)} s; tests ${totals1.last}; uploaded ${size.files} files, ${mib(size.bytes)}`);

  // Clone 2: another clone of the same commit, another empty local cache, the same server: nothing executes.
  const env2 = cleanEnv({ ...remote, TURBO_CACHE_DIR: join(scratch, 'cache-2') });
  cloneAndInstall(join(scratch, 'clone-2'), env2, head);
  const second = turbo(join(scratch, 'clone-2'), env2);
  const failed1 = new Set(first.tasks.filter((task) => task.exit !== 0 && task.exit !== null).map((task) => task.id));
  const misses2 = second.tasks.filter((task) => task.status !== 'HIT');
  const local2 = second.tasks.filter((task) => task.status === 'HIT' && task.source !== 'REMOTE');
  const unexpected2 = misses2.filter((task) => !failed1.has(task.id));
  check(second.status === 0 || failed1.size > 0, `clone 2's turbo run exited ${second.status}:\n${tail(second.output)}`);
  check(unexpected2.length === 0, `clone 2 should execute nothing, but these tasks ran: ${names(unexpected2)}`);
  check(local2.length === 0, `clone 2's hits should all be remote: ${names(local2)}`);
  check(second.tasks.length === first.tasks.length, `clone 2 ran ${second.tasks.length} tasks, clone 1 ${first.tasks.length}`);
  const totals2 = testTotals(join(scratch, 'clone-2'), env2);
  if (failed1.size === 0) {
    check(second.output.includes('FULL TURBO'), `clone 2's summary does not say FULL TURBO:\n${tail(second.output, 8)}`);
    check(totals2.last === totals1.last, `clone 2's tests (restored reports) count ${totals2.last}, clone 1's ${totals1.last}:\n${totals2.lines.join('\n')}`);
  } else {
    log(`clone 1's ${[...failed1].sort().join(', ')} failed (the clones' test failures are the main run's business; turbo never caches a failed task), so clone 2 ran it again; every other task must be a remote hit`);
  }
  log(`clone 2: ${second.tasks.length} tasks, ${misses2.length} executed, ${second.seconds.toFixed(1)} s (${second.output.includes('FULL TURBO') ? 'FULL TURBO' : 'not FULL TURBO'}); tests from the restored reports ${totals2.last}`);

  // One file of packages/bench changed: only @loop/bench and its dependents run again.
  const changed = 'packages/bench/src/index.ts';
  appendFileSync(join(scratch, 'clone-2', changed), '\n// remote-cache.mjs: a change to packages/bench\n');
  const third = turbo(join(scratch, 'clone-2'), env2);
  const affected = dependentsOf(join(scratch, 'clone-2'), '@loop/bench');
  const reran = third.tasks.filter((task) => task.status !== 'HIT');
  const wrong = reran.filter((task) => !affected.has(task.pkg));
  const benchOwn = third.tasks.filter((task) => task.pkg === '@loop/bench');
  const failed3 = third.tasks.filter((task) => task.exit !== 0 && task.exit !== null);
  if (failed3.length > 0) log(`after the change ${names(failed3)} failed (a test failure in the clone, not a cache problem)`);
  check(wrong.length === 0, `after changing ${changed}, tasks of packages that do not depend on @loop/bench ran: ${names(wrong)}`);
  check(benchOwn.length > 0 && benchOwn.every((task) => task.status !== 'HIT'), `after changing ${changed}, @loop/bench's own tasks were not all rerun: ${names(benchOwn.filter((task) => task.status === 'HIT'))} hit`);
  const rerunPackages = [...new Set(reran.map((task) => task.pkg))].sort();
  log(`${changed} changed: ${reran.length} of ${third.tasks.length} tasks ran again (${rerunPackages.join(', ')}), the other ${third.tasks.length - reran.length} were hits, ${third.seconds.toFixed(0)} s`);

  // A wrong token: turbo reports it and executes; the run stays green.
  const envBad = cleanEnv({ ...remote, TURBO_TOKEN: 'not-the-token', TURBO_CACHE_DIR: join(scratch, 'cache-bad') });
  const bad = turbo(join(scratch, 'clone-2'), envBad, ['build'], ['--filter=@loop/runtime']);
  const badLine = bad.output.split('\n').find((line) => /401|403|unauthori[sz]ed|forbidden|invalid token|token/i.test(line)) ?? '';
  check(bad.status === 0, `with a wrong token turbo exited ${bad.status}:\n${tail(bad.output)}`);
  check(bad.tasks.length > 0 && bad.tasks.every((task) => task.status !== 'HIT'), `with a wrong token these tasks were hits: ${names(bad.tasks.filter((task) => task.status === 'HIT'))}`);
  check(badLine !== '', `with a wrong token turbo printed no error about it:\n${tail(bad.output)}`);
  log(`wrong token: turbo says "${badLine.trim()}" and executes (${bad.tasks.length} tasks, exit ${bad.status}, ${bad.seconds.toFixed(0)} s)`);

  // The server down: turbo executes, slower, still green.
  await stopServer(server);
  const envDown = cleanEnv({ ...remote, TURBO_CACHE_DIR: join(scratch, 'cache-down') });
  const down = turbo(join(scratch, 'clone-2'), envDown, ['build'], ['--filter=@loop/runtime']);
  check(down.status === 0, `with the server down turbo exited ${down.status}:\n${tail(down.output)}`);
  check(down.tasks.length > 0 && down.tasks.every((task) => task.status !== 'HIT'), `with the server down these tasks were hits: ${names(down.tasks.filter((task) => task.status === 'HIT'))}`);
  const downLine = down.output.split('\n').find((line) => /remote cach/i.test(line) && /unavailable|could not connect|fail/i.test(line));
  check(downLine !== undefined, `with the server down turbo printed no warning about it:\n${tail(down.output)}`);
  log(`server down: turbo says "${(downLine ?? '').replace(/\s+/g, ' ').trim()}" and executes (${down.tasks.length} tasks, exit ${down.status}, ${down.seconds.toFixed(0)} s)`);

  const finalSize = folderSize(storage);
  log(`cache size on the server: ${mib(finalSize.bytes)} in ${finalSize.files} files; clone 1 ${first.seconds.toFixed(0)} s, clone 2 ${second.seconds.toFixed(1)} s`);
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
} finally {
  if (server !== undefined) await stopServer(server);
  if (process.env.LOOP_REMOTE_CACHE_KEEP === '1') log(`kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
for (const problem of problems) log(`FAILED: ${problem}`);
process.exit(problems.length === 0 ? 0 : 1);

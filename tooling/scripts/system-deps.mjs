#!/usr/bin/env node
// The system programs the test suites need, found or installed in one place:
//   chromium  the docs site's end-to-end tests and the package check drive it
//             with playwright-core (Chromium or Chrome under any usual name,
//             or CHROMIUM_PATH)
//   tmux      loop-console's real-terminal test runs it under tmux
//
// `node tooling/scripts/system-deps.mjs install` (setup.sh runs it) installs
// what is missing from Debian's archive when it runs as root on a Debian
// machine; otherwise it prints one line saying what to install and how. A
// test that needs a missing program fails with that same line
// (`requireChromium()`, `requireTmux()`), so the reader sees one instruction
// wherever they meet the problem.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const CHROMIUM_PATHS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** `CHROMIUM_PATH` when set, else the first Chromium or Chrome found on PATH or in the usual places; null when none. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  for (const name of CHROMIUM_NAMES) {
    const path = onPath(name);
    if (path !== null) return path;
  }
  return CHROMIUM_PATHS.find(executable) ?? null;
}

/** The tmux binary on PATH, or null. */
export function findTmux() {
  return onPath('tmux');
}

/** The Debian package names of the programs the tests need that are not found. */
export function missingSystemDeps() {
  const missing = [];
  if (findChromium() === null) missing.push('chromium');
  if (findTmux() === null) missing.push('tmux');
  return missing;
}

/** The one line that says what to install and how (the same from setup and from a test). */
export function installHint(missing = missingSystemDeps()) {
  const names = missing.join(' and ');
  const how =
    onPath('apt-get') !== null
      ? `run \`sudo apt-get install ${missing.join(' ')}\``
      : 'install them with your system\'s package manager';
  const browser = missing.includes('chromium') ? ' (or set CHROMIUM_PATH to a Chrome or Chromium binary)' : '';
  return `loop's tests need ${names}, not found: ${how}${browser}, then run the tests again.`;
}

function missingError() {
  const line = installHint();
  const error = new Error(line);
  // The line is the whole story; a stack trace into this helper would only hide it.
  error.stack = line;
  return error;
}

/** The Chromium to launch; throws the install line when there is none. */
export function requireChromium() {
  const path = findChromium();
  if (path === null) throw missingError();
  return path;
}

/** The tmux to run; throws the install line when there is none. */
export function requireTmux() {
  const path = findTmux();
  if (path === null) throw missingError();
  return path;
}

function install() {
  const missing = missingSystemDeps();
  if (missing.length === 0) return 0;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || onPath('apt-get') === null) {
    console.log(installHint(missing));
    return 0;
  }
  console.log(`setup: installing ${missing.join(' ')} from Debian's archive (the tests need them)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
  if (!apt('update', '-qq') || !apt('install', '-y', '-qq', '--no-install-recommends', ...missing)) {
    console.log(`setup: apt-get could not install ${missing.join(' ')}; ${installHint(missingSystemDeps())}`);
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const command = process.argv[2];
  if (command === 'install') process.exit(install());
  if (command === 'check') {
    const missing = missingSystemDeps();
    if (missing.length > 0) console.log(installHint(missing));
    process.exit(missing.length > 0 ? 1 : 0);
  }
  console.error('usage: node tooling/scripts/system-deps.mjs install|check');
  process.exit(2);
}

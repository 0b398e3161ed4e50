#!/usr/bin/env node
// `pnpm demo`: the lesson's main program. With a terminal attached it runs
// under loop-console, so the ten gathered randn() tasks draw their timeline
// live (press q to quit when it is done); otherwise (piped, CI) it prints
// the plain output of apps/examples' demo.
//
// The root script builds both apps through turbo first, so this file only
// picks one and hands it the terminal.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tty = process.stdout.isTTY === true && process.stdin.isTTY === true && !process.env.CI;
const script = tty ? 'apps/console/dist/cli.js' : 'apps/examples/dist/demo.js';
const args = tty ? ['demo', ...process.argv.slice(2)] : process.argv.slice(2);
const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
if (result.error) {
  console.error(`pnpm demo: could not start ${script}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);

#!/usr/bin/env node
/**
 * The `loop-bench` executable (see command.ts for what it does).
 *
 * @module
 */
import { runCommand } from './command.js';

void runCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined,
}).then((code) => {
  process.exitCode = code;
});

/**
 * arethetypeswrong on each packed tarball: every entry point's types
 * resolve, and match the JavaScript, under node10, node16 (ESM and CJS) and
 * bundler resolution. loop-console is a command with nothing to import (no
 * `exports`), so there attw can only confirm that it ships no types.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject, test } from 'vitest';
import { PUBLISHED, output, root, sh } from './support/packages.js';

const tarballs = inject('tarballs');
const attw = join(import.meta.dirname, '..', 'node_modules', '.bin', 'attw');

for (const { name, dir } of PUBLISHED) {
  const commandOnly = !('exports' in (JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as object));
  test(`attw: ${name} has no problem`, () => {
    const result = sh(attw, [tarballs[name] ?? '', '--format', 'ascii', '--no-color'], import.meta.dirname);
    expect(result.status, output(result)).toBe(0);
    expect(result.stdout).toMatch(commandOnly ? /This package does not contain types/ : /No problems found/);
  });
}

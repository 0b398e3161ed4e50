/**
 * Every JavaScript file a published package ships is ASCII. One character
 * outside ASCII (a dash in a kept comment) makes V8 hold the whole module's
 * source as two bytes a character: 285 KB more heap after importing
 * @loop/runtime and @loop/node. The builds escape what esbuild leaves in
 * comments (tooling/scripts/ascii-output.mjs); this checks what users get.
 */
import { execFileSync } from 'node:child_process';
import { expect, inject, test } from 'vitest';
import { PUBLISHED } from './support/packages.js';

const tarballs = inject('tarballs');

/** The files in a tarball whose bytes are not all ASCII, each with its first offending line. */
function nonAscii(tarball: string): string[] {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.[cm]?js$/.test(file));
  const found: string[] = [];
  for (const file of files) {
    const text = execFileSync('tar', ['-xOzf', tarball, file]).toString('latin1');
    const line = text.split('\n').findIndex((l) => [...l].some((c) => c.charCodeAt(0) > 0x7f));
    if (line !== -1) found.push(`${file}:${line + 1}`);
  }
  return found;
}

for (const { name } of PUBLISHED) {
  test(`${name}: every JavaScript file it ships is ASCII`, () => {
    expect(nonAscii(tarballs[name] ?? '')).toEqual([]);
  });
}

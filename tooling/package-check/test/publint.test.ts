/**
 * publint on each packed tarball (the files a user gets): no error, warning
 * or suggestion.
 */
import { readFileSync } from 'node:fs';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { expect, inject, test } from 'vitest';
import { PUBLISHED } from './support/packages.js';

const tarballs = inject('tarballs');

for (const { name } of PUBLISHED) {
  test(`publint: ${name} has nothing to report`, async () => {
    const tarball = readFileSync(tarballs[name] ?? '');
    const { messages, pkg } = await publint({
      // Inside a tarball every file is under package/.
      pkgDir: 'package',
      level: 'suggestion',
      strict: true,
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
    });
    expect(messages.map((message) => formatMessage(message, pkg) ?? message.code)).toEqual([]);
  });
}

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { run } from '@loop/runtime';
import { readTextFile, writeTextFile } from '../../src/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loop-node-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeTextFile / readTextFile', () => {
  test('a written file reads back byte for byte, including non-ASCII text', async () => {
    const path = join(dir, 'note.txt');
    const text = await run(function* () {
      yield* writeTextFile(path, 'héllo, loop\n');
      return yield* readTextFile(path);
    });
    expect(text).toBe('héllo, loop\n');
    expect(readFileSync(path)).toEqual(Buffer.from('héllo, loop\n', 'utf8'));
  });

  test('reading a missing file rejects with the ENOENT error from Node', async () => {
    const missing = join(dir, 'missing.txt');
    await expect(run(() => readTextFile(missing))).rejects.toMatchObject({ code: 'ENOENT', path: missing });
  });

  test('an empty path is a TypeError at the call', () => {
    expect(() => readTextFile('')).toThrow(new TypeError('readTextFile(path): path must be a non-empty string, got an empty string'));
  });
});

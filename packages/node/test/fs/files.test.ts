import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { run } from '@loop/runtime';
import { appendFile, readBytes, readTextFile, writeBytes, writeTextFile } from '../../src/index.js';

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

describe('readBytes / writeBytes / appendFile', () => {
  test('bytes written read back exactly', async () => {
    const path = join(dir, 'blob.bin');
    const bytes = await run(function* () {
      yield* writeBytes(path, new Uint8Array([0, 1, 254, 255]));
      return yield* readBytes(path);
    });
    expect([...bytes]).toEqual([0, 1, 254, 255]);
  });

  test('appendFile adds text and bytes at the end, creating the file first', async () => {
    const path = join(dir, 'app.log');
    await run(function* () {
      yield* appendFile(path, 'one\n');
      yield* appendFile(path, Buffer.from('two\n'));
    });
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\n');
  });

  test('bad data is a TypeError naming the argument', () => {
    expect(() => writeBytes(join(dir, 'x'), 'text' as unknown as Uint8Array)).toThrow(new TypeError('writeBytes(path, data): data must be a Uint8Array, got string'));
    expect(() => appendFile(join(dir, 'x'), 3 as unknown as string)).toThrow(new TypeError('appendFile(path, data): data must be a string or a Uint8Array, got number 3'));
  });
});

describe('written files on disk', () => {
  test('writeTextFile replaces what was there', async () => {
    const path = join(dir, 'replace.txt');
    writeFileSync(path, 'old content that is longer');
    await run(() => writeTextFile(path, 'new'));
    expect(readFileSync(path, 'utf8')).toBe('new');
  });
});

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { collect, map, moveOnAfter, pipe, run, take, type Operation } from '@loop/runtime';
import { readChunks, readLines } from '../../src/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loop-node-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Open file descriptors of this process (Linux): a leaked file handle shows up here. */
function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('readChunks', () => {
  test('yields the file in chunks of chunkSize, the last one shorter', async () => {
    const path = join(dir, 'data.bin');
    writeFileSync(path, Buffer.from('abcdefghij'));
    const chunks = await run(() => pipe(readChunks(path, { chunkSize: 4 }), map((chunk: Buffer) => chunk.toString()), collect()));
    expect(chunks).toEqual(['abcd', 'efgh', 'ij']);
  });

  test('an empty file is an empty stream', async () => {
    const path = join(dir, 'empty');
    writeFileSync(path, '');
    expect(await run(() => pipe(readChunks(path), collect()))).toEqual([]);
  });

  test('stopping early closes the file handle', async () => {
    const path = join(dir, 'big.bin');
    writeFileSync(path, Buffer.alloc(1024 * 1024, 1));
    const before = openFds();
    const first = await run(() => pipe(readChunks(path, { chunkSize: 1024 }), take(2), collect()));
    expect(first.map((chunk) => chunk.length)).toEqual([1024, 1024]);
    expect(openFds()).toBe(before);
  });

  test('a missing file fails the stream with ENOENT', async () => {
    const missing = join(dir, 'missing');
    await expect(run(() => pipe(readChunks(missing), collect()))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('bad options are RangeErrors naming the option', () => {
    expect(() => readChunks(join(dir, 'x'), { chunkSize: 0 })).toThrow(new RangeError('readChunks(path, options): options.chunkSize must be a whole number >= 1, got 0'));
  });
});

describe('readLines', () => {
  test('yields lines without endings, \\r\\n included, and a last line without \\n', async () => {
    const path = join(dir, 'lines.txt');
    writeFileSync(path, 'alpha\r\nbeta\n\ngamma');
    expect(await run(() => pipe(readLines(path), collect()))).toEqual(['alpha', 'beta', '', 'gamma']);
  });

  test('multi-byte characters split across chunks are decoded whole', async () => {
    const path = join(dir, 'utf8.txt');
    writeFileSync(path, 'żółw\n日本\n');
    // chunkSize 1 splits every multi-byte character.
    const read = await run(() => pipe(readChunks(path, { chunkSize: 1 }), collect()));
    expect(read.length).toBe(Buffer.byteLength('żółw\n日本\n'));
    expect(await run(() => pipe(readLines(path), collect()))).toEqual(['żółw', '日本']);
  });

  test('a file of several MiB comes out line for line (chunks grow to 1 MiB, read one ahead)', async () => {
    const path = join(dir, 'large.txt');
    const expected = Array.from({ length: 60_000 }, (_, i) => `${i}:${'x'.repeat(i % 97)}`);
    writeFileSync(path, `${expected.join('\n')}\n`);
    const read = await run(() => pipe(readLines(path), collect()));
    expect(read.length).toBe(60_000);
    expect(read).toEqual(expected);
  });

  test('property: lines come out exactly as written, over many 1 MiB reads into buffers that take turns', async () => {
    // Seeded: lines of random length mixing ASCII with 2-, 3- and 4-byte
    // characters (some straddle the 1 MiB read boundaries), about 9 MiB, so
    // most reads go into a buffer used before. Had a buffer been read into
    // again while its chunk was still being decoded, lines would come out
    // garbled or missing.
    let seed = 0x2f6b3a1d;
    const random = (): number => {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x9e3779b9) | 0;
      return (seed >>> 0) / 2 ** 32;
    };
    const alphabet = ['a', 'b', 'z', '0', ' ', 'é', 'ж', '€', '日', '😀'];
    const expected: string[] = [];
    let bytes = 0;
    while (bytes < 9 * 1024 * 1024) {
      let line = `${expected.length}:`;
      const length = Math.floor(random() * 300);
      for (let i = 0; i < length; i++) line += alphabet[Math.floor(random() * alphabet.length)]!;
      expected.push(line);
      bytes += Buffer.byteLength(line) + 1;
    }
    const path = join(dir, 'mixed.txt');
    writeFileSync(path, `${expected.join('\n')}\n`);
    const read = await run(() => pipe(readLines(path), collect()));
    expect(read.length).toBe(expected.length);
    expect(read).toEqual(expected);
  });

  test('a consumer cancelled while reading closes the file', async () => {
    const path = join(dir, 'many.txt');
    writeFileSync(path, 'line\n'.repeat(200_000));
    const before = openFds();
    const result = await run(() =>
      moveOnAfter(
        0,
        (function* (): Operation<number> {
          return (yield* pipe(readLines(path), collect())).length;
        })(),
      ),
    );
    expect(result.timedOut).toBe(true);
    expect(openFds()).toBe(before);
  });
});

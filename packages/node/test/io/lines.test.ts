import { describe, expect, test } from 'vitest';
import { collect, pipe, run, stream } from '@loop/runtime';
import { lines } from '../../src/index.js';

function chunks(...parts: (string | Uint8Array)[]) {
  return stream<string | Uint8Array>(function* () {
    for (const part of parts) yield part;
  });
}

describe('lines()', () => {
  test('joins lines across chunks and splits several lines in one chunk', async () => {
    expect(await run(() => pipe(chunks('a', 'b\nc\nd', 'e\n'), lines(), collect()))).toEqual(['ab', 'c', 'de']);
  });

  test('drops \\r before \\n; keeps empty lines; hands on the last line without \\n', async () => {
    expect(await run(() => pipe(chunks('x\r\n\r\ny\n\nz'), lines(), collect()))).toEqual(['x', '', 'y', '', 'z']);
  });

  test('decodes a UTF-8 character split between two byte chunks', async () => {
    const bytes = Buffer.from('€\n');
    expect(await run(() => pipe(chunks(bytes.subarray(0, 1), bytes.subarray(1)), lines(), collect()))).toEqual(['€']);
  });

  test('an empty source gives no lines', async () => {
    expect(await run(() => pipe(chunks(), lines(), collect()))).toEqual([]);
  });

  test('a chunk larger than 64 KiB is split exactly, with a character and a \\r\\n straddling the 65,536th byte', async () => {
    const head = 'a'.repeat(65_535);
    // Byte 65,535 starts '€' (3 bytes); the next line ends with \r\n across the next piece boundary at 131,072.
    const middle = 'b'.repeat(131_072 - 65_535 - 3 - 1 - 1);
    const bytes = Buffer.from(`${head}€\n${middle}\r\nend`);
    expect(bytes.indexOf('\r')).toBe(131_071);
    const got = await run(() => pipe(chunks(bytes), lines(), collect()));
    expect(got).toEqual([`${head}€`, middle, 'end']);
  });
});


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
});

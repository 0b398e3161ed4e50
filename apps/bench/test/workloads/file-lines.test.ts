import { describe, expect, test } from 'vitest';
import { LINE_CHARS, fileLine, fileLinesWorkload } from '../../src/workloads/file-lines.js';

describe('file-lines: lines and verify', () => {
  test('line i is i padded with dots to 99 characters', () => {
    expect(fileLine(42)).toBe(`42${'.'.repeat(97)}`);
    expect(fileLine(42)).toHaveLength(LINE_CHARS);
  });

  test('1,000,000 lines of 99 characters, the last numbered 999,999, verify', () => {
    expect(fileLinesWorkload.verify({ count: 1_000_000, chars: 99_000_000, last: 999_999 }, { n: 1_000_000, seedMs: 300 })).toEqual([]);
  });

  test('a line lost at the end shows in all three', () => {
    expect(fileLinesWorkload.verify({ count: 999_999, chars: 98_999_901, last: 999_998 }, { n: 1_000_000, seedMs: 300 })).toEqual([
      'lines read is 999999, expected 1000000',
      'characters read is 98999901, expected 99000000',
      'number on the last line is 999998, expected 999999',
    ]);
  });
});

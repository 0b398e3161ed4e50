import { describe, expect, test } from 'vitest';
import { NAME_LIMIT, sanitize } from '../src/sanitize.js';

describe('sanitize', () => {
  test('ESC and other C0 controls become visible control pictures', () => {
    expect(sanitize('a\x1b[2Jb\rc\nd\x00e\x07')).toBe('a␛[2Jb␍c␊d␀e␇');
  });

  test('a tab becomes a space and DEL becomes ␡', () => {
    expect(sanitize('a\tb\x7f')).toBe('a b␡');
  });

  test('C1 controls (a single-byte CSI), bidi overrides and lone surrogates become �', () => {
    expect(sanitize('x\u009b2Jy\u202ez\ud800w')).toBe('x�2Jy�z�w');
  });

  test('ordinary Unicode, including emoji pairs, is kept', () => {
    expect(sanitize('naïve 名前 🙂')).toBe('naïve 名前 🙂');
  });

  test('text longer than the limit is cut and ends in …', () => {
    expect(sanitize('abcdefghij', 5)).toBe('abcd…');
    expect(sanitize('x'.repeat(10_000_000)).length).toBe(NAME_LIMIT);
  });

  test('non-strings are converted', () => {
    expect(sanitize(42)).toBe('42');
  });

  test('a limit below 1 is a RangeError naming it', () => {
    expect(() => sanitize('x', 0)).toThrow(new RangeError('sanitize(text, limit): limit must be a positive integer, got 0'));
  });
});

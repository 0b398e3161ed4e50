import { describe, expect, test } from 'vitest';
import { factorWords, verdict } from '../src/report.js';

describe('verdict', () => {
  test('lower is better: half the time is 2× better', () => {
    expect(verdict({ ratio: 0.5, better: 'lower', loop: 1, other: 2 })).toBe('loop 2.00× better');
  });

  test('lower is better: 1.5× the time is 1.5× worse', () => {
    expect(verdict({ ratio: 1.5, better: 'lower', loop: 3, other: 2 })).toBe('loop 1.50× worse');
  });

  test('higher is better: a larger speedup is better', () => {
    expect(verdict({ ratio: 1.25, better: 'higher', loop: 10, other: 8 })).toBe('loop 1.25× better');
  });

  test('within half a percent is even', () => {
    expect(verdict({ ratio: 1.004, better: 'lower', loop: 1.004, other: 1 })).toBe('even');
  });

  test('a median of zero or below makes the ratio meaningless', () => {
    expect(verdict({ ratio: -2, better: 'lower', loop: -6, other: 3 })).toBe('not comparable (a median ≤ 0)');
  });
});

describe('factorWords', () => {
  test('below 1 reads as worse by the inverse', () => {
    expect(factorWords(0.25)).toBe('4.00× worse');
  });

  test('large factors keep thousands separators', () => {
    expect(factorWords(1234.5)).toBe('1,234.50× better');
  });

  test('no factor is a dash', () => {
    expect(factorWords(null)).toBe('—');
  });
});

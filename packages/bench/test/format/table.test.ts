import { describe, expect, test } from 'vitest';
import { formatTable } from '../../src/index.js';
import { RESULT } from './fixture.js';

describe('formatTable', () => {
  test('without colour: aligned columns, a bar per case scaled to the fastest, comparisons and warnings', () => {
    expect(formatTable(RESULT, { color: false, barWidth: 8 })).toBe(
      [
        'gather 10 sleeps (baseline: raw | baseline)',
        '  case                ops/s      mean ± rme        p50      p99  samples',
        '  raw | baseline    500,000  2.00 µs ±1.50%    1.90 µs  4.00 µs    1,200  ████',
        '  loop            1,000,000  1.00 µs ±0.75%  950.00 ns  2.50 µs    2,400  ████████',
        "  loop is 2.00 ± 0.03 times faster than raw | baseline (p < 0.001, Welch's t-test)",
        '  ⚠ "loop" returned undefined every time: the engine may optimise the work away. Return a value computed from the work (the runner keeps it alive).',
      ].join('\n'),
    );
  });

  test('bars resolve eighths of a cell', () => {
    const third = { ...RESULT, cases: [RESULT.cases[1]!, { ...RESULT.cases[0]!, stats: { ...RESULT.cases[0]!.stats, opsPerSecond: 1_000_000 / 3 } }] };
    const lines = formatTable(third, { color: false, barWidth: 8 }).split('\n');
    expect(lines[3]!.endsWith('  ██▋')).toBe(true);
  });

  test('with colour: ANSI styles, and no escape codes at all without', () => {
    expect(formatTable(RESULT, { color: true })).toContain('\u001b[32m');
    expect(formatTable(RESULT, { color: false })).not.toContain('\u001b');
  });

  test('a bar width below 1 is a RangeError', () => {
    expect(() => formatTable(RESULT, { color: false, barWidth: 0 })).toThrow(new RangeError('formatTable(results, options): options.barWidth must be an integer >= 1, got 0'));
  });
});

import { describe, expect, test } from 'vitest';
import { toMarkdown } from '../../src/index.js';
import { RESULT } from './fixture.js';

describe('toMarkdown', () => {
  test('a heading, the baseline, a table, the comparisons and the warnings; pipes in names escaped', () => {
    expect(toMarkdown(RESULT)).toBe(
      [
        '## gather 10 sleeps',
        '',
        'Baseline: raw \\| baseline',
        '',
        '| Case | ops/s | Mean | ± | p50 | p99 | Samples |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        '| raw \\| baseline | 500,000 | 2.00 µs | ±1.50% | 1.90 µs | 4.00 µs | 1,200 |',
        '| loop | 1,000,000 | 1.00 µs | ±0.75% | 950.00 ns | 2.50 µs | 2,400 |',
        '',
        "- loop is 2.00 ± 0.03 times faster than raw \\| baseline (p < 0.001, Welch's t-test)",
        '',
        '> ⚠ "loop" returned undefined every time: the engine may optimise the work away. Return a value computed from the work (the runner keeps it alive).',
        '',
      ].join('\n'),
    );
  });

  test('several suites are separated by a blank line', () => {
    const twice = toMarkdown([RESULT, { ...RESULT, name: 'second' }]);
    expect(twice.match(/^## /gm)).toHaveLength(2);
    expect(twice).toContain('alive).\n\n## second\n');
  });

  test('something that is not a result is a TypeError', () => {
    expect(() => toMarkdown([{}] as never)).toThrow(new TypeError('toMarkdown(results): results[0] must be a runBench() result, got an object'));
  });
});

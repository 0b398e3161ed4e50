import { describe, expect, test } from 'vitest';
import { JSON_SCHEMA, fromJson, toJson } from '../../src/index.js';
import { RESULT } from './fixture.js';

describe('toJson / fromJson', () => {
  test('round-trips results, raw samples included', () => {
    expect(fromJson(toJson([RESULT, RESULT]))).toEqual([RESULT, RESULT]);
  });

  test('the document is tagged with its schema', () => {
    const document = JSON.parse(toJson(RESULT)) as { schema: string; suites: unknown[] };
    expect([document.schema, document.suites.length]).toEqual([JSON_SCHEMA, 1]);
    expect(JSON_SCHEMA).toBe('loop-bench/1');
  });

  test('non-finite numbers are written as null (JSON has no Infinity)', () => {
    const zero = { ...RESULT, cases: [{ ...RESULT.cases[0]!, stats: { ...RESULT.cases[0]!.stats, mean: 0, rme: Infinity, opsPerSecond: Infinity } }] };
    const stats = (JSON.parse(toJson(zero)) as { suites: [{ cases: [{ stats: Record<string, unknown> }] }] }).suites[0].cases[0].stats;
    expect([stats['rme'], stats['opsPerSecond']]).toEqual([null, null]);
  });

  test('a document of another kind is a TypeError', () => {
    expect(() => fromJson('{"suites": []}')).toThrow(
      new TypeError('fromJson(text): not a loop-bench results document (expected "schema": "loop-bench/1" and a "suites" array)'),
    );
  });
});

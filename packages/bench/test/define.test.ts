import { describe, expect, test } from 'vitest';
import { defineBench, isSuite, suite } from '../src/index.js';

describe('defineBench', () => {
  test('makes a case with the real clock by default', () => {
    const fn = () => 1;
    expect(defineBench('one', fn)).toEqual({ kind: 'loop-bench.case', name: 'one', fn, clock: 'real' });
  });

  test('an empty name is a TypeError', () => {
    expect(() => defineBench('', () => 1)).toThrow(new TypeError('defineBench(name, fn): name must be a non-empty string, got ""'));
  });

  test('a body that is not a function is a TypeError', () => {
    expect(() => defineBench('x', 42 as never)).toThrow(new TypeError('defineBench(name, fn): fn must be a function, got 42'));
  });

  test('an async generator function is a TypeError: nothing would run it', () => {
    expect(() => defineBench('x', async function* () {})).toThrow(
      new TypeError('defineBench(name, fn): fn must not be an async generator function (nothing would run it); use a coroutine (function*) or an async function'),
    );
  });

  test('an unknown clock is a RangeError', () => {
    expect(() => defineBench('x', () => 1, { clock: 'fake' as never })).toThrow(
      new RangeError(`defineBench(name, fn, options): options.clock must be 'real' or 'virtual', got "fake"`),
    );
  });
});

describe('suite', () => {
  test('an object of functions becomes cases in key order', () => {
    const s = suite('s', { b: () => 2, a: () => 1 });
    expect(s.cases.map((c) => c.name)).toEqual(['b', 'a']);
    expect([s.kind, s.baseline, isSuite(s)]).toEqual(['loop-bench.suite', undefined, true]);
  });

  test('an array of defineBench cases keeps their options', () => {
    const s = suite('s', [defineBench('v', function* () {}, { clock: 'virtual' })], { baseline: 'v' });
    expect([s.cases[0]?.clock, s.baseline]).toEqual(['virtual', 'v']);
  });

  test('a baseline that names no case is a RangeError listing the cases', () => {
    expect(() => suite('s', { a: () => 1, b: () => 2 }, { baseline: 'c' })).toThrow(
      new RangeError('suite(name, cases, options): options.baseline must name a case of suite "s" (a, b), got "c"'),
    );
  });

  test('two cases with one name are a RangeError', () => {
    expect(() => suite('s', [defineBench('a', () => 1), defineBench('a', () => 2)])).toThrow(new RangeError('suite(name, cases): two cases are named "a" in suite "s"'));
  });

  test('no cases is a RangeError', () => {
    expect(() => suite('s', {})).toThrow(new RangeError('suite(name, cases): suite "s" has no cases'));
  });

  test('a non-function case is a TypeError naming it', () => {
    expect(() => suite('s', { a: 'nope' as never })).toThrow(new TypeError('suite(name, cases): cases["a"] must be a function, got "nope"'));
  });

  test('isSuite rejects look-alikes', () => {
    expect([isSuite({ name: 's', cases: [] }), isSuite(null), isSuite('suite')]).toEqual([false, false, false]);
  });
});

import { describe, expect, test } from 'vitest';
import { main, odds } from '../../src/lesson/generators.js';

describe('lesson step 1: the generator odds(start, stop)', () => {
  test('yields the odd numbers from start to stop, both included', () => {
    expect([...odds(3, 15)]).toEqual([3, 5, 7, 9, 11, 13, 15]);
  });

  test('starts at the first odd number when start is even', () => {
    expect([...odds(4, 10)]).toEqual([5, 7, 9]);
  });

  test('yields nothing when start is past stop', () => {
    expect([...odds(9, 3)]).toEqual([]);
  });

  test('produces values on demand, one per next()', () => {
    const g = odds(3, 15);
    expect(g.next()).toEqual({ done: false, value: 3 });
    expect(g.next()).toEqual({ done: false, value: 5 });
  });

  test('is consumed once: a second spread is empty', () => {
    const g = odds(3, 7);
    expect([...g]).toEqual([3, 5, 7]);
    expect([...g]).toEqual([]);
  });

  test('destructures like a tuple', () => {
    const [first, second, ...rest] = odds(21, 29);
    expect([first, second, rest]).toEqual([21, 23, [25, 27, 29]]);
  });

  test('main prints the list, the exhausted list, the destructured and the readonly tuple', () => {
    const lines: string[] = [];
    main((line) => lines.push(line));
    expect(lines).toEqual([
      '[3, 5, 7, 9, 11, 13, 15]',
      '[]',
      'first 21, second 23, rest [25, 27, 29]',
      '(21, 23, 25, 27, 29), a readonly tuple of 5',
    ]);
  });
});

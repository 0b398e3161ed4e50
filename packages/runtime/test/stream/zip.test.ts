import { describe, expect, expectTypeOf, test } from 'vitest';
import { collect, pipe, run, sleep, stream, zip, type Stream } from '../../src/index.js';
import { numbers, thrownBy, timed, timeline, virtual } from './sources.js';

describe('zip', () => {
  test('pairs values by position; a tuple is ready when its slowest value is, and the stream ends when the first source ends', async () => {
    const log: string[] = [];
    const a = timed(
      [
        [10, 0],
        [20, 1],
        [30, 2],
      ],
      log,
      'a',
    );
    const b = timed(
      [
        [15, 'x'],
        [40, 'y'],
      ],
      log,
      'b',
    );
    const result = await run(timeline(zip(a, b)), virtual());
    expect(result).toEqual({
      values: [
        [[0, 'x'], 15],
        [[1, 'y'], 40],
      ],
      end: 40,
    });
    expect(log).toEqual(['b finally at 40', 'a finally at 40']);
  });

  test('the zipped type is a tuple of the sources’ types', () => {
    expectTypeOf(zip(numbers(), timed([[1, 'x']]))).toEqualTypeOf<Stream<[number, string]>>();
  });

  test('zips three endless and finite sources until the shortest ends', async () => {
    const result = await run(pipe(zip(numbers(), numbers([], 'b', 2), numbers()), collect()), virtual());
    expect(result).toEqual([
      [0, 0, 0],
      [1, 1, 1],
    ]);
  });

  test('an error in a source is thrown and the other sources are closed', async () => {
    const log: string[] = [];
    const failing = stream<number>(function* () {
      yield 1;
      yield* sleep(5);
      throw new TypeError('b broke');
    });
    const { error, at } = await run(thrownBy(pipe(zip(numbers(log, 'a'), failing), collect())), virtual());
    expect(error).toEqual(new TypeError('b broke'));
    expect(at).toBe(5);
    expect(log).toEqual(['a finally']);
  });

  test('zip() with no source is an empty stream', async () => {
    expect(await run(pipe(zip(), collect()), virtual())).toEqual([]);
  });

  test('a source that is not a stream is a TypeError at the call', () => {
    expect(() => zip(numbers(), null as unknown as Stream<number>)).toThrow(
      new TypeError('zip(...sources): argument 1: expected a Stream or an AsyncIterable, got null'),
    );
  });
});

import { describe, expect, expectTypeOf, test } from 'vitest';
import { collect, forEach, merge, pipe, run, sleep, stream, take, type Stream } from '../../src/index.js';
import { now, thrownBy, timed, timeline, virtual } from './sources.js';

describe('merge', () => {
  test('reads all sources at once and yields values in the order they arrive, at their exact times', async () => {
    const a = timed([
      [10, 'a1'],
      [30, 'a2'],
    ]);
    const b = timed(
      [
        [20, 'b1'],
        [25, 'b2'],
      ],
      [],
      'b',
      60,
    );
    const result = await run(timeline(merge(a, b)), virtual());
    expect(result).toEqual({
      values: [
        ['a1', 10],
        ['b1', 20],
        ['b2', 25],
        ['a2', 30],
      ],
      end: 60,
    });
  });

  test('the merged type is the union of the sources’ types', () => {
    const merged = merge(timed([[1, 1]]), timed([[1, 'x']]));
    expectTypeOf(merged).toEqualTypeOf<Stream<number | string>>();
  });

  test('an error in one source is thrown after the values that arrived before it, and the other sources are closed first', async () => {
    const log: string[] = [];
    const failing = stream<number>(function* () {
      yield* sleep(15);
      throw new TypeError('b broke');
    });
    const got: [number, number][] = [];
    const a = timed(
      [
        [10, 1],
        [20, 2],
      ],
      log,
      'a',
    );
    const { error, at } = await run(
      thrownBy(
        forEach(merge(a, failing), function* (n) {
          got.push([n, yield* now()]);
        }),
      ),
      virtual(),
    );
    expect(got).toEqual([[1, 10]]);
    expect(error).toEqual(new TypeError('b broke'));
    expect(at).toBe(15);
    expect(log).toEqual(['a finally at 15']);
  });

  test('stopping early closes every source', async () => {
    const log: string[] = [];
    const values = await run(pipe(merge(timed([[10, 'a']], log, 'a', 100), timed([[20, 'b'], [30, 'c']], log, 'b')), take(2), collect()), virtual());
    expect(values).toEqual(['a', 'b']);
    expect(log).toEqual(['b finally at 20', 'a finally at 20']);
  });

  test('merge() with no source is an empty stream', async () => {
    expect(await run(pipe(merge(), collect()), virtual())).toEqual([]);
  });

  test('a source that is not a stream is a TypeError at the call, naming its position', () => {
    expect(() => merge(timed([[1, 1]]), 5 as unknown as Stream<number>)).toThrow(
      new TypeError('merge(...sources): argument 1: expected a Stream or an AsyncIterable, got number 5'),
    );
  });
});

import { describe, expect, expectTypeOf, test } from 'vitest';
import { collect, concat, pipe, run, sleep, stream, take, type Stream } from '../../src/index.js';
import { numbers, thrownBy, timed, timeline, virtual } from './sources.js';

describe('concat', () => {
  test('yields every value of each source in turn, at their exact times', async () => {
    const result = await run(
      timeline(
        concat(
          timed([
            [10, 'a1'],
            [20, 'a2'],
          ]),
          timed([[5, 'b1']]),
        ),
      ),
      virtual(),
    );
    expect(result).toEqual({
      values: [
        ['a1', 10],
        ['a2', 20],
        ['b1', 25],
      ],
      end: 25,
    });
  });

  test('opens each source only after the previous one has ended and been closed', async () => {
    const log: string[] = [];
    const source = (name: string): Stream<string> =>
      stream(function* () {
        log.push(`${name} opened`);
        try {
          yield name;
        } finally {
          log.push(`${name} finally`);
        }
      });
    expect(await run(pipe(concat(source('a'), source('b')), collect()), virtual())).toEqual(['a', 'b']);
    expect(log).toEqual(['a opened', 'a finally', 'b opened', 'b finally']);
  });

  test('an error in a source ends the stream; the sources after it are never opened', async () => {
    let opened = false;
    const failing = stream<number>(function* () {
      yield* sleep(5);
      throw new TypeError('a broke');
    });
    const later = stream(function* () {
      opened = true;
      yield 1;
    });
    const { error, at } = await run(thrownBy(pipe(concat(failing, later), collect())), virtual());
    expect(error).toEqual(new TypeError('a broke'));
    expect(at).toBe(5);
    expect(opened).toBe(false);
  });

  test('stopping early closes the source being read', async () => {
    const log: string[] = [];
    expect(await run(pipe(concat(numbers(log, 'a', 2), numbers(log, 'b')), take(3), collect()), virtual())).toEqual([0, 1, 0]);
    expect(log).toEqual(['a finally', 'b finally']);
  });

  test('the concatenated type is the union of the sources’ types', () => {
    expectTypeOf(concat(numbers(), timed([[1, 'x']]))).toEqualTypeOf<Stream<number | string>>();
  });

  test('a source that is not a stream is a TypeError at the call', () => {
    expect(() => concat({} as Stream<number>)).toThrow(new TypeError('concat(...sources): argument 0: expected a Stream or an AsyncIterable, got an object'));
  });
});

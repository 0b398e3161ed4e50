import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  CancelledError,
  race,
  run,
  shield,
  sleep,
  spawn,
  type ExceptionContext,
  type Operation,
} from '../../src/index.js';
import { after, failAfterMs, now, virtual } from './support.js';

/** Sleeps `ms` and returns `name`; on cancellation logs the reason and time after `cleanupMs` of shielded cleanup. */
function* contestant(log: string[], name: string, ms: number, cleanupMs = 0): Operation<string> {
  try {
    yield* sleep(ms);
    return name;
  } catch (e) {
    if (cleanupMs > 0) yield* shield(sleep(cleanupMs));
    log.push(`${name} ${e instanceof CancelledError ? `cancelled (${String(e.reason)})` : 'failed'} at ${yield* shield(now())}`);
    throw e;
  }
}

describe('race', () => {
  test('the first operation to return wins and its value is returned', async () => {
    const result = await run(function* () {
      const winner = yield* race(after(30, 'slow'), after(10, 'fast'), after(20, 'medium'));
      return { winner, time: yield* now() };
    }, virtual());
    expect(result).toEqual({ winner: 'fast', time: 10 });
  });

  test('the result type is the union of the operations’ result types', async () => {
    await run(function* () {
      const winner = yield* race(after(1, 1), after(2, 'two'));
      expectTypeOf(winner).toEqualTypeOf<number | string>();
    }, virtual());
  });

  test('the losers are cancelled with reason "another operation won the race" and awaited before race returns', async () => {
    const log: string[] = [];
    const result = await run(function* () {
      const winner = yield* race(contestant(log, 'a', 100, 5), contestant(log, 'b', 10), contestant(log, 'c', 100));
      log.push(`race returned ${winner} at ${yield* now()}`);
      return winner;
    }, virtual());
    expect(result).toBe('b');
    expect(log).toEqual([
      'c cancelled (another operation won the race) at 10',
      'a cancelled (another operation won the race) at 15',
      'race returned b at 15',
    ]);
  });

  test('the first operation to throw wins: its error is thrown after the others are cancelled', async () => {
    const log: string[] = [];
    const boom = new RangeError('boom');
    const caught = await run(function* () {
      try {
        yield* race(contestant(log, 'slow', 100, 5), failAfterMs(10, boom));
        return null;
      } catch (e) {
        log.push(`caught at ${yield* now()}`);
        return e;
      }
    }, virtual());
    expect(caught).toBe(boom);
    expect(log).toEqual(['slow cancelled (another operation won the race) at 15', 'caught at 15']);
  });

  test('an operation that finishes in its first step wins over ones that wait', async () => {
    const result = await run(function* () {
      return yield* race(sleep(0), after(0, 'zero-ms sleep'), function* () {
        return 'immediate';
      }());
    }, virtual());
    expect(result).toBe('immediate');
  });

  test('of two operations finishing at the same time, the one whose timer was set first wins', async () => {
    const result = await run(function* () {
      return yield* race(after(10, 'first timer'), after(10, 'second timer'));
    }, virtual());
    expect(result).toBe('first timer');
  });

  test('a single operation races alone and its value is returned', async () => {
    const result = await run(function* () {
      return yield* race(after(7, 'only'));
    }, virtual());
    expect(result).toBe('only');
  });

  test('race() with no operations is a RangeError', () => {
    expect(() => race()).toThrow(new RangeError('race(...ops): needs at least one operation (an empty race would never finish)'));
  });

  test('a non-operation argument is a TypeError naming its index', () => {
    expect(() => race(sleep(1), 'text' as unknown as Operation<string>)).toThrow(
      new TypeError('race(...ops): argument 1: expected an operation (a generator object or a runtime operation such as sleep(ms)), got string "text"'),
    );
  });

  test('a loser failing during its cancellation is reported to the exception handler', async () => {
    const contexts: ExceptionContext[] = [];
    const lost = new TypeError('cleanup failed');
    const result = await run(function* () {
      return yield* race(
        after(10, 'winner'),
        function* () {
          try {
            yield* sleep(100);
          } catch {
            throw lost;
          }
        }(),
      );
    }, { ...virtual(), exceptionHandler: (_loop, context) => contexts.push(context) });
    expect(result).toBe('winner');
    expect(contexts.map(({ message, exception }) => ({ message, exception }))).toEqual([
      { message: 'race(): task "Task-3" also failed while the others were being cancelled', exception: lost },
    ]);
  });

  test('cancelling the racing task cancels every contestant and race throws CancelledError after they finished', async () => {
    const log: string[] = [];
    const seen = await run(function* () {
      const task = yield* spawn(function* () {
        try {
          return yield* race(contestant(log, 'a', 100, 5), contestant(log, 'b', 100));
        } catch (e) {
          log.push(`racer caught ${(e as Error).name} (${String((e as CancelledError).reason)}) at ${yield* shield(now())}`);
          throw e;
        }
      }());
      yield* sleep(10);
      task.cancel('stop');
      try {
        yield* task;
      } catch {
        // expected
      }
      return task.cancelled();
    }, virtual());
    expect(seen).toBe(true);
    expect(log).toEqual(['b cancelled (stop) at 10', 'a cancelled (stop) at 15', 'racer caught CancelledError (stop) at 15']);
  });
});

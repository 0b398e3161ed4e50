import { describe, expect, test } from 'vitest';
import { Loop, Task, VirtualClock, gather, run, sleep, type ExceptionContext, type Operation, type Scheduler } from '../../src/index.js';

function* note(log: string[], name: string, ms = 0): Operation<void> {
  yield* sleep(ms);
  log.push(name);
}

function* first(log: string[], name: string): Operation<void> {
  log.push(name);
}

const names = (candidates: readonly unknown[]): string[] => candidates.map((entry) => (entry instanceof Task ? entry.name : 'callback'));

describe('Scheduler: the order of same-time work, for schedule exploration', () => {
  test('pick() sees the entries of a pass in FIFO order and its choice runs next: always the last gives LIFO', async () => {
    const log: string[] = [];
    const seen: string[][] = [];
    const lifo: Scheduler = {
      pick(candidates) {
        seen.push(names(candidates));
        return candidates.length - 1;
      },
    };
    await run(function* () {
      yield* gather(first(log, 'a'), first(log, 'b'), first(log, 'c'));
    }, { clock: new VirtualClock(), scheduler: lifo });
    expect(log).toEqual(['c', 'b', 'a']);
    expect(seen[0]).toEqual(['Task-2', 'Task-3', 'Task-4']);
  });

  test('returning 0 every time is plain FIFO', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* gather(note(log, 'a', 10), note(log, 'b', 10), note(log, 'c', 10));
    }, { clock: new VirtualClock(), scheduler: { pick: () => 0 } });
    expect(log).toEqual(['a', 'b', 'c']);
  });

  test('jitter() delays timers, so of two equal sleeps the later-set one can end first', async () => {
    const log: string[] = [];
    const extra = [5, 0];
    const time = await run(function* () {
      yield* gather(note(log, 'a', 10), note(log, 'b', 10));
      return (yield* sleep(0), 0);
    }, { clock: new VirtualClock(), scheduler: { pick: () => 0, jitter: () => extra.shift() ?? 0 } });
    expect(log).toEqual(['b', 'a']);
    expect(time).toBe(0);
  });

  test('an index out of range is reported to the exception handler and the first candidate runs', async () => {
    const log: string[] = [];
    const reported: ExceptionContext[] = [];
    await run(function* () {
      yield* gather(note(log, 'a'), note(log, 'b'));
    }, { clock: new VirtualClock(), scheduler: { pick: () => 7 }, exceptionHandler: (_loop, context) => reported.push(context) });
    expect(log).toEqual(['a', 'b']);
    expect(reported[0]?.message).toBe('scheduler.pick(candidates) returned number 7, not an index from 0 to 1; running the first candidate');
  });

  test('a scheduler without pick() and one given together with seed are TypeErrors at the call', () => {
    expect(() => new Loop({ scheduler: {} as Scheduler })).toThrow(
      new TypeError('new Loop(options): options.scheduler must be an object with a pick(candidates) method (and an optional jitter(delay)), got an object'),
    );
    expect(() => new Loop({ scheduler: { pick: () => 0 }, seed: 1 })).toThrow(
      new TypeError('new Loop(options): options.seed and options.scheduler both decide the order of same-time work; pass one of them'),
    );
  });
});

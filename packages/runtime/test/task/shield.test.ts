import { describe, expect, test } from 'vitest';
import {
  CancelledError,
  currentTask,
  gather,
  moveOnAfter,
  timeout,
  run,
  shield,
  sleep,
  spawn,
  type Operation,
} from '../../src/index.js';
import { after, catching, now, virtual } from './support.js';

describe('shield', () => {
  test('returns the value of the shielded operation', async () => {
    const value = await run(function* () {
      return yield* shield(after(10, 'v'));
    }, virtual());
    expect(value).toBe('v');
  });

  test('rethrows the error of the shielded operation', async () => {
    const boom = new RangeError('boom');
    const error = await run(function* () {
      return yield* catching(
        shield(function* () {
          yield* sleep(10);
          throw boom;
        }()),
      );
    }, virtual());
    expect(error).toBe(boom);
  });

  test('the shielded operation completes despite cancellation of the task', async () => {
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(function* () {
        const value = yield* shield(after(100, 'saved', log));
        log.push(`shield returned ${value} at ${yield* shield(now())}`);
      }());
      yield* sleep(10);
      log.push(`cancel at ${yield* now()}: ${String(task.cancel('stop'))}`);
      yield* catching(task);
    }, virtual());
    expect(log).toEqual(['cancel at 10: true', 'saved finished at 100', 'shield returned saved at 100']);
  });

  test('the next suspension point after the shield throws CancelledError with the cancel reason (level-triggered)', async () => {
    const log: string[] = [];
    const seen = await run(function* () {
      const task = yield* spawn(function* () {
        yield* shield(sleep(100));
        log.push('code after the shield runs');
        try {
          yield* sleep(0);
          log.push('not reached');
        } catch (e) {
          log.push(`${(e as Error).name} (${String((e as CancelledError).reason)}) at ${yield* shield(now())}`);
          throw e;
        }
      }());
      yield* sleep(10);
      task.cancel('stop');
      yield* catching(task);
      return task.cancelled();
    }, virtual());
    expect(seen).toBe(true);
    expect(log).toEqual(['code after the shield runs', 'CancelledError (stop) at 100']);
  });

  test('a shield entered after the task was cancelled still protects its operation', async () => {
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(function* () {
        try {
          yield* sleep(100);
        } finally {
          log.push(`cleanup starts at ${yield* shield(now())}`);
          yield* shield(sleep(50));
          log.push(`cleanup ends at ${yield* shield(now())}`);
        }
      }());
      yield* sleep(10);
      task.cancel();
      yield* catching(task);
      log.push(`joined at ${yield* now()}`);
    }, virtual());
    expect(log).toEqual(['cleanup starts at 10', 'cleanup ends at 60', 'joined at 60']);
  });

  test('a gather inside a shield is not cancelled by cancellation of the task', async () => {
    const log: string[] = [];
    const seen = await run(function* () {
      const task = yield* spawn(function* () {
        return yield* shield(gather(after(30, 'a', log), after(50, 'b', log)));
      }());
      yield* sleep(10);
      task.cancel();
      yield* catching(task);
      return task.result();
    }, virtual());
    expect(seen).toEqual(['a', 'b']);
    expect(log).toEqual(['a finished at 30', 'b finished at 50']);
  });

  test('a shield inside a deadline keeps its work running past it; moveOnAfter then reports timedOut: false with the value', async () => {
    const result = await run(function* () {
      const outcome = yield* moveOnAfter(20, shield(after(100, 'late value')));
      return { outcome, time: yield* now() };
    }, virtual());
    expect(result).toEqual({ outcome: { timedOut: false, value: 'late value' }, time: 100 });
  });

  test('timeout(10, shield(op)) returns the value op finished with at 100, not TimeoutError: the commit happened', async () => {
    const result = await run(function* () {
      const value = yield* timeout(10, shield(after(100, 'done')));
      return { value, time: yield* now() };
    }, virtual());
    expect(result).toEqual({ value: 'done', time: 100 });
  });

  test('after a shielded operation finishes past the deadline, the next suspension outside the shield is not cancelled by the left scope', async () => {
    const result = await run(function* () {
      yield* timeout(10, shield(after(100, 'done')));
      yield* sleep(5);
      return yield* now();
    }, virtual());
    expect(result).toBe(105);
  });

  test('code outside the shield but inside the cancelled task is still cancelled: only the shielded operation is protected', async () => {
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(function* () {
        try {
          yield* sleep(50);
          yield* shield(sleep(100));
          log.push('not reached');
        } catch (e) {
          log.push(`cancelled before the shield at ${yield* shield(now())}`);
          throw e;
        }
      }());
      yield* sleep(10);
      task.cancel();
      yield* catching(task);
    }, virtual());
    expect(log).toEqual(['cancelled before the shield at 10']);
  });

  test('a task spawned with spawn() inside a shield belongs to the task, so it is still cancelled with the task', async () => {
    const log: string[] = [];
    const error = await run(function* () {
      const task = yield* spawn(function* () {
        return yield* shield(function* () {
          const child = yield* spawn(after(100, 'child', log));
          return yield* child;
        }());
      }());
      yield* sleep(10);
      task.cancel('stop');
      return yield* catching(task);
    }, virtual());
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).reason).toBe('stop');
    expect(log).toEqual([]);
  });

  test('the task’s own cancel() while inside the shield is deferred to the first suspension after it', async () => {
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(function* () {
        yield* shield(function* () {
          (yield* currentTask()).cancel('self');
          yield* sleep(10);
          log.push(`inside shield still sleeps, at ${yield* now()}`);
        }());
        try {
          yield* sleep(0);
        } catch (e) {
          log.push(`after shield: ${(e as CancelledError).reason as string}`);
          throw e;
        }
      }());
      yield* catching(task);
    }, virtual());
    expect(log).toEqual(['inside shield still sleeps, at 10', 'after shield: self']);
  });

  test('shield of a non-operation is a TypeError', () => {
    expect(() => shield(undefined as unknown as Operation<void>)).toThrow(
      new TypeError('shield(op): expected an operation (a generator object or a runtime operation such as sleep(ms)), got undefined'),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CapacityLimiter, InvalidStateError, WouldBlock, currentTask, gather, run, sleep, spawn, taskGroup, type Operation } from '../../src/index.js';
import { holder, now, spawnAll, virtual } from './support.js';

describe('CapacityLimiter', () => {
  test('20 concurrent tasks never hold more than totalTokens at once, and all finish', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(3);
      let inside = 0;
      const observed: number[] = [];
      const finished: string[] = [];
      yield* taskGroup(function* (group) {
        for (let i = 0; i < 20; i++) {
          group.spawn(
            function* () {
              yield* limiter.acquire();
              try {
                inside++;
                observed.push(inside);
                yield* sleep(10);
                finished.push(`${i}@${yield* now()}`);
              } finally {
                inside--;
                limiter.release();
              }
            }(),
          );
        }
      });
      return { most: Math.max(...observed), entries: observed.length, finished, time: yield* now(), borrowed: limiter.borrowedTokens };
    }, virtual());
    expect(seen).toEqual({
      most: 3,
      entries: 20,
      finished: Array.from({ length: 20 }, (_, i) => `${i}@${10 * (Math.floor(i / 3) + 1)}`),
      time: 70,
      borrowed: 0,
    });
  });

  test('tasks waiting for a token get one in the order they asked', async () => {
    const log: string[] = [];
    await run(function* () {
      const limiter = new CapacityLimiter(1);
      yield* gather(...['a', 'b', 'c'].map((name) => holder(name, limiter.permit(), 10, log)));
    }, virtual());
    expect(log).toEqual(['a in at 0', 'b in at 10', 'c in at 20']);
  });

  test('raising totalTokens lets waiting tasks in at once', async () => {
    const log: string[] = [];
    await run(function* () {
      const limiter = new CapacityLimiter(1);
      const tasks = yield* spawnAll(['a', 'b', 'c', 'd'].map((name) => holder(name, limiter.permit(), 100, log)));
      yield* sleep(5);
      limiter.totalTokens = 3;
      log.push(`raised: borrowed ${limiter.borrowedTokens}, available ${limiter.availableTokens}`);
      yield* gather(...tasks);
    }, virtual());
    expect(log).toEqual(['a in at 0', 'raised: borrowed 3, available 0', 'b in at 5', 'c in at 5', 'd in at 100']);
  });

  test('lowering totalTokens below borrowedTokens only stops new grants until enough are released', async () => {
    const log: string[] = [];
    await run(function* () {
      const limiter = new CapacityLimiter(3);
      const tasks = yield* spawnAll([holder('a', limiter.permit(), 10, log), holder('b', limiter.permit(), 20, log), holder('c', limiter.permit(), 30, log), holder('d', limiter.permit(), 5, log)]);
      yield* sleep(1);
      limiter.totalTokens = 1;
      log.push(`lowered: borrowed ${limiter.borrowedTokens}, available ${limiter.availableTokens}`);
      yield* gather(...tasks);
    }, virtual());
    expect(log).toEqual(['a in at 0', 'b in at 0', 'c in at 0', 'lowered: borrowed 3, available 0', 'd in at 30']);
  });

  test('acquireNowait borrows a free token, and throws WouldBlock when none is free or tasks are waiting', async () => {
    const log: string[] = [];
    await run(function* () {
      const limiter = new CapacityLimiter(1);
      limiter.acquireNowait();
      log.push(`borrowed ${limiter.borrowedTokens}`);
      try {
        limiter.acquireOnBehalfOfNowait('second');
      } catch (error) {
        log.push(`${(error as Error).name}: ${(error as Error).message}`);
      }
      const waiter = yield* spawn(limiter.acquire());
      yield* sleep(0);
      limiter.totalTokens = 2; // the waiter takes the new token
      yield* waiter;
      log.push(`borrowed ${limiter.borrowedTokens}`);
    }, virtual());
    expect(log).toEqual([
      'borrowed 1',
      'WouldBlock: capacityLimiter.acquireOnBehalfOfNowait(borrower): no token is free (1 of 1 borrowed, 0 waiting); use yield* limiter.acquire() to wait',
      'borrowed 2',
    ]);
  });

  test('acquireNowait does not jump ahead of a waiting task even when the total is raised', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(1);
      limiter.acquireNowait();
      yield* spawn(limiter.acquire());
      yield* sleep(0);
      let error: unknown = null;
      try {
        limiter.acquireOnBehalfOfNowait('late');
      } catch (e) {
        error = e;
      }
      return [error instanceof WouldBlock, limiter.borrowedTokens];
    }, virtual());
    expect(seen).toEqual([true, 1]);
  });

  test('a task cancelled while waiting takes no token', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(1);
      limiter.acquireNowait();
      const waiter = yield* spawn(limiter.acquire());
      yield* sleep(0);
      waiter.cancel();
      yield* sleep(0);
      limiter.release();
      return [waiter.cancelled(), limiter.borrowedTokens, limiter.availableTokens];
    }, virtual());
    expect(seen).toEqual([true, 0, 1]);
  });

  test('releasing on behalf of a borrower that holds no token throws InvalidStateError naming it', () => {
    const limiter = new CapacityLimiter(2);
    limiter.acquireOnBehalfOfNowait('job-1');
    limiter.releaseOnBehalfOf('job-1');
    expect(() => limiter.releaseOnBehalfOf('job-1')).toThrow(
      new InvalidStateError(
        'capacityLimiter.releaseOnBehalfOf(borrower): borrower string "job-1" holds none of this CapacityLimiter\'s tokens; release once per acquire, by the borrower (or use `using _ = yield* limiter.permit()`)',
      ),
    );
  });

  test('release() by a task that is not the borrower throws InvalidStateError naming the task; the token stays borrowed', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(1);
      const holder = yield* spawn(limiter.acquire(), { name: 'holder' });
      yield* holder;
      let message = '';
      try {
        limiter.release();
      } catch (error) {
        message = (error as Error).message;
      }
      return { message, borrowed: limiter.borrowedTokens, borrowers: limiter.statistics().borrowers };
    }, virtual());
    expect(seen.message).toBe(
      'capacityLimiter.release(): task "main" holds none of this CapacityLimiter\'s tokens; release once per acquire, by the borrower (or use `using _ = yield* limiter.permit()`)',
    );
    expect(seen.borrowed).toBe(1);
    expect(seen.borrowers).toHaveLength(1);
  });

  test('a borrower holds at most one token: a second acquire by the same task is an InvalidStateError, and nothing more is borrowed', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(5);
      yield* limiter.acquire();
      let message = '';
      try {
        yield* limiter.acquire();
      } catch (error) {
        message = `${(error as Error).name}: ${(error as Error).message}`;
      }
      return { message, borrowed: limiter.borrowedTokens };
    }, virtual());
    expect(seen).toEqual({
      message: 'InvalidStateError: capacityLimiter.acquire(): task "main" already holds one of this CapacityLimiter\'s tokens; a borrower holds at most one (release it first)',
      borrowed: 1,
    });
  });

  test('acquireOnBehalfOf records any object as the borrower, also when it had to wait; statistics() lists borrowers in grant order and counts waiters', async () => {
    const log: unknown[] = [];
    await run(function* () {
      const limiter = new CapacityLimiter(2);
      const [a, b, c] = [{ request: 'a' }, { request: 'b' }, { request: 'c' }];
      yield* limiter.acquireOnBehalfOf(a);
      yield* limiter.acquireOnBehalfOf(b);
      const waiter = yield* spawn(limiter.acquireOnBehalfOf(c));
      yield* sleep(0);
      log.push(limiter.statistics());
      limiter.releaseOnBehalfOf(a);
      yield* waiter;
      log.push(limiter.statistics());
    }, virtual());
    expect(log).toEqual([
      { borrowers: [{ request: 'a' }, { request: 'b' }], tasksWaiting: 1, totalTokens: 2, borrowedTokens: 2 },
      { borrowers: [{ request: 'b' }, { request: 'c' }], tasksWaiting: 0, totalTokens: 2, borrowedTokens: 2 },
    ]);
  });

  test('permit() borrows for the current task and its Disposable releases on that task\'s behalf, once', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(1);
      const me = yield* currentTask();
      const token = yield* limiter.permit();
      const during = limiter.statistics().borrowers;
      token[Symbol.dispose]();
      token[Symbol.dispose]();
      return { heldByMe: during.length === 1 && during[0] === me, borrowed: limiter.borrowedTokens };
    }, virtual());
    expect(seen).toEqual({ heldByMe: true, borrowed: 0 });
  });

  test('permit() by a task that already holds a token is an InvalidStateError naming permit(), and borrows nothing', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(2);
      using _first = yield* limiter.permit();
      try {
        yield* limiter.permit();
        return 'borrowed twice';
      } catch (error) {
        return { error: String(error), borrowed: limiter.borrowedTokens };
      }
    }, virtual());
    expect(seen).toEqual({
      error: 'InvalidStateError: capacityLimiter.permit(): task "main" already holds one of this CapacityLimiter\'s tokens; a borrower holds at most one (release it first)',
      borrowed: 1,
    });
  });

  test('one permit() operation run twice borrows twice, each time for the task running it', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(1);
      const permit = limiter.permit();
      const times: number[] = [];
      yield* taskGroup(function* (group) {
        for (const hold of [5, 7]) {
          group.spawn(
            function* () {
              using _ = yield* permit;
              yield* sleep(hold);
              times.push(yield* now());
            }(),
          );
        }
      });
      return { times, borrowed: limiter.borrowedTokens };
    }, virtual());
    expect(seen).toEqual({ times: [5, 12], borrowed: 0 });
  });

  test('one acquire() operation run by two tasks borrows for each task in turn, and each releases its own token', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(1);
      const acquire = limiter.acquire();
      const holders: string[] = [];
      yield* taskGroup(function* (group) {
        for (const name of ['a', 'b']) {
          group.spawn(
            function* () {
              yield* acquire;
              const me = yield* currentTask();
              holders.push(`${name}: ${limiter.statistics().borrowers[0] === me} at ${yield* now()}`);
              yield* sleep(5);
              limiter.release();
            }(),
            { name },
          );
        }
      });
      return { holders, borrowed: limiter.borrowedTokens };
    }, virtual());
    expect(seen).toEqual({ holders: ['a: true at 0', 'b: true at 5'], borrowed: 0 });
  });

  test('one acquireOnBehalfOf(borrower) operation run twice borrows for that borrower both times', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(1);
      const request = { id: 'request-1' };
      const acquire = limiter.acquireOnBehalfOf(request);
      const borrowers: boolean[] = [];
      for (let i = 0; i < 2; i++) {
        yield* acquire;
        borrowers.push(limiter.statistics().borrowers[0] === request);
        limiter.releaseOnBehalfOf(request);
      }
      return { borrowers, borrowed: limiter.borrowedTokens };
    }, virtual());
    expect(seen).toEqual({ borrowers: [true, true], borrowed: 0 });
  });

  test('property: whichever tasks run one shared acquire() or permit() operation, each hold is recorded for the task holding it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('acquire', 'permit'),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.record({ start: fc.integer({ min: 0, max: 5 }), hold: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 6 }),
        async (form, tokens, users) => {
          const seen = await run(function* () {
            const limiter = new CapacityLimiter(tokens);
            const shared = form === 'acquire' ? limiter.acquire() : limiter.permit();
            const mismatches: string[] = [];
            yield* taskGroup(function* (group) {
              users.forEach(({ start, hold }, i) => {
                group.spawn(
                  function* () {
                    yield* sleep(start);
                    const token = yield* shared;
                    const me = yield* currentTask();
                    if (!limiter.statistics().borrowers.includes(me)) mismatches.push(`user ${i} holds no token of its own`);
                    yield* sleep(hold);
                    if (token === undefined) limiter.release();
                    else token[Symbol.dispose]();
                  }(),
                );
              });
            });
            return { mismatches, borrowed: limiter.borrowedTokens };
          }, virtual());
          expect(seen).toEqual({ mismatches: [], borrowed: 0 });
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a task cancelled while waiting in permit() leaves the line, and the token goes to the next', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(1);
      const log: string[] = [];
      function* user(name: string, hold: number): Operation<void> {
        using _ = yield* limiter.permit();
        log.push(`${name} in at ${yield* now()}`);
        yield* sleep(hold);
      }
      const a = yield* spawn(user('a', 10));
      yield* sleep(1);
      const b = yield* spawn(user('b', 10));
      yield* sleep(1);
      const c = yield* spawn(user('c', 10));
      yield* sleep(1);
      b.cancel();
      yield* gather(a, c);
      return { log, waiting: limiter.statistics().tasksWaiting, borrowed: limiter.borrowedTokens, bCancelled: b.cancelled() };
    }, virtual());
    expect(seen).toEqual({ log: ['a in at 0', 'c in at 10'], waiting: 0, borrowed: 0, bCancelled: true });
  });

  test('acquireNowait() and release() outside a task are InvalidStateErrors: the borrower is the current task', () => {
    const limiter = new CapacityLimiter(1);
    expect(() => limiter.acquireNowait()).toThrow(InvalidStateError);
    expect(() => limiter.release()).toThrow('capacityLimiter.release() must run inside a task');
  });

  test('an infinite total never makes a task wait and counts what is borrowed', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(Infinity);
      for (let i = 0; i < 1000; i++) yield* limiter.acquireOnBehalfOf(i);
      const counts = [limiter.borrowedTokens, limiter.availableTokens];
      limiter.releaseOnBehalfOf(0);
      return [...counts, limiter.borrowedTokens, yield* now()];
    }, virtual());
    expect(seen).toEqual([1000, Infinity, 999, 0]);
  });

  test('using limiter.permit() returns the token when the block throws', async () => {
    const seen = await run(function* () {
      const limiter = new CapacityLimiter(2);
      function* failing(): Operation<void> {
        using _token = yield* limiter.permit();
        yield* sleep(1);
        throw new Error('boom');
      }
      try {
        yield* failing();
      } catch {
        // expected
      }
      return limiter.borrowedTokens;
    }, virtual());
    expect(seen).toBe(0);
  });

  test('totalTokens below 1 or fractional is a RangeError and a non-number a TypeError, in the constructor and the setter', () => {
    expect(() => new CapacityLimiter(0)).toThrow(new RangeError('new CapacityLimiter(totalTokens): totalTokens must be an integer >= 1 or Infinity, got 0'));
    expect(() => new CapacityLimiter(1.5)).toThrow(RangeError);
    expect(() => new CapacityLimiter('4' as unknown as number)).toThrow(new TypeError('new CapacityLimiter(totalTokens): totalTokens must be a number, got string "4"'));
    const limiter = new CapacityLimiter(2);
    expect(() => {
      limiter.totalTokens = -3;
    }).toThrow(new RangeError('capacityLimiter.totalTokens must be an integer >= 1 or Infinity, got -3'));
    expect(limiter.totalTokens).toBe(2);
  });
});

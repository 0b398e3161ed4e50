import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  call,
  CancelledError,
  currentTask,
  gather,
  moveOnAfter,
  run,
  shield,
  sleep,
  spawn,
  taskGroup,
  type Operation,
  type Task,
  type TaskGroup,
} from '../../src/index.js';
import { ScopeNode } from '../../src/task/scope.js';
import { after, catching, now, virtual } from './support.js';

/** Sleeps `ms`; on cancellation logs `name`, the reason and the time, and rethrows. */
function* sleeper(log: string[], name: string, ms: number): Operation<void> {
  try {
    yield* sleep(ms);
  } catch (e) {
    log.push(`${name} cancelled (${String((e as CancelledError).reason)}) at ${yield* shield(now())}`);
    throw e;
  }
}

function describeError(e: unknown): string {
  return e instanceof CancelledError ? `CancelledError(${String(e.reason)})` : String(e);
}

describe('level-triggered cancellation', () => {
  test('a task that catches CancelledError and suspends again gets another CancelledError', async () => {
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(function* () {
        try {
          yield* sleep(100);
        } catch (e) {
          log.push(`first: ${describeError(e)}`);
        }
        try {
          yield* sleep(100);
          log.push('not reached');
        } catch (e) {
          log.push(`second: ${describeError(e)} at ${yield* shield(now())}`);
          throw e;
        }
      }());
      yield* sleep(10);
      task.cancel('stop');
      yield* catching(task);
      log.push(`task cancelled: ${String(task.cancelled())}`);
    }, virtual());
    expect(log).toEqual(['first: CancelledError(stop)', 'second: CancelledError(stop) at 10', 'task cancelled: true']);
  });

  test('every suspension point throws the scope\'s CancelledError again while the task stays cancelled, so it cannot be swallowed', async () => {
    const errors: unknown[] = [];
    const seen = await run(function* () {
      const task = yield* spawn(function* () {
        for (let i = 0; i < 3; i++) {
          try {
            yield* sleep(1000);
          } catch (e) {
            errors.push(e);
          }
        }
        return 'gave up swallowing';
      }());
      yield* sleep(10);
      task.cancel('stop');
      const value = yield* task;
      return { value, time: yield* now(), cancelled: task.cancelled() };
    }, virtual());
    // Each of the three sleeps threw at once (time did not move): the scope's one CancelledError, thrown again.
    expect(seen).toEqual({ value: 'gave up swallowing', time: 10, cancelled: false });
    expect(errors.map(describeError)).toEqual(['CancelledError(stop)', 'CancelledError(stop)', 'CancelledError(stop)']);
    expect(new Set(errors).size).toBe(1);
  });

  test('sleep(0) is a suspension point too: it throws in a cancelled task', async () => {
    const error = await run(function* () {
      const task = yield* spawn(function* () {
        (yield* currentTask()).cancel('self');
        yield* sleep(0);
      }());
      return yield* catching(task);
    }, virtual());
    expect(describeError(error)).toBe('CancelledError(self)');
  });

  test('cancellation is delivered at the next suspension point: code between suspension points runs', async () => {
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(function* () {
        (yield* currentTask()).cancel('self');
        log.push('still running after cancel()');
        log.push(`loop time ${yield* now()}`);
        try {
          yield* sleep(5);
        } catch (e) {
          log.push(`suspension threw ${describeError(e)}`);
          throw e;
        }
      }());
      yield* catching(task);
    }, virtual());
    expect(log).toEqual(['still running after cancel()', 'loop time 0', 'suspension threw CancelledError(self)']);
  });

  test('a task woken with a value at the same time it is cancelled receives the value first, and its next suspension throws', async () => {
    const log: string[] = [];
    await run(function* () {
      const producer = yield* spawn(after(10, 'item'));
      let consumer: Task<void> | null = null;
      // The canceller's timer is set before the consumer runs, and fires in the same pass as the producer's.
      const canceller = yield* spawn(function* () {
        yield* sleep(10);
        log.push(`cancel consumer while it is ${consumer!.state}`);
        consumer!.cancel('stop');
      }());
      consumer = yield* spawn(function* () {
        const value = yield* producer;
        log.push(`consumer got ${value}`);
        try {
          yield* sleep(0);
        } catch (e) {
          log.push(`next suspension threw ${describeError(e)}`);
          throw e;
        }
      }());
      yield* canceller;
      yield* catching(consumer);
    }, virtual());
    expect(log).toEqual(['cancel consumer while it is ready', 'consumer got item', 'next suspension threw CancelledError(stop)']);
  });

  test('a task woken by its timer in the same pass as it is cancelled still runs until its next suspension', async () => {
    const log: string[] = [];
    await run(function* () {
      let sleeperTask: Task<void> | null = null;
      const canceller = yield* spawn(function* () {
        yield* sleep(10);
        log.push(`cancelling it while it is ${sleeperTask!.state}`);
        sleeperTask!.cancel('late');
      }());
      const task = yield* spawn(function* () {
        yield* sleep(10);
        log.push('woke from its timer');
        yield* sleeper(log, 'then', 100);
      }());
      sleeperTask = task;
      yield* canceller;
      yield* catching(task);
    }, virtual());
    expect(log).toEqual(['cancelling it while it is ready', 'woke from its timer', 'then cancelled (late) at 10']);
  });

  test('a cancelled task that catches CancelledError and returns finishes with its value, not as cancelled', async () => {
    const seen = await run(function* () {
      const task = yield* spawn(function* () {
        try {
          yield* sleep(100);
          return 'slept';
        } catch {
          return 'recovered';
        }
      }());
      yield* sleep(10);
      task.cancel();
      const value = yield* task;
      return [value, task.cancelled(), task.done()];
    }, virtual());
    expect(seen).toEqual(['recovered', false, true]);
  });

  test('a second cancel() keeps the first reason', async () => {
    const error = await run(function* () {
      const task = yield* spawn(function* () {
        try {
          yield* sleep(100);
        } catch {
          // swallow once; the level-triggered retry shows the reason in force
        }
        yield* sleep(100);
      }());
      yield* sleep(10);
      task.cancel('first');
      task.cancel('second');
      return yield* catching(task);
    }, virtual());
    expect(describeError(error)).toBe('CancelledError(first)');
  });

  test('an operation that completes without waiting does not throw in a cancelled task (no suspension point)', async () => {
    const log: string[] = [];
    await run(function* () {
      const finished = yield* spawn(after(1, 'ready value'));
      yield* sleep(5);
      const task = yield* spawn(function* () {
        (yield* currentTask()).cancel('self');
        log.push(`joined finished task: ${yield* finished}`);
        log.push(`gather of nothing: ${JSON.stringify(yield* gather())}`);
        yield* sleeper(log, 'then', 10);
      }());
      yield* catching(task);
    }, virtual());
    expect(log).toEqual(['joined finished task: ready value', 'gather of nothing: []', 'then cancelled (self) at 5']);
  });

  test('a task spawned by an already-cancelled task is cancelled before it runs any code', async () => {
    const log: string[] = [];
    const seen = await run(function* () {
      let child: { cancelled(): boolean } | null = null;
      const task = yield* spawn(function* () {
        (yield* currentTask()).cancel('parent cancelled');
        child = yield* spawn(function* () {
          log.push('child ran');
          yield* sleep(1);
        }());
        yield* sleep(10);
      }());
      yield* catching(task);
      return child!.cancelled();
    }, virtual());
    expect(seen).toBe(true);
    expect(log).toEqual([]);
  });
});

describe('cancellation through the scope tree', () => {
  test('cancelling a task reaches tasks nested in gathers and task groups inside it, all with its reason', async () => {
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(function* () {
        yield* taskGroup(function* (group) {
          group.spawn(function* () {
            yield* gather(sleeper(log, 'gathered 1', 100), sleeper(log, 'gathered 2', 100));
          }());
          yield* sleeper(log, 'group body', 100);
        });
      }());
      yield* sleep(10);
      task.cancel('stop');
      yield* catching(task);
      log.push(`task cancelled: ${String(task.cancelled())}`);
    }, virtual());
    expect(log).toEqual([
      'group body cancelled (stop) at 10',
      'gathered 1 cancelled (stop) at 10',
      'gathered 2 cancelled (stop) at 10',
      'task cancelled: true',
    ]);
  });

  test('a task waiting in gather is not interrupted: it resumes only after its cancelled children finish', async () => {
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(function* () {
        try {
          yield* gather(function* () {
            try {
              yield* sleep(100);
            } finally {
              yield* shield(sleep(40));
              log.push(`child cleanup done at ${yield* shield(now())}`);
            }
          }());
        } catch (e) {
          log.push(`gather threw ${describeError(e)} at ${yield* shield(now())}`);
          throw e;
        }
      }());
      yield* sleep(10);
      task.cancel('stop');
      log.push(`waiting task is ${task.state} on ${String(task.waitingOn)}`);
      yield* catching(task);
    }, virtual());
    expect(log).toEqual(['waiting task is suspended on join', 'child cleanup done at 50', 'gather threw CancelledError(stop) at 50']);
  });

  test('cancelling a task does not cancel a task it merely awaits (one it did not spawn)', async () => {
    const log: string[] = [];
    const seen = await run(function* () {
      const target = yield* spawn(after(50, 'target value'));
      const waiter = yield* spawn(function* () {
        return yield* target;
      }());
      yield* sleep(10);
      waiter.cancel('stop');
      const waiterError = yield* catching(waiter);
      log.push(`waiter: ${describeError(waiterError)} at ${yield* now()}`);
      log.push(`target: ${yield* target} at ${yield* now()}`);
      return target.cancelled();
    }, virtual());
    expect(seen).toBe(false);
    expect(log).toEqual(['waiter: CancelledError(stop) at 10', 'target: target value at 50']);
  });

  test('cancellation of an inner scope is confined to it: after a moveOnAfter exits, the task suspends normally', async () => {
    const log: string[] = [];
    await run(function* () {
      const outcome = yield* moveOnAfter(
        10,
        function* () {
          try {
            yield* sleep(100);
          } catch {
            log.push(`first sleep cancelled at ${yield* shield(now())}`);
          }
          try {
            yield* sleep(100);
          } catch (e) {
            log.push(`second sleep inside the scope also cancelled at ${yield* shield(now())}`);
            throw e;
          }
        }(),
      );
      log.push(`moveOnAfter returned timedOut=${String(outcome.timedOut)}`);
      yield* sleep(5);
      log.push(`slept normally until ${yield* now()}`);
    }, virtual());
    expect(log).toEqual([
      'first sleep cancelled at 10',
      'second sleep inside the scope also cancelled at 10',
      'moveOnAfter returned timedOut=true',
      'slept normally until 15',
    ]);
  });

  test('a failing child cancels only its own group, not a sibling group in the same task', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* gather(
        catching(
          taskGroup(function* (group) {
            group.spawn(function* () {
              yield* sleep(10);
              throw new Error('group A failed');
            }());
            yield* sleeper(log, 'group A body', 100);
          }),
        ),
        taskGroup(function* (group) {
          group.spawn(after(30, 'b'));
          yield* sleep(30);
          log.push(`group B finished at ${yield* now()}`);
        }),
      );
    }, virtual());
    expect(log).toEqual(['group A body cancelled (a task in the group failed) at 10', 'group B finished at 30']);
  });
});

/**
 * In a task group, runs `starting` in a task of its own (the starter) and
 * cancels that task once every task has reached its wait; logs whether the
 * starter ended cancelled.
 */
async function cancelWhileStarting(log: string[], starting: (group: TaskGroup) => Operation<void>): Promise<void> {
  await run(function* () {
    yield* taskGroup(function* (group) {
      const starter = yield* spawn(starting(group));
      // A foreign promise pending holds the virtual clock: the tasks reach their waits without time passing.
      for (let i = 0; i < 5; i++) yield* sleep(0);
      starter.cancel('stop');
      yield* catching(starter);
      log.push(`starter cancelled: ${String(starter.cancelled())}`);
    });
  }, virtual());
}

describe('the order a cancellation wakes tasks in', () => {
  test("depth first, each scope's children in the order they were started, shielded ones left out: the woken tasks run in that order", async () => {
    const log: string[] = [];
    await run(function* () {
      const task = yield* spawn(function* () {
        yield* taskGroup(function* (group) {
          group.spawn(sleeper(log, 't1', 100));
          group.spawn(function* () {
            yield* taskGroup(function* (inner) {
              inner.spawn(sleeper(log, 't2a', 100));
              inner.spawn(sleeper(log, 't2b', 100));
              yield* sleeper(log, 't2 body', 100);
            });
          }());
          group.spawn(shield(after(50, 'shielded', log)));
          group.spawn(sleeper(log, 't3', 100));
          yield* sleeper(log, 'group body', 100);
        });
      }());
      yield* sleep(10);
      task.cancel('stop');
      yield* catching(task);
    }, virtual());
    expect(log).toEqual([
      'group body cancelled (stop) at 10',
      't1 cancelled (stop) at 10',
      't2 body cancelled (stop) at 10',
      't2a cancelled (stop) at 10',
      't2b cancelled (stop) at 10',
      't3 cancelled (stop) at 10',
      'shielded finished at 50',
    ]);
  });

  test("a task that leaves the cancelled scope while the cancellation is delivered (an abort listener calls group.start's ready()) is not cancelled; the scope's other tasks are", async () => {
    const log: string[] = [];
    await cancelWhileStarting(log, function* (group) {
      let ready!: (value: void) => void;
      yield* spawn(sleeper(log, 'oldest', 100));
      yield* spawn(
        (function* () {
          try {
            yield* call((signal) => {
              // Runs as the cancellation reaches this task, before it reaches the task start() made below.
              signal.addEventListener('abort', () => ready());
              return new Promise<never>(() => {});
            });
          } catch (e) {
            log.push(`aborted (${String((e as CancelledError).reason)})`);
            throw e;
          }
        })(),
      );
      yield* group.start(function* (r) {
        ready = r;
        yield* sleep(30);
        log.push(`started task slept on, at ${yield* now()}`);
      });
      yield* sleep(100); // cancelled here, if not in start(): level-triggered
    });
    expect(log).toEqual(['oldest cancelled (stop) at 0', 'aborted (stop)', 'starter cancelled: true', 'started task slept on, at 30']);
  });

  test("a task that leaves the cancelled scope as the cancellation reaches it (its own abort listener calls its ready()) takes that cancellation, but the tasks it started do not", async () => {
    const log: string[] = [];
    await cancelWhileStarting(log, function* (group) {
      yield* group.start(function* (ready) {
        yield* spawn(after(30, 'its child', log));
        try {
          yield* call((signal) => {
            signal.addEventListener('abort', () => ready());
            return new Promise<never>(() => {});
          });
        } catch (e) {
          log.push(`started task woken: ${describeError(e)}`);
        }
        yield* sleep(30);
        log.push(`started task slept on, at ${yield* now()}`);
      });
      yield* sleep(100); // cancelled here, if not in start(): level-triggered
    });
    expect(log).toEqual(['started task woken: CancelledError(stop)', 'starter cancelled: true', 'its child finished at 30', 'started task slept on, at 30']);
  });

  test("invariant: after any sequence of linking, unlinking and moving, each scope's children read newest first through _next and oldest first from the newest's _prev, and an unlinked node's links are null", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('link', 'unlink', 'move'), fc.nat(), fc.nat()), { maxLength: 120 }),
        (ops) => {
          const parents = [new ScopeNode(null, null, false), new ScopeNode(null, null, false), new ScopeNode(null, null, false)];
          // The model: each parent's children, oldest first.
          const model = new Map<ScopeNode, ScopeNode[]>(parents.map((p) => [p, []]));
          const nodes: ScopeNode[] = [];
          const unlinked = new Set<ScopeNode>();
          const modelOf = (node: ScopeNode) => model.get(node._parent!)!;
          for (const [op, a, b] of ops) {
            if (op === 'link' || nodes.length === 0) {
              const parent = parents[a % parents.length]!;
              const node = new ScopeNode(parent, null, false);
              nodes.push(node);
              model.get(parent)!.push(node);
            } else {
              const node = nodes[a % nodes.length]!;
              const siblings = modelOf(node);
              if (!unlinked.has(node)) siblings.splice(siblings.indexOf(node), 1);
              if (op === 'unlink') {
                node._unlink();
                unlinked.add(node);
              } else {
                const parent = parents[b % parents.length]!;
                node._moveTo(parent);
                unlinked.delete(node);
                model.get(parent)!.push(node);
              }
            }
          }
          for (const parent of parents) {
            const newestFirst: ScopeNode[] = [];
            for (let child = parent._first; child !== null; child = child._next) newestFirst.push(child);
            const oldestFirst: ScopeNode[] = [];
            if (parent._first !== null) {
              for (let child = parent._first._prev!; ; child = child._prev!) {
                oldestFirst.push(child);
                if (child === parent._first) break;
              }
            }
            const expected = model.get(parent)!;
            expect(oldestFirst).toEqual(expected);
            expect(newestFirst).toEqual([...expected].reverse());
          }
          for (const node of unlinked) expect([node._prev, node._next]).toEqual([null, null]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, test } from 'vitest';
import {
  CancelledError,
  InvalidStateError,
  TaskGroupError,
  currentTask,
  run,
  shield,
  sleep,
  spawn,
  taskGroup,
  type ExceptionContext,
  type Operation,
  type Task,
  type TaskGroup,
} from '../../src/index.js';
import { catching, failAfterMs, now, virtual } from './support.js';

/** Sleeps `ms`; logs how it ended (done, or cancelled with reason) and the time, after `cleanupMs` of shielded cleanup. */
function* sleeper(log: string[], name: string, ms: number, cleanupMs = 0): Operation<string> {
  try {
    yield* sleep(ms);
    log.push(`${name} done at ${yield* now()}`);
    return name;
  } catch (e) {
    if (cleanupMs > 0) yield* shield(sleep(cleanupMs));
    log.push(`${name} ${e instanceof CancelledError ? `cancelled (${String(e.reason)})` : 'failed'} at ${yield* shield(now())}`);
    throw e;
  }
}

describe('taskGroup: waiting', () => {
  test('returns the body’s value once the body and every child have finished', async () => {
    const log: string[] = [];
    const value = await run(function* () {
      const result = yield* taskGroup(function* (group) {
        group.spawn(sleeper(log, 'a', 30));
        group.spawn(sleeper(log, 'b', 10));
        log.push('body returns');
        return 'body value';
      });
      log.push(`group exited at ${yield* now()}`);
      return result;
    }, virtual());
    expect(value).toBe('body value');
    expect(log).toEqual(['body returns', 'b done at 10', 'a done at 30', 'group exited at 30']);
  });

  test('group.spawn returns the task synchronously; the child first runs on the next pass', async () => {
    const log: string[] = [];
    const result = await run(function* () {
      let task: Task<string> | undefined;
      yield* taskGroup(function* (group) {
        task = group.spawn(
          function* () {
            log.push('child runs');
            return 'child value';
          }(),
          { name: 'child' },
        );
        log.push(`body: ${task.name} is ${task.state}`);
      });
      return task!.result();
    }, virtual());
    expect(result).toBe('child value');
    expect(log).toEqual(['body: child is ready', 'child runs']);
  });

  test('a child may spawn more children into the group after the body returned', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* taskGroup(function* (group) {
        group.spawn(function* () {
          yield* sleep(10);
          group.spawn(sleeper(log, 'late child', 20));
          log.push('spawned late child at 10');
        }());
      });
      log.push(`group exited at ${yield* now()}`);
    }, virtual());
    expect(log).toEqual(['spawned late child at 10', 'late child done at 30', 'group exited at 30']);
  });

  test('a child cancelled on its own does not fail the group', async () => {
    const log: string[] = [];
    const value = await run(function* () {
      return yield* taskGroup(function* (group) {
        const child = group.spawn(sleeper(log, 'child', 100));
        group.spawn(sleeper(log, 'sibling', 20));
        yield* sleep(10);
        child.cancel('not needed');
        return 'ok';
      });
    }, virtual());
    expect(value).toBe('ok');
    expect(log).toEqual(['child cancelled (not needed) at 10', 'sibling done at 20']);
  });

  test('errors of group children are never reported as unretrieved', async () => {
    const contexts: ExceptionContext[] = [];
    await run(function* () {
      yield* catching(
        taskGroup(function* (group) {
          group.spawn(failAfterMs(10, new Error('x')));
        }),
      );
    }, { ...virtual(), exceptionHandler: (_loop, context) => contexts.push(context) });
    expect(contexts).toEqual([]);
  });
});

describe('taskGroup: failure', () => {
  test('a child failure cancels its siblings and the body, with reason "a task in the group failed"', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* catching(
        taskGroup(function* (group) {
          group.spawn(failAfterMs(10, new RangeError('a')));
          group.spawn(sleeper(log, 'sibling', 100));
          yield* sleeper(log, 'body', 100);
        }),
      );
      log.push(`group exited at ${yield* now()}`);
    }, virtual());
    expect(log).toEqual([
      'body cancelled (a task in the group failed) at 10',
      'sibling cancelled (a task in the group failed) at 10',
      'group exited at 10',
    ]);
  });

  test('the group throws a TaskGroupError, an AggregateError holding the child’s error', async () => {
    const boom = new RangeError('a');
    const error = await run(function* () {
      return yield* catching(
        taskGroup(function* (group) {
          group.spawn(failAfterMs(10, boom));
          yield* sleep(100);
        }),
      );
    }, virtual());
    expect(error).toBeInstanceOf(TaskGroupError);
    expect(error).toBeInstanceOf(AggregateError);
    const group = error as TaskGroupError;
    expect(group.name).toBe('TaskGroupError');
    expect(group.message).toBe('a task in the group failed (RangeError: a)');
    expect(group.errors).toEqual([boom]);
    expect(group.errors[0]).toBe(boom);
  });

  test('TaskGroupError holds every non-cancellation error, in the order they happened', async () => {
    const log: string[] = [];
    const first = new RangeError('a');
    const second = new TypeError('b cleanup');
    const error = await run(function* () {
      return yield* catching(
        taskGroup(function* (group) {
          group.spawn(failAfterMs(10, first));
          group.spawn(function* () {
            try {
              yield* sleep(100);
            } catch {
              yield* shield(sleep(5));
              throw second;
            }
          }());
          group.spawn(sleeper(log, 'c', 100));
        }),
      );
    }, virtual());
    const group = error as TaskGroupError;
    expect(group).toBeInstanceOf(TaskGroupError);
    expect(group.errors).toEqual([first, second]);
    expect(group.message).toBe('2 tasks in the group failed (first: RangeError: a)');
    expect(log).toEqual(['c cancelled (a task in the group failed) at 10']);
  });

  test('a body error and a child error are aggregated in the order they happened', async () => {
    const bodyError = new TypeError('body');
    const childError = new RangeError('child');
    const error = await run(function* () {
      return yield* catching(
        taskGroup(function* (group) {
          // Both wake at 10; the body's timer was set first, so it fails first. The child is
          // already woken (ready), so the body's failure cannot interrupt it: it fails too.
          group.spawn(failAfterMs(10, childError));
          yield* sleep(10);
          throw bodyError;
        }),
      );
    }, virtual());
    expect((error as TaskGroupError).errors).toEqual([bodyError, childError]);
  });

  test('a body error cancels the children and is thrown inside a TaskGroupError after they finished', async () => {
    const log: string[] = [];
    const bodyError = new SyntaxError('body failed');
    const error = await run(function* () {
      const caught = yield* catching(
        taskGroup(function* (group) {
          group.spawn(sleeper(log, 'child', 100, 5));
          yield* sleep(10);
          throw bodyError;
        }),
      );
      log.push(`group exited at ${yield* now()}`);
      return caught;
    }, virtual());
    expect((error as TaskGroupError).errors).toEqual([bodyError]);
    expect(log).toEqual(['child cancelled (a task in the group failed) at 15', 'group exited at 15']);
  });

  test('split separates the errors by class and subgroup returns the matching ones (null when none)', async () => {
    const a = new RangeError('a');
    const b = new TypeError('b');
    const c = new RangeError('c');
    const error = await run(function* () {
      return yield* catching(
        taskGroup(function* (group) {
          for (const [ms, e] of [[10, a], [10, b], [10, c]] as const) group.spawn(failAfterMs(ms, e));
        }),
      );
    }, virtual());
    const group = error as TaskGroupError;
    expect(group.errors).toEqual([a, b, c]);
    const [ranges, rest] = group.split(RangeError);
    expect(ranges).toBeInstanceOf(TaskGroupError);
    expect(ranges!.errors).toEqual([a, c]);
    expect(rest!.errors).toEqual([b]);
    expect(group.subgroup(TypeError)!.errors).toEqual([b]);
    expect(group.subgroup(SyntaxError)).toBeNull();
    expect(group.split(Error)).toEqual([group.subgroup(Error), null]);
  });

  test('outer cancellation passes through as CancelledError after the children are cancelled and awaited', async () => {
    const log: string[] = [];
    const seen = await run(function* () {
      const task = yield* spawn(function* () {
        try {
          yield* taskGroup(function* (group) {
            group.spawn(sleeper(log, 'a', 100, 5));
            group.spawn(sleeper(log, 'b', 100));
            yield* sleeper(log, 'body', 100);
          });
        } catch (e) {
          log.push(`task caught ${(e as Error).name} (${String((e as CancelledError).reason)}) at ${yield* shield(now())}`);
          throw e;
        }
      }());
      yield* sleep(10);
      task.cancel('stop');
      yield* catching(task);
      return task.cancelled();
    }, virtual());
    expect(seen).toBe(true);
    expect(log).toEqual([
      'body cancelled (stop) at 10',
      'b cancelled (stop) at 10',
      'a cancelled (stop) at 15',
      'task caught CancelledError (stop) at 15',
    ]);
  });

  test('outer cancellation after the body returned still passes through as CancelledError once the children are done', async () => {
    const log: string[] = [];
    const seen = await run(function* () {
      const task = yield* spawn(function* () {
        const value = yield* taskGroup(function* (group) {
          group.spawn(sleeper(log, 'child', 100, 5));
          return 'body value';
        });
        log.push(`not reached: group returned ${value}`);
        return 'task value';
      }());
      yield* sleep(10);
      task.cancel('stop');
      const error = yield* catching(task);
      log.push(`task threw ${(error as Error).name} (${String((error as CancelledError).reason)}) at ${yield* now()}`);
      return task.cancelled();
    }, virtual());
    expect(seen).toBe(true);
    expect(log).toEqual(['child cancelled (stop) at 15', 'task threw CancelledError (stop) at 15']);
  });

  test('a child failing while outer cancellation is cleaned up makes the group throw TaskGroupError; the next suspension is still cancelled', async () => {
    const log: string[] = [];
    const cleanup = new RangeError('cleanup failed');
    await run(function* () {
      const task = yield* spawn(function* () {
        const error = yield* catching(
          taskGroup(function* (group) {
            group.spawn(function* () {
              try {
                yield* sleep(100);
              } catch {
                throw cleanup;
              }
            }());
            yield* sleep(100);
          }),
        );
        log.push(`group threw ${(error as Error).name} [${(error as TaskGroupError).errors.map(String).join(', ')}]`);
        try {
          yield* sleep(0);
        } catch (e) {
          log.push(`next suspension threw ${(e as Error).name} (${String((e as CancelledError).reason)})`);
          throw e;
        }
      }());
      yield* sleep(10);
      task.cancel('stop');
      yield* catching(task);
    }, virtual());
    expect(log).toEqual(['group threw TaskGroupError [RangeError: cleanup failed]', 'next suspension threw CancelledError (stop)']);
  });
});

describe('taskGroup: misuse', () => {
  test('group.spawn after the group has exited throws InvalidStateError', async () => {
    const error = await run(function* () {
      let saved: TaskGroup | undefined;
      yield* taskGroup(function* (group) {
        saved = group;
      });
      try {
        saved!.spawn(sleep(1));
        return null;
      } catch (e) {
        return e;
      }
    }, virtual());
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toBe('group.spawn(): the task group has already exited; start children from inside its body');
  });

  test('group.start after the group has exited throws InvalidStateError', async () => {
    const error = await run(function* () {
      let saved: TaskGroup | undefined;
      yield* taskGroup(function* (group) {
        saved = group;
      });
      return yield* catching(saved!.start(function* (ready) {
        ready(undefined);
      }));
    }, virtual());
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toBe('group.start(): the task group has already exited; start children from inside its body');
  });

  test('taskGroup with a body that is not a function is a TypeError', () => {
    expect(() => taskGroup(5 as unknown as (group: TaskGroup) => Operation<void>)).toThrow(
      new TypeError('taskGroup(body): body must be a generator function receiving the group, got number 5'),
    );
  });

  test('group.spawn of a non-operation throws the TypeError at the call', async () => {
    const message = await run(function* () {
      return yield* taskGroup(function* (group) {
        try {
          group.spawn(42 as unknown as Operation<number>);
          return null;
        } catch (e) {
          return (e as Error).message;
        }
      });
    }, virtual());
    expect(message).toBe('group.spawn(op): expected an operation (a generator object or a runtime operation such as sleep(ms)), got number 42');
  });

  test('a body function that returns a non-operation fails the group with a TypeError inside TaskGroupError', async () => {
    const error = await run(function* () {
      return yield* catching(taskGroup((() => 5) as unknown as (group: TaskGroup) => Operation<void>));
    }, virtual());
    expect(error).toBeInstanceOf(TaskGroupError);
    const inner = (error as TaskGroupError).errors[0];
    expect(inner).toBeInstanceOf(TypeError);
    expect((inner as Error).message).toBe(
      'taskGroup(body): body(group): expected an operation (a generator object or a runtime operation such as sleep(ms)), got number 5',
    );
  });
});

describe('taskGroup: start', () => {
  test('group.start returns the value passed to ready() while the child keeps running in the group', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* taskGroup(function* (group) {
        const port = yield* group.start<number>(function* (ready) {
          yield* sleep(10);
          log.push('server listening');
          ready(8080);
          yield* sleep(90);
          log.push(`server stops at ${yield* now()}`);
        });
        log.push(`body got port ${port} at ${yield* now()}`);
      });
      log.push(`group exited at ${yield* now()}`);
    }, virtual());
    expect(log).toEqual(['server listening', 'body got port 8080 at 10', 'server stops at 100', 'group exited at 100']);
  });

  test('ready() called before start suspends (by a plain function) still returns its value', async () => {
    const value = await run(function* () {
      return yield* taskGroup(function* (group) {
        return yield* group.start<string>((ready) => {
          ready('at once');
          return sleep(10);
        });
      });
    }, virtual());
    expect(value).toBe('at once');
  });

  test('group.start throws the child’s error when it fails before ready(), and the group reports it once', async () => {
    const boom = new RangeError('failed to start');
    const log: string[] = [];
    let startError: unknown;
    const groupError = await run(function* () {
      return yield* catching(
        taskGroup(function* (group) {
          try {
            yield* group.start(function* () {
              yield* sleep(10);
              throw boom;
            });
          } catch (e) {
            startError = e;
            log.push(`start threw at ${yield* now()}`);
            throw e;
          }
        }),
      );
    }, virtual());
    expect(startError).toBe(boom);
    expect(log).toEqual(['start threw at 10']);
    expect(groupError).toBeInstanceOf(TaskGroupError);
    expect((groupError as TaskGroupError).errors).toEqual([boom]);
  });

  test('group.start throws InvalidStateError naming the task when the child returns without calling ready()', async () => {
    const log: string[] = [];
    const value = await run(function* () {
      return yield* taskGroup(function* (group) {
        const error = yield* catching(
          group.start(
            function* () {
              yield* sleep(10);
            },
            { name: 'server' },
          ),
        );
        log.push(`${(error as Error).name}: ${(error as Error).message}`);
        return 'group still fine';
      });
    }, virtual());
    expect(value).toBe('group still fine');
    expect(log).toEqual(['InvalidStateError: group.start(): task "server" returned without calling ready(value); call ready() once it is ready to serve']);
  });

  test('calling ready() twice throws InvalidStateError in the child; start returns the first value', async () => {
    const log: string[] = [];
    const value = await run(function* () {
      return yield* taskGroup(function* (group) {
        return yield* group.start<number>(function* (ready) {
          ready(1);
          try {
            ready(2);
          } catch (e) {
            log.push(`${(e as Error).name}: ${(e as Error).message}`);
          }
          yield* sleep(1);
        });
      });
    }, virtual());
    expect(value).toBe(1);
    expect(log).toEqual(['InvalidStateError: group.start(): ready() was called twice; call it once, when the task is ready']);
  });

  test('group.start with a non-function is a TypeError', async () => {
    const message = await run(function* () {
      return yield* taskGroup(function* (group) {
        try {
          group.start(42 as unknown as () => Operation<void>);
          return null;
        } catch (e) {
          return (e as Error).message;
        }
      });
    }, virtual());
    expect(message).toBe('group.start(fn): fn must be a function that receives ready(value), got number 42');
  });

  test('the child started with group.start runs as a task of the group (it is cancelled when a sibling fails)', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* catching(
        taskGroup(function* (group) {
          yield* group.start(function* (ready) {
            ready(undefined);
            yield* sleeper(log, 'started child', 100);
          });
          group.spawn(failAfterMs(10, new Error('sibling failed')));
          const me = yield* currentTask();
          log.push(`body is ${me.name}`);
        }),
      );
    }, virtual());
    expect(log).toEqual(['body is main', 'started child cancelled (a task in the group failed) at 10']);
  });

  test('an error before ready() comes out of start() and does not fail the group: the caller catches it and the sibling runs on', async () => {
    const boom = new RangeError('port 80 in use');
    const log: string[] = [];
    const value = await run(function* () {
      return yield* taskGroup(function* (group) {
        group.spawn(sleeper(log, 'sibling', 30));
        try {
          yield* group.start(function* () {
            yield* sleep(10);
            throw boom;
          });
        } catch (e) {
          log.push(`start threw ${(e as Error).message} at ${yield* now()}`);
        }
        return 'group fine';
      });
    }, virtual());
    expect(value).toBe('group fine');
    expect(log).toEqual(['start threw port 80 in use at 10', 'sibling done at 30']);
  });

  test('an error before ready() is not reported to the exception handler: start() delivered it', async () => {
    const contexts: ExceptionContext[] = [];
    await run(function* () {
      yield* taskGroup(function* (group) {
        yield* catching(group.start(function* () {
          throw new Error('bind failed');
        }));
      });
    }, { ...virtual(), exceptionHandler: (_loop, context) => contexts.push(context) });
    expect(contexts).toEqual([]);
  });

  test('after ready() the child belongs to the group: its later error fails the group and cancels the body', async () => {
    const boom = new Error('crashed while serving');
    const log: string[] = [];
    const error = await run(function* () {
      return yield* catching(taskGroup(function* (group) {
        const port = yield* group.start<number>(function* (ready) {
          ready(8080);
          yield* sleep(20);
          throw boom;
        });
        log.push(`serving on ${port} at ${yield* now()}`);
        yield* sleeper(log, 'body', 100);
      }));
    }, virtual());
    expect(log).toEqual(['serving on 8080 at 0', 'body cancelled (a task in the group failed) at 20']);
    expect(error).toBeInstanceOf(TaskGroupError);
    expect((error as TaskGroupError).errors).toEqual([boom]);
  });

  test('before ready() the child runs under the caller’s scope: cancelling the caller cancels the child, and start() waits for it to end', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* taskGroup(function* (group) {
        const caller = yield* spawn(function* () {
          try {
            yield* group.start(function* () {
              yield* sleeper(log, 'starting child', 100, 5);
            });
          } catch (e) {
            log.push(`start threw ${(e as Error).name} at ${yield* shield(now())}`);
          }
        }());
        yield* sleep(10);
        caller.cancel('caller gave up');
        yield* catching(caller);
      });
    }, virtual());
    expect(log).toEqual(['starting child cancelled (caller gave up) at 15', 'start threw CancelledError at 15']);
  });

  test('once ready() moved the child into the group, cancelling the caller no longer reaches it', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* taskGroup(function* (group) {
        const caller = yield* spawn(function* () {
          yield* group.start(function* (ready) {
            ready();
            yield* sleeper(log, 'server', 50);
          });
          yield* sleep(1000);
        }());
        yield* sleep(10);
        caller.cancel();
        yield* catching(caller);
        log.push(`caller cancelled at ${yield* now()}`);
      });
    }, virtual());
    expect(log).toEqual(['caller cancelled at 10', 'server done at 50']);
  });

  test('ready() into a group that is already cancelled delivers the group’s cancellation to the child at its next suspension', async () => {
    const log: string[] = [];
    await run(function* () {
      yield* catching(taskGroup(function* (group) {
        group.spawn(function* () {
          yield* sleep(5);
          throw new Error('sibling failed');
        }());
        yield* shield(group.start(function* (ready) {
          yield* shield(sleep(10));
          ready();
          yield* sleeper(log, 'late child', 100);
        }));
      }));
    }, virtual());
    expect(log).toEqual(['late child cancelled (a task in the group failed) at 10']);
  });
});

describe('taskGroup: group.cancel()', () => {
  test('cancels the body and every child, waits for them, then the group returns quietly', async () => {
    const log: string[] = [];
    const result = await run(function* () {
      const value = yield* taskGroup(function* (group) {
        group.spawn(sleeper(log, 'a', 100));
        group.spawn(sleeper(log, 'b', 200, 5));
        yield* sleep(10);
        group.cancel('enough');
        yield* sleeper(log, 'body', 1000);
        return 'not reached';
      });
      return { value, at: yield* now() };
    }, virtual());
    expect(log).toEqual(['body cancelled (enough) at 10', 'a cancelled (enough) at 10', 'b cancelled (enough) at 15']);
    expect(result).toEqual({ value: undefined, at: 15 });
  });

  test('a body that already returned keeps its value; the children are cancelled', async () => {
    const log: string[] = [];
    const value = await run(function* () {
      return yield* taskGroup(function* (group) {
        group.spawn(sleeper(log, 'server', 1000));
        group.spawn(function* () {
          yield* sleep(20);
          group.cancel();
        }());
        return 'body value';
      });
    }, virtual());
    expect(value).toBe('body value');
    expect(log).toEqual(['server cancelled (group.cancel()) at 20']);
  });

  test('a child’s real error still comes out as a TaskGroupError', async () => {
    const boom = new Error('boom');
    const error = await run(function* () {
      return yield* catching(taskGroup(function* (group) {
        group.spawn(function* () {
          try {
            yield* sleep(100);
          } finally {
            // eslint-disable-next-line no-unsafe-finally -- a child failing while it is cancelled
            throw boom;
          }
        }());
        yield* sleep(10);
        group.cancel();
      }));
    }, virtual());
    expect(error).toBeInstanceOf(TaskGroupError);
    expect((error as TaskGroupError).errors).toEqual([boom]);
  });

  test('a cancellation from outside still propagates out of a group that was also cancelled by group.cancel()', async () => {
    const seen = await run(function* () {
      const opener = yield* spawn(taskGroup(function* (group) {
        group.cancel();
        yield* shield(sleep(10));
        yield* sleep(1);
      }));
      yield* sleep(5);
      opener.cancel('from outside');
      const error = yield* catching(opener);
      return { cancelled: opener.cancelled(), isCancelledError: error instanceof CancelledError, at: yield* now() };
    }, virtual());
    expect(seen).toEqual({ cancelled: true, isCancelledError: true, at: 10 });
  });
});

import { describe, expect, test } from 'vitest';
import { CancelledError, ClosedResourceError, collect, forEach, gather, getLoop, iterate, moveOnAfter, pipe, run, sleep, spawn, taskGroup } from '@loop/runtime';
import { lines, spawnProcess, type ExitStatus, type Process } from '../../src/index.js';
import { errorCode, fixture, isAlive } from '../support.js';

describe('spawnProcess', () => {
  test('has the pid of a running process, its output as a stream, and its exit status', async () => {
    const result = await run(function* () {
      const proc = yield* spawnProcess('sh', ['-c', 'echo "pid $$"; echo second; exit 5']);
      const output = yield* pipe(proc.stdout, lines(), collect());
      return { pid: proc.pid, output, status: yield* proc.wait(), after: proc.exitStatus };
    });
    expect(result.output).toEqual([`pid ${result.pid}`, 'second']);
    expect(result.status).toEqual({ code: 5, signal: null });
    expect(result.after).toEqual({ code: 5, signal: null });
  });

  test('stdin writes reach the child; close() ends its input', async () => {
    const output = await run(function* () {
      const proc = yield* spawnProcess('sh', ['-c', 'while read line; do echo "got $line"; done; echo done']);
      yield* proc.stdin.write('a\n');
      yield* proc.stdin.write(Buffer.from('b\n'));
      yield* proc.stdin.close();
      return yield* pipe(proc.stdout, lines(), collect());
    });
    expect(output).toEqual(['got a', 'got b', 'done']);
  });

  test('stdin writes honour backpressure: 4 MiB cannot all be written before the child starts reading', async () => {
    const order = await run(function* () {
      const events: string[] = [];
      // Reads nothing for 200 ms, says so on stderr, then drains its stdin.
      const script = "setTimeout(() => { process.stderr.write('reading\\n'); process.stdin.resume(); }, 200)";
      const proc = yield* spawnProcess(process.execPath, ['-e', script]);
      yield* gather(
        (function* () {
          const block = Buffer.alloc(64 * 1024, 7);
          for (let i = 0; i < 64; i++) yield* proc.stdin.write(block);
          events.push('all written');
          yield* proc.stdin.close();
        })(),
        forEach(pipe(proc.stderr, lines()), (line) => {
          events.push(`child: ${line}`);
        }),
      );
      yield* proc.wait();
      return events;
    });
    expect(order).toEqual(['child: reading', 'all written']);
  });

  test('writing to stdin after close() is a ClosedResourceError', async () => {
    const error = await run(function* () {
      const proc = yield* spawnProcess('cat');
      yield* proc.stdin.close();
      try {
        yield* proc.stdin.write('late');
      } catch (e) {
        return e;
      } finally {
        yield* proc.wait();
      }
      return null;
    });
    expect(error).toBeInstanceOf(ClosedResourceError);
  });

  test('cancelling wait() terminates the process and awaits its exit before the CancelledError goes on', async () => {
    const seen = await run(function* () {
      const proc = yield* spawnProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
      let failure: unknown = null;
      let statusWhenCancelled: ExitStatus | null = null;
      const waiter = yield* spawn(
        (function* () {
          try {
            yield* proc.wait();
          } catch (error) {
            failure = error;
            statusWhenCancelled = proc.exitStatus;
          }
        })(),
      );
      yield* sleep(100);
      waiter.cancel('stop');
      yield* waiter;
      return { pid: proc.pid, failure, statusWhenCancelled };
    });
    expect(seen.failure).toBeInstanceOf(CancelledError);
    expect(seen.statusWhenCancelled).toEqual({ code: null, signal: 'SIGTERM' });
    expect(errorCode(() => process.kill(seen.pid, 0))).toBe('ESRCH');
  });

  test('a child that ignores SIGTERM is killed with SIGKILL once the grace period has passed', async () => {
    const seen = await run(function* () {
      const proc = yield* spawnProcess(process.execPath, [fixture('ignore-sigterm.mjs')], { killGrace: 300 });
      const output = yield* iterate(pipe(proc.stdout, lines()));
      expect(yield* output.next()).toEqual({ done: false, value: 'ready' });
      const status = yield* proc.terminate();
      const rest: string[] = [];
      for (let step = yield* output.next(); step.done !== true; step = yield* output.next()) rest.push(step.value);
      return { pid: proc.pid, status, rest };
    });
    expect(seen.rest).toEqual(['got SIGTERM, ignoring it']);
    expect(seen.status).toEqual({ code: null, signal: 'SIGKILL' });
    expect(errorCode(() => process.kill(seen.pid, 0))).toBe('ESRCH');
  });

  test('a process still running when its task finishes is terminated and awaited: never orphaned', async () => {
    let proc: Process | null = null;
    await run(function* () {
      yield* taskGroup(function* (group) {
        group.spawn(
          (function* () {
            proc = yield* spawnProcess('sleep', ['30']);
            // returns at once, leaving the process running
          })(),
        );
      });
      // The child task is done only once its process has exited.
      expect(proc!.exitStatus).toEqual({ code: null, signal: 'SIGTERM' });
    });
    expect(isAlive(proc!.pid)).toBe(false);
  });

  test('a cancelled task kills the process it spawned (the pid is gone afterwards)', async () => {
    let pid = 0;
    const { timedOut } = await run(() =>
      moveOnAfter(
        200,
        (function* () {
          const proc = yield* spawnProcess('sleep', ['30']);
          pid = proc.pid;
          yield* proc.wait();
        })(),
      ),
    );
    expect(timedOut).toBe(true);
    expect(pid).toBeGreaterThan(0);
    expect(errorCode(() => process.kill(pid, 0))).toBe('ESRCH');
  });

  test('kill(signal) sends the signal; wait() reports it', async () => {
    const status = await run(function* () {
      const proc = yield* spawnProcess('sleep', ['30']);
      expect(proc.kill('SIGINT')).toBe(true);
      const exited = yield* proc.wait();
      expect(proc.kill()).toBe(false);
      return exited;
    });
    expect(status).toEqual({ code: null, signal: 'SIGINT' });
  });

  test('stdout not piped is an empty stream; writing to stdin not piped is a ClosedResourceError', async () => {
    const seen = await run(function* () {
      const proc = yield* spawnProcess('true', [], { stdin: 'ignore', stdout: 'ignore' });
      const chunks = yield* pipe(proc.stdout, collect());
      let error: unknown = null;
      try {
        yield* proc.stdin.write('x');
      } catch (e) {
        error = e;
      }
      return { chunks, error, status: yield* proc.wait() };
    });
    expect(seen.chunks).toEqual([]);
    expect(seen.error).toBeInstanceOf(ClosedResourceError);
    expect(seen.status).toEqual({ code: 0, signal: null });
  });

  test('a missing executable is a SpawnError (ENOENT), also when the working directory does not exist', async () => {
    await expect(run(() => spawnProcess('sh', [], { cwd: '/no/such/dir' }))).rejects.toMatchObject({
      name: 'SpawnError',
      code: 'ENOENT',
      message: 'cannot run "sh": executable not found (ENOENT); check the name and PATH, and that the working directory "/no/such/dir" exists',
    });
  });

  test('the loop time moves on while a process runs (the loop is not blocked)', async () => {
    const ticks = await run(function* () {
      const loop = yield* getLoop();
      const start = loop.time();
      const proc = yield* spawnProcess('sleep', ['0.3']);
      let count = 0;
      const ticker = yield* spawn(
        (function* () {
          for (;;) {
            yield* sleep(10);
            count++;
          }
        })(),
      );
      yield* proc.wait();
      ticker.cancel();
      expect(loop.time() - start).toBeGreaterThan(0);
      return count;
    });
    expect(ticks).toBeGreaterThan(0);
  });

  test('bad arguments are TypeErrors/RangeErrors naming the argument', () => {
    expect(() => spawnProcess(42 as unknown as string)).toThrow(new TypeError('spawnProcess(command, args, options): command must be a non-empty string, got number 42'));
    expect(() => spawnProcess('ls', [], { stdout: 'file' as 'pipe' })).toThrow(
      new TypeError("spawnProcess(command, args, options): options.stdout must be 'pipe', 'inherit' or 'ignore', got string \"file\""),
    );
    expect(() => spawnProcess('ls', [], { killGrace: Number.NaN })).toThrow(
      new RangeError('spawnProcess(command, args, options): options.killGrace must be a finite number of milliseconds >= 0, got NaN'),
    );
    expect(() => spawnProcess('ls', [], null as unknown as object)).toThrow(new TypeError('spawnProcess(command, args, options): options must be an object, got null'));
  });
});

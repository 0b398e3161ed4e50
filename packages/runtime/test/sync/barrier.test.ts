import { describe, expect, test } from 'vitest';
import { Barrier, gather, run, sleep, spawn, type LoopEvent, type Operation } from '../../src/index.js';
import { now, outcome, virtual } from './support.js';

describe('Barrier', () => {
  test('wait returns once parties tasks wait, each with its arrival index 0..n-1', async () => {
    const log: string[] = [];
    await run(function* () {
      const barrier = new Barrier(3);
      function* arrive(name: string, ms: number): Operation<void> {
        yield* sleep(ms);
        const index = yield* barrier.wait();
        log.push(`${name} index ${index} at ${yield* now()}`);
      }
      yield* gather(arrive('a', 20), arrive('b', 0), arrive('c', 10));
    }, virtual());
    expect(log).toEqual(['a index 2 at 20', 'b index 0 at 20', 'c index 1 at 20']);
  });

  test('the last arrival returns without suspending', async () => {
    const events: LoopEvent[] = [];
    await run(function* () {
      const barrier = new Barrier(2);
      yield* spawn(barrier.wait());
      yield* sleep(1);
      events.length = 0;
      yield* barrier.wait();
    }, { ...virtual(), onEvent: (event) => events.push(event) });
    expect(events.filter((e) => e.type === 'task.suspend' && e.taskId === 1)).toEqual([]);
  });

  test('the barrier serves several rounds, indices 0..n-1 in each', async () => {
    const rounds: string[][] = [[], [], []];
    await run(function* () {
      const barrier = new Barrier(3);
      function* party(name: string, ms: number): Operation<void> {
        for (let round = 0; round < 3; round++) {
          yield* sleep(round === 1 ? 4 - ms : ms);
          const index = yield* barrier.wait();
          rounds[round]!.push(`${name}${index}@${yield* now()}`);
        }
      }
      yield* gather(party('a', 3), party('b', 1), party('c', 2));
    }, virtual());
    expect(rounds).toEqual([
      ['a2@3', 'b0@3', 'c1@3'],
      ['b2@6', 'a0@6', 'c1@6'],
      ['a2@9', 'b0@9', 'c1@9'],
    ]);
  });

  test('parties, nWaiting and broken describe the barrier', async () => {
    const seen = await run(function* () {
      const barrier = new Barrier(3);
      const states: [number, number, boolean][] = [[barrier.parties, barrier.nWaiting, barrier.broken]];
      yield* spawn(barrier.wait());
      yield* spawn(barrier.wait());
      yield* sleep(0);
      states.push([barrier.parties, barrier.nWaiting, barrier.broken]);
      yield* barrier.wait();
      states.push([barrier.parties, barrier.nWaiting, barrier.broken]);
      return states;
    }, virtual());
    expect(seen).toEqual([
      [3, 0, false],
      [3, 2, false],
      [3, 0, false],
    ]);
  });

  test('reset throws BrokenBarrierError into the waiting tasks and the barrier works again', async () => {
    const log: string[] = [];
    await run(function* () {
      const barrier = new Barrier(2);
      const waiting = yield* spawn(function* () {
        const result = yield* outcome(barrier.wait());
        log.push(`waiting, at ${yield* now()}: ${result}`);
      }());
      yield* sleep(5);
      barrier.reset();
      yield* waiting;
      log.push(`broken after reset: ${barrier.broken}, waiting: ${barrier.nWaiting}`);
      const other = yield* spawn(barrier.wait()); // runs on the next pass: main arrives first
      log.push(`main index ${yield* barrier.wait()}, other index ${yield* other}`);
    }, virtual());
    expect(log).toEqual([
      'waiting, at 5: BrokenBarrierError: barrier.reset() was called while this task waited at the barrier',
      'broken after reset: false, waiting: 0',
      'main index 0, other index 1',
    ]);
  });

  test('abort breaks the barrier: waiting tasks and every later wait get BrokenBarrierError until reset', async () => {
    const log: string[] = [];
    await run(function* () {
      const barrier = new Barrier(3);
      const waiting = yield* spawn(function* () {
        log.push(`waiting: ${yield* outcome(barrier.wait())}`);
      }());
      yield* sleep(5);
      barrier.abort();
      yield* waiting;
      log.push(`broken: ${barrier.broken}`);
      log.push(`later: ${yield* outcome(barrier.wait())}`);
      barrier.reset();
      log.push(`broken after reset: ${barrier.broken}`);
      const others = [yield* spawn(barrier.wait()), yield* spawn(barrier.wait())];
      log.push(`main index ${yield* barrier.wait()}, others ${yield* others[0]!} ${yield* others[1]!}`);
    }, virtual());
    expect(log).toEqual([
      'waiting: BrokenBarrierError: barrier.abort() was called while this task waited at the barrier',
      'broken: true',
      'later: BrokenBarrierError: barrier.wait(): the barrier is broken (aborted); call barrier.reset() to use it again',
      'broken after reset: false',
      'main index 0, others 1 2',
    ]);
  });

  test('a task cancelled while waiting leaves the round: the indices stay 0..n-1 without a gap', async () => {
    const seen = await run(function* () {
      const barrier = new Barrier(3);
      const cancelled = yield* spawn(barrier.wait());
      const second = yield* spawn(barrier.wait());
      yield* sleep(0);
      cancelled.cancel();
      yield* sleep(0);
      const waitingAfterCancel = barrier.nWaiting;
      const third = yield* spawn(barrier.wait()); // arrives after main
      const mine = yield* barrier.wait();
      return [waitingAfterCancel, yield* second, mine, yield* third, cancelled.cancelled()];
    }, virtual());
    expect(seen).toEqual([1, 0, 1, 2, true]);
  });

  test('a barrier of one party returns 0 at once every time', async () => {
    const indices = await run(function* () {
      const barrier = new Barrier(1);
      return [yield* barrier.wait(), yield* barrier.wait(), yield* now()];
    }, virtual());
    expect(indices).toEqual([0, 0, 0]);
  });

  test('parties below 1 or fractional is a RangeError, a non-number a TypeError', () => {
    expect(() => new Barrier(0)).toThrow(new RangeError('new Barrier(parties): parties must be an integer >= 1, got 0'));
    expect(() => new Barrier(2.5)).toThrow(RangeError);
    expect(() => new Barrier(undefined as unknown as number)).toThrow(new TypeError('new Barrier(parties): parties must be a number, got undefined'));
  });
});

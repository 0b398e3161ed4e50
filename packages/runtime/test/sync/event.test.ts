import { describe, expect, test } from 'vitest';
import { Event, gather, gatherSettled, run, sleep, spawn, type LoopEvent, type Operation } from '../../src/index.js';
import { now, spawnAll, suspensions, virtual } from './support.js';

/** Waits for `event`, then logs how the wait ended and whether the event is still set. */
function* waiter(event: Event, name: string, log: string[]): Operation<void> {
  try {
    yield* event.wait();
    log.push(`${name} woke at ${yield* now()}, isSet() = ${event.isSet()}`);
  } catch (error) {
    log.push(`${name} ${(error as Error).name} at ${yield* now()}`);
  }
}

describe('Event', () => {
  test('isSet() is false until set(), and false again after clear()', () => {
    const event = new Event();
    const states = [event.isSet()];
    event.set();
    states.push(event.isSet());
    event.clear();
    states.push(event.isSet());
    expect(states).toEqual([false, true, false]);
  });

  test('wait on a set event returns without yielding to the loop', async () => {
    const events: LoopEvent[] = [];
    await run(function* () {
      const event = new Event();
      event.set();
      yield* event.wait();
      yield* event.wait();
    }, { ...virtual(), onEvent: (e) => events.push(e) });
    expect(suspensions(events)).toEqual([]);
  });

  test('set wakes every waiting task, in the order they started waiting', async () => {
    const log: string[] = [];
    await run(function* () {
      const event = new Event();
      const waiters = yield* spawnAll(['w1', 'w2', 'w3'].map((name) => waiter(event, name, log)));
      yield* sleep(10);
      event.set();
      yield* gather(...waiters);
    }, virtual());
    expect(log).toEqual(['w1 woke at 10, isSet() = true', 'w2 woke at 10, isSet() = true', 'w3 woke at 10, isSet() = true']);
  });

  test('set wakes the current waiters even if the event is cleared again before they run', async () => {
    const log: string[] = [];
    await run(function* () {
      const event = new Event();
      yield* spawnAll([waiter(event, 'w1', log), waiter(event, 'w2', log)]);
      yield* sleep(10);
      event.set();
      event.clear();
      const late = yield* spawn(waiter(event, 'late', log));
      yield* sleep(10);
      log.push(`late still waiting at ${yield* now()}: ${!late.done()}`);
      event.set();
      yield* late;
    }, virtual());
    expect(log).toEqual(['w1 woke at 10, isSet() = false', 'w2 woke at 10, isSet() = false', 'late still waiting at 20: true', 'late woke at 20, isSet() = true']);
  });

  test('a waiter cancelled while waiting is not woken; set still wakes the others', async () => {
    const log: string[] = [];
    await run(function* () {
      const event = new Event();
      const tasks = yield* spawnAll(['w1', 'w2', 'w3'].map((name) => waiter(event, name, log)));
      yield* sleep(0);
      tasks[1]!.cancel();
      yield* sleep(0);
      event.set();
      yield* gatherSettled(...tasks);
    }, virtual());
    expect(log).toEqual(['w2 CancelledError at 0', 'w1 woke at 0, isSet() = true', 'w3 woke at 0, isSet() = true']);
  });

  test('setting an event that is already set changes nothing', async () => {
    const log: string[] = [];
    await run(function* () {
      const event = new Event();
      event.set();
      event.set();
      yield* event.wait();
      log.push(`passed at ${yield* now()}`);
    }, virtual());
    expect(log).toEqual(['passed at 0']);
  });
});

import { describe, expect, test } from 'vitest';
import {
  CancelledError,
  InvalidStateError,
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  gather,
  run,
  sleep,
  spawn,
  type LoopEvent,
} from '../../src/index.js';
import { logOutcome, now, outcome, spawnAll, suspensions, virtual } from './support.js';

/** Everything left in `queue`, taken without waiting. */
function drain<T>(queue: Queue<T>): T[] {
  const items: T[] = [];
  while (!queue.empty()) items.push(queue.getNowait());
  return items;
}

describe('Queue: putting and getting', () => {
  test('get returns items in the order they were put', async () => {
    const items = await run(function* () {
      const queue = new Queue<string>();
      yield* queue.put('a');
      yield* queue.put('b');
      queue.putNowait('c');
      return [yield* queue.get(), queue.getNowait(), yield* queue.get()];
    }, virtual());
    expect(items).toEqual(['a', 'b', 'c']);
  });

  test('a put or get that need not wait completes without suspending the task', async () => {
    const events: LoopEvent[] = [];
    const item = await run(function* () {
      const queue = new Queue<number>(1);
      yield* queue.put(7);
      return yield* queue.get();
    }, { ...virtual(), onEvent: (event) => events.push(event) });
    expect(item).toBe(7);
    expect(suspensions(events)).toEqual([]);
  });

  test('getters waiting on an empty queue receive items in the order they started waiting', async () => {
    const log: string[] = [];
    await run(function* () {
      const queue = new Queue<string>();
      const getters = yield* spawnAll(['g1', 'g2', 'g3'].map((name) => logOutcome(name, queue.get(), log)));
      yield* sleep(10);
      queue.putNowait('a');
      queue.putNowait('b');
      queue.putNowait('c');
      yield* gather(...getters);
    }, virtual());
    expect(log).toEqual(['g1: a at 10', 'g2: b at 10', 'g3: c at 10']);
  });

  test('putters blocked on a full queue proceed in FIFO order as slots free up', async () => {
    const log: string[] = [];
    await run(function* () {
      const queue = new Queue<string>(1);
      queue.putNowait('x');
      yield* spawnAll(['a', 'b', 'c'].map((item) => logOutcome(`put ${item}`, queue.put(item), log)));
      yield* sleep(10);
      for (let i = 0; i < 4; i++) {
        yield* logOutcome('get', queue.get(), log);
        yield* sleep(10);
      }
    }, virtual());
    expect(log).toEqual(['get: x at 10', 'put a: done at 10', 'get: a at 20', 'put b: done at 20', 'get: b at 30', 'put c: done at 30', 'get: c at 40']);
  });

  test('a put that frees a waiting getter hands it the item directly and the queue stays empty', async () => {
    const seen = await run(function* () {
      const queue = new Queue<string>(1);
      const getter = yield* spawn(queue.get());
      yield* sleep(0);
      queue.putNowait('a');
      const sizeAfterPut = queue.qsize();
      queue.putNowait('b'); // the slot is still free: 'a' went to the getter
      return [sizeAfterPut, yield* getter, drain(queue)];
    }, virtual());
    expect(seen).toEqual([0, 'a', ['b']]);
  });

  test('a FIFO queue keeps its order across growth and wraparound of its buffer', () => {
    const queue = new Queue<number>();
    const out: number[] = [];
    let next = 0;
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 7; i++) queue.putNowait(next++);
      for (let i = 0; i < 5; i++) out.push(queue.getNowait());
    }
    out.push(...drain(queue));
    expect(out).toEqual(Array.from({ length: 70 }, (_, i) => i));
  });

  test('qsize, empty and full follow the contents; maxsize 0 never fills', () => {
    const bounded = new Queue<number>(2);
    const states: [number, boolean, boolean][] = [];
    states.push([bounded.qsize(), bounded.empty(), bounded.full()]);
    bounded.putNowait(1);
    states.push([bounded.qsize(), bounded.empty(), bounded.full()]);
    bounded.putNowait(2);
    states.push([bounded.qsize(), bounded.empty(), bounded.full()]);
    expect(states).toEqual([
      [0, true, false],
      [1, false, false],
      [2, false, true],
    ]);
    const unbounded = new Queue<number>();
    for (let i = 0; i < 1000; i++) unbounded.putNowait(i);
    expect([unbounded.maxsize, unbounded.qsize(), unbounded.full()]).toEqual([0, 1000, false]);
  });

  test('putNowait on a full queue throws QueueFull and leaves the contents unchanged', () => {
    const queue = new Queue<number>(1);
    queue.putNowait(1);
    expect(() => queue.putNowait(2)).toThrow(QueueFull);
    expect(() => queue.putNowait(2)).toThrow('queue.putNowait(item): the queue is full (maxsize 1); use yield* queue.put(item) to wait for room');
    expect(drain(queue)).toEqual([1]);
  });

  test('getNowait on an empty queue throws QueueEmpty', () => {
    const queue = new Queue<number>();
    expect(() => queue.getNowait()).toThrow(QueueEmpty);
    expect(() => queue.getNowait()).toThrow('queue.getNowait(): the queue is empty; use yield* queue.get() to wait for an item');
  });
});

describe('Queue: cancellation loses no item', () => {
  test('a getter cancelled while waiting takes nothing: the next getter receives the item', async () => {
    const seen = await run(function* () {
      const queue = new Queue<string>();
      const first = yield* spawn(queue.get());
      const second = yield* spawn(queue.get());
      yield* sleep(0);
      first.cancel();
      yield* sleep(0);
      queue.putNowait('a');
      return [first.cancelled(), yield* second, queue.qsize()];
    }, virtual());
    expect(seen).toEqual([true, 'a', 0]);
  });

  test('items put after the only getter was cancelled stay in the queue', async () => {
    const contents = await run(function* () {
      const queue = new Queue<string>();
      const getter = yield* spawn(queue.get());
      yield* sleep(0);
      getter.cancel();
      yield* sleep(0);
      queue.putNowait('a');
      queue.putNowait('b');
      return drain(queue);
    }, virtual());
    expect(contents).toEqual(['a', 'b']);
  });

  test('a getter woken with an item and cancelled in the same instant still returns the item', async () => {
    const log: string[] = [];
    const contents = await run(function* () {
      const queue = new Queue<string>();
      const getter = yield* spawn(function* () {
        try {
          const item = yield* queue.get();
          log.push(`got ${item}`);
          yield* sleep(10);
          log.push('slept');
        } catch (error) {
          log.push(`${(error as Error).name} at ${yield* now()}`);
        }
      }());
      yield* sleep(0);
      queue.putNowait('a');
      getter.cancel();
      yield* getter;
      return drain(queue);
    }, virtual());
    expect(log).toEqual(['got a', 'CancelledError at 0']);
    expect(contents).toEqual([]);
  });

  test('a putter cancelled while blocked adds nothing to the queue', async () => {
    const seen = await run(function* () {
      const queue = new Queue<string>(1);
      queue.putNowait('x');
      const putter = yield* spawn(queue.put('y'));
      yield* sleep(0);
      putter.cancel();
      yield* sleep(0);
      const first = queue.getNowait();
      return [putter.cancelled(), first, drain(queue)];
    }, virtual());
    expect(seen).toEqual([true, 'x', []]);
  });

  test('a cancelled putter in the middle of the line is skipped: the others proceed in order', async () => {
    const contents = await run(function* () {
      const queue = new Queue<string>(1);
      queue.putNowait('x');
      yield* spawn(queue.put('a'));
      const b = yield* spawn(queue.put('b'));
      yield* spawn(queue.put('c'));
      yield* sleep(0);
      b.cancel();
      const out = [];
      for (let i = 0; i < 3; i++) out.push(yield* queue.get());
      return [...out, queue.qsize()];
    }, virtual());
    expect(contents).toEqual(['x', 'a', 'c', 0]);
  });

  test('a getter cancelled while waiting gets CancelledError with the reason', async () => {
    const error = await run(function* () {
      const queue = new Queue<number>();
      const getter = yield* spawn(queue.get());
      yield* sleep(0);
      getter.cancel('stop');
      try {
        yield* getter;
        return null;
      } catch (e) {
        return e;
      }
    }, virtual());
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).reason).toBe('stop');
  });
});

describe('Queue: join and taskDone', () => {
  test('join waits until taskDone has been called once for every item put', async () => {
    const log: string[] = [];
    await run(function* () {
      const queue = new Queue<number>();
      for (const ms of [10, 20, 30]) queue.putNowait(ms);
      yield* spawn(function* () {
        for (;;) {
          const ms = yield* queue.get();
          yield* sleep(ms);
          log.push(`done ${ms} at ${yield* now()}`);
          queue.taskDone();
        }
      }());
      yield* queue.join();
      log.push(`joined at ${yield* now()}`);
    }, virtual());
    expect(log).toEqual(['done 10 at 10', 'done 20 at 30', 'done 30 at 60', 'joined at 60']);
  });

  test('join returns without suspending when no item is outstanding', async () => {
    const events: LoopEvent[] = [];
    await run(function* () {
      const queue = new Queue<number>();
      yield* queue.join();
      queue.putNowait(1);
      queue.getNowait();
      queue.taskDone();
      yield* queue.join();
    }, { ...virtual(), onEvent: (event) => events.push(event) });
    expect(suspensions(events)).toEqual([]);
  });

  test('every task waiting in join is released when the last item is marked done', async () => {
    const log: string[] = [];
    await run(function* () {
      const queue = new Queue<number>();
      queue.putNowait(1);
      for (const name of ['j1', 'j2']) {
        yield* spawn(function* () {
          yield* queue.join();
          log.push(`${name} at ${yield* now()}`);
        }());
      }
      yield* sleep(5);
      queue.getNowait();
      queue.taskDone();
    }, virtual());
    expect(log).toEqual(['j1 at 5', 'j2 at 5']);
  });

  test('taskDone called more times than items were put throws InvalidStateError', () => {
    const queue = new Queue<number>();
    queue.putNowait(1);
    queue.getNowait();
    queue.taskDone();
    expect(() => queue.taskDone()).toThrow(InvalidStateError);
    expect(() => queue.taskDone()).toThrow('queue.taskDone(): called more times than items were put; call it once per item taken with get()');
  });
});

describe('Queue: shutdown', () => {
  test('after shutdown, put and putNowait throw QueueShutDown', async () => {
    const seen = await run(function* () {
      const queue = new Queue<number>();
      queue.shutdown();
      let nowait = '';
      try {
        queue.putNowait(1);
      } catch (error) {
        nowait = `${(error as Error).name}: ${(error as Error).message}`;
      }
      return [yield* outcome(queue.put(1)), nowait, queue.qsize()];
    }, virtual());
    expect(seen).toEqual(['QueueShutDown: queue.put(item): the queue was shut down', 'QueueShutDown: queue.putNowait(item): the queue was shut down', 0]);
  });

  test('the error after shutdown is a QueueShutDown', () => {
    const queue = new Queue<number>();
    queue.shutdown();
    expect(() => queue.putNowait(1)).toThrow(QueueShutDown);
    expect(() => queue.getNowait()).toThrow(QueueShutDown);
  });

  test('shutdown wakes blocked putters with QueueShutDown and keeps the queued items for getters', async () => {
    const log: string[] = [];
    await run(function* () {
      const queue = new Queue<string>(1);
      queue.putNowait('x');
      const putters = yield* spawnAll(['a', 'b'].map((item) => logOutcome(`put ${item}`, queue.put(item), log)));
      yield* sleep(10);
      queue.shutdown();
      yield* gather(...putters);
      yield* logOutcome('get', queue.get(), log);
      yield* logOutcome('get', queue.get(), log);
    }, virtual());
    expect(log).toEqual([
      'put a: QueueShutDown: queue.put(item): the queue was shut down at 10',
      'put b: QueueShutDown: queue.put(item): the queue was shut down at 10',
      'get: x at 10',
      'get: QueueShutDown: queue.get(): the queue was shut down at 10',
    ]);
  });

  test('after shutdown, getters drain the remaining items, then get QueueShutDown', async () => {
    const seen = await run(function* () {
      const queue = new Queue<string>();
      queue.putNowait('a');
      queue.putNowait('b');
      queue.shutdown();
      const got = [yield* queue.get(), queue.getNowait()];
      let nowait = '';
      try {
        queue.getNowait();
      } catch (error) {
        nowait = (error as Error).name;
      }
      return [...got, yield* outcome(queue.get()), nowait];
    }, virtual());
    expect(seen).toEqual(['a', 'b', 'QueueShutDown: queue.get(): the queue was shut down', 'QueueShutDown']);
  });

  test('shutdown wakes every getter waiting on the empty queue with QueueShutDown, in order', async () => {
    const log: string[] = [];
    await run(function* () {
      const queue = new Queue<string>();
      const getters = yield* spawnAll(['g1', 'g2'].map((name) => logOutcome(name, queue.get(), log)));
      yield* sleep(10);
      queue.shutdown();
      yield* gather(...getters);
    }, virtual());
    expect(log).toEqual(['g1: QueueShutDown: queue.get(): the queue was shut down at 10', 'g2: QueueShutDown: queue.get(): the queue was shut down at 10']);
  });

  test('shutdown(true) drops the remaining items, so get throws QueueShutDown at once', async () => {
    const seen = await run(function* () {
      const queue = new Queue<string>();
      queue.putNowait('a');
      queue.putNowait('b');
      queue.shutdown(true);
      return [queue.qsize(), yield* outcome(queue.get())];
    }, virtual());
    expect(seen).toEqual([0, 'QueueShutDown: queue.get(): the queue was shut down']);
  });

  test('shutdown(true) counts the dropped items as done and releases join', async () => {
    const log: string[] = [];
    await run(function* () {
      const queue = new Queue<string>();
      queue.putNowait('a');
      queue.putNowait('b');
      const joiner = yield* spawn(function* () {
        yield* queue.join();
        log.push(`joined at ${yield* now()}`);
      }());
      yield* sleep(10);
      queue.shutdown(true);
      yield* joiner;
    }, virtual());
    expect(log).toEqual(['joined at 10']);
  });

  test('after shutdown(true), join still waits for items already taken until they are marked done', async () => {
    const log: string[] = [];
    await run(function* () {
      const queue = new Queue<string>();
      queue.putNowait('a');
      queue.putNowait('b');
      queue.getNowait(); // 'a' is taken and outstanding
      const joiner = yield* spawn(function* () {
        yield* queue.join();
        log.push(`joined at ${yield* now()}`);
      }());
      yield* sleep(10);
      queue.shutdown(true);
      yield* sleep(10);
      log.push(`taskDone at ${yield* now()}`);
      queue.taskDone();
      yield* joiner;
    }, virtual());
    expect(log).toEqual(['taskDone at 20', 'joined at 20']);
  });

  test('shutdown(true) wakes every waiting getter and putter with QueueShutDown', async () => {
    const log: string[] = [];
    await run(function* () {
      const empty = new Queue<string>();
      const full = new Queue<string>(1);
      full.putNowait('x');
      const waiting = yield* spawnAll([logOutcome('get', empty.get(), log), logOutcome('put', full.put('y'), log)]);
      yield* sleep(10);
      empty.shutdown(true);
      full.shutdown(true);
      yield* gather(...waiting);
      log.push(`full holds ${full.qsize()}`);
    }, virtual());
    expect(log).toEqual([
      'get: QueueShutDown: queue.get(): the queue was shut down at 10',
      'put: QueueShutDown: queue.put(item): the queue was shut down at 10',
      'full holds 0',
    ]);
  });
});

describe('Queue: arguments', () => {
  test('a negative, NaN, fractional or infinite maxsize is a RangeError naming maxsize', () => {
    for (const [maxsize, shown] of [
      [-1, '-1'],
      [NaN, 'NaN'],
      [1.5, '1.5'],
      [Infinity, 'Infinity'],
    ] as const) {
      expect(() => new Queue(maxsize)).toThrow(new RangeError(`new Queue(maxsize): maxsize must be an integer >= 0, got ${shown}`));
    }
    expect(() => new Queue(-1)).toThrow(RangeError);
  });

  test('a maxsize that is not a number is a TypeError naming maxsize and the class', () => {
    expect(() => new LifoQueue('3' as unknown as number)).toThrow(new TypeError('new LifoQueue(maxsize): maxsize must be a number, got string "3"'));
    expect(() => new LifoQueue('3' as unknown as number)).toThrow(TypeError);
  });

  test('shutdown(immediate) with a non-boolean is a TypeError', () => {
    expect(() => new Queue().shutdown(1 as unknown as boolean)).toThrow(new TypeError('queue.shutdown(immediate): immediate must be a boolean, got number 1'));
  });
});

describe('LifoQueue', () => {
  test('hands out the most recently put item first', () => {
    const queue = new LifoQueue<number>();
    for (const item of [1, 2, 3]) queue.putNowait(item);
    const first = queue.getNowait();
    queue.putNowait(4);
    expect([first, ...drain(queue)]).toEqual([3, 4, 2, 1]);
  });

  test('a putter blocked on a full LifoQueue puts once a get frees a slot', async () => {
    const seen = await run(function* () {
      const queue = new LifoQueue<string>(2);
      queue.putNowait('a');
      queue.putNowait('b');
      const putter = yield* spawn(queue.put('c'));
      yield* sleep(0);
      const first = yield* queue.get();
      yield* putter;
      return [first, ...drain(queue)];
    }, virtual());
    expect(seen).toEqual(['b', 'c', 'a']);
  });
});

describe('PriorityQueue', () => {
  test('hands out the smallest item first, items that compare equal in the order they were put', () => {
    const queue = new PriorityQueue<[number, string]>(0, (a, b) => a[0] - b[0]);
    for (const item of [[2, 'b1'], [1, 'a1'], [3, 'c1'], [2, 'b2'], [1, 'a2'], [2, 'b3'], [1, 'a3']] as [number, string][]) {
      queue.putNowait(item);
    }
    expect(drain(queue).map(([, name]) => name)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c1']);
  });

  test('without a compare function, orders numbers and strings by value', () => {
    const numbers = new PriorityQueue<number>();
    for (const n of [5, -1, 3.5, 10, 0]) numbers.putNowait(n);
    const strings = new PriorityQueue<string>();
    for (const s of ['pear', 'apple', 'fig']) strings.putNowait(s);
    expect([drain(numbers), drain(strings)]).toEqual([
      [-1, 0, 3.5, 5, 10],
      ['apple', 'fig', 'pear'],
    ]);
  });

  test('stays ordered, ties first-in first-out, across 500 interleaved puts and gets', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const queue = new PriorityQueue<{ priority: number; seq: number }>(0, (a, b) => a.priority - b.priority);
    const model: { priority: number; seq: number }[] = [];
    const out: number[] = [];
    const expected: number[] = [];
    for (let seq = 0; seq < 500; seq++) {
      const item = { priority: Math.floor(random() * 20), seq };
      queue.putNowait(item);
      model.push(item);
      if (random() < 0.4) {
        out.push(queue.getNowait().seq);
        model.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
        expected.push(model.shift()!.seq);
      }
    }
    out.push(...drain(queue).map((item) => item.seq));
    model.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    expected.push(...model.map((item) => item.seq));
    expect(out).toEqual(expected);
  });

  test('a getter waiting on an empty PriorityQueue receives the first item put', async () => {
    const item = await run(function* () {
      const queue = new PriorityQueue<number>();
      const getter = yield* spawn(queue.get());
      yield* sleep(0);
      queue.putNowait(9);
      queue.putNowait(1);
      return [yield* getter, drain(queue)];
    }, virtual());
    expect(item).toEqual([9, [1]]);
  });

  test('without a compare function, an item it cannot order is a TypeError at the put call', () => {
    const queue = new PriorityQueue<unknown>();
    expect(() => queue.put({ priority: 1 })).toThrow(
      new TypeError(
        'queue.put(item): without a compare function a PriorityQueue orders numbers, strings and bigints, got an object; pass one: new PriorityQueue(0, (a, b) => a.priority - b.priority)',
      ),
    );
    expect(() => queue.putNowait(NaN)).toThrow(TypeError);
    queue.putNowait(1);
    expect(() => queue.putNowait('a')).toThrow(new TypeError('queue.putNowait(item): cannot order string "a" against number 1 already queued; pass a compare function to mix kinds of items'));
    expect(drain(queue)).toEqual([1]);
  });

  test('a compare that is not a function is a TypeError', () => {
    expect(() => new PriorityQueue<number>(0, 'desc' as unknown as (a: number, b: number) => number)).toThrow(
      new TypeError('new PriorityQueue(maxsize, compare): compare must be a function, got string "desc"'),
    );
  });
});

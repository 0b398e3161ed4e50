/**
 * Bad input across the public API: every function and constructor called
 * with wrong types and with negative, NaN, infinite or fractional delays
 * and sizes throws at the call site, with the exact error class and a
 * message that names the call and the argument.
 */
import { describe, expect, test } from 'vitest';
import {
  Barrier,
  BoundedSemaphore,
  CapacityLimiter,
  Condition,
  LifoQueue,
  Loop,
  PriorityQueue,
  Queue,
  Semaphore,
  VirtualClock,
  asCompleted,
  batch,
  buffer,
  call,
  channel,
  concat,
  debounce,
  failAfter,
  filter,
  forEach,
  fromAsyncIterable,
  gather,
  gatherSettled,
  interval,
  iterate,
  map,
  merge,
  moveOnAfter,
  parseTrace,
  pipe,
  race,
  recordTrace,
  reduce,
  run,
  scan,
  shield,
  skip,
  sleep,
  spawn,
  stream,
  take,
  takeWhile,
  taskGroup,
  throttle,
  timeout,
  wait,
  zip,
} from '../../src/index.js';

type ErrorClass = new (...args: never[]) => Error;
/** One row: what is called, the call, the error class and a substring of its message. */
type Row = [label: string, call: () => unknown, error: ErrorClass, message: string];

function expectThrow(call: () => unknown, error: ErrorClass, message: string): void {
  let thrown: unknown = undefined;
  try {
    const result = call();
    // A Promise-returning API must still throw synchronously, not reject later.
    if (result instanceof Promise) result.catch(() => {});
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(error);
  expect((thrown as Error).message).toContain(message);
}

/** The bad values a delay in milliseconds can take, with the error each gets. */
const badDelays: [string, unknown, ErrorClass, string][] = [
  ['a string', '10', TypeError, 'ms must be a number of milliseconds, got string "10"'],
  ['null', null, TypeError, 'ms must be a number of milliseconds, got null'],
  ['undefined', undefined, TypeError, 'ms must be a number of milliseconds, got undefined'],
  ['an object', {}, TypeError, 'ms must be a number of milliseconds, got an object'],
  ['NaN', NaN, RangeError, 'ms must be a number of milliseconds, got NaN'],
  ['-1', -1, RangeError, 'ms must be >= 0, got -1'],
  ['-Infinity', -Infinity, RangeError, 'ms must be >= 0, got -Infinity'],
  ['Infinity', Infinity, RangeError, 'ms must be finite, got Infinity'],
];

const delayFunctions: [string, (ms: unknown) => unknown][] = [
  ['sleep(ms)', (ms) => sleep(ms as number)],
  ['failAfter(ms, op)', (ms) => failAfter(ms as number, sleep(1))],
  ['timeout(ms, op)', (ms) => timeout(ms as number, sleep(1))],
  ['timeout(ms)', (ms) => timeout(ms as number)],
  ['moveOnAfter(ms, op)', (ms) => moveOnAfter(ms as number, sleep(1))],
  ['interval(ms)', (ms) => interval(ms as number)],
  ['debounce(ms)', (ms) => debounce(ms as number)],
  ['throttle(ms)', (ms) => throttle(ms as number)],
  ['loop.callLater(ms, callback)', (ms) => withLoop((loop) => loop.callLater(ms as number, () => {}))],
  ['batch(size, options): options.maxWait', (ms) => batch(2, { maxWait: ms as number })],
];

function withLoop<T>(use: (loop: Loop) => T): T {
  const loop = new Loop({ clock: new VirtualClock() });
  try {
    return use(loop);
  } finally {
    loop.close();
  }
}

describe('delays: negative, NaN, infinite and non-number milliseconds', () => {
  const rows: Row[] = delayFunctions.flatMap(([name, fn]) =>
    badDelays
      // An optional delay may be left undefined (batch's maxWait: no time limit).
      .filter(([what]) => !(what === 'undefined' && name.includes('options.')))
      .map(([what, value, error, message]): Row => [`${name} with ${what}`, () => fn(value), error, `${name}: ${message}`]),
  );
  test.each(rows)('%s', (_label, call, error, message) => {
    expectThrow(call, error, message);
  });
});

/** Bad sizes for an integer count with a minimum; `infinite` says whether Infinity is allowed. */
function badCounts(name: string, make: (n: unknown) => unknown, min: number, infinite: boolean, integerWording: string): Row[] {
  const rows: Row[] = [
    [`${name} with a string`, () => make('3'), TypeError, `${name} must be a number, got string "3"`],
    [`${name} with null`, () => make(null), TypeError, `${name} must be a number, got null`],
    [`${name} with NaN`, () => make(NaN), RangeError, `${integerWording}, got NaN`],
    [`${name} with ${min - 1}`, () => make(min - 1), RangeError, `${integerWording}, got ${min - 1}`],
    [`${name} with 1.5`, () => make(1.5), RangeError, `${integerWording}, got 1.5`],
    [`${name} with -Infinity`, () => make(-Infinity), RangeError, `${integerWording}, got -Infinity`],
  ];
  if (!infinite) rows.push([`${name} with Infinity`, () => make(Infinity), RangeError, `${integerWording}, got Infinity`]);
  return rows;
}

describe('sizes and counts: negative, NaN, fractional, infinite and non-number', () => {
  const rows: Row[] = [
    ...badCounts('new Queue(maxsize): maxsize', (n) => new Queue(n as number), 0, false, 'new Queue(maxsize): maxsize must be an integer >= 0'),
    ...badCounts('new LifoQueue(maxsize): maxsize', (n) => new LifoQueue(n as number), 0, false, 'new LifoQueue(maxsize): maxsize must be an integer >= 0'),
    ...badCounts('new PriorityQueue(maxsize): maxsize', (n) => new PriorityQueue(n as number), 0, false, 'new PriorityQueue(maxsize): maxsize must be an integer >= 0'),
    ...badCounts('new Semaphore(value): value', (n) => new Semaphore(n as number), 0, false, 'new Semaphore(value): value must be an integer >= 0'),
    ...badCounts('new BoundedSemaphore(value): value', (n) => new BoundedSemaphore(n as number), 0, false, 'new BoundedSemaphore(value): value must be an integer >= 0'),
    ...badCounts('new Barrier(parties): parties', (n) => new Barrier(n as number), 1, false, 'new Barrier(parties): parties must be an integer >= 1'),
    ...badCounts(
      'new CapacityLimiter(totalTokens): totalTokens',
      (n) => new CapacityLimiter(n as number),
      1,
      true,
      'new CapacityLimiter(totalTokens): totalTokens must be an integer >= 1 or Infinity',
    ),
    ...badCounts('take(n): n', (n) => take(n as number), 0, true, 'take(n): n must be a whole number >= 0 (or Infinity)'),
    ...badCounts('skip(n): n', (n) => skip(n as number), 0, true, 'skip(n): n must be a whole number >= 0 (or Infinity)'),
    ...badCounts('buffer(n): n', (n) => buffer(n as number), 1, true, 'buffer(n): n must be a whole number >= 1 (or Infinity)'),
    ...badCounts('batch(size, options): size', (n) => batch(n as number), 1, true, 'batch(size, options): size must be a whole number >= 1 (or Infinity)'),
    ...badCounts(
      'map(f, options): options.concurrency',
      (n) => map((x: number) => x, { concurrency: n as number }),
      1,
      true,
      'map(f, options): options.concurrency must be a whole number >= 1 (or Infinity)',
    ),
    ['channel(capacity) with a string', () => channel('1' as never), TypeError, 'channel(capacity): capacity must be a number (0, a positive integer or Infinity), got string "1"'],
    ['channel(capacity) with -1', () => channel(-1), RangeError, 'channel(capacity): capacity must be 0 (rendezvous), a positive integer or Infinity, got -1'],
    ['channel(capacity) with NaN', () => channel(NaN), RangeError, 'channel(capacity): capacity must be 0 (rendezvous), a positive integer or Infinity, got NaN'],
    ['channel(capacity) with 1.5', () => channel(1.5), RangeError, 'channel(capacity): capacity must be 0 (rendezvous), a positive integer or Infinity, got 1.5'],
    ['condition.notify(n) with -1', () => new Condition().notify(-1), RangeError, 'condition.notify(n): n must be an integer >= 0 or Infinity, got -1'],
  ];
  test.each(rows)('%s', (_label, call, error, message) => {
    expectThrow(call, error, message);
  });
});

describe('clocks and loops: wrong types and out-of-range times', () => {
  const rows: Row[] = [
    ['new VirtualClock(options) with null', () => new VirtualClock(null as never), TypeError, 'new VirtualClock(options): options must be an object, got null'],
    ['new VirtualClock(options) with a string', () => new VirtualClock('fast' as never), TypeError, 'new VirtualClock(options): options must be an object, got string "fast"'],
    ['VirtualClock options.start null', () => new VirtualClock({ start: null as never }), TypeError, 'VirtualClock: options.start must be a finite number, got null'],
    ['VirtualClock options.start NaN', () => new VirtualClock({ start: NaN }), RangeError, 'VirtualClock: options.start must be a finite number, got number NaN'],
    ['VirtualClock options.start Infinity', () => new VirtualClock({ start: Infinity }), RangeError, 'VirtualClock: options.start must be a finite number, got number Infinity'],
    ['VirtualClock options.autojump a string', () => new VirtualClock({ autojump: 'no' as never }), TypeError, 'VirtualClock: options.autojump must be a boolean, got string "no"'],
    ['clock.advance(ms) with -1', () => new VirtualClock().advance(-1), RangeError, 'VirtualClock.advance: ms must be >= 0 (time never runs backwards), got -1'],
    ['clock.advance(ms) with NaN', () => new VirtualClock().advance(NaN), RangeError, 'VirtualClock.advance: ms must be a number, got NaN'],
    ['clock.advance(ms) with Infinity', () => new VirtualClock().advance(Infinity), RangeError, 'VirtualClock.advance: ms must be finite, got Infinity'],
    ['clock.advance(ms) with a string', () => new VirtualClock().advance('1' as never), TypeError, 'VirtualClock.advance: ms must be a number, got string "1"'],
    ['new Loop(options) with null', () => new Loop(null as never), TypeError, 'new Loop(options): options must be an object, got null'],
    ['new Loop options.clock not a Clock', () => new Loop({ clock: {} as never }), TypeError, 'new Loop(options): options.clock must be a Clock (RealClock or VirtualClock), got an object'],
    ['new Loop options.seed 1.5', () => new Loop({ seed: 1.5, clock: new VirtualClock() }), TypeError, 'new Loop(options): options.seed must be an integer, got number 1.5'],
    ['new Loop options.seed null', () => new Loop({ seed: null as never, clock: new VirtualClock() }), TypeError, 'new Loop(options): options.seed must be an integer, got null'],
    ['loop.callAt(when) with NaN', () => withLoop((loop) => loop.callAt(NaN, () => {})), RangeError, 'loop.callAt(when, callback): when must be a loop time in ms, got NaN'],
    ['loop.callAt(when) with Infinity', () => withLoop((loop) => loop.callAt(Infinity, () => {})), RangeError, 'loop.callAt(when, callback): when must be finite, got Infinity'],
    ['loop.callAt(when) with a string', () => withLoop((loop) => loop.callAt('0' as never, () => {})), TypeError, 'loop.callAt(when, callback): when must be a loop time in ms, got string "0"'],
    ['loop.callSoon(callback) with a number', () => withLoop((loop) => loop.callSoon(1 as never)), TypeError, 'loop.callSoon(callback): callback must be a function, got number 1'],
    ['loop.callLater(ms, callback) without a function', () => withLoop((loop) => loop.callLater(1, null as never)), TypeError, 'loop.callLater(ms, callback): callback must be a function, got null'],
    ['loop.run(op) with a function', () => withLoop((loop) => loop.run(function* main() {} as never)), TypeError, 'loop.run(op): expected an operation'],
    ['loop.createTask(op) with a promise', () => withLoop((loop) => loop.createTask(Promise.resolve(1) as never)), TypeError, 'wrap a promise with call(promise)'],
    ['loop.setExceptionHandler(handler) with a string', () => withLoop((loop) => loop.setExceptionHandler('log' as never)), TypeError, 'loop.setExceptionHandler(handler): handler must be a function or null, got string "log"'],
    ['loop.subscribe(listener) with undefined', () => withLoop((loop) => loop.subscribe(undefined as never)), TypeError, 'loop.subscribe(listener): listener must be a function, got undefined'],
    ['run(main, options) with options 1', () => run(sleep(1), 1 as never), TypeError, 'run(main, options): options must be an object, got number 1'],
    ['run(main) with a number', () => run(42 as never), TypeError, 'run(main): expected an operation'],
    ['run(main) whose main() returns a promise', () => run((async () => {}) as never), TypeError, 'run(main): the value main() returned: expected an operation'],
    ['run options.name a number', () => run(sleep(1), { name: 1 as never }), TypeError, 'run(main, options): options.name must be a string, got number 1'],
    ['run options.exceptionHandler a string', () => run(sleep(1), { exceptionHandler: 'x' as never }), TypeError, 'run(main, options): options.exceptionHandler must be a function, got string "x"'],
    ['run options.spawnSites a string', () => run(sleep(1), { spawnSites: 'yes' as never }), TypeError, 'run(main, options): options.spawnSites must be a boolean, got string "yes"'],
    ['loop.subscribe options null', () => withLoop((loop) => loop.subscribe(() => {}, null as never)), TypeError, 'loop.subscribe(listener, options): options must be an object, got null'],
    ['loop.subscribe options.spawnSites 1', () => withLoop((loop) => loop.subscribe(() => {}, { spawnSites: 1 as never })), TypeError, 'loop.subscribe(listener, options): options.spawnSites must be a boolean, got number 1'],
    ['recordTrace options.spawnSites null', () => withLoop((loop) => recordTrace(loop, () => {}, { spawnSites: null as never })), TypeError, 'recordTrace(loop, write, options): options.spawnSites must be a boolean, got null'],
    ['run options.onLoop an object', () => run(sleep(1), { onLoop: {} as never }), TypeError, 'run(main, options): options.onLoop must be a function, got an object'],
    ['run options.seed a string', () => run(sleep(1), { seed: 'x' as never, clock: new VirtualClock() }), TypeError, 'new Loop(options): options.seed must be an integer, got string "x"'],
    ['recordTrace(loop, write) with null', () => recordTrace(null as never, () => {}), TypeError, 'recordTrace(loop, write): loop must be a Loop, got null'],
    ['recordTrace(loop, write) with a string write', () => withLoop((loop) => recordTrace(loop, 'file' as never)), TypeError, 'recordTrace(loop, write): write must be a function, got string "file"'],
    ['parseTrace(text) with a Buffer-like object', () => parseTrace(new Uint8Array(2) as never), TypeError, 'parseTrace(text): text must be a string, got a Uint8Array'],
  ];
  test.each(rows)('%s', (_label, call, error, message) => {
    expectThrow(call, error, message);
  });
});

describe('operations and functions: wrong types where an operation or a function is expected', () => {
  function* work(): Generator<never, number> {
    return 1;
  }
  const rows: Row[] = [
    ['spawn(op) with the coroutine function itself', () => spawn(work as never), TypeError, 'spawn(op): expected an operation (a generator object or a runtime operation such as sleep(ms)), got function work; did you mean work()'],
    ['spawn(op) with a promise', () => spawn(Promise.resolve(1) as never), TypeError, 'spawn(op): expected an operation'],
    ['spawn(op, options) with options.name a number', () => spawn(sleep(1), { name: 7 as never }), TypeError, 'spawn(op, options): options.name must be a string, got number 7'],
    ['spawn(op, options) with options null', () => spawn(sleep(1), null as never), TypeError, 'spawn(op, options): options must be an object, got null'],
    ['gather(...ops) with an array after an operation', () => gather(sleep(1), [sleep(1)] as never), TypeError, 'gather(...ops): argument 1: expected an operation (a generator object or a runtime operation such as sleep(ms)), got an array of length 1; pass operations as separate arguments'],
    ['gather(ops) with a number in the array', () => gather([sleep(1), 2 as never]), TypeError, 'gather(ops, options): ops 1: expected an operation'],
    ['gather(ops, options) with a third argument', () => (gather as (...args: unknown[]) => unknown)([sleep(1)], {}, sleep(1)), TypeError, 'gather(ops, options): pass the operations either as one array (and an options object) or as separate arguments, not both'],
    ['gather(ops, options) with an operation for options', () => gather([sleep(1)], sleep(1) as never), TypeError, 'gather(ops, options): options must be an object such as { concurrency: 8 }, got a Sleep'],
    ['gather(ops, options) with concurrency 0', () => gather([sleep(1)], { concurrency: 0 }), RangeError, 'gather(ops, options): options.concurrency must be a whole number >= 1 (or Infinity), got 0'],
    ['gatherSettled(ops, options) with concurrency a string', () => gatherSettled([sleep(1)], { concurrency: '4' as never }), TypeError, 'gatherSettled(ops, options): options.concurrency must be a number, got string "4"'],
    ['gather(...ops) with a number second', () => gather(sleep(1), 2 as never), TypeError, 'gather(...ops): argument 1: expected an operation'],
    ['gatherSettled(...ops) with a string', () => gatherSettled('op' as never), TypeError, 'gatherSettled(...ops): argument 0: expected an operation'],
    ['gather(items, fn) with a number for items', () => gather(5 as never, (n: number) => n), TypeError, 'gather(items, fn, options): items must be an array, a Set, a Map or a typed array, got number 5'],
    ['gather(items, fn, options) with a generator object for items', () => gather((function* () { yield 1; })() as never, (n: number) => n, {}), TypeError, 'gather(items, fn, options): items must be an array, a Set, a Map or a typed array, got a Generator; a generator object or other operation is not taken as items (pass Array.from(values) instead)'],
    ['gather(items, fn, options) with a fourth argument', () => (gather as (...args: unknown[]) => unknown)([1], (n: number) => n, {}, {}), TypeError, 'gather(items, fn, options): expected at most 3 arguments, got 4'],
    ['gatherSettled(items, fn, options) with concurrency -1', () => gatherSettled([1], (n) => n, { concurrency: -1 }), RangeError, 'gatherSettled(items, fn, options): options.concurrency must be a whole number >= 1 (or Infinity), got -1'],
    ['gather(items, fn, options) with a number for options', () => gather([1], (n) => n, 3 as never), TypeError, 'gather(items, fn, options): options must be an object such as { concurrency: 8 }, got number 3'],
    ['race(...ops) with nothing', () => race(), RangeError, 'race(...ops): needs at least one operation'],
    ['race(...ops) with a Map', () => race(new Map() as never), TypeError, 'race(...ops): argument 0: expected an operation'],
    ['shield(op) with undefined', () => shield(undefined as never), TypeError, 'shield(op): expected an operation'],
    ['failAfter(ms, op) with a function', () => failAfter(10, work as never), TypeError, 'failAfter(ms, op): expected an operation'],
    ['moveOnAfter(ms, op) with a Set', () => moveOnAfter(10, new Set() as never), TypeError, 'moveOnAfter(ms, op): expected an operation'],
    ['taskGroup(body) with an operation', () => taskGroup(sleep(1) as never), TypeError, 'taskGroup(body): body must be a generator function receiving the group'],
    ['call(source) with a number', () => call(5 as never), TypeError, 'call(source): expected a promise or a function (signal) => promise, got number 5'],
    ['wait(tasks) with a number', () => wait(5 as never), TypeError, 'wait(tasks, options): tasks must be an iterable of tasks, got number 5'],
    ['wait(tasks) with nothing to wait for', () => wait([]), RangeError, 'wait(tasks, options): tasks must not be empty'],
    ['wait(tasks) with an operation instead of a task', () => wait([sleep(1)] as never), TypeError, 'wait(tasks, options): item 0 is a Sleep, not a Task; spawn operations first'],
    ['asCompleted(tasks) with null', () => asCompleted(null as never), TypeError, 'asCompleted(tasks): tasks must be an iterable of tasks, got null'],
    ['stream(factory) with a generator object', () => stream(work() as never), TypeError, 'stream(factory): factory must be a generator function, got a Generator'],
    ['forEach(source, fn) with an array source', () => forEach(42 as never, () => {}), TypeError, 'forEach(source, fn): source must be a Stream or an AsyncIterable, got number 42'],
    ['forEach(source, fn) without fn', () => forEach(interval(1), undefined as never), TypeError, 'forEach(source, fn): fn must be a function, got undefined'],
    ['iterate(source) with a string', () => iterate('abc' as never), TypeError, 'iterate(source): source must be a Stream or an AsyncIterable, got string "abc"'],
    ['fromAsyncIterable(source) with a sync array', () => fromAsyncIterable([1] as never), TypeError, 'fromAsyncIterable(source): source must be an AsyncIterable, got an array of length 1'],
    ['pipe(source) with null', () => pipe(null as never), TypeError, 'pipe(source, ...stages): source: expected a Stream or an AsyncIterable, got null'],
    ['pipe(source, stage) with a number stage', () => pipe(interval(1), 3 as never), TypeError, 'pipe(source, ...stages): stage 1 must be a function (such as map(f)), got number 3'],
    ['map(f) with a string', () => map('x' as never), TypeError, 'map(f, options): f must be a function, got string "x"'],
    ['map(f, options) with ordered a string', () => map((x: number) => x, { ordered: 'yes' as never }), TypeError, 'map(f, options): options.ordered must be a boolean, got string "yes"'],
    ['filter(p) with null', () => filter(null as never), TypeError, 'filter(p, options): p must be a function, got null'],
    ['takeWhile(p) with a number', () => takeWhile(1 as never), TypeError, 'takeWhile(p): p must be a function, got number 1'],
    ['scan(f, seed) with an object', () => scan({} as never, 0), TypeError, 'scan(f, seed): f must be a function, got an object'],
    ['reduce(f, seed) with undefined', () => reduce(undefined as never, 0), TypeError, 'reduce(f, seed): f must be a function, got undefined'],
    ['merge(...sources) with a number', () => merge(1 as never), TypeError, 'merge(...sources): argument 0: expected a Stream or an AsyncIterable, got number 1'],
    ['zip(...sources) with null', () => zip(null as never), TypeError, 'zip(...sources): argument 0: expected a Stream or an AsyncIterable, got null'],
    ['concat(...sources) with an object', () => concat({} as never), TypeError, 'concat(...sources): argument 0: expected a Stream or an AsyncIterable, got an object'],
    ['new Condition(lock) with a Semaphore', () => new Condition(new Semaphore() as never), TypeError, 'new Condition(lock): lock must be a Lock, got a Semaphore'],
    ['new PriorityQueue(maxsize, compare) with a string compare', () => new PriorityQueue(0, 'asc' as never), TypeError, 'new PriorityQueue(maxsize, compare): compare must be a function, got string "asc"'],
    ['queue.shutdown(immediate) with a string', () => new Queue().shutdown('now' as never), TypeError, 'queue.shutdown(immediate): immediate must be a boolean, got string "now"'],
  ];
  test.each(rows)('%s', (_label, call, error, message) => {
    expectThrow(call, error, message);
  });
});

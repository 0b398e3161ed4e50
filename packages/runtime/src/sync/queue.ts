/**
 * `Queue`, `LifoQueue` and `PriorityQueue`: asyncio's queues, with 3.13's
 * `shutdown`.
 *
 * The three differ only in their storage (queue-storage.ts); this file is
 * the one implementation of waiting, handing over and shutting down.
 *
 * Invariants:
 * - Handoff at wake time, so nothing is lost. `put` with a getter waiting
 *   gives the item straight to the first getter; `get` that frees a slot
 *   moves the first waiting putter's item in. A woken task owns what it was
 *   handed even if it is cancelled before it runs (the value is delivered
 *   first, the next suspension throws); a waiter cancelled while still
 *   queued leaves having consumed nothing and its item (a putter's) is not
 *   added.
 * - Getters wait only while the queue is empty, putters only while it is
 *   full, and each line is FIFO, so a newcomer never overtakes a waiter.
 * - `unfinished` counts items put and not yet marked with `taskDone()`;
 *   `join()` waits for it to reach 0.
 * - After `shutdown()` puts fail with `QueueShutDown` (waiting putters too);
 *   gets drain what is left, then fail. `shutdown(true)` drops what is left
 *   (counting it as done) and fails every waiting getter at once.
 *
 * Costs: a `put` or `get` that need not wait is a function call that
 * allocates the operation object only (plus `get`'s result); a wait adds
 * nothing more. The FIFO storage is a ring buffer that stops allocating once
 * it has grown to the queue's high-water mark.
 *
 * @module
 */
import { InvalidStateError, QueueEmpty, QueueFull, QueueShutDown } from '../errors.js';
import { describe, FINISHED_VOID, finishedWith, rejectAwait, type Instruction, type Operation } from '../operation.js';
import { Heap, RingBuffer, Stack, naturalOrder, type Storage } from './queue-storage.js';
import { WAIT, WaitList, Waiter, assertCount } from './waiter.js';

/**
 * A FIFO queue for tasks (asyncio's `Queue`). `maxsize` 0 (the default)
 * means unbounded; otherwise `put` waits while `maxsize` items are queued.
 * A negative, NaN or fractional `maxsize` is a `RangeError`.
 *
 * @example
 * ```ts
 * const queue = new Queue<number>(128);
 * yield* taskGroup(function* (group) {
 *   group.spawn(function* () {
 *     for (let i = 0; i < 1000; i++) yield* queue.put(i);
 *     queue.shutdown();
 *   }());
 *   group.spawn(function* () {
 *     let sum = 0;
 *     try {
 *       for (;;) sum += yield* queue.get();
 *     } catch (error) {
 *       if (!(error instanceof QueueShutDown)) throw error;
 *     }
 *     console.log(sum); // 499500
 *   }());
 * });
 * ```
 */
export class Queue<T> {
  /** The most items the queue holds; 0 means unbounded. */
  readonly maxsize: number;
  /** @internal Replaced by subclasses that store items in another order. */
  _items: Storage<T> = new RingBuffer<T>();
  /** @internal */
  readonly _getters = new WaitList<QueueGetWaiter<T>>();
  /** @internal */
  readonly _putters = new WaitList<QueuePutWaiter<T>>();
  /** @internal */
  readonly _joiners = new WaitList<QueueJoin>();
  /** @internal Items put and not yet marked done. */
  _unfinished = 0;
  /** @internal */
  _shutDown = false;

  constructor(maxsize = 0) {
    assertCount(maxsize, 0, `new ${new.target.name}(maxsize): maxsize`);
    this.maxsize = maxsize;
  }

  /**
   * How many items are queued.
   *
   * @example
   * ```ts
   * queue.qsize(); // 3
   * ```
   */
  qsize(): number {
    return this._items.size;
  }

  /**
   * True when no item is queued.
   *
   * @example
   * ```ts
   * new Queue<number>().empty(); // true
   * ```
   */
  empty(): boolean {
    return this._items.size === 0;
  }

  /**
   * True when the queue is bounded and holds `maxsize` items.
   *
   * @example
   * ```ts
   * const queue = new Queue<number>(1);
   * queue.putNowait(1);
   * queue.full(); // true
   * ```
   */
  full(): boolean {
    return this.maxsize > 0 && this._items.size >= this.maxsize;
  }

  /**
   * Puts an item, waiting in line while the queue is full. Returns without
   * yielding when there is room. Throws `QueueShutDown` after `shutdown()`,
   * also while waiting.
   *
   * @example
   * ```ts
   * yield* queue.put(job);
   * ```
   */
  put(item: T): Operation<void> {
    this._items.admit?.(item, 'queue.put(item)');
    return new QueuePut(this, item);
  }

  /** The operation every `get()` returns: it holds no state of its own (see {@link QueueGet}). */
  private readonly getOperation: Operation<T> = new QueueGet(this);

  /**
   * Puts an item without waiting. Throws `QueueFull` when the queue is full
   * and `QueueShutDown` after `shutdown()`.
   *
   * @example
   * ```ts
   * queue.putNowait(job);
   * ```
   */
  putNowait(item: T): void {
    this._items.admit?.(item, 'queue.putNowait(item)');
    if (!this._offer(item, 'queue.putNowait(item)')) {
      throw new QueueFull(`queue.putNowait(item): the queue is full (maxsize ${this.maxsize}); use yield* queue.put(item) to wait for room`);
    }
  }

  /**
   * Takes the next item, waiting in line while the queue is empty. Returns
   * without yielding when an item is there. After `shutdown()` it drains
   * what is left, then throws `QueueShutDown`.
   *
   * @example
   * ```ts
   * const job = yield* queue.get();
   * ```
   */
  get(): Operation<T> {
    return this.getOperation;
  }

  /**
   * Takes the next item without waiting. Throws `QueueEmpty` when the queue
   * is empty, or `QueueShutDown` when it is empty and shut down.
   *
   * @example
   * ```ts
   * while (!queue.empty()) handle(queue.getNowait());
   * ```
   */
  getNowait(): T {
    if (this._items.size > 0) return this._take();
    if (this._shutDown) throw shutDown('queue.getNowait()');
    throw new QueueEmpty('queue.getNowait(): the queue is empty; use yield* queue.get() to wait for an item');
  }

  /**
   * Marks one item taken with `get` as processed; when every item put has
   * been marked, `join()` returns. Throws `InvalidStateError` when called
   * more times than items were put.
   *
   * @example
   * ```ts
   * const job = yield* queue.get();
   * try {
   *   yield* handle(job);
   * } finally {
   *   queue.taskDone();
   * }
   * ```
   */
  taskDone(): void {
    if (this._unfinished === 0) {
      throw new InvalidStateError('queue.taskDone(): called more times than items were put; call it once per item taken with get()');
    }
    if (--this._unfinished === 0) this._joiners.wakeAll(undefined);
  }

  /**
   * Waits until every item put has been marked with `taskDone()`. Returns
   * without yielding when none is outstanding.
   *
   * @example
   * ```ts
   * for (const job of jobs) yield* queue.put(job);
   * yield* queue.join(); // every job handled
   * ```
   */
  join(): Operation<void> {
    return new QueueJoin(this);
  }

  /**
   * Shuts the queue down (asyncio 3.13): `put` and `putNowait` throw
   * `QueueShutDown` from now on and waiting putters get it at once; getters
   * drain the items left, then get `QueueShutDown`. With `immediate`, the
   * items left are dropped and counted as done (releasing `join()` once no
   * taken item is outstanding) and every waiting getter gets
   * `QueueShutDown` at once.
   *
   * @example
   * ```ts
   * queue.shutdown();      // consumers finish what is queued
   * queue.shutdown(true);  // consumers stop now
   * ```
   */
  shutdown(immediate = false): void {
    if (typeof immediate !== 'boolean') throw new TypeError(`queue.shutdown(immediate): immediate must be a boolean, got ${describe(immediate)}`);
    this._shutDown = true;
    if (immediate && this._items.size > 0) {
      this._unfinished = Math.max(0, this._unfinished - this._items.size);
      this._items.clear();
      if (this._unfinished === 0) this._joiners.wakeAll(undefined);
    }
    // Getters wait only on an empty queue, so every one of them is done for.
    this._getters.throwAll(() => shutDown('queue.get()'));
    this._putters.throwAll(() => shutDown('queue.put(item)'));
  }

  /** @internal Adds `item` unless the queue is full (false); throws after shutdown. */
  _offer(item: T, where: string): boolean {
    if (this._shutDown) throw shutDown(where);
    if (this.full()) return false;
    this._unfinished++;
    const getter = this._getters.shift();
    if (getter === null) this._items.push(item);
    else getter._wake(item);
    return true;
  }

  /** @internal Takes the next item (the queue is not empty) and lets the first waiting putter in. */
  _take(): T {
    const item = this._items.take();
    const putter = this._putters.shift();
    if (putter !== null) {
      this._unfinished++;
      this._items.push(putter.item);
      putter._wake(undefined);
    }
    return item;
  }
}

function shutDown(where: string): QueueShutDown {
  return new QueueShutDown(`${where}: the queue was shut down`);
}

/**
 * `queue.get()`. The call is made when `yield*` asks for the iterator: an
 * item that is there is taken at once and returned in a finished iterator,
 * and only a call that must wait becomes a {@link QueueGetWaiter} (the
 * object a task suspends on and a wait list holds). A get with an item ready
 * therefore allocates one small result; the operation itself holds no state,
 * so every `get()` of a queue returns the same one.
 */
class QueueGet<T> implements Operation<T> {
  constructor(private readonly queue: Queue<T>) {}

  [Symbol.iterator](): Iterator<Instruction, T, unknown> {
    const queue = this.queue;
    if (queue._items.size > 0) return finishedWith(queue._take());
    if (queue._shutDown) throw shutDown('queue.get()');
    return new QueueGetWaiter(queue);
  }
}

/** `queue.put(item)`: as {@link QueueGet}, a put with room completes when `yield*` starts it, allocating nothing more. */
class QueuePut<T> implements Operation<void> {
  constructor(
    private readonly queue: Queue<T>,
    private readonly item: T,
  ) {}

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    return this.queue._offer(this.item, 'queue.put(item)') ? FINISHED_VOID : new QueuePutWaiter(this.queue, this.item);
  }
}

/** A `get()` that found the queue empty, waiting in line for an item. */
class QueueGetWaiter<T> extends Waiter<T> {
  constructor(private readonly queue: Queue<T>) {
    super();
  }

  get kind(): string {
    return 'queue.get';
  }

  override _describe(label: (target: object, kind: string) => string): string {
    return `queue.get() on ${label(this.queue, this.queue.constructor.name)} (empty)`;
  }

  protected get _list(): WaitList<QueueGetWaiter<T>> {
    return this.queue._getters;
  }

  protected _now(): T | typeof WAIT {
    const queue = this.queue;
    if (queue._items.size > 0) return queue._take();
    if (queue._shutDown) throw shutDown('queue.get()');
    return WAIT;
  }

  protected _again(): QueueGetWaiter<T> {
    return new QueueGetWaiter(this.queue);
  }
}

/** A `put(item)` that found the queue full, waiting in line for room. */
class QueuePutWaiter<T> extends Waiter<void> {
  constructor(
    private readonly queue: Queue<T>,
    readonly item: T,
  ) {
    super();
  }

  get kind(): string {
    return 'queue.put';
  }

  override _describe(label: (target: object, kind: string) => string): string {
    return `queue.put() on ${label(this.queue, this.queue.constructor.name)} (full: maxsize ${this.queue.maxsize})`;
  }

  protected get _list(): WaitList<QueuePutWaiter<T>> {
    return this.queue._putters;
  }

  protected _now(): void | typeof WAIT {
    return this.queue._offer(this.item, 'queue.put(item)') ? undefined : WAIT;
  }

  protected _again(): QueuePutWaiter<T> {
    return new QueuePutWaiter(this.queue, this.item);
  }
}

class QueueJoin extends Waiter<void> {
  constructor(private readonly queue: Queue<unknown>) {
    super();
  }

  get kind(): string {
    return 'queue.join';
  }

  override _describe(label: (target: object, kind: string) => string): string {
    return `queue.join() on ${label(this.queue, this.queue.constructor.name)} (unfinished items)`;
  }

  protected get _list(): WaitList<QueueJoin> {
    return this.queue._joiners;
  }

  protected _now(): void | typeof WAIT {
    return this.queue._unfinished === 0 ? undefined : WAIT;
  }

  protected _again(): QueueJoin {
    return new QueueJoin(this.queue);
  }
}

/**
 * A queue that hands out the most recently put item first (asyncio's
 * `LifoQueue`).
 *
 * @example
 * ```ts
 * const stack = new LifoQueue<string>();
 * stack.putNowait('a');
 * stack.putNowait('b');
 * stack.getNowait(); // 'b'
 * ```
 */
export class LifoQueue<T> extends Queue<T> {
  constructor(maxsize = 0) {
    super(maxsize);
    this._items = new Stack<T>();
  }
}

/**
 * A queue that hands out the smallest item first (asyncio's
 * `PriorityQueue`), as ordered by `compare` (negative: `a` first). Without
 * `compare`, items must be numbers, bigints or strings and are ordered by
 * value. Items that compare equal leave in the order they were put.
 * `compare` must not throw.
 *
 * @example
 * ```ts
 * const jobs = new PriorityQueue<{ priority: number; name: string }>(0, (a, b) => a.priority - b.priority);
 * jobs.putNowait({ priority: 2, name: 'later' });
 * jobs.putNowait({ priority: 1, name: 'first' });
 * jobs.getNowait().name; // 'first'
 * ```
 */
export class PriorityQueue<T> extends Queue<T> {
  constructor(maxsize = 0, compare?: (a: T, b: T) => number) {
    super(maxsize);
    if (compare !== undefined && typeof compare !== 'function') {
      throw new TypeError(`new PriorityQueue(maxsize, compare): compare must be a function, got ${describe(compare)}`);
    }
    this._items = new Heap<T>(compare ?? naturalOrder);
  }
}

// `await` of these operations rejects with a TypeError saying to use yield* (operation.ts).
rejectAwait(QueueGet, QueuePut);

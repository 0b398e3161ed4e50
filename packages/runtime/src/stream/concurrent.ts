/**
 * `map` and `filter` with concurrency n > 1: up to n calls of the callback
 * run at once, in a pool of at most n worker tasks of the stage.
 *
 * The workers read the upstream themselves. A worker takes the next value
 * from the upstream, runs the call, stores its outcome for the consumer and
 * goes straight on to the next value, so a value costs one read and one
 * call in one task: no reader task, no handing each value from task to
 * task. The upstream is read by one worker at a time (a worker that finds
 * it being read waits its turn); the first worker starts when the consumer
 * first reads the stage, and each worker that reads a value lets the next
 * value be read at once, by waking an idle worker or starting a new one
 * while there are fewer than n, so the pool grows only as far as the
 * stream needs.
 *
 * Bounds: at most n calls run at once (one per worker), and no call starts
 * while n finished results wait to be handed to the consumer (in ordered
 * mode, results waiting behind a slower earlier call count too): a slow
 * consumer, or a slow head of the line, holds the stage back rather than
 * letting results pile up. The consumer is woken once however many results
 * arrive before it runs, and takes them all.
 *
 * Ordered mode hands results over in input order, unordered mode in the
 * order the calls finish. A call's error is a result like any other: it is
 * thrown when its turn comes (ordered) or when it happens (unordered), after
 * which the stage closes. The upstream's end or error comes after every
 * value read before it. Closing the stage closes the upstream (unless a
 * worker is in the middle of reading it), cancels the workers and waits for
 * them, then closes the upstream if it is still open.
 *
 * Costs per value: nothing allocated but a failed call's record; per stage: up to n
 * workers, each with a reusable wakeup for when it is idle.
 *
 * @module
 */
import type { Instruction } from '../operation.js';
import { RingBuffer } from '../sync/queue-storage.js';
import { shield } from '../task/shield.js';
import { currentTaskOrThrow } from '../task/task.js';
import { StageScope } from './children.js';
import { ENDED, READING } from './feed.js';
import { open } from './for-each.js';
import { isDeferred, settle } from './stage.js';
import { stream, type Stream, type Subscription } from './stream.js';
import { Wakeup } from './wakeup.js';

/** A call's error, as a result: thrown to the consumer when its turn comes. */
class Failure {
  constructor(readonly error: unknown) {}
}

/** An empty slot: no result for that index yet, or none left to take. */
const EMPTY: unique symbol = Symbol('empty');
/** A filter call whose predicate was false: its slot is handed on with nothing to yield. */
const DROPPED: unique symbol = Symbol('dropped');

/** What a call leaves for the consumer: the value to yield, DROPPED, or a Failure. */
type Result = unknown;

class Concurrent<A> {
  readonly scope: StageScope;
  /** Values read and not yet handed to the consumer (running or finished). */
  busy = 0;
  /** READING, then ENDED or the upstream's error. */
  upstream: unknown = READING;
  private readonly source: Subscription<A>;
  /** True while a worker is in the middle of reading the upstream. */
  private reading = false;
  /** Finished results not yet handed on. */
  private waiting = 0;
  private workers = 0;
  /** Values read so far: the index of the next one. */
  private read = 0;
  /** Ordered mode: the index of the next result to hand on. */
  private handed = 0;
  /** Ordered mode: results by input index (EMPTY until there), a ring covering indexes `handed` to `read`. */
  private slots: Result[] = new Array<Result>(16).fill(EMPTY);
  private mask = 15;
  /** Unordered mode: results in the order the calls finished. */
  private readonly finished = new RingBuffer<Result>();
  /** Workers with nothing to do, each parked on its own wakeup. */
  private readonly idle: Wakeup[] = [];

  constructor(
    source: Stream<A>,
    private readonly fn: (value: A) => unknown,
    private readonly filter: boolean,
    private readonly limit: number,
    private readonly ordered: boolean,
    name: string,
  ) {
    this.source = open(source);
    this.scope = new StageScope(`${name}()`, name);
    this.startWorker();
  }

  /** The next result due to the consumer, or EMPTY if it is not ready; frees its slot. */
  take(): Result {
    let result: Result;
    if (this.ordered) {
      const slot = this.handed & this.mask;
      result = this.slots[slot];
      if (result === EMPTY) return EMPTY;
      this.slots[slot] = EMPTY;
      this.handed++;
    } else {
      if (this.finished.size === 0) return EMPTY;
      result = this.finished.take();
    }
    this.busy--;
    this.waiting--;
    // Room for a result again: a worker held back by waiting results may start its next call.
    if (this.idle.length > 0) this.wakeIdle();
    return result;
  }

  /** Stops the stage: closes the upstream and the workers, waiting for all of them. */
  *close(): Generator<Instruction, void, unknown> {
    // Upstream first when nobody is reading it, so its finally runs before the calls are cancelled.
    if (!this.reading) yield* shield(this.source.close());
    yield* this.scope.close();
    yield* shield(this.source.close());
  }

  private startWorker(): void {
    this.workers++;
    this.scope.spawn(this.work());
  }

  /** Wakes one idle worker, if any is parked. */
  private wakeIdle(): boolean {
    for (let idle = this.idle.pop(); idle !== undefined; idle = this.idle.pop()) {
      if (idle.waiting) {
        idle.wake();
        return true;
      }
    }
    return false;
  }

  /** The upstream is done: idle workers wake to find nothing left and finish; the consumer looks again. */
  private stop(outcome: unknown): void {
    this.upstream = outcome;
    for (const idle of this.idle.splice(0)) idle.wake();
    this.scope.notify();
  }

  private store(index: number, result: Result): void {
    this.waiting++;
    if (this.ordered) {
      while (index - this.handed > this.mask) this.growSlots();
      this.slots[index & this.mask] = result;
    } else {
      this.finished.push(result);
    }
    this.scope.notify();
  }

  private growSlots(): void {
    const old = this.slots;
    const oldMask = this.mask;
    const size = old.length * 2;
    const next = new Array<Result>(size).fill(EMPTY);
    for (let i = this.handed; i < this.read; i++) next[i & (size - 1)] = old[i & oldMask];
    this.slots = next;
    this.mask = size - 1;
  }

  private *work(): Generator<Instruction, void, unknown> {
    const task = currentTaskOrThrow('map()');
    const idle = new Wakeup('stream.idle');
    for (;;) {
      // A stage being closed starts no new call, even in a worker woken just before.
      if (task._cancelledScope() !== null || this.upstream !== READING) return;
      if (this.reading || this.waiting >= this.limit) {
        this.idle.push(idle);
        yield idle;
        continue;
      }
      this.reading = true;
      let step: IteratorResult<A, undefined>;
      try {
        step = this.source._ready?.() ?? (yield* this.source.next());
      } catch (error) {
        this.reading = false;
        this.stop(error);
        return;
      }
      this.reading = false;
      if (step.done === true) {
        this.stop(ENDED);
        return;
      }
      const index = this.read++;
      this.busy++;
      // Let the next value be read while this call runs.
      if ((this.idle.length === 0 || !this.wakeIdle()) && this.workers < this.limit) this.startWorker();
      const input = step.value;
      let result: Result;
      try {
        let value = this.fn(input);
        if (isDeferred(value)) value = yield* settle(value);
        result = !this.filter ? value : value ? input : DROPPED;
      } catch (error) {
        result = new Failure(error);
      }
      this.store(index, result);
    }
  }
}

/**
 * @internal `map` (filter false) or `filter` (filter true) running up to
 * `limit` calls of `fn` at once.
 */
export function concurrentStream<A, B>(source: Stream<A>, fn: (value: A) => unknown, filter: boolean, limit: number, ordered: boolean): Stream<B> {
  const name = filter ? 'filter' : 'map';
  return stream<B>(function* () {
    const stage = new Concurrent<A>(source, fn, filter, limit, ordered, name);
    try {
      for (;;) {
        const result = stage.take();
        if (result !== EMPTY) {
          if (result instanceof Failure) throw result.error;
          if (result !== DROPPED) yield result as B;
        } else if (stage.busy === 0 && stage.upstream !== READING) {
          if (stage.upstream === ENDED) return;
          throw stage.upstream;
        } else {
          yield stage.scope.wait();
        }
      }
    } finally {
      yield* stage.close();
    }
  });
}

/**
 * `map` and `filter` with concurrency n > 1: up to n calls of the callback
 * run at once, in a pool of at most n worker tasks of the stage.
 *
 * A feeder task (a child of the stage, see children.ts) reads the upstream
 * while fewer than n values are in flight and hands each value to an idle
 * worker, starting a new worker while there are fewer than n. A worker runs
 * one call at a time and takes the next value as soon as it is done, so a
 * long stream costs n tasks, not one per value (a task per value cost
 * about 1 µs each in spawning alone). A value is in flight from the moment it is read until the
 * consumer has been handed its result — running, or finished and waiting
 * for its turn — so at most n calls ever run and at most n results ever
 * wait (Akka's `mapAsync`): a slow consumer, or in ordered mode a slow head
 * of the line, holds the stage back rather than letting results pile up.
 *
 * Ordered mode hands results over in input order, unordered mode in the
 * order the calls finish. A call's error is a result like any other: it is
 * thrown when its turn comes (ordered) or when it happens (unordered), after
 * which the stage closes. The upstream's end or error comes after every
 * value read before it. Closing the stage cancels the feeder and the
 * workers and waits for them.
 *
 * Costs per value: one small record of its outcome; per stage: the feeder
 * and up to n workers, each with a reusable wakeup for when it is idle.
 *
 * @module
 */
import type { Instruction } from '../operation.js';
import { cancelledScopeOf } from '../task/scope.js';
import { StageScope } from './children.js';
import { ENDED, READING, pump } from './feed.js';
import { isDeferred, settle } from './stage.js';
import { stream, type Stream } from './stream.js';
import { Wakeup } from './wakeup.js';

/** How one call ended: its result, or (ok false) its error. */
interface Outcome {
  readonly ok: boolean;
  readonly value: unknown;
  readonly input: unknown;
}

class Concurrent<A> {
  readonly scope: StageScope;
  /** Values read and not yet handed to the consumer. */
  inFlight = 0;
  /** READING, then ENDED or the upstream's error. */
  upstream: unknown = READING;
  private readonly room = new Wakeup('stream.full');
  private readonly results = new Map<number, Outcome>();
  private readonly finished: Outcome[] = [];
  /** Values read and not yet taken by a worker, oldest first; the first has index `read - pending.length`. */
  private readonly pending: A[] = [];
  /** Workers with nothing to do, each parked on its own wakeup. */
  private readonly idle: Wakeup[] = [];
  private workers = 0;
  private read = 0;
  private handed = 0;

  constructor(
    source: Stream<A>,
    private readonly fn: (value: A) => unknown,
    private readonly limit: number,
    private readonly ordered: boolean,
    name: string,
  ) {
    this.scope = new StageScope(`${name}()`, name);
    this.scope.spawn(this.feed(source));
  }

  /** The next outcome due to the consumer, if it is ready; frees its slot. */
  take(): Outcome | undefined {
    let outcome: Outcome | undefined;
    if (this.ordered) {
      outcome = this.results.get(this.handed);
      if (outcome !== undefined) this.results.delete(this.handed++);
    } else {
      outcome = this.finished.shift();
    }
    if (outcome !== undefined) {
      this.inFlight--;
      this.room.wake();
    }
    return outcome;
  }

  private *feed(source: Stream<A>): Generator<Instruction, void, unknown> {
    this.upstream = yield* pump(
      this.scope,
      source,
      () => this.inFlight >= this.limit,
      this.room,
      (value) => {
        this.inFlight++;
        this.read++;
        this.pending.push(value);
        this.wakeWorker();
      },
    );
    // Idle workers wake to find nothing left and finish.
    for (const idle of this.idle.splice(0)) idle.wake();
    this.scope.notify();
  }

  /** Gets a pending value worked on: wakes an idle worker, or starts one while there are fewer than `limit`. */
  private wakeWorker(): void {
    for (let idle = this.idle.pop(); idle !== undefined; idle = this.idle.pop()) {
      if (idle.waiting) {
        idle.wake();
        return;
      }
    }
    if (this.workers < this.limit) {
      this.workers++;
      this.scope.spawn(this.work());
    }
  }

  private *work(): Generator<Instruction, void, unknown> {
    const idle = new Wakeup('stream.idle');
    for (;;) {
      // A stage being closed starts no new call, even in a worker woken (with a value for it) just before.
      if (cancelledScopeOf(this.scope) !== null) return;
      if (this.pending.length === 0) {
        if (this.upstream !== READING) return;
        this.idle.push(idle);
        yield idle;
        continue;
      }
      const index = this.read - this.pending.length;
      const input = this.pending.shift() as A;
      let outcome: Outcome;
      try {
        let value = this.fn(input);
        if (isDeferred(value)) value = yield* settle(value);
        outcome = { ok: true, value, input };
      } catch (error) {
        outcome = { ok: false, value: error, input };
      }
      if (this.ordered) this.results.set(index, outcome);
      else this.finished.push(outcome);
      this.scope.notify();
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
    const stage = new Concurrent<A>(source, fn, limit, ordered, name);
    try {
      for (;;) {
        const outcome = stage.take();
        if (outcome !== undefined) {
          if (!outcome.ok) throw outcome.value;
          if (!filter) yield outcome.value as B;
          else if (outcome.value) yield outcome.input as B;
        } else if (stage.inFlight === 0 && stage.upstream !== READING) {
          if (stage.upstream === ENDED) return;
          throw stage.upstream;
        } else {
          yield stage.scope.wait();
        }
      }
    } finally {
      yield* stage.scope.close();
    }
  });
}

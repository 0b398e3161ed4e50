/**
 * Streams: Python's asynchronous generators, as generator functions that
 * `yield` values and `yield*` operations between them.
 *
 * A `Stream<T>` is a lazy description: nothing runs until it is consumed,
 * and each consumer runs it afresh. Consuming opens a {@link Subscription},
 * whose `next()` steps the stream coroutine *inside the consumer's task*:
 * instructions the stream yields (a sleep, a queue get) suspend the consumer,
 * values it yields are returned from `next()`. There is no extra task and no
 * promise between producer and consumer, so a stage costs a generator resume
 * per item.
 *
 * Closing (`close()`, or a consumer that stops early, throws or is
 * cancelled) calls the generator's `return()`: its `finally` blocks run and
 * may still `yield*` operations; yielding another *value* there is an error,
 * as in Python ("async generator ignored GeneratorExit").
 *
 * Invariants:
 * - One step at a time: a subscription is read by one task; a second
 *   concurrent `next()` is an `InvalidStateError`.
 * - After the stream returns, throws or is closed, `next()` keeps returning
 *   `{ done: true }`.
 * - A subscription opened with `iterate()` and left open is closed when the
 *   task that opened it finishes (see task.ts), so the stream's `finally`
 *   always runs.
 *
 * @module
 */
import { InvalidStateError } from '../errors.js';
import { describe, Instruction, rejectAwait, type Operation } from '../operation.js';
import type { ScopeNode } from '../task/scope.js';
import { currentTaskOrNull } from '../task/task.js';
import { LoopAsyncIterator } from './async-iterator.js';

/** The end of a stream, as `next()` reports it. */
export const STREAM_END: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * An open stream being read by one task: pull values with `next()`, stop
 * early with `close()`.
 *
 * @example
 * ```ts
 * const numbers = yield* iterate(squareOdds(1, 10));
 * try {
 *   const first = yield* numbers.next(); // { done: false, value: 1 }
 * } finally {
 *   yield* numbers.close();
 * }
 * ```
 */
export interface Subscription<T> {
  /** The next value (`{ done: false, value }`), or `{ done: true }` once the stream has ended. */
  next(): Operation<IteratorResult<T, undefined>>;
  /** Stops the stream early: its `finally` blocks run. Closing twice, or after the end, does nothing. */
  close(): Operation<void>;
  /** True once the stream has ended or been closed. */
  readonly closed: boolean;
  /**
   * @internal The next result when it can be had without waiting (a value
   * already in hand, or the end), taken as `next()` would take it; else
   * null, and the consumer must read with `next()` right after: it goes on
   * from there (a fused stage whose callback must wait keeps the value it
   * took for that read). Consumers that loop over values (`forEach`) ask it
   * first, so a value in hand costs no operation. Optional: a subscription
   * without it is read with `next()` alone.
   */
  _ready?(): IteratorResult<T, undefined> | null;
  /**
   * @internal A value in hand, taken as `next()` would take it, without a
   * result object around it; `none` (the caller's own mark) when there is
   * none to take at once or the stream has ended, and the caller then asks
   * `_ready()`. For sources that hand over many values at once (lines
   * decoded from a chunk, a buffered channel): a result object per value was
   * ~7 % of `readLines` + `forEach`, and half the garbage it made per line.
   * Optional, and only beside `_ready`.
   */
  _take?<N>(none: N): T | N;
}

/**
 * A lazy sequence of values produced over time (Python's async generator).
 * Consume it inside a coroutine with `forEach`, `iterate` or the
 * combinators, or with `for await` from async code (it then runs on a loop
 * of its own).
 *
 * @example
 * ```ts
 * const ticks: Stream<number> = stream(function* () {
 *   for (let i = 0; ; i++) {
 *     yield* sleep(1000);
 *     yield i;
 *   }
 * });
 * ```
 */
export abstract class Stream<T> implements AsyncIterable<T> {
  /** @internal Opens a fresh run of the stream for the current task. */
  abstract _open(): Subscription<T>;

  /** Iterates the stream from async code, on a loop of its own (real clock). */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return new LoopAsyncIterator(this);
  }
}

/** What a stream coroutine's generator yields: values, and instructions from `yield*` of operations. */
export type StreamGenerator<T> = Iterator<T | Instruction, unknown, unknown>;

class CoroutineStream<T> extends Stream<T> {
  constructor(private readonly factory: () => StreamGenerator<T>) {
    super();
  }

  _open(): Subscription<T> {
    const generator = this.factory();
    if (generator === null || typeof generator !== 'object' || typeof (generator as { next?: unknown }).next !== 'function') {
      throw new TypeError(`stream(factory): factory() must return a generator (write it as function* () { ... }), got ${describe(generator)}`);
    }
    return new CoroutineSubscription<T>(generator);
  }
}

/**
 * Makes a {@link Stream} from a stream coroutine: a generator function that
 * `yield`s values and `yield*`s operations between them. The function runs
 * again for each consumer.
 *
 * @example
 * ```ts
 * // The lesson's asynchronous generator: squares of odd numbers, 2 s apart.
 * function squareOdds(start: number, stop: number): Stream<number> {
 *   return stream(function* () {
 *     for (let odd = start | 1; odd <= stop; odd += 2) {
 *       yield* sleep(2000);
 *       yield odd * odd;
 *     }
 *   });
 * }
 * ```
 */
export function stream<T>(factory: () => Generator<T | Instruction, unknown, unknown>): Stream<T> {
  if (typeof factory !== 'function') throw new TypeError(`stream(factory): factory must be a generator function, got ${describe(factory)}`);
  return new CoroutineStream<T>(factory);
}

/** True for a {@link Stream}. */
export function isStream(value: unknown): value is Stream<unknown> {
  return value instanceof Stream;
}

/** @internal A subscription that steps a stream coroutine inside the consumer's task. */
export class CoroutineSubscription<T> implements Subscription<T> {
  /** @internal Null once the stream has ended or been closed. */
  _generator: StreamGenerator<T> | null;
  private readonly step: NextStep<T>;

  constructor(generator: StreamGenerator<T>) {
    this._generator = generator;
    this.step = new NextStep<T>(this);
  }

  get closed(): boolean {
    return this._generator === null;
  }

  next(): Operation<IteratorResult<T, undefined>> {
    return this.step;
  }

  /**
   * @internal Throws `error` into the stream at the `yield` it is suspended
   * on (Python's `athrow`): the stream may catch it and yield again (the
   * next value), return (the end) or let it out (thrown here).
   */
  _throw(error: unknown): Operation<IteratorResult<T, undefined>> {
    return this.step._throwing(error);
  }

  close(): Operation<void> {
    return new CloseStep(this);
  }
}

/**
 * `subscription.next()`: one object per subscription, reused for every item
 * (reads are sequential). Instructions the stream yields pass through to the
 * consumer's task unchanged; the first value ends the step.
 */
class NextStep<T> implements Operation<IteratorResult<T, undefined>>, Iterator<Instruction, IteratorResult<T, undefined>, unknown> {
  private active = false;
  private started = false;
  private closer: CloseStep<T> | null = null;
  /** The reading task's scope when this step began: a value must come out in the same scope. */
  private scope: ScopeNode | null = null;
  /** Set by `_throwing`: the error the step's first resumption throws into the stream instead of sending. */
  private thrown: { error: unknown } | null = null;

  constructor(private readonly subscription: CoroutineSubscription<T>) {}

  /** @internal This step, made to start by throwing `error` into the stream (see CoroutineSubscription._throw). */
  _throwing(error: unknown): this {
    if (this.active) throw alreadyReading();
    this.thrown = { error };
    return this;
  }

  [Symbol.iterator](): Iterator<Instruction, IteratorResult<T, undefined>, unknown> {
    if (this.active) throw alreadyReading();
    this.active = true;
    this.started = false;
    const task = currentTaskOrNull();
    this.scope = task === null ? null : task._scope;
    return this;
  }

  next(sent?: unknown): IteratorResult<Instruction, IteratorResult<T, undefined>> {
    if (this.closer !== null) return this.closing(this.closer.next(sent));
    if (!this.started) {
      this.started = true;
      const thrown = this.thrown;
      if (thrown !== null) {
        this.thrown = null;
        return this.advance(true, thrown.error);
      }
      return this.advance(false, undefined);
    }
    return this.advance(false, sent);
  }

  throw(error: unknown): IteratorResult<Instruction, IteratorResult<T, undefined>> {
    if (this.closer !== null) return this.closing(this.closer.throw(error));
    return this.advance(true, error);
  }

  return(): IteratorResult<Instruction, IteratorResult<T, undefined>> {
    // The consumer is closed while this step waits: close the stream too,
    // driving any operations its finally blocks yield.
    this.closer = new CloseStep(this.subscription);
    return this.closing(this.closer.next());
  }

  private closing(step: IteratorResult<Instruction, void>): IteratorResult<Instruction, IteratorResult<T, undefined>> {
    if (step.done !== true) return step;
    this.closer = null;
    this.active = false;
    return { done: true, value: STREAM_END };
  }

  private advance(throwing: boolean, input: unknown): IteratorResult<Instruction, IteratorResult<T, undefined>> {
    const subscription = this.subscription;
    const generator = subscription._generator;
    if (generator === null) {
      this.active = false;
      if (throwing) throw input;
      return { done: true, value: STREAM_END };
    }
    for (;;) {
      let step: IteratorResult<T | Instruction, unknown>;
      try {
        if (throwing) {
          if (typeof generator.throw !== 'function') throw input;
          step = generator.throw(input);
        } else {
          step = generator.next(input);
        }
      } catch (error) {
        subscription._generator = null;
        this.active = false;
        throw error;
      }
      if (step.done === true) {
        subscription._generator = null;
        this.active = false;
        return { done: true, value: STREAM_END };
      }
      const value = step.value;
      if (value instanceof Instruction) return step as IteratorYieldResult<Instruction>;
      const task = currentTaskOrNull();
      if (task !== null && task._scope !== this.scope) {
        // A value yielded from inside a scope the stream opened (a task group,
        // a timeout, a shield) would leave the consumer running inside that
        // scope until the stream resumes. Refused, as Trio refuses it.
        throwing = true;
        input = new InvalidStateError(
          'a stream yielded a value from inside taskGroup(), timeout()/moveOnAfter() or shield(); yield values only outside them (collect inside, then yield)',
        );
        continue;
      }
      this.active = false;
      return { done: true, value: { done: false, value } };
    }
  }
}

/**
 * @internal What a loop over a subscription's values in hand (forEach's
 * `drainReady`, a terminal fold's `drainFold`) stopped at, when it did not
 * stop at a callback's operation or promise: the subscription had none in
 * hand (read on with `next()`), or the stream ended.
 */
export const READY_WAIT = 0;
/** @internal See {@link READY_WAIT}. */
export const READY_END = 1;

/** @internal The mark the drain loops hand to {@link Subscription._take}: nothing to take at once. */
export const NOT_IN_HAND: unique symbol = Symbol('not in hand');

/** @internal The error of a second read of a subscription while one is running (here and in fused stages). */
export function alreadyReading(): InvalidStateError {
  return new InvalidStateError('stream: next() is already running; a subscription is read by one task at a time');
}

/** `subscription.close()`: `return()` into the stream, driving any operations its `finally` yields. */
class CloseStep<T> implements Operation<void>, Iterator<Instruction, void, unknown> {
  private generator: StreamGenerator<T> | null = null;
  private started = false;
  private misuse: InvalidStateError | null = null;

  constructor(private readonly subscription: CoroutineSubscription<T>) {}

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    return this.started ? new CloseStep(this.subscription) : this;
  }

  next(sent?: unknown): IteratorResult<Instruction, void> {
    if (!this.started) {
      this.started = true;
      this.generator = this.subscription._generator;
      this.subscription._generator = null;
      if (this.generator === null || typeof this.generator.return !== 'function') return { done: true, value: undefined };
      return this.handle(() => this.generator!.return!(undefined));
    }
    return this.handle(() => this.generator!.next(sent));
  }

  throw(error: unknown): IteratorResult<Instruction, void> {
    const generator = this.generator;
    if (generator === null || typeof generator.throw !== 'function') throw error;
    return this.handle(() => generator.throw!(error));
  }

  private handle(resume: () => IteratorResult<T | Instruction, unknown>): IteratorResult<Instruction, void> {
    for (;;) {
      const step = resume();
      if (step.done === true) {
        if (this.misuse !== null) throw this.misuse;
        return { done: true, value: undefined };
      }
      if (step.value instanceof Instruction) return step as IteratorYieldResult<Instruction>;
      // A value yielded while closing: an error, thrown into the stream so its remaining finally blocks run.
      this.misuse ??= new InvalidStateError(
        `stream yielded ${describe(step.value)} while being closed; a finally block in a stream may yield* operations but not yield values`,
      );
      const misuse = this.misuse;
      resume = () => this.generator!.throw!(misuse);
    }
  }
}

// `await` of these operations rejects with a TypeError saying to use yield* (operation.ts).
rejectAwait(NextStep, CloseStep);

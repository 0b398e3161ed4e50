/**
 * `map` and `filter` with concurrency 1, fused into their upstream's
 * `next()`: the hot path of a pipeline.
 *
 * A fused stage is not a coroutine but a {@link Subscription} wrapper. Its
 * `next()` is one operation object, reused for every item, that drives the
 * upstream's `next()` operation: instructions the upstream yields (a sleep,
 * a queue get) pass through to the consumer's task untouched, and when the
 * upstream's final result comes back the stage transforms it in place — a
 * map replaces the value in the upstream's `{ done: false, value }` result
 * (the reader of a result owns it; every subscription hands out a fresh
 * one), a filter passes the result on or reads again.
 *
 * Consecutive fused stages fuse further: `map(f)` applied to a fused stream
 * makes one stage that runs a list of transforms, so
 * `pipe(source, map(f), filter(p), map(g))` reads its upstream through one
 * `next()` operation, not three.
 *
 * Costs per item with plain callbacks: one call per callback and a few
 * field writes. No task, no generator, no allocation.
 *
 * Slow paths switch to a generator made for that one item: a callback that
 * returns an operation or a promise (the generator runs it; instructions pass
 * through the same way), a callback that throws (the upstream is closed,
 * then the error is thrown), and a consumer closed in the middle of an item
 * (the item's operation and then the upstream are closed, their `finally`
 * blocks driven to the end).
 *
 * Invariants:
 * - One read at a time (a second concurrent `next()` is an
 *   `InvalidStateError`, as for every subscription).
 * - When `next()` fails, the upstream has been closed: by the upstream
 *   itself (its error ended it) or by the stage (the callback's error).
 *
 * @module
 */
import { rejectAwait, type Instruction, type Operation } from '../operation.js';
import { open } from './for-each.js';
import { isDeferred, settle } from './stage.js';
import { STREAM_END, Stream, alreadyReading, type Subscription } from './stream.js';

type Result<T> = IteratorResult<T, undefined>;
/** A `next()` operation's iterator, or a slow-path generator that finishes with a result (or DROPPED). */
type Inner = Iterator<Instruction, unknown, unknown>;
type StepResult<T> = IteratorResult<Instruction, Result<T>>;

/** A filter dropped the value (what `apply` and an item's slow path return then). */
const DROPPED: unique symbol = Symbol('dropped');
/** The transforms ran to the end and the result now holds the new value. */
const KEPT: unique symbol = Symbol('kept');

/** @internal One transform of a fused stage: a map, or a filter (keep the value when `fn` is truthy). */
export interface Transform {
  readonly fn: (value: never) => unknown;
  readonly filter: boolean;
}

/** @internal `map(f)` and `filter(p)` stages with concurrency 1, fused into one over `input`. */
export class FusedStream<A, B> extends Stream<B> {
  private constructor(
    private readonly input: Stream<A>,
    private readonly transforms: readonly Transform[],
  ) {
    super();
  }

  /** `transform` applied to `input`, fused with it when `input` is itself fused. */
  static over<A, B>(input: Stream<A>, transform: Transform): Stream<B> {
    if (input instanceof FusedStream) return new FusedStream<unknown, B>(input.input as Stream<unknown>, [...(input.transforms as Transform[]), transform]);
    return new FusedStream<A, B>(input, [transform]);
  }

  _open(): Subscription<B> {
    return new FusedSubscription<A, B>(open(this.input), this.transforms);
  }
}

class FusedSubscription<A, B> implements Subscription<B> {
  private readonly step: FusedStep<A, B>;

  constructor(
    private readonly upstream: Subscription<A>,
    transforms: readonly Transform[],
  ) {
    this.step = new FusedStep<A, B>(upstream, transforms);
  }

  get closed(): boolean {
    return this.upstream.closed;
  }

  next(): Operation<Result<B>> {
    return this.step;
  }

  close(): Operation<void> {
    return this.upstream.close();
  }

  /** @internal A value from the upstream's `_ready` through the transforms, when none of them has to wait (see {@link Subscription._ready}). */
  _ready(): Result<B> | null {
    return this.step._poll();
  }
}

class FusedStep<A, B> implements Operation<Result<B>>, Iterator<Instruction, Result<B>, unknown> {
  /** The upstream's `next()` being driven, or (when `slow`) the generator finishing this item. */
  private inner: Inner | null = null;
  private slow = false;
  private active = false;
  /** An item `_poll` took whose transform must wait (or threw): the generator finishing it, run by the next read. */
  private pending: Inner | null = null;

  constructor(
    private readonly upstream: Subscription<A>,
    private readonly transforms: readonly Transform[],
  ) {}

  [Symbol.iterator](): Iterator<Instruction, Result<B>, unknown> {
    if (this.active) throw alreadyReading();
    this.active = true;
    const pending = this.pending;
    if (pending !== null) {
      // The item `_poll` took: its slow path finishes it first.
      this.pending = null;
      this.inner = pending;
      this.slow = true;
    } else {
      this.slow = false;
      this.inner = this.upstream.next()[Symbol.iterator]();
    }
    return this;
  }

  /**
   * @internal `_ready()`: takes values from the upstream's `_ready` and runs
   * the transforms on them until one is kept (returned) or the upstream has
   * none in hand (null: the read goes through `next()`). A value whose
   * transform returned something to wait for, or threw, is kept in
   * `pending` for the read that follows, and null is returned.
   */
  _poll(): Result<B> | null {
    if (this.active) throw alreadyReading();
    if (this.pending !== null) return null;
    const upstream = this.upstream;
    if (upstream._ready === undefined) return null;
    for (;;) {
      const result = upstream._ready();
      if (result === null || result.done === true) return result;
      const applied = this.apply(result);
      // apply() put the transformed value in `result`.
      if (applied === KEPT) return result as unknown as Result<B>;
      if (applied !== DROPPED) {
        this.pending = applied;
        return null;
      }
    }
  }

  next(sent?: unknown): StepResult<B> {
    try {
      return this.advance(this.inner!.next(sent));
    } catch (error) {
      this.active = false;
      throw error;
    }
  }

  throw(error: unknown): StepResult<B> {
    try {
      const inner = this.inner!;
      if (typeof inner.throw !== 'function') throw error;
      return this.advance(inner.throw(error));
    } catch (thrown) {
      this.active = false;
      throw thrown;
    }
  }

  /** The consumer was closed while this read waited: close the item in progress, then the upstream. */
  return(): StepResult<B> {
    this.inner = this.closing(this.inner);
    this.slow = true;
    return this.next();
  }

  /** Handles what the inner iterator produced; loops only when a filter drops a value. */
  private advance(step: IteratorResult<Instruction, unknown>): StepResult<B> {
    for (;;) {
      if (step.done !== true) return step;
      if (this.slow) {
        // The item's slow path (or the closing) finished with the final result, or dropped the value.
        if (step.value !== DROPPED) {
          this.active = false;
          return step as StepResult<B>;
        }
        this.slow = false;
      } else {
        const result = step.value as Result<unknown>;
        if (result.done === true) {
          this.active = false;
          return step as StepResult<B>;
        }
        const applied = this.apply(result);
        if (applied === KEPT) {
          this.active = false;
          return step as StepResult<B>;
        }
        if (applied !== DROPPED) {
          this.inner = applied;
          this.slow = true;
          step = applied.next(undefined);
          continue;
        }
      }
      // A filter dropped the value: read the next one.
      const inner = this.upstream.next()[Symbol.iterator]();
      this.inner = inner;
      step = inner.next(undefined);
    }
  }

  /**
   * Runs the transforms on `result.value`, replacing it in place: KEPT or
   * DROPPED, or — when a callback throws or returns something to wait for —
   * the generator that finishes the item.
   */
  private apply(result: IteratorYieldResult<unknown>): typeof KEPT | typeof DROPPED | Inner {
    const transforms = this.transforms;
    let value = result.value;
    for (let i = 0; i < transforms.length; i++) {
      const transform = transforms[i]!;
      let out: unknown;
      try {
        out = transform.fn(value as never);
      } catch (error) {
        return this.failing(error);
      }
      if (isDeferred(out)) return this.settling(value, out, i);
      if (!transform.filter) value = out;
      else if (!out) return DROPPED;
    }
    result.value = value;
    return KEPT;
  }

  /** The slow path: waits for what transform `index` returned, then runs the rest (waiting as needed). */
  private *settling(value: unknown, pending: unknown, index: number): Generator<Instruction, Result<B> | typeof DROPPED, unknown> {
    const transforms = this.transforms;
    try {
      for (let i = index; i < transforms.length; i++) {
        const transform = transforms[i]!;
        let out = i === index ? pending : transform.fn(value as never);
        if (isDeferred(out)) out = yield* settle(out);
        if (!transform.filter) value = out;
        else if (!out) return DROPPED;
      }
    } catch (error) {
      yield* this.upstream.close();
      throw error;
    }
    return { done: false, value: value as B };
  }

  private *failing(error: unknown): Generator<Instruction, never, unknown> {
    yield* this.upstream.close();
    throw error;
  }

  private *closing(inner: Inner | null): Generator<Instruction, Result<B>, unknown> {
    if (inner !== null) yield* finish(inner);
    yield* this.upstream.close();
    return STREAM_END;
  }
}

/** Closes an iterator suspended mid-way: `return()`, then drives whatever its `finally` blocks wait on. */
function* finish(iterator: Inner): Generator<Instruction, void, unknown> {
  if (typeof iterator.return !== 'function') return;
  let step = iterator.return(undefined);
  while (step.done !== true) {
    let sent: unknown;
    try {
      sent = yield step.value;
    } catch (error) {
      if (typeof iterator.throw !== 'function') throw error;
      step = iterator.throw(error);
      continue;
    }
    step = iterator.next(sent);
  }
}

// `await` of these operations rejects with a TypeError saying to use yield* (operation.ts).
rejectAwait(FusedStep);

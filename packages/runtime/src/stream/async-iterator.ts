/**
 * A stream iterated from async code (`for await`), outside any loop: it runs
 * on a private loop (real clock) with one driver task that serves one
 * request at a time: `next()` pulls a value, `throw(error)` throws `error`
 * into the stream at the `yield` it is suspended on (Python's `athrow`), and
 * `return()` (a `break` out of `for await`) closes the stream, so its
 * `finally` blocks run, and then closes the private loop.
 *
 * Invariant (DESIGN.md): every promise handed out here settles exactly
 * once, whatever the stream does — a value, the end, an error from its body
 * or from its `finally` (including the `InvalidStateError` of a `finally`
 * that yields a value) — and nothing reaches the host's
 * `unhandledRejection` or `uncaughtException`: every outcome of the driver
 * is routed to the request it answers, and requests left when the driver
 * ends are answered with the end of the stream.
 *
 * @module
 */
import { Loop } from '../loop/loop.js';
import { Instruction } from '../operation.js';
import type { Task } from '../task/task.js';
import { CoroutineSubscription, STREAM_END, type Stream, type Subscription } from './stream.js';

type Result<T> = IteratorResult<T, undefined>;

interface Request<T> {
  kind: 'next' | 'return' | 'throw';
  error: unknown;
  resolve: (result: Result<T>) => void;
  reject: (error: unknown) => void;
}

class AwaitRequest extends Instruction {
  readonly kind = 'stream.request';

  constructor(private readonly bridge: LoopAsyncIterator<unknown>) {
    super();
  }

  override _describe(): string {
    return 'the next request of a for await loop (async code)';
  }

  _suspend(task: Task<unknown>): void {
    this.bridge._driver = task;
  }

  override _cancel(): void {
    this.bridge._driver = null;
  }
}

/** @internal */
export class LoopAsyncIterator<T> implements AsyncIterator<T, undefined> {
  /** @internal The driver task while it waits for a request. */
  _driver: Task<unknown> | null = null;
  private readonly requests: Request<T>[] = [];
  private started = false;
  private finished = false;

  constructor(private readonly stream: Stream<T>) {}

  next(): Promise<Result<T>> {
    return this.request('next', undefined);
  }

  return(): Promise<Result<T>> {
    if (!this.started) {
      this.finished = true;
      return Promise.resolve(STREAM_END);
    }
    return this.request('return', undefined);
  }

  /**
   * Throws `error` into the stream at its suspended `yield`. Before the
   * stream started, or after it ended, the stream has no `yield` to throw
   * at: the promise rejects with `error` (as an async generator's `throw`).
   */
  throw(error?: unknown): Promise<Result<T>> {
    if (!this.started) this.finished = true;
    return this.request('throw', error);
  }

  private request(kind: Request<T>['kind'], error: unknown): Promise<Result<T>> {
    if (this.finished) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejects with exactly what was thrown in
      return kind === 'throw' ? Promise.reject(error) : Promise.resolve(STREAM_END);
    }
    const promise = new Promise<Result<T>>((resolve, reject) => this.requests.push({ kind, error, resolve, reject }));
    if (!this.started) {
      this.started = true;
      const loop = new Loop();
      loop.run(this.drive(), { name: 'for await' }).then(
        () => this.ended(loop, undefined),
        (failure: unknown) => this.ended(loop, { failure }),
      );
    } else if (this._driver !== null) {
      const driver = this._driver;
      this._driver = null;
      driver._resume(undefined);
    }
    return promise;
  }

  /** The driver task is done: close its loop and answer whatever is still waiting. */
  private ended(loop: Loop, failed: { failure: unknown } | undefined): void {
    this.finished = true;
    void loop._shutdown().then(() => loop.close());
    for (const request of this.requests.splice(0)) {
      if (failed !== undefined) request.reject(failed.failure);
      else if (request.kind === 'throw') request.reject(request.error);
      else request.resolve(STREAM_END);
    }
  }

  private *drive(): Generator<Instruction, void, unknown> {
    const subscription = this.stream._open();
    const wait = new AwaitRequest(this as LoopAsyncIterator<unknown>);
    try {
      for (;;) {
        while (this.requests.length === 0) yield wait;
        const request = this.requests.shift()!;
        let step: Result<T>;
        try {
          if (request.kind === 'return') {
            this.finished = true;
            yield* subscription.close();
            request.resolve(STREAM_END);
            return;
          }
          step = request.kind === 'throw' ? yield* throwInto(subscription, request.error) : yield* subscription.next();
        } catch (error) {
          this.finished = true;
          request.reject(error);
          return;
        }
        request.resolve(step);
        if (step.done === true) {
          this.finished = true;
          return;
        }
      }
    } finally {
      this.finished = true;
      if (!subscription.closed) yield* subscription.close();
    }
  }
}

/**
 * Throws `error` into the stream at its suspended `yield`. A stream built
 * by combinators has no single `yield` to throw at: it is closed (its
 * `finally` blocks run) and the error comes back out, as from a generator
 * that does not catch it.
 */
function* throwInto<T>(subscription: Subscription<T>, error: unknown): Generator<Instruction, Result<T>, unknown> {
  if (subscription instanceof CoroutineSubscription) return yield* (subscription as CoroutineSubscription<T>)._throw(error);
  yield* subscription.close();
  throw error;
}

/**
 * A stream iterated from async code (`for await`), outside any loop: it runs
 * on a private loop (real clock) with one driver task that pulls a value per
 * `next()` request. `return()` (a `break` out of `for await`) closes the
 * stream, so its `finally` blocks run, and then closes the private loop.
 *
 * @module
 */
import { Loop } from '../loop/loop.js';
import { Instruction } from '../operation.js';
import type { Task } from '../task/task.js';
import { STREAM_END, type Stream } from './stream.js';

interface Request<T> {
  kind: 'next' | 'return';
  resolve: (result: IteratorResult<T, undefined>) => void;
  reject: (error: unknown) => void;
}

class AwaitRequest extends Instruction {
  readonly kind = 'stream.request';

  constructor(private readonly bridge: LoopAsyncIterator<unknown>) {
    super();
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

  next(): Promise<IteratorResult<T, undefined>> {
    return this.request('next');
  }

  return(): Promise<IteratorResult<T, undefined>> {
    if (!this.started) {
      this.finished = true;
      return Promise.resolve(STREAM_END);
    }
    return this.request('return');
  }

  private request(kind: 'next' | 'return'): Promise<IteratorResult<T, undefined>> {
    if (this.finished) return Promise.resolve(STREAM_END);
    const promise = new Promise<IteratorResult<T, undefined>>((resolve, reject) => this.requests.push({ kind, resolve, reject }));
    if (!this.started) {
      this.started = true;
      const loop = new Loop();
      void loop.run(this.drive(), { name: 'for await' }).finally(() => loop.close());
    } else if (this._driver !== null) {
      const driver = this._driver;
      this._driver = null;
      driver._resume(undefined);
    }
    return promise;
  }

  private *drive(): Generator<Instruction, void, unknown> {
    const subscription = this.stream._open();
    const wait = new AwaitRequest(this as LoopAsyncIterator<unknown>);
    try {
      for (;;) {
        while (this.requests.length === 0) yield wait;
        const request = this.requests.shift()!;
        if (request.kind === 'return') {
          yield* subscription.close();
          this.finished = true;
          request.resolve(STREAM_END);
          return;
        }
        let step: IteratorResult<T, undefined>;
        try {
          step = yield* subscription.next();
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
      for (const request of this.requests.splice(0)) request.resolve(STREAM_END);
    }
  }
}

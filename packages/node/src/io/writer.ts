/**
 * Writing to a Node `Writable` (a socket, a child's stdin) from coroutines,
 * with backpressure: `write` hands the bytes to Node and, when Node says
 * its buffer is past the highWaterMark (`write()` returned false), waits for
 * 'drain' before it returns. A producer writing in a loop is therefore held
 * to the pace of the consumer instead of filling memory.
 *
 * A write that need not wait returns without yielding to the loop (the
 * runtime's fast-path rule), and costs one small operation object: no
 * generator, no listener, no promise. Only a write past the high-water mark
 * waits, on the writer's {@link Readiness} (drain | error | close), made
 * when a write first has to wait and kept for the writer's whole life (a
 * connection that never fills Node's buffer adds none of its three
 * listeners). Errors Node reports asynchronously (a reset peer, a closed
 * pipe) surface at the next write or at the wait; the writer does not
 * listen to 'error' before it waits, so whoever owns the stream keeps an
 * 'error' listener on it from the start.
 *
 * @module
 */
import type { Writable } from 'node:stream';
import { ClosedResourceError, type Instruction, type Operation } from '@loop/runtime';
import { Readiness, waitFor } from './wait-for.js';

/** @internal */
export class ByteWriter {
  /** 'drain', 'error' and 'close', listened to from the first wait on for the writer's whole life; null until then. */
  private readiness: Readiness | null = null;

  constructor(
    private readonly sink: Writable,
    private readonly mapError: (error: Error) => Error,
    /** What the sink is, for error messages ("the connection", "stdin"). */
    private readonly what: string,
    /** Throws when the owner has closed the resource (checked first, when a write runs), or null. */
    private readonly checkOpen: ((what: string) => void) | null = null,
  ) {}

  /** Writes `data` when the operation runs; waits for 'drain' when Node's buffer is past its high-water mark. */
  write(data: string | Uint8Array): Operation<void> {
    return new Write(this, data);
  }

  /** @internal Runs a write: hands `data` to Node, and returns the rest of the operation (finished, or waiting for 'drain'). */
  _start(data: string | Uint8Array): Iterator<Instruction, void, unknown> {
    this.checkOpen?.('write');
    this.check('write');
    return this.sink.write(data) ? FINISHED : this.drained();
  }

  private *drained(): Generator<Instruction, void, unknown> {
    // Listening from here on is soon enough: Node emits 'drain', and the 'error' and 'close' of a write that
    // failed, on a later tick than the write() that returned false.
    const readiness = (this.readiness ??= new Readiness(this.sink, ['drain', 'error', 'close'], false));
    for (;;) {
      yield* readiness.wait();
      this.check('write');
      if (!this.sink.writableNeedDrain) return;
    }
  }

  /** Ends the stream (no more writes) and waits until everything written has been flushed. */
  *end(): Operation<void> {
    const sink = this.sink;
    if (sink.errored !== null) throw this.mapError(sink.errored);
    if (sink.writableFinished || sink.destroyed) return;
    sink.end();
    while (!sink.writableFinished) {
      if (sink.errored !== null) throw this.mapError(sink.errored);
      if (sink.destroyed) return;
      yield* waitFor(sink, ['finish', 'error', 'close']);
    }
  }

  private check(what: string): void {
    const sink = this.sink;
    if (sink.errored !== null) throw this.mapError(sink.errored);
    if (sink.destroyed || sink.writableEnded) throw new ClosedResourceError(`${what}(): ${this.what} is closed for writing`);
  }
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** The rest of a write that did not have to wait: already done. */
const FINISHED: Iterator<Instruction, void, unknown> = Object.freeze({
  next: (): IteratorResult<Instruction, void> => DONE,
});

/** A write as an operation: lazy, it writes when `yield*` starts it. */
class Write implements Operation<void> {
  constructor(
    private readonly writer: ByteWriter,
    private readonly data: string | Uint8Array,
  ) {}

  [Symbol.iterator](): Iterator<Instruction, void, unknown> {
    return this.writer._start(this.data);
  }
}

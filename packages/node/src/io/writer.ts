/**
 * Writing to a Node `Writable` (a socket, a child's stdin) from coroutines,
 * with backpressure: `write` hands the bytes to Node and, when Node says
 * its buffer is past the highWaterMark (`write()` returned false), waits for
 * 'drain' before it returns. A producer writing in a loop is therefore held
 * to the pace of the consumer instead of filling memory.
 *
 * A write that need not wait returns without yielding to the loop (the
 * runtime's fast-path rule). Errors Node reports asynchronously (a reset
 * peer, a closed pipe) surface at the next write or at the wait.
 *
 * @module
 */
import type { Writable } from 'node:stream';
import { ClosedResourceError, type Operation } from '@loop/runtime';
import { Readiness, waitFor } from './wait-for.js';

/** @internal */
export class ByteWriter {
  /** 'drain', 'error' and 'close', listened to once for the writer's whole life. */
  private readonly readiness: Readiness;

  constructor(
    private readonly sink: Writable,
    private readonly mapError: (error: Error) => Error,
    /** What the sink is, for error messages ("the connection", "stdin"). */
    private readonly what: string,
  ) {
    this.readiness = new Readiness(sink, ['drain', 'error', 'close']);
  }

  /** Writes `data`; waits for 'drain' when Node's buffer is full. */
  *write(data: string | Uint8Array): Operation<void> {
    this.check('write');
    if (this.sink.write(data)) return;
    for (;;) {
      yield* this.readiness.wait();
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

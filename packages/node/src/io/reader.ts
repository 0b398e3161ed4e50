/**
 * `ByteReader`: reads a Node `Readable` (a socket, a child's stdout) from
 * coroutines — some bytes, exactly n bytes, or a line.
 *
 * The stream stays in paused mode; the reader pulls what Node has buffered
 * into its own buffer only when a read needs more, so Node's highWaterMark
 * backpressure keeps working (a peer that sends faster than we read is
 * paused by TCP, a child blocks on a full pipe). Waiting for more is a wait
 * on the stream's {@link Readiness} (readable | end | error | close), whose
 * listeners are added once for the reader's whole life: a read that waits
 * adds and removes none. A read cancelled while it waits has consumed
 * nothing, so the next read sees every byte.
 *
 * Invariant: `buffered` holds bytes taken from the stream and not yet
 * returned; reads return from it first, in order.
 *
 * Costs: a read that the buffer can serve is a subarray, no copy; pulling
 * concatenates what arrived (one copy per chunk that is split by a line or
 * an exact-size read).
 *
 * @module
 */
import type { Readable } from 'node:stream';
import type { Operation } from '@loop/runtime';
import { Readiness } from './wait-for.js';

const EMPTY = Buffer.alloc(0);
const NEWLINE = 0x0a;

/** @internal Raised when the stream ends before `readExactly` has its bytes. */
export type IncompleteRead = (partial: Buffer, expected: number) => Error;

/** @internal */
export class ByteReader {
  private buffered: Buffer = EMPTY;
  private readonly readiness: Readiness;

  constructor(
    private readonly source: Readable,
    /** Turns a stream error into the error a reader should see (e.g. ECONNRESET → ConnectionResetError). */
    private readonly mapError: (error: Error) => Error,
    private readonly incomplete: IncompleteRead,
    /** The error for a read that finds the stream closed by its owner (not ended by the peer), or null. */
    private readonly closedByOwner: () => Error | null = () => null,
  ) {
    // A 'readable' listener for the reader's whole life: it keeps the stream
    // in paused, readable-listening mode. Without it Node may switch an
    // unobserved stream to flowing mode and drop its data — child_process does
    // exactly that to a child's stdout/stderr when the child exits.
    this.readiness = new Readiness(source, ['readable', 'end', 'error', 'close']);
  }

  /** Bytes already taken from the stream and not yet read. */
  get bufferedLength(): number {
    return this.buffered.length;
  }

  /** Up to `max` bytes as soon as any are available; an empty buffer at the end of the stream. */
  *read(max: number): Operation<Buffer> {
    if (this.buffered.length === 0 && !(yield* this.fill())) return EMPTY;
    return this.take(Math.min(max, this.buffered.length));
  }

  /** Exactly `n` bytes; fails with the incomplete-read error if the stream ends first. */
  *readExactly(n: number): Operation<Buffer> {
    while (this.buffered.length < n) {
      if (!(yield* this.fill())) throw this.incomplete(this.take(this.buffered.length), n);
    }
    return this.take(n);
  }

  /**
   * The next line as UTF-8 text without its `\n` (or `\r\n`); the last,
   * unterminated line at the end of the stream; then `null`.
   */
  *readLine(): Operation<string | null> {
    let searched = 0;
    for (;;) {
      const at = this.buffered.indexOf(NEWLINE, searched);
      if (at !== -1) {
        const line = this.take(at + 1);
        return line.toString('utf8', 0, at > 0 && line[at - 1] === 0x0d ? at - 1 : at);
      }
      searched = this.buffered.length;
      if (!(yield* this.fill())) return this.buffered.length === 0 ? null : this.take(this.buffered.length).toString('utf8');
    }
  }

  /** Everything up to the end of the stream. */
  *readAll(): Operation<Buffer> {
    while (yield* this.fill());
    return this.take(this.buffered.length);
  }

  private take(n: number): Buffer {
    const out = this.buffered.subarray(0, n);
    this.buffered = n === this.buffered.length ? EMPTY : this.buffered.subarray(n);
    return out;
  }

  /** Moves what the stream has buffered into ours; true if anything came. */
  private pull(): boolean {
    const chunks: Buffer[] = [];
    let chunk: unknown;
    while ((chunk = this.source.read()) !== null) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    if (chunks.length === 0) return false;
    this.buffered = this.buffered.length === 0 && chunks.length === 1 ? chunks[0]! : Buffer.concat([this.buffered, ...chunks]);
    return true;
  }

  /** Waits until more bytes are buffered (true) or the stream has ended (false); throws the stream's error. */
  private *fill(): Operation<boolean> {
    for (;;) {
      if (this.pull()) return true;
      const source = this.source;
      if (source.errored !== null) throw this.mapError(source.errored);
      if (source.readableEnded || source.destroyed) {
        const closed = this.closedByOwner();
        if (closed !== null) throw closed;
        return false;
      }
      yield* this.readiness.wait();
    }
  }
}


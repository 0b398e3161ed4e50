/**
 * `ByteReader`: reads a Node `Readable` (a socket, a child's stdout) from
 * coroutines — some bytes, exactly n bytes, or a line.
 *
 * The stream flows: each chunk Node reads is handed to the reader's 'data'
 * listener, which queues it as arrived and wakes a waiting read — the
 * same path plain Node's `socket.on('data')` takes, without Node's
 * paused-mode buffer and its 'readable' round trips through
 * `process.nextTick`. Backpressure is kept: when more than the stream's
 * highWaterMark (at least {@link MIN_HELD}) is still unread once the woken
 * readers have had their turn (a `setImmediate` after the batch that wakes
 * them), the reader pauses the stream (Node then buffers up to its own
 * highWaterMark and stops reading the socket or pipe, so TCP pauses a fast
 * peer and a chatty child blocks on a full pipe); a read that needs more
 * resumes it. A reader that keeps up never pauses the stream, as a plain
 * 'data' handler never does: pausing as soon as 64 KiB were held stopped
 * and restarted a fast socket every few chunks, and moved a tenth of the
 * bytes plain Node moves per turn of its event loop. Nothing is ever
 * dropped: a stream that some other party resumes (child_process does,
 * when the child exits) only delivers more chunks to the arrived ones.

 * Waiting: a read that finds nothing here waits on the stream's
 * {@link Readiness} (a chunk, end, error or close), whose listeners are
 * added once for the reader's whole life: a read that waits adds and
 * removes none, and reuses the wait object of the last wait that finished
 * (it allocates one only when two tasks wait at once). The read's generator
 * hands the wait to the loop with `yield`, not `yield*` (see
 * `Readiness.yielded`), so a wakeup resumes it with one delegation less. A
 * read cancelled while it waits has consumed nothing, so the next read sees
 * every byte.
 *
 * Invariants: `buffered`, then `firstArrived` and `moreArrived` in order,
 * hold the bytes received
 * and not yet returned; reads return from `buffered` first. `consumed`
 * counts the bytes returned so far: a line read that waits goes on looking
 * for its newline where it stopped only if no other read (another task
 * reading the same stream) has taken bytes since; else it looks again from
 * the start of `buffered`.
 *
 * Costs: every line already received is returned by `readLine` without a
 * trip through the loop; a read that `buffered` can serve is a subarray, no
 * copy; chunks are pulled one at a time, and copied (appended to the rest
 * of the previous one) only when a line or an exact-size read spans them.
 *
 * @module
 */
import type { Readable } from 'node:stream';
import type { Operation } from '@loop/runtime';
import { Readiness } from './wait-for.js';

const EMPTY = Buffer.alloc(0);
/**
 * The least the reader holds before it pauses the stream: 64 KiB, one
 * socket read's worth. A socket's own highWaterMark is 16 KiB, less than
 * one read syscall brings, so pausing there would stop and restart the
 * socket (readStop, readStart, a nextTick) on almost every chunk.
 */
const MIN_HELD = 65_536;
const NEWLINE = 0x0a;

/**
 * An empty array whose elements kind is already V8's "objects" kind. A
 * `[]` starts as small integers, so the first chunk pushed into each new
 * reader's array changed its kind, and the reader's optimized `onData`
 * deoptimized at that push ("not a Smi") at each connection's first burst.
 */
function holdingObjects(): Buffer[] {
  const array: Buffer[] = [EMPTY];
  array.pop();
  return array;
}

/** @internal Raised when the stream ends before `readExactly` has its bytes. */
export type IncompleteRead = (partial: Buffer, expected: number) => Error;

/** @internal */
export class ByteReader {
  private buffered: Buffer = EMPTY;
  /**
   * The oldest chunk received since the last pull, or null; any later ones
   * wait in `moreArrived`, oldest first (empty while this is null). A field,
   * not an array, for the one chunk a reader that keeps up has pending: an
   * array emptied by a pull drops its backing store, so each chunk pushed
   * into an empty one allocated a new one (and with many sockets the push
   * site saw arrays of several element kinds and called the push builtin).
   */
  private firstArrived: Buffer | null = null;
  private readonly moreArrived: Buffer[] = holdingObjects();
  private arrivedBytes = 0;
  /** Bytes returned by reads so far (see the invariants above). */
  private consumed = 0;
  /** True while this reader holds the stream paused (backpressure). */
  private paused = false;
  /** True while a look at the bytes held is scheduled (see `checkHeld`). */
  private checking = false;
  private readonly highWaterMark: number;
  private readonly readiness: Readiness;

  constructor(
    private readonly source: Readable,
    /** Turns a stream error into the error a reader should see (e.g. ECONNRESET → ConnectionResetError). */
    private readonly mapError: (error: Error) => Error,
    private readonly incomplete: IncompleteRead,
    /** The error for a read that finds the stream closed by its owner (not ended by the peer), or null. */
    private readonly closedByOwner: () => Error | null = () => null,
    /** Throws when the owner has closed the resource (checked when a read starts), or null. */
    private readonly checkOpen: ((what: string) => void) | null = null,
  ) {
    this.highWaterMark = Math.max(source.readableHighWaterMark, MIN_HELD);
    this.readiness = new Readiness(source, ['end', 'error', 'close']);
    source.on('data', this.onData);
  }

  /** Up to `max` bytes as soon as any are available; an empty buffer at the end of the stream. */
  *read(max: number): Operation<Buffer> {
    this.checkOpen?.('read');
    while (this.buffered.length === 0) {
      if (this.pull()) break;
      if (this.ended()) return EMPTY;
      const wait = this.readiness.yielded();
      yield wait;
      wait._finish();
    }
    return this.take(Math.min(max, this.buffered.length));
  }

  /** Exactly `n` bytes; fails with the incomplete-read error if the stream ends first. */
  *readExactly(n: number): Operation<Buffer> {
    this.checkOpen?.('readExactly');
    while (this.buffered.length < n) {
      if (this.pull()) continue;
      if (this.ended()) throw this.incomplete(this.take(this.buffered.length), n);
      const wait = this.readiness.yielded();
      yield wait;
      wait._finish();
    }
    return this.take(n);
  }

  /**
   * The next line as UTF-8 text without its `\n` (or `\r\n`); the last,
   * unterminated line at the end of the stream; then `null`. A line already
   * received returns without yielding to the loop.
   */
  *readLine(): Operation<string | null> {
    this.checkOpen?.('readLine');
    let searched = 0;
    for (;;) {
      const buffered = this.buffered;
      // Nothing new to look at (an empty buffer, or the same bytes after a wakeup that brought none): no call into Node.
      const at = searched < buffered.length ? buffered.indexOf(NEWLINE, searched) : -1;
      if (at !== -1) {
        this.buffered = at + 1 === buffered.length ? EMPTY : buffered.subarray(at + 1);
        this.consumed += at + 1;
        return buffered.toString('utf8', 0, at > 0 && buffered[at - 1] === 0x0d ? at - 1 : at);
      }
      searched = buffered.length;
      if (this.pull()) continue;
      if (this.ended()) return buffered.length === 0 ? null : this.take(buffered.length).toString('utf8');
      const consumed = this.consumed;
      const wait = this.readiness.yielded();
      yield wait;
      wait._finish();
      // Another task's read took bytes meanwhile: `buffered` is not what was looked at, so look from its start.
      if (this.consumed !== consumed) searched = 0;
    }
  }

  private take(n: number): Buffer {
    const out = this.buffered.subarray(0, n);
    this.buffered = n === this.buffered.length ? EMPTY : this.buffered.subarray(n);
    this.consumed += n;
    return out;
  }

  private readonly onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (this.firstArrived === null) this.firstArrived = bytes;
    else this.moreArrived.push(bytes);
    this.arrivedBytes += bytes.length;
    if (!this.paused && !this.checking && this.arrivedBytes + this.buffered.length > this.highWaterMark) {
      // Not paused here: the reading task has not run yet (it is woken in the batch after this poll). Looked at
      // again once it has: a reader that keeps up never pauses the stream, as a plain 'data' handler never does.
      this.checking = true;
      setImmediate(this.checkHeld);
    }
    this.readiness.wakeAll();
  };

  /** After the woken readers ran: pauses the stream if more than the highWaterMark is still unread. */
  private readonly checkHeld = (): void => {
    this.checking = false;
    if (!this.paused && this.arrivedBytes + this.buffered.length > this.highWaterMark) {
      this.paused = true;
      this.source.pause();
    }
  };

  /**
   * Moves the oldest chunk that arrived into `buffered` (appending it to
   * what is left there); true if there was one. One chunk at a time, so a
   * read that one chunk can serve copies nothing. Finding nothing, the
   * reader needs more: a stream it paused is resumed.
   */
  private pull(): boolean {
    const chunk = this.firstArrived;
    if (chunk === null) {
      if (this.paused) {
        this.paused = false;
        this.source.resume();
      }
      return false;
    }
    this.firstArrived = this.moreArrived.length === 0 ? null : this.moreArrived.shift()!;
    this.arrivedBytes -= chunk.length;
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    return true;
  }

  /** True when no more bytes will come (the stream ended or was destroyed); throws the stream's error. */
  private ended(): boolean {
    const source = this.source;
    if (source.errored !== null) throw this.mapError(source.errored);
    if (source.readableEnded || source.destroyed) {
      const closed = this.closedByOwner();
      if (closed !== null) throw closed;
      return true;
    }
    return false;
  }
}

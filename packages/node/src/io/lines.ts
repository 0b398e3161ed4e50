/**
 * `lines()`: the stage that turns a stream of chunks (a child's stdout, a
 * file read in chunks) into a stream of text lines.
 *
 * Chunks are decoded as UTF-8 with a `StringDecoder`, so a character split
 * across two chunks is decoded whole. Lines end at `\n`; a `\r` before it
 * is dropped too. The last line is handed on even without a final `\n`.
 *
 * A line already decoded is handed over without a coroutine: the stage is a
 * subscription of its own (not a `stream(function* …)`), whose `next()`
 * slices the line out of the text in hand when it is there and runs a
 * coroutine only to wait for the next chunk. Through a stream coroutine's
 * `yield`, `readLines` + `forEach` over 1,000,000 lines read 8.4–9.8 M
 * lines/s; this way 12–14 M. `forEach` and `reduce` take lines in hand
 * through `_take()`, without a result object each (~7 % more lines/s, first
 * run and warm); other readers get results from `_ready()` (each made young
 * whatever V8 has seen: see `lineResult`).
 *
 * @module
 */
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { InvalidStateError, iterate, Stream, type Instruction, type Operation, type Stage, type Subscription } from '@loop/runtime';

/** Bytes decoded at a time (see the comment where it is used). */
const DECODE_PIECE = 65_536;

const END: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * A line as the result of `next()`: a plain `{ done: false, value }`, built
 * from `{}` on purpose, not written as the object literal. V8 tracks an
 * object literal's allocations (an allocation site) and, when nearly all of
 * them are alive at a collection, allocates them in the old generation from
 * then on. Each result is stored in the step's completion object (long-lived,
 * so old and already marked), and while V8 marks incrementally such a store
 * marks the stored object too: a full collection during the first run found
 * every tracked result alive (641 of 641), and V8 moved the literal to the
 * old generation for the rest of the process. An old result then
 * keeps its young line (and the 64 KiB text the line is sliced from) alive
 * through every scavenge until the next full collection: readLines + forEach
 * ran ~3x slower (~4 M lines/s) with a full collection every ~35 ms, in about
 * 1 fresh process in 7. `{}` has no allocation site, so its objects are
 * always made young.
 */
function lineResult(value: string): IteratorYieldResult<string> {
  const result = {} as IteratorYieldResult<string>;
  result.done = false;
  result.value = value;
  return result;
}

/** How LineStep resumes its coroutine. */
const NEXT = 0;
const THROW = 1;
const RETURN = 2;

/**
 * A stream stage: chunks (`Uint8Array`/`Buffer` or strings) in, lines of
 * text out, without their line endings. Use it with `pipe`.
 *
 * @example
 * ```ts
 * const proc = yield* spawnProcess('sh', ['-c', 'echo one; echo two']);
 * const all = yield* pipe(proc.stdout, lines(), collect()); // ['one', 'two']
 * ```
 */
export function lines(): Stage<string | Uint8Array, string> {
  return (input: Stream<string | Uint8Array>): Stream<string> => new LineStream(input);
}

class LineStream extends Stream<string> {
  constructor(private readonly input: Stream<string | Uint8Array>) {
    super();
  }

  /** @internal */
  _open(): Subscription<string> {
    return new LineSubscription(this.input);
  }
}

/** One run of `lines()` over its input: the text in hand, and the input's subscription once the first chunk is asked for. */
class LineSubscription implements Subscription<string> {
  private upstream: Subscription<string | Uint8Array> | null = null;
  private readonly decoder = new StringDecoder('utf8');
  /** The decoder holds no bytes of a character begun in an earlier piece. */
  private decoderClear = true;
  /** Decoded text, consumed from `start`. */
  private text = '';
  private start = 0;
  /** A byte chunk still being decoded, a piece at a time, from `piece`. */
  private chunk: Buffer | null = null;
  private piece = 0;
  /** The start of a line whose `\n` has not come yet. */
  private pending = '';
  /** The input has ended (or this subscription was closed): what is in hand is all there is. */
  private ended = false;
  /** Every line has been handed out, or the subscription was closed. */
  private over = false;
  private pulling = false;
  /** The operation `next()` returns: one per subscription, as reads are sequential. */
  private readonly step = new LineStep(this);

  constructor(private readonly input: Stream<string | Uint8Array>) {}

  get closed(): boolean {
    return this.over;
  }

  next(): Operation<IteratorResult<string, undefined>> {
    return this.step;
  }

  close(): Operation<void> {
    return this.shut();
  }

  /** @internal The next result if it can be had without waiting: a whole line in hand, or the end; else null. */
  _ready(): IteratorResult<string, undefined> | null {
    const line = this._take(null);
    if (line !== null) return lineResult(line);
    if (this.over) return END;
    return this.ended ? this.finish() : null;
  }

  /** @internal A whole line in hand, without a result object; else `none` (`_ready()` tells the end from a wait). */
  _take<N>(none: N): string | N {
    if (this.over) return none;
    const line = this.take();
    return line === null ? none : line;
  }

  /** @internal Waits for chunks until a line is whole or the input ends. */
  *_pull(): Generator<Instruction, IteratorResult<string, undefined>, unknown> {
    if (this.pulling) throw new InvalidStateError('lines(): next() is already waiting in another task; a subscription is read by one task at a time');
    this.pulling = true;
    try {
      for (;;) {
        const upstream = (this.upstream ??= yield* iterate(this.input));
        const step = yield* upstream.next();
        if (this.over) return END;
        if (step.done === true) {
          this.ended = true;
          this.text = this.decoder.end();
          this.start = 0;
        } else {
          this.accept(step.value);
        }
        const result = this._ready();
        if (result !== null) return result;
      }
    } finally {
      this.pulling = false;
    }
  }

  private accept(value: string | Uint8Array): void {
    if (typeof value === 'string') {
      this.text = value;
    } else {
      this.chunk = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      this.piece = 0;
      this.text = this.decodePiece();
    }
    this.start = 0;
  }

  /**
   * The next piece of the chunk in hand. A large chunk is decoded a piece at
   * a time: strings made from more than ~64 KiB are allocated outside V8's
   * young generation, and every line sliced from one keeps it alive (2x
   * slower to split). A piece of ASCII bytes with no character left half
   * decoded before it is decoded as Latin-1: the same string, without the
   * UTF-8 decoder's work.
   */
  private decodePiece(): string {
    const chunk = this.chunk!;
    const from = this.piece * DECODE_PIECE;
    const to = from + DECODE_PIECE;
    this.piece++;
    let piece: Buffer;
    if (to >= chunk.length) {
      this.chunk = null;
      piece = from === 0 ? chunk : chunk.subarray(from);
    } else {
      piece = chunk.subarray(from, to);
    }
    if (this.decoderClear && isAscii(piece)) return piece.toString('latin1');
    // A last byte below 0x80 ends any character begun before it (a sequence cut short decodes as U+FFFD).
    this.decoderClear = piece.length === 0 ? this.decoderClear : piece[piece.length - 1]! < 0x80;
    return this.decoder.write(piece);
  }

  /** A whole line from the text in hand (decoding further pieces of the chunk in hand as needed), or null. */
  private take(): string | null {
    for (;;) {
      const text = this.text;
      const start = this.start;
      const at = text.indexOf('\n', start);
      if (at !== -1) {
        this.start = at + 1;
        if (this.pending === '') return text.slice(start, at > start && text.charCodeAt(at - 1) === 13 ? at - 1 : at);
        // The line begun in an earlier text ends in this one: joined without copying this text.
        const line = this.pending + text.slice(start, at);
        this.pending = '';
        return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
      }
      if (start < text.length) this.pending = this.pending === '' && start === 0 ? text : this.pending + text.slice(start);
      this.text = '';
      this.start = 0;
      if (this.chunk === null) return null;
      this.text = this.decodePiece();
    }
  }

  /** The input has ended and no whole line is in hand: the last line without its `\n`, then the end. */
  private finish(): IteratorResult<string, undefined> {
    const last = this.pending;
    if (last !== '') {
      this.pending = '';
      return lineResult(last);
    }
    this.over = true;
    return END;
  }

  private *shut(): Generator<Instruction, void, unknown> {
    this.over = true;
    this.ended = true;
    this.text = '';
    this.pending = '';
    this.chunk = null;
    const upstream = this.upstream;
    if (upstream !== null) yield* upstream.close();
  }
}

/**
 * One `next()` of a {@link LineSubscription}: done at once with a line in
 * hand (nothing runs), else it steps the subscription's `_pull` coroutine.
 * Nothing is taken until the step is run, so a `next()` never run loses no
 * line.
 */
class LineStep implements Operation<IteratorResult<string, undefined>>, Iterator<Instruction, IteratorResult<string, undefined>, unknown> {
  private pull: Generator<Instruction, IteratorResult<string, undefined>, unknown> | null = null;
  /**
   * The step's own completion, filled in each time: `yield*` reads `done`
   * and `value` from it at once and hands on only the value, so one object
   * serves every line.
   */
  private readonly done: IteratorReturnResult<IteratorResult<string, undefined>> = { done: true, value: END };

  constructor(private readonly subscription: LineSubscription) {}

  [Symbol.iterator](): Iterator<Instruction, IteratorResult<string, undefined>, unknown> {
    // Run again while a run of it waits (two tasks reading at once): a step of its own, refused by _pull.
    return this.pull === null ? this : new LineStep(this.subscription);
  }

  next(sent?: unknown): IteratorResult<Instruction, IteratorResult<string, undefined>> {
    if (this.pull === null) {
      const ready = this.subscription._ready();
      if (ready !== null) return this.complete(ready);
      this.pull = this.subscription._pull();
    }
    return this.resume(NEXT, sent);
  }

  throw(error: unknown): IteratorResult<Instruction, IteratorResult<string, undefined>> {
    if (this.pull === null) throw error;
    return this.resume(THROW, error);
  }

  return(value?: unknown): IteratorResult<Instruction, IteratorResult<string, undefined>> {
    if (this.pull === null) return { done: true, value: value as IteratorResult<string, undefined> };
    return this.resume(RETURN, value);
  }

  private complete(result: IteratorResult<string, undefined>): IteratorReturnResult<IteratorResult<string, undefined>> {
    const done = this.done;
    done.value = result;
    return done;
  }

  /** Resumes the waiting coroutine; once it has finished (a result, or an error), this step is free for the next read. */
  private resume(how: number, input: unknown): IteratorResult<Instruction, IteratorResult<string, undefined>> {
    const pull = this.pull!;
    let step: IteratorResult<Instruction, IteratorResult<string, undefined>>;
    try {
      step = how === NEXT ? pull.next(input) : how === THROW ? pull.throw(input) : pull.return(input as IteratorResult<string, undefined>);
    } catch (error) {
      this.pull = null;
      throw error;
    }
    if (step.done === true) this.pull = null;
    return step;
  }
}

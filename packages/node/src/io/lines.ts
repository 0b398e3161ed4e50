/**
 * `lines()`: the stage that turns a stream of chunks (a child's stdout, a
 * file read in chunks) into a stream of text lines.
 *
 * Chunks are decoded as UTF-8 with a `StringDecoder`, so a character split
 * across two chunks is decoded whole. Lines end at `\n`; a `\r` before it
 * is dropped too. The last line is handed on even without a final `\n`.
 *
 * @module
 */
import { StringDecoder } from 'node:string_decoder';
import { iterate, stream, type Stage, type Stream } from '@loop/runtime';

/** Bytes decoded at a time (see the comment where it is used). */
const DECODE_PIECE = 65_536;

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
  return (input: Stream<string | Uint8Array>): Stream<string> =>
    stream<string>(function* () {
      const chunks = yield* iterate(input);
      const decoder = new StringDecoder('utf8');
      let pending = '';
      try {
        for (;;) {
          const step = yield* chunks.next();
          const value = step.done === true ? null : step.value;
          // A large chunk is decoded a piece at a time: strings made from more than ~64 KiB are allocated
          // outside V8's young generation, and every line sliced from one keeps it alive (2x slower to split).
          const pieces = value === null || typeof value === 'string' ? 1 : Math.max(1, Math.ceil(value.length / DECODE_PIECE));
          for (let piece = 0; piece < pieces; piece++) {
            const text =
              value === null
                ? decoder.end()
                : typeof value === 'string'
                  ? value
                  : decoder.write(pieces === 1 ? value : value.subarray(piece * DECODE_PIECE, (piece + 1) * DECODE_PIECE));
            let start = 0;
            let at: number;
            if (pending !== '') {
              // The line begun in an earlier piece ends in this one (or goes on): joined without copying this piece.
              at = text.indexOf('\n');
              if (at === -1) {
                pending += text;
                continue;
              }
              const line = pending + text.slice(0, at);
              pending = '';
              start = at + 1;
              yield line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
            }
            // Every whole line of the text in hand goes out before more is decoded: one slice per line.
            while ((at = text.indexOf('\n', start)) !== -1) {
              const line = text.slice(start, at > start && text.charCodeAt(at - 1) === 13 ? at - 1 : at);
              start = at + 1;
              yield line;
            }
            pending = start === 0 ? text : text.slice(start);
          }
          if (value === null) {
            if (pending !== '') yield pending;
            return;
          }
        }
      } finally {
        yield* chunks.close();
      }
    });
}

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
          const text = step.done === true ? decoder.end() : typeof step.value === 'string' ? step.value : decoder.write(step.value);
          pending += text;
          let at: number;
          while ((at = pending.indexOf('\n')) !== -1) {
            const line = pending.slice(0, at > 0 && pending.charCodeAt(at - 1) === 13 ? at - 1 : at);
            pending = pending.slice(at + 1);
            yield line;
          }
          if (step.done === true) {
            if (pending !== '') yield pending;
            return;
          }
        }
      } finally {
        yield* chunks.close();
      }
    });
}

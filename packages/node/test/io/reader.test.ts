import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { gather, moveOnAfter, run, seededRandom, sleep, spawn, type Operation } from '@loop/runtime';
import { ByteReader } from '../../src/io/reader.js';

const reader = (source: Readable): ByteReader =>
  new ByteReader(
    source,
    (error) => error,
    (partial, expected) => new Error(`incomplete: ${partial.length} of ${expected}`),
  );

/** One turn of Node's event loop: a reader's stream starts flowing (its 'data' events are synchronous from then on). */
function flowing(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `count` numbered lines, each with 0–29 'x's drawn from `next`, every one ending in a newline. */
function seededLines(count: number, next: () => number): string {
  return Array.from({ length: count }, (_, i) => `${i}:${'x'.repeat(Math.floor(next() * 30))}\n`).join('');
}

/** Pushes `text` into `source` in chunks of 1–24 characters drawn from `next`, running `pause` after each, then ends it. */
function* feed(source: Readable, text: string, next: () => number, pause: () => Operation<void>): Operation<void> {
  for (let at = 0; at < text.length; ) {
    const size = 1 + Math.floor(next() * 24);
    source.push(text.slice(at, at + size));
    at += size;
    yield* pause();
  }
  source.push(null);
}

describe('ByteReader', () => {
  test('a readLine woken by a chunk of which another task takes a part first still ends the line at its own newline', async () => {
    // A Readable pushed by hand: its 'data' events are synchronous, so the chunk lands between the wakeup and the resumption.
    const source = new Readable({ read() {} });
    const byteReader = reader(source);
    await flowing();
    const got = await run(function* () {
      source.push('abcde');
      const line = yield* spawn(byteReader.readLine());
      yield* sleep(0); // the line read has scanned 'abcde' and waits for a newline
      source.push('xy\nzz'); // wakes it; it runs after this task's next suspension
      const taken = [(yield* byteReader.read(5)).toString(), (yield* byteReader.read(1)).toString()];
      source.push('w\n');
      source.push(null);
      return { taken, line: yield* line, next: yield* byteReader.readLine() };
    });
    expect(got).toEqual({ taken: ['abcde', 'x'], line: 'y', next: 'zzw' });
  });

  test('invariant: two tasks reading one stream at once (lines and byte reads, seeded random chunks and turns) get back exactly the bytes sent, every line ending at a newline', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = seededRandom(seed);
      const text = seededLines(60, next);
      const source = new Readable({ read() {} });
      const byteReader = reader(source);
      await flowing();
      const result = await run(function* () {
        // In the order they were taken from the stream; a line comes back with its newline.
        const pieces: string[] = [];
        const badLines: string[] = [];
        function* pause(): Operation<void> {
          if (next() < 0.7) yield* sleep(0);
          else if (next() < 0.5) yield* sleep(1);
        }
        function* lineReader(): Operation<void> {
          for (let line = yield* byteReader.readLine(); line !== null; line = yield* byteReader.readLine()) {
            if (line.includes('\n')) badLines.push(line);
            pieces.push(`${line}\n`);
          }
        }
        function* bytesReader(): Operation<void> {
          for (;;) {
            // Sometimes past the end of the loop's turn (a timer), so a woken line read resumes between two byte reads.
            const turn = next();
            if (turn < 0.3) yield* sleep(0);
            else if (turn < 0.45) yield* sleep(1);
            const chunk = yield* byteReader.read(1 + Math.floor(next() * 12));
            if (chunk.length === 0) return;
            pieces.push(chunk.toString());
          }
        }
        yield* gather(lineReader(), bytesReader(), feed(source, text, next, pause));
        return { text: pieces.join(''), badLines };
      });
      expect({ seed, ...result }).toEqual({ seed, text, badLines: [] });
    }
  });

  test('invariant: reads cancelled while they wait (seeded 0–1 ms deadlines, two tasks at once) consume nothing: the reads that finish get back exactly the bytes sent', async () => {
    let cancelled = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const next = seededRandom(seed);
      const text = seededLines(40, next);
      const source = new Readable({ read() {} });
      const byteReader = reader(source);
      await flowing();
      const taken = await run(function* () {
        const pieces: string[] = [];
        const pause = (): Operation<void> => sleep(next() < 0.5 ? 0 : 1);
        // Each read is cancelled when its deadline passes while it waits (a wait that other waits took turns with).
        function* lineReader(): Operation<void> {
          for (;;) {
            const read = yield* moveOnAfter(next() < 0.4 ? Math.floor(next() * 2) : 1000, byteReader.readLine());
            if (read.timedOut) cancelled++;
            else if (read.value === null) return;
            else pieces.push(`${read.value}\n`);
          }
        }
        function* bytesReader(): Operation<void> {
          for (;;) {
            const read = yield* moveOnAfter(next() < 0.4 ? Math.floor(next() * 2) : 1000, byteReader.read(1 + Math.floor(next() * 12)));
            if (read.timedOut) cancelled++;
            else if (read.value.length === 0) return;
            else pieces.push(read.value.toString());
          }
        }
        yield* gather(lineReader(), bytesReader(), feed(source, text, next, pause));
        return pieces.join('');
      });
      expect({ seed, taken }).toEqual({ seed, taken: text });
    }
    expect(cancelled).toBeGreaterThan(30);
  });
});

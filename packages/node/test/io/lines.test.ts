import { describe, expect, test } from 'vitest';
import { collect, currentTask, forEach, iterate, pipe, run, seededRandom, sleep, spawn, stream, take, type Operation, type Stream } from '@loop/runtime';
import { lines } from '../../src/index.js';

function chunks(...parts: (string | Uint8Array)[]) {
  return stream<string | Uint8Array>(function* () {
    for (const part of parts) yield part;
  });
}

describe('lines()', () => {
  test('joins lines across chunks and splits several lines in one chunk', async () => {
    expect(await run(() => pipe(chunks('a', 'b\nc\nd', 'e\n'), lines(), collect()))).toEqual(['ab', 'c', 'de']);
  });

  test('drops \\r before \\n; keeps empty lines; hands on the last line without \\n', async () => {
    expect(await run(() => pipe(chunks('x\r\n\r\ny\n\nz'), lines(), collect()))).toEqual(['x', '', 'y', '', 'z']);
  });

  test('decodes a UTF-8 character split between two byte chunks', async () => {
    const bytes = Buffer.from('€\n');
    expect(await run(() => pipe(chunks(bytes.subarray(0, 1), bytes.subarray(1)), lines(), collect()))).toEqual(['€']);
  });

  test('a character cut short by ASCII bytes in the next chunk decodes as U+FFFD, as in the text', async () => {
    // 'a', then the first two of '€''s three bytes; the next chunk is all ASCII.
    const got = await run(() => pipe(chunks(Buffer.from([0x61, 0xe2, 0x82]), Buffer.from('b\nc\n')), lines(), collect()));
    expect(got).toEqual(['a\ufffdb', 'c']);
  });

  test('an empty source gives no lines', async () => {
    expect(await run(() => pipe(chunks(), lines(), collect()))).toEqual([]);
  });

  test('a chunk larger than 64 KiB is split exactly, with a character and a \\r\\n straddling the 65,536th byte', async () => {
    const head = 'a'.repeat(65_535);
    // Byte 65,535 starts '€' (3 bytes); the next line ends with \r\n across the next piece boundary at 131,072.
    const middle = 'b'.repeat(131_072 - 65_535 - 3 - 1 - 1);
    const bytes = Buffer.from(`${head}€\n${middle}\r\nend`);
    expect(bytes.indexOf('\r')).toBe(131_071);
    const got = await run(() => pipe(chunks(bytes), lines(), collect()));
    expect(got).toEqual([`${head}€`, middle, 'end']);
  });

  test('next() gives plain { done, value } results, a fresh one per line', async () => {
    const steps = await run(function* () {
      const subscription = yield* iterate(pipe(chunks('a\nb'), lines()));
      return [yield* subscription.next(), yield* subscription.next(), yield* subscription.next()];
    });
    expect(steps).toStrictEqual([{ done: false, value: 'a' }, { done: false, value: 'b' }, { done: true, value: undefined }]);
    expect(steps.map((step) => Object.getPrototypeOf(step) === Object.prototype)).toEqual([true, true, true]);
  });

  test('stopping early closes the input: its finally runs, and no more chunks are read', async () => {
    const seen: string[] = [];
    const input = stream<string>(function* () {
      try {
        for (let i = 0; ; i++) {
          seen.push(`chunk ${i}`);
          yield `${i}a\n${i}b\n`;
        }
      } finally {
        seen.push('input closed');
      }
    });
    const got = await run(() => pipe(input, lines(), take(3), collect()));
    expect({ got, seen }).toEqual({ got: ['0a', '0b', '1a'], seen: ['chunk 0', 'chunk 1', 'input closed'] });
  });

  test('a forEach whose fn cancels its own task gets no line after that one, and the input is closed', async () => {
    const seen: string[] = [];
    const input = stream<string>(function* () {
      try {
        yield 'a\nb\nc\nd\n';
        yield 'e\n';
      } finally {
        seen.push('input closed');
      }
    });
    const stopped = await run(function* () {
      const reader = yield* spawn(function* () {
        const task = yield* currentTask();
        yield* forEach(pipe(input, lines()), (line) => {
          seen.push(line);
          if (line === 'b') task.cancel();
        });
      }());
      try {
        yield* reader;
        return 'finished';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect({ stopped, seen }).toEqual({ stopped: 'CancelledError', seen: ['a', 'b', 'input closed'] });
  });

  test('an error from the input reaches the reader after the lines before it', async () => {
    const input = stream<string>(function* () {
      yield 'one\ntw';
      yield* sleep(1);
      throw new Error('disk gone');
    });
    const got: string[] = [];
    const error = await run(() => forEach(pipe(input, lines()), (line) => void got.push(line))).catch((e: unknown) => e);
    expect({ got, error: (error as Error).message }).toEqual({ got: ['one'], error: 'disk gone' });
  });

  const readers: { name: string; read: (source: Stream<string>) => Operation<string[]> }[] = [
    { name: 'collect()', read: (source) => collect<string>()(source) },
    {
      name: 'forEach',
      *read(source) {
        const got: string[] = [];
        yield* forEach(source, (line) => void got.push(line));
        return got;
      },
    },
    {
      name: 'next()',
      *read(source) {
        const got: string[] = [];
        const subscription = yield* iterate(source);
        for (let step = yield* subscription.next(); step.done !== true; step = yield* subscription.next()) got.push(step.value);
        return got;
      },
    },
  ];

  // The property the chunk-by-chunk splitter must keep, whatever the chunking: the lines are those of the whole text.
  test('invariant: any cut of a text into string or byte chunks gives the lines of the whole text, however they are read', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 200 && failures.length === 0; seed++) {
      const random = seededRandom(seed);
      const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      let text = '';
      const length = Math.floor(random() * 60);
      for (let i = 0; i < length; i++) text += pick(['a', 'b', '\n', '\r\n', '\r', '€', 'é', '\n\n']);
      const expected = text === '' ? [] : text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
      if (text.endsWith('\n')) expected.pop();
      // The last line, without a final \n, is handed on as it is.
      if (!text.endsWith('\n') && expected.length > 0) expected[expected.length - 1] = text.slice(text.lastIndexOf('\n') + 1);
      const bytes = Buffer.from(text);
      const asBytes = random() < 0.7;
      const parts: (string | Uint8Array)[] = [];
      for (let at = 0; at < (asBytes ? bytes.length : text.length); ) {
        const next = at + 1 + Math.floor(random() * 8);
        parts.push(asBytes ? bytes.subarray(at, next) : text.slice(at, next));
        at = next;
      }
      // Each reader takes lines its own way: collect and forEach take those in hand at once, a next() loop one by one.
      const reader = pick(readers);
      const got = await run(() => reader.read(pipe(chunks(...parts), lines())));
      if (JSON.stringify(got) !== JSON.stringify(expected)) failures.push(`seed ${seed}: ${JSON.stringify(text)} in ${parts.length} ${asBytes ? 'byte' : 'string'} chunks, read by ${reader.name}, gave ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
    }
    expect(failures).toEqual([]);
  }, 30_000);
});


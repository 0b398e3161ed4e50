/**
 * `file-lines`: read a file of n lines (1,000,000 in a full run: 100 MB)
 * line by line and count them, their characters and the last one. Metric:
 * lines per second, from opening the file to its last line.
 *
 * Line i (from 0) is `i` padded with dots to {@link LINE_CHARS} characters,
 * then `\n`: {@link LINE_CHARS} + 1 bytes a line. Each child writes the file
 * once, before its first run, into a directory of its own under the OS's
 * temporary directory, and removes it when it exits; the reading is timed,
 * never the writing.
 *
 * loop reads with `readLines(path)` and `forEach`; plain Node with
 * `node:readline` over `fs.createReadStream` (`for await`, the docs'
 * idiom); Python iterates the file object (`for line in f`: Python has no
 * asynchronous file reading of its own, so this is the reference the issue
 * asked for, not an asyncio idiom).
 *
 * @module
 */
import { createReadStream, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { forEach, run } from '@loop/runtime';
import { readLines } from '@loop/node';
import { expectExact, type Workload } from '../workload.js';

/** Characters per line, without the `\n`. */
export const LINE_CHARS = 99;

/** What a run returns. */
export interface LinesAnswer {
  /** Lines read. */
  count: number;
  /** Characters in them, line endings excluded. */
  chars: number;
  /** The number the last line starts with. */
  last: number;
}

/** Line i of the file, without its `\n`. */
export function fileLine(i: number): string {
  return String(i).padEnd(LINE_CHARS, '.');
}

const files = new Map<number, string>();

/** The path of this process's file of n lines, written on first use and removed when the process exits. */
function fileOf(n: number): string {
  const known = files.get(n);
  if (known !== undefined) return known;
  const dir = mkdtempSync(join(tmpdir(), 'loop-bench-lines-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, `${n}.txt`);
  const fd = openSync(path, 'w');
  try {
    for (let from = 0; from < n; from += 10_000) {
      let text = '';
      for (let i = from; i < Math.min(n, from + 10_000); i++) text += `${fileLine(i)}\n`;
      writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
  files.set(n, path);
  return path;
}

function sample(t0: number, answer: LinesAnswer): { metrics: Record<string, number>; answer: LinesAnswer } {
  return { metrics: { linesPerSec: answer.count / ((performance.now() - t0) / 1000) }, answer };
}

/** The `file-lines` workload. */
export const fileLinesWorkload: Workload<LinesAnswer> = {
  id: 'file-lines',
  title: `read a file of n lines (${LINE_CHARS + 1} bytes each) line by line`,
  metrics: [{ key: 'linesPerSec', label: 'lines/s', better: 'higher', digits: 0 }],
  sizes: { full: 1_000_000, quick: 100_000 },
  implementations: {
    loop: {
      system: 'loop',
      variant: 'readLines + forEach',
      recommended: true,
      async run({ n }) {
        const path = fileOf(n);
        const answer: LinesAnswer = { count: 0, chars: 0, last: -1 };
        let last = '';
        const t0 = performance.now();
        await run(
          forEach(readLines(path), (line) => {
            answer.count++;
            answer.chars += line.length;
            last = line;
          }),
        );
        answer.last = Number.parseInt(last, 10);
        return sample(t0, answer);
      },
    },
    raw: {
      system: 'raw',
      variant: 'readline over fs.createReadStream (for await)',
      async run({ n }) {
        const path = fileOf(n);
        const answer: LinesAnswer = { count: 0, chars: 0, last: -1 };
        let last = '';
        const t0 = performance.now();
        for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
          answer.count++;
          answer.chars += line.length;
          last = line;
        }
        answer.last = Number.parseInt(last, 10);
        return sample(t0, answer);
      },
    },
    asyncio: { system: 'asyncio', variant: 'plain file iteration (the reference)', python: 'file_lines' },
  },
  notApplicable: {
    effection: 'Effection 4 has no file API of its own',
    effect: 'Effect 3 has files only in @effect/platform-node, a separate platform package',
    'p-limit': 'no concurrency limit in this workload',
    'p-map': 'no concurrency limit in this workload',
    ix: 'IxJS reads no files; readline is the Node floor',
  },
  targets: [
    { metric: 'linesPerSec', against: 'raw', factor: 0.9, text: 'at least 0.9× plain Node (readline over createReadStream)' },
    { metric: 'linesPerSec', against: 'asyncio', factor: 1.2, text: "≥ 1.2× Python's file iteration" },
  ],
  verify: (answer, { n }) => [
    ...expectExact('lines read', answer.count, n),
    ...expectExact('characters read', answer.chars, n * LINE_CHARS),
    ...expectExact('number on the last line', answer.last, n - 1),
  ],
};

/**
 * The guides' code says what it does: each guide marks the output of a
 * snippet with `<!-- output: <file>#<export> -->` followed by a `text` code
 * block. This test runs the function that `snippets/<file>.ts` exports as
 * `<export>` (an operation, on a virtual clock unless the module exports
 * `clock = 'real'`; or an async function that runs its own loops) and compares what it prints with that block, line for
 * line. Snippets are typechecked and linted with the package.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VirtualClock, isOperation, run, type Operation } from '@loop/runtime';
import { describe, expect, test } from 'vitest';

type Snippet = (print: (line: string) => void) => Operation<void> | Promise<void> | void;

const guides = join(import.meta.dirname, '..', 'guides');
const marked = readdirSync(guides)
  .filter((file) => file.endsWith('.md'))
  .flatMap((file) =>
    [...readFileSync(join(guides, file), 'utf8').matchAll(/<!-- output: ([\w-]+)#(\w+) -->\n```text\n([\s\S]*?)```/g)].map((match) => ({
      guide: file,
      module: match[1] ?? '',
      exported: match[2] ?? '',
      expected: (match[3] ?? '').trimEnd().split('\n'),
    })),
  );

describe("the guides' snippets print what the guides show", () => {
  test('the guides mark their outputs', () => {
    expect(marked.length).toBeGreaterThan(5);
  });

  test.each(marked)('$guide: $module#$exported', { timeout: 30_000 }, async ({ module, exported, expected }) => {
    const exports = (await import(`../snippets/${module}.ts`)) as Record<string, unknown>;
    const snippet = exports[exported] as Snippet | undefined;
    // Snippets doing real IO say so (`export const clock = 'real'`): a virtual clock does not jump past IO in flight.
    const options = exports['clock'] === 'real' ? {} : { clock: new VirtualClock() };
    expect(typeof snippet).toBe('function');
    const lines: string[] = [];
    const started = (snippet as Snippet)((line) => lines.push(line));
    // An operation runs on a virtual clock here; an async snippet makes its own loops.
    await (isOperation(started) ? run(started, options) : started);
    expect(lines).toEqual(expected);
  });
});

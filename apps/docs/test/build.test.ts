/**
 * The built site (`pnpm --filter docs build`, which turbo runs before these
 * tests): every page is there, the tutorial shows the example files' code
 * and their real output, the API reference and the benchmark results were
 * generated into it, and it needs no network to be read.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dist, listFiles } from './support/site.js';

const docs = join(import.meta.dirname, '..');
const examples = join(docs, '..', 'examples', 'src');
const outputs = join(docs, 'generated', 'outputs');

/** The text of a built page: tags removed, entities decoded. */
function textOf(page: string): string {
  return readFileSync(join(dist, page), 'utf8')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The lines between `// #region name` and `// #endregion name` of a source file. */
function region(file: string, name: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${name}`);
  const end = lines.findIndex((line, i) => i > start && line.trim() === `// #endregion ${name}`);
  if (start < 0 || end < 0) throw new Error(`no region ${name} in ${file}`);
  return lines.slice(start + 1, end);
}

/** `<<< @/../examples/src/<path>#<region>` and `<<< @/generated/outputs/<name>.txt` includes of a page's source. */
function includesOf(markdown: string): { snippets: { path: string; region: string }[]; outputs: string[] } {
  return {
    snippets: [...markdown.matchAll(/^<<< @\/\.\.\/examples\/src\/(\S+)#(\S+)$/gm)].map((match) => ({ path: match[1] ?? '', region: match[2] ?? '' })),
    outputs: [...markdown.matchAll(/^<<< @\/generated\/outputs\/(\S+)\.txt$/gm)].map((match) => match[1] ?? ''),
  };
}

const tutorialPages = readdirSync(join(docs, 'tutorial')).filter((file) => file.endsWith('.md') && file !== 'index.md');

describe('the built site', () => {
  test('has every page of the nav and sidebar', () => {
    const pages = listFiles(dist);
    for (const page of [
      'index.html',
      'asyncio.html',
      'benchmarks.html',
      'playground.html',
      'tutorial/index.html',
      'tutorial/generators.html',
      'tutorial/sync-randn.html',
      'tutorial/coroutine.html',
      'tutorial/gather.html',
      'tutorial/async-generators.html',
      'tutorial/beyond.html',
      'guides/structured-concurrency.html',
      'guides/timeouts.html',
      'guides/testing.html',
      'guides/streams.html',
      'guides/node-io.html',
      'guides/observing.html',
      'guides/benchmarking.html',
      'guides/lint-rules.html',
      'api/index.html',
      'api/runtime/index.html',
      'api/node/index.html',
      'api/bench/index.html',
    ]) {
      expect(pages, page).toContain(page);
    }
  });

  test.each(tutorialPages)('tutorial/%s shows each included region of the example files, line for line', (file) => {
    const { snippets } = includesOf(readFileSync(join(docs, 'tutorial', file), 'utf8'));
    expect(snippets.length).toBeGreaterThan(0);
    const text = textOf(`tutorial/${file.replace(/\.md$/, '.html')}`);
    for (const { path, region: name } of snippets) {
      for (const line of region(join(examples, path), name)) {
        if (line.trim() !== '') expect(text, `${path}#${name}`).toContain(line.trim());
      }
    }
  });

  test.each(tutorialPages)("tutorial/%s shows the examples' real output, generated at build time", (file) => {
    const { outputs: names } = includesOf(readFileSync(join(docs, 'tutorial', file), 'utf8'));
    expect(names.length).toBeGreaterThan(0);
    const text = textOf(`tutorial/${file.replace(/\.md$/, '.html')}`);
    for (const name of names) {
      const output = readFileSync(join(outputs, `${name}.txt`), 'utf8');
      expect(output.trim(), name).not.toBe('');
      for (const line of output.split('\n')) expect(text, name).toContain(line.trim());
    }
  });

  test('the lesson step 4 reads "took 3.00 seconds" for one, three and ten randn()', () => {
    expect(readFileSync(join(outputs, 'gather.txt'), 'utf8')).toMatch(/^\d+ took 3\.00 seconds\n\[(?:\d+, ){2}\d+\] took 3\.00 seconds\n\[(?:\d+, ){9}\d+\] took 3\.00 seconds\n$/);
  });

  test('no include was left unresolved', () => {
    for (const page of listFiles(dist).filter((file) => file.endsWith('.html'))) {
      const html = readFileSync(join(dist, page), 'utf8');
      expect(html, page).not.toContain('@include');
      expect(html, page).not.toMatch(/Code snippet path not found|&lt;&lt;&lt; @/);
    }
  });

  test('the API reference was generated from the TSDoc comments, examples included', () => {
    const gather = textOf('api/runtime/functions/gather.html');
    expect(gather).toContain('Runs operations concurrently and returns their results as a typed tuple');
    expect(gather).toContain('yield* gather(randn(), randn(), randn())');
  });

  test('the benchmark page has the table of apps/bench/results/latest.md, and the chart or where it comes from', () => {
    const text = textOf('benchmarks.html');
    const table = join(docs, '..', 'bench', 'results', 'latest.md');
    const firstRow = readFileSync(table, 'utf8').split('\n').find((line) => line.startsWith('| ') && !line.startsWith('| workload'));
    expect(firstRow).toBeDefined();
    for (const cell of (firstRow ?? '').split('|').map((part) => part.trim()).filter((part) => part !== '')) expect(text).toContain(cell);
    const html = readFileSync(join(dist, 'benchmarks.html'), 'utf8');
    if (existsSync(join(docs, '..', 'bench', 'results', 'latest.svg'))) {
      expect(html).toContain('src="/bench/latest.svg"');
      expect(readFileSync(join(dist, 'bench', 'latest.svg'), 'utf8')).toContain('<svg');
    } else {
      expect(text).toContain('apps/bench/results/latest.svg');
    }
  });

  test('needs no network: no page loads a script, style, font or image from another host', () => {
    const external: string[] = [];
    for (const page of listFiles(dist).filter((file) => file.endsWith('.html'))) {
      const html = readFileSync(join(dist, page), 'utf8');
      for (const match of html.matchAll(/<(?:script|link|img|source)\b[^>]*\s(?:src|href)="((?:https?:)?\/\/[^"]*)"/g)) external.push(`${page}: ${match[1]}`);
    }
    expect(external).toEqual([]);
  });
});

/**
 * Every internal link of the built site resolves: each `href`/`src` in every
 * built HTML page names a built page or asset, and each `#fragment` names an
 * element id on the page it points to.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dist, fileFor, listFiles } from './support/site.js';

const pages = listFiles(dist).filter((file) => file.endsWith('.html'));
const ids = new Map<string, Set<string>>();

function idsOf(file: string): Set<string> {
  let found = ids.get(file);
  if (found === undefined) {
    found = new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]*)"/g)].map((match) => decodeEntities(match[1] ?? '')));
    ids.set(file, found);
  }
  return found;
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The internal links of one built page, as written in its HTML. */
function linksOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)]
    .map((match) => decodeEntities(match[1] ?? ''))
    .filter((link) => link !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(link) && !link.startsWith('//'));
}

/** Why `link` on page `page` does not resolve, or null when it does. */
function brokenReason(page: string, link: string): string | null {
  const url = new URL(link, `http://site/${page}`);
  const file = fileFor(url.pathname);
  if (file === null) return 'no such page or asset';
  const fragment = decodeURIComponent(url.hash.slice(1));
  if (fragment !== '' && file.endsWith('.html') && !idsOf(file).has(fragment)) return `no element #${fragment}`;
  return null;
}

describe('internal links of the built site', () => {
  test('the crawl covers the whole site', () => {
    expect(pages.length).toBeGreaterThan(50);
    expect(pages).toContain('index.html');
    expect(pages).toContain('api/runtime/functions/gather.html');
  });

  test('every internal href and src resolves to a built page, asset or anchor', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const link of new Set(linksOf(readFileSync(join(dist, page), 'utf8')))) {
        const reason = brokenReason(page, link);
        if (reason !== null) broken.push(`${page}: ${link} (${reason})`);
      }
    }
    expect(broken).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

// The docs include snippets with VitePress's `<<< @/…/file.ts#name`, which
// finds `// #region name` … `// #endregion name` lines (names match [\w*-]+).
// These are the regions the tutorial relies on, file by file.
const expected: Record<string, string[]> = {
  'lesson/generators.ts': ['odds', 'list', 'tuple'],
  'lesson/sync-randn.ts': ['randn', 'main'],
  'lesson/coroutine.ts': ['randn', 'main', 'without-loop'],
  'lesson/gather.ts': ['main'],
  'lesson/async-generators.ts': ['squareOdds', 'forEach', 'for-await'],
  'beyond/task-group.ts': ['main'],
  'beyond/timeout.ts': ['timeout', 'moveOnAfter'],
  'beyond/queue.ts': ['main'],
};

/** The regions of a file in order, each with its body; throws on a marker that does not pair up. */
function regions(file: string): { name: string; body: string[] }[] {
  const lines = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8').split('\n');
  const found: { name: string; body: string[] }[] = [];
  let open: { name: string; body: string[] } | null = null;
  for (const line of lines) {
    const marker = /^\/\/ #(region|endregion) ([\w*-]+)$/.exec(line.trim());
    if (marker === null) {
      open?.body.push(line);
    } else if (marker[1] === 'region') {
      if (open !== null) throw new Error(`${file}: region ${marker[2]} opens inside ${open.name}`);
      open = { name: marker[2]!, body: [] };
    } else {
      if (open === null || open.name !== marker[2]) throw new Error(`${file}: endregion ${marker[2]} closes ${open?.name ?? 'nothing'}`);
      found.push(open);
      open = null;
    }
  }
  if (open !== null) throw new Error(`${file}: region ${open.name} never ends`);
  return found;
}

describe('tutorial regions', () => {
  for (const [file, names] of Object.entries(expected)) {
    test(`${file} has the regions ${names.join(', ')}, each closed and not empty`, () => {
      const found = regions(file);
      expect(found.map((region) => region.name)).toEqual(names);
      for (const region of found) expect(region.body.join('').trim(), region.name).not.toBe('');
    });
  }
});

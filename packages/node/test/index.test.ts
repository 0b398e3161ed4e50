import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/**
 * The modules loaded by importing `entry`: every specifier reached through
 * static value imports and re-exports (not `import type`, not `import()`),
 * following the package's own relative imports.
 */
function staticImports(entry: URL): Set<string> {
  const seen = new Set<string>();
  const loaded = new Set<string>();
  const pending = [entry];
  let file: URL | undefined;
  while ((file = pending.pop()) !== undefined) {
    if (seen.has(file.href)) continue;
    seen.add(file.href);
    const source = readFileSync(fileURLToPath(file), 'utf8');
    for (const [, clause, specifier] of source.matchAll(/^(?:import|export)\s+([^;]*?)\s*from\s+'([^']+)'/gm)) {
      // Type-only: `import type …`, or braces holding only `type X` names.
      if (/^type\b/.test(clause!) || /^\{\s*(?:type\s+\w+\s*,?\s*)+\}$/.test(clause!)) continue;
      if (specifier!.startsWith('.')) pending.push(new URL(specifier!.replace(/\.js$/, '.ts'), file));
      else loaded.add(specifier!);
    }
    for (const [, specifier] of source.matchAll(/^import\s+'([^']+)'/gm)) loaded.add(specifier!);
  }
  return loaded;
}

describe('importing @loop/node', () => {
  test('loads neither piscina nor node:inspector: toThread imports piscina and nameCoroutines opens the inspector on first use', () => {
    const loaded = staticImports(new URL('../src/index.ts', import.meta.url));
    expect(loaded.has('node:net')).toBe(true); // the walk does reach the package's modules
    expect([...loaded].filter((specifier) => specifier === 'piscina' || specifier === 'node:inspector')).toEqual([]);
  });
});

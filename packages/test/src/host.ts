/**
 * What explore takes from its host, without importing any platform module
 * (the package is platform-neutral): the environment variable
 * `LOOP_EXPLORE_SEED`, the running vitest test's name, and a file system to
 * write failure traces to. Node (>= 20.16) lends its built-in modules
 * through `process.getBuiltinModule`; in a browser none of these exist and
 * explore goes without (no file is written, the error still carries
 * everything).
 *
 * @module
 */

interface NodeLike {
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

interface FsLike {
  mkdirSync(path: string, options: { recursive: boolean }): unknown;
  writeFileSync(path: string, data: string): void;
}

function nodeProcess(): NodeLike | undefined {
  return (globalThis as { process?: NodeLike }).process;
}

/** @internal `LOOP_EXPLORE_SEED` as an integer, undefined when unset; a value that is not an integer is a RangeError. */
export function seedFromEnvironment(): number | undefined {
  const text = nodeProcess()?.env?.['LOOP_EXPLORE_SEED'];
  if (text === undefined || text === '') return undefined;
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new RangeError(`LOOP_EXPLORE_SEED must be an integer (a seed from an explore failure), got "${text}"`);
  return seed;
}

/** @internal The full name of the vitest test running now (read from vitest's global `expect` state), if any. */
export function currentTestName(): string | undefined {
  const expect = (globalThis as Record<symbol, { getState?: () => { currentTestName?: string } } | undefined>)[Symbol.for('expect-global')];
  const name = expect?.getState?.().currentTestName;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** @internal Writes `text` to `dir/file` (creating `dir`); returns the path, or null without a file system. */
export function writeArtifact(dir: string, file: string, text: string): string | null {
  const fs = nodeProcess()?.getBuiltinModule?.('node:fs') as FsLike | undefined;
  if (fs === undefined) return null;
  fs.mkdirSync(dir, { recursive: true });
  const path = `${dir.replace(/\/+$/, '')}/${file}`;
  fs.writeFileSync(path, text);
  return path;
}

/** @internal A test name as a file name: every run of characters other than letters, digits, `.` and `_` becomes one `-`. */
export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'explore';
}

/**
 * The installed bins, run through npx from the scratch project as a user
 * runs them (output piped, so loop-console prints its plain form).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject, test } from 'vitest';
import { output, sh } from './support/packages.js';

const scratch = inject('scratch');
const npx = (...args: string[]) => sh('npx', ['--no-install', ...args], scratch, { CI: '1' });

test('npx loop-console demo --virtual prints the lesson’s ten gathered randn()', () => {
  const result = npx('loop-console', 'demo', '--virtual');
  expect(result.status, output(result)).toBe(0);
  expect(result.stdout).toMatch(/took 3\.00 seconds/);
});

test('npx loop-console run <file> runs a program and lists its tasks', () => {
  writeFileSync(
    join(scratch, 'two-sleepers.mjs'),
    `import { gather, sleep } from '@loop/runtime';
function* sleeper(ms) { yield* sleep(ms); console.log('slept ' + ms); }
export default function* main() { yield* gather(sleeper(200), sleeper(100)); }
`,
  );
  const result = npx('loop-console', 'run', 'two-sleepers.mjs', '--virtual');
  expect(result.status, output(result)).toBe(0);
  expect(result.stdout).toContain('slept 100');
  expect(result.stdout).toContain('slept 200');
});

test('npx loop-bench --help prints its usage', () => {
  const result = npx('loop-bench', '--help');
  expect(result.status, output(result)).toBe(0);
  expect(result.stdout).toContain('Usage: loop-bench run <file>');
});

test('npx loop-bench run <file> measures a suite', () => {
  writeFileSync(
    join(scratch, 'sum.bench.mjs'),
    `import { suite } from '@loop/bench';
const numbers = Array.from({ length: 1000 }, (_, i) => i);
export default suite('sum', {
  'for loop': () => { let s = 0; for (const x of numbers) s += x; return s; },
  reduce: () => numbers.reduce((s, x) => s + x, 0),
}, { baseline: 'reduce' });
`,
  );
  const result = npx('loop-bench', 'run', 'sum.bench.mjs', '--time', '50');
  expect(result.status, output(result)).toBe(0);
  expect(result.stdout).toContain('for loop');
  expect(result.stdout).toContain('reduce');
});

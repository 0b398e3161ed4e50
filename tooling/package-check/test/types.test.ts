/**
 * TypeScript in the scratch project resolves each package's types the way a
 * user's compiler does: `moduleResolution` node16 (ESM and CJS files) and
 * bundler, `skipLibCheck: false` so the shipped .d.ts files are checked too,
 * and a browser setup (DOM lib, no @types/node) for the platform-neutral runtime.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject, test } from 'vitest';
import { output, sh } from './support/packages.js';

const scratch = inject('scratch');

const uses = `
function* randn(): Operation<number> {
  yield* sleep(3000);
  return 1 + Math.floor(Math.random() * 10);
}
export const three: Promise<[number, number, number]> = run(() => gather(randn(), randn(), randn()), { clock: new VirtualClock() });
export const child: Promise<string> = run(function* () {
  const result = yield* exec('node', ['--version']);
  return String(result.stdout);
});
export const took: Promise<string> = run(() => timed(sleep(10)), { clock: new VirtualClock() }).then(({ value, elapsed }) => formatTook(value, elapsed));
`;

const files: Record<string, string> = {
  'types-esm.mts': `import { VirtualClock, gather, run, sleep, type Operation } from '@loop/runtime';
import { exec } from '@loop/node';
import { formatTook, timed } from '@loop/bench';
import loop from '@loop/eslint-plugin';
${uses}
export const lintConfig: object = loop.configs.recommended;`,
  'types-cjs.cts': `import { VirtualClock, gather, run, sleep, type Operation } from '@loop/runtime';
import { exec } from '@loop/node';
import { formatTook, timed } from '@loop/bench';
${uses}`,
  'types-browser.ts': `import { VirtualClock, gather, run, sleep, type Operation } from '@loop/runtime';
function* randn(): Operation<number> {
  yield* sleep(3000);
  return 1 + Math.floor(Math.random() * 10);
}
export const three: Promise<[number, number, number]> = run(() => gather(randn(), randn(), randn()), { clock: new VirtualClock() });
document.title = 'loop';
`,
};

const strict = { strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
const configs: Record<string, { compilerOptions: Record<string, unknown>; files: string[] }> = {
  node16: {
    compilerOptions: { ...strict, module: 'node16', moduleResolution: 'node16', lib: ['ES2023'], types: ['node'] },
    files: ['types-esm.mts', 'types-cjs.cts'],
  },
  bundler: {
    compilerOptions: { ...strict, module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2023'], types: ['node'] },
    files: ['types-esm.mts'],
  },
  browser: {
    compilerOptions: { ...strict, module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2023', 'DOM', 'ESNext.Disposable'], types: [] },
    files: ['types-browser.ts'],
  },
};

for (const [name, config] of Object.entries(configs)) {
  test(`types resolve and check under ${name} with skipLibCheck false`, () => {
    for (const file of config.files) writeFileSync(join(scratch, file), files[file] ?? '');
    writeFileSync(join(scratch, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
    const result = sh(process.execPath, [join(scratch, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${name}.json`], scratch);
    expect(output(result)).toBe('');
    expect(result.status).toBe(0);
  });
}

/**
 * Each published package's README opens with its install command and a short
 * example; the example is extracted, written into the scratch project and run
 * there as written (TypeScript is only stripped of its types by esbuild), and
 * its output checked.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { expect, inject, test } from 'vitest';
import { PUBLISHED, output, root, sh } from './support/packages.js';

const scratch = inject('scratch');

/** What each example must print (and for loop-console, how its program is run). */
const expected: Record<string, { prints: RegExp; status?: number; run?: (file: string) => string[] }> = {
  // The real-clock run is 3 s plus whatever else the machine is doing; the virtual one is exact.
  '@loop/runtime': { prints: /took 3\.\d\d seconds\n.*took 3\.00 seconds/s },
  '@loop/node': { prints: /^v\d+\.\d+\.\d+ 9227465$/m },
  '@loop/bench': { prints: /^\[\d+, \d+, \d+\] took 3\.00 seconds$/m },
  '@loop/eslint-plugin': { prints: /error +This operation is created and never run.*@loop\/no-floating-operation/, status: 1, run: lintProject },
  'loop-console': { prints: /worker 3 done after 100 ms\n.*worker 2 done after 200 ms\n.*worker 1 done after 300 ms/s, run: (file) => ['npx', '--no-install', 'loop-console', 'run', file, '--virtual'] },
};

/** The README's eslint.config.js in a project of its own, linting a coroutine that drops `sleep(10)`. */
function lintProject(config: string): string[] {
  const dir = join(scratch, 'lint-project');
  mkdirSync(dir, { recursive: true });
  copyFileSync(config, join(dir, 'eslint.config.mjs'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'bundler', target: 'ES2022', lib: ['ES2023', 'ESNext.Disposable'], types: [], noEmit: true }, include: ['*.ts'] }));
  writeFileSync(join(dir, 'main.ts'), `import { sleep, type Operation } from '@loop/runtime';\n\nexport function* main(): Operation<void> {\n  sleep(10);\n}\n`);
  return ['npx', '--no-install', 'eslint', '--config', join(dir, 'eslint.config.mjs'), join(dir, 'main.ts')];
}

/** The README's code blocks, in order: `{ lang, code }`. */
function codeBlocks(markdown: string): { lang: string; code: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({ lang: match[1] ?? '', code: match[2] ?? '' }));
}

for (const { name, dir } of PUBLISHED) {
  test(`${name}: the README opens with the install command and an example that runs as written`, () => {
    const blocks = codeBlocks(readFileSync(join(root, dir, 'README.md'), 'utf8'));
    const [install, example] = blocks;
    expect(install?.lang).toBe('sh');
    expect(install?.code).toMatch(new RegExp(`^npm install (.+ )?${name.replace('/', '\\/')}( |$)`, 'm'));
    expect(['ts', 'js']).toContain(example?.lang);
    const code = example?.code ?? '';
    expect(code.trim().split('\n').length).toBeLessThanOrEqual(20);

    const file = join(scratch, `readme-${name.replace(/\W/g, '-')}.mjs`);
    writeFileSync(file, transformSync(code, { loader: 'ts', format: 'esm', target: 'es2022' }).code);
    const check = expected[name];
    const command = check?.run?.(file) ?? [process.execPath, file];
    const result = sh(command[0] ?? '', command.slice(1), scratch, { CI: '1' });
    expect(result.status, output(result)).toBe(check?.status ?? 0);
    expect(result.stdout).toMatch(check?.prints ?? /./);
  });
}

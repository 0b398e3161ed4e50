/**
 * ESM `import` and CJS `require` of each library, from the scratch project's
 * node_modules: the exports map's two conditions each load a working build.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject, test } from 'vitest';
import { output, sh } from './support/packages.js';

const scratch = inject('scratch');

/** The same program written against `import` and against `require`. */
const programs: Record<string, { esm: string; cjs: string; prints: RegExp }> = {
  '@loop/runtime': {
    esm: `import { VirtualClock, gather, getLoop, run, sleep } from '@loop/runtime';`,
    cjs: `const { VirtualClock, gather, getLoop, run, sleep } = require('@loop/runtime');`,
    prints: /^3 values took 3\.00 seconds$/,
  },
  '@loop/node': {
    esm: `import { VirtualClock, run } from '@loop/runtime';\nimport { exec } from '@loop/node';`,
    cjs: `const { VirtualClock, run } = require('@loop/runtime');\nconst { exec } = require('@loop/node');`,
    prints: /^child says hi$/,
  },
  '@loop/bench': {
    esm: `import { VirtualClock, gather, run, sleep } from '@loop/runtime';\nimport { formatTook, timed } from '@loop/bench';`,
    cjs: `const { VirtualClock, gather, run, sleep } = require('@loop/runtime');\nconst { formatTook, timed } = require('@loop/bench');`,
    prints: /^\[1, 2, 3\] took 3\.00 seconds$/,
  },
  '@loop/eslint-plugin': {
    esm: `import loop from '@loop/eslint-plugin';`,
    cjs: `const loop = require('@loop/eslint-plugin').default;`,
    prints: /^no-floating-operation no-yield-operation no-await-operation prefer-named-coroutine; recommended: 4 rules$/,
  },
};

const bodies: Record<string, string> = {
  '@loop/runtime': `
function* randn() { yield* sleep(3000); return 1 + Math.floor(Math.random() * 10); }
run(function* () {
  const loop = yield* getLoop();
  const values = yield* gather(randn(), randn(), randn());
  console.log(\`\${values.length} values took \${(loop.time() / 1000).toFixed(2)} seconds\`);
}, { clock: new VirtualClock() });`,
  '@loop/node': `
run(function* () {
  const child = yield* exec(process.execPath, ['-e', 'console.log("child says hi")']);
  process.stdout.write(child.stdout);
});`,
  '@loop/bench': `
function* after(ms, value) { yield* sleep(ms); return value; }
run(() => timed(gather(after(1000, 1), after(3000, 2), after(2000, 3))), { clock: new VirtualClock() }).then(({ value, elapsed }) => {
  console.log(formatTook(value, elapsed));
});`,
  '@loop/eslint-plugin': `
console.log(Object.keys(loop.rules).join(' ') + '; recommended: ' + Object.keys(loop.configs.recommended.rules).length + ' rules');`,
};

for (const [name, program] of Object.entries(programs)) {
  for (const format of ['esm', 'cjs'] as const) {
    test(`${name}: ${format === 'esm' ? 'import' : 'require'} loads a build that runs`, () => {
      const file = join(scratch, `${name.replace(/\W/g, '-')}.${format === 'esm' ? 'mjs' : 'cjs'}`);
      writeFileSync(file, `${program[format]}\n${bodies[name]}\n`);
      const result = sh(process.execPath, [file], scratch);
      expect(result.status, output(result)).toBe(0);
      expect(result.stdout.trim()).toMatch(program.prints);
    });
  }
}

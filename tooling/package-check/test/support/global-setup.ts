/**
 * Once per run: `pnpm pack` every published package, then install the
 * tarballs with npm into a scratch project outside the workspace, as a user
 * installs them from the registry (each package's `workspace:*` dependency on
 * @loop/runtime is satisfied by the @loop/runtime tarball, never the registry).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PUBLISHED, output, root, sh } from './packages.js';

export default function setup(project: TestProject): () => void {
  const scratch = mkdtempSync(join(tmpdir(), 'loop-consumer-'));
  const packed = join(scratch, 'tarballs');
  mkdirSync(packed);
  const tarballs: Record<string, string> = {};
  for (const { name, dir } of PUBLISHED) {
    const result = sh('pnpm', ['pack', '--pack-destination', packed], join(root, dir));
    const tarball = result.stdout.trim().split('\n').at(-1) ?? '';
    if (result.status !== 0 || !tarball.endsWith('.tgz')) throw new Error(`pnpm pack ${name} failed:\n${output(result)}`);
    tarballs[name] = tarball;
  }
  const dependencies = Object.fromEntries(Object.entries(tarballs).map(([name, tarball]) => [name, `file:${tarball}`]));
  writeFileSync(
    join(scratch, 'package.json'),
    `${JSON.stringify(
      {
        name: 'loop-consumer',
        version: '0.0.0',
        private: true,
        dependencies,
        devDependencies: { '@types/node': '20.19.43', eslint: '9.39.5', typescript: '5.9.3', 'typescript-eslint': '8.74.0' },
        overrides: { '@loop/runtime': '$@loop/runtime' },
      },
      null,
      2,
    )}\n`,
  );
  const install = sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], scratch);
  if (install.status !== 0) throw new Error(`npm install of the tarballs failed:\n${output(install)}`);
  project.provide('scratch', scratch);
  project.provide('tarballs', tarballs);
  return () => {
    if (process.env['LOOP_KEEP_SCRATCH'] === '1') console.log(`package-check: kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  };
}

/**
 * The published packages, and the scratch project the global setup installs
 * them into (`inject('scratch')`): a folder in the system's temp directory,
 * outside the workspace, with each package's `pnpm pack` tarball installed by
 * npm the way a user installs from the registry.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

/** Where each published package lives in the workspace. */
export const PUBLISHED = [
  { name: '@loop/runtime', dir: 'packages/runtime' },
  { name: '@loop/node', dir: 'packages/node' },
  { name: '@loop/bench', dir: 'packages/bench' },
  { name: 'loop-console', dir: 'apps/console' },
  { name: '@loop/eslint-plugin', dir: 'packages/eslint-plugin' },
] as const;

/** The workspace root. */
export const root = join(import.meta.dirname, '..', '..', '..', '..');

declare module 'vitest' {
  export interface ProvidedContext {
    /** The scratch project's folder (its node_modules holds the installed tarballs). */
    scratch: string;
    /** Package name → its packed tarball's path. */
    tarballs: Record<string, string>;
  }
}

/**
 * The environment a user's shell would have: nothing inherited from the pnpm,
 * npm or vitest process running this check (their npm_config_* settings would
 * point npm at the workspace).
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|VITEST|NODE_OPTIONS$|TURBO_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Runs a command in `cwd` with the user's environment; output is text. */
export function sh(command: string, args: string[], cwd: string, extra: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env: userEnv(extra), encoding: 'utf8', timeout: 120_000 });
}

/** stdout and stderr together, for an assertion message. */
export function output(result: SpawnSyncReturns<string>): string {
  return `${result.stdout}${result.stderr}`;
}

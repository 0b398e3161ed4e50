/**
 * @loop/eslint-plugin: type-aware rules for the mistakes generator
 * coroutines invite — an operation created and never run, `yield` without
 * `*`, `await` on an operation, a generator function created per task — and
 * a `recommended` flat config that turns them on.
 *
 * @example
 * ```js
 * // eslint.config.js
 * import loop from '@loop/eslint-plugin';
 * import tseslint from 'typescript-eslint';
 *
 * export default tseslint.config(
 *   { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
 *   loop.configs.recommended,
 * );
 * ```
 *
 * @module
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { noAwaitOperation } from './rules/no-await-operation.js';
import { noFloatingOperation } from './rules/no-floating-operation.js';
import { noYieldOperation } from './rules/no-yield-operation.js';
import { preferNamedCoroutine } from './rules/prefer-named-coroutine.js';

/** Every rule, by name (without the `@loop/` prefix). */
export const rules = {
  'no-floating-operation': noFloatingOperation,
  'no-yield-operation': noYieldOperation,
  'no-await-operation': noAwaitOperation,
  'prefer-named-coroutine': preferNamedCoroutine,
};

interface LoopPlugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: { recommended: TSESLint.FlatConfig.Config };
}

const plugin: LoopPlugin = {
  meta: { name: '@loop/eslint-plugin', version: '0.0.0' },
  rules,
  configs: { recommended: {} },
};

/**
 * The three problem rules as errors, `prefer-named-coroutine` as a warning.
 * Needs type information (`parserOptions.projectService: true`).
 */
plugin.configs.recommended = {
  name: '@loop/recommended',
  plugins: { '@loop': plugin },
  rules: {
    '@loop/no-floating-operation': 'error',
    '@loop/no-yield-operation': 'error',
    '@loop/no-await-operation': 'error',
    '@loop/prefer-named-coroutine': 'warn',
  },
};

export default plugin;

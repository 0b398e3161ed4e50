// Shared ESLint flat config for every package and app in the workspace.
//
// `config(tsconfigRootDir)` returns the flat config array: eslint's and
// typescript-eslint's recommended sets with type information (the project
// service finds each file's tsconfig), plus the few rules this codebase
// holds itself to, and @loop/eslint-plugin's recommended rules on TypeScript
// files. Generated output and dependencies are never linted.
import loop from '@loop/eslint-plugin';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * @param {string} tsconfigRootDir the package folder (pass `import.meta.dirname`)
 * @param {{ platform?: 'neutral' | 'node', loop?: boolean }} [options] `loop: false` leaves out
 *   @loop/eslint-plugin's rules (on by default, for TypeScript files)
 */
export function config(tsconfigRootDir, options = {}) {
  const platform = options.platform ?? 'node';
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '.turbo/**', '**/*.d.ts', 'results/**', '.vitepress/cache/**', '.vitepress/dist/**'] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        globals: platform === 'node' ? { ...globals.node } : { ...globals.browser },
        parserOptions: {
          projectService: true,
          tsconfigRootDir,
        },
      },
      rules: {
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-explicit-any': 'error',
        'no-constant-condition': ['error', { checkLoops: false }],
        eqeqeq: ['error', 'smart'],
      },
    },
    options.loop === false ? {} : { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], ...loop.configs.recommended },
    platform === 'neutral'
      ? {
          files: ['src/**/*.ts'],
          rules: {
            'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'This package is platform-neutral: no node: imports.' }] }],
          },
        }
      : {},
    {
      files: ['test/**/*.ts', 'test/**/*.tsx'],
      rules: {
        // Tests drive generators and promises directly and read loose values back:
        // they create operations only to see them throw, and spawn a closure per
        // case where a program would name one coroutine.
        '@typescript-eslint/no-floating-promises': 'off',
        ...(options.loop === false ? {} : { '@loop/no-floating-operation': 'off', '@loop/prefer-named-coroutine': 'off' }),
        '@typescript-eslint/require-yield': 'off',
        'require-yield': 'off',
      },
    },
    {
      files: ['**/*.js', '**/*.mjs'],
      ...tseslint.configs.disableTypeChecked,
    },
  );
}

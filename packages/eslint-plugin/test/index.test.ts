import { expect, test } from 'vitest';
import plugin, { rules } from '../src/index.js';

test('the recommended config turns every rule on under the @loop/ prefix, prefer-named-coroutine as a warning', () => {
  expect(plugin.configs.recommended.plugins?.['@loop']).toBe(plugin);
  expect(plugin.configs.recommended.rules).toEqual({
    '@loop/no-floating-operation': 'error',
    '@loop/no-yield-operation': 'error',
    '@loop/no-await-operation': 'error',
    '@loop/prefer-named-coroutine': 'warn',
  });
  expect(Object.keys(rules).sort()).toEqual(['no-await-operation', 'no-floating-operation', 'no-yield-operation', 'prefer-named-coroutine']);
});

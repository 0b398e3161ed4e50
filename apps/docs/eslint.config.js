import { config } from '@loop/eslint-config';

export default [
  { ignores: ['api/**', 'generated/**', 'public/**', 'test-output/**'] },
  ...config(import.meta.dirname, { platform: 'node' }),
];

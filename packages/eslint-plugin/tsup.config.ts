import { defineConfig } from 'tsup';
import { asciiOutput } from '../../tooling/scripts/ascii-output.mjs';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  plugins: [asciiOutput()],
  // Loaded by eslint and typescript-eslint, which the user has installed.
  external: ['typescript', 'eslint', '@typescript-eslint/utils'],
});

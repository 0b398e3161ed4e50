import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/cli.ts', 'src/child.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
});

import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/demo.ts', 'src/lesson/*.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
});

import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/demo.ts', 'src/example.ts', 'src/outputs.ts', 'src/lesson/*.ts', 'src/beyond/*.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // Keep function names through bundling: the never-awaited warning names the coroutine (`main`, not `main2`).
  keepNames: true,
});

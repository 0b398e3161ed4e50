import { defineConfig } from 'tsup';
import { asciiOutput } from '../../tooling/scripts/ascii-output.mjs';

export default defineConfig({
  // worker: the entry piscina loads in each worker thread of toThread's pool (dist/worker.js).
  entry: { index: 'src/index.ts', worker: 'src/thread/worker.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // import.meta.url (the worker file's location) in the CommonJS build.
  shims: true,
  target: 'es2022',
  plugins: [asciiOutput()],
});

import { defineConfig } from 'tsup';
import { asciiOutput } from '../../tooling/scripts/ascii-output.mjs';

export default defineConfig({
  // cli.js is the `loop-bench` bin (ESM, keeps its shebang); it shares chunks with index.js.
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  plugins: [asciiOutput()],
});

import { defineConfig } from 'tsup';
import { asciiOutput } from '../../tooling/scripts/ascii-output.mjs';

// The CLI, the child runner that `run`/`demo` fork, and the demo program (its
// own entry, so the child imports it like any user program). The shebang is
// needed only by the CLI and harmless on the others.
export default defineConfig({
  entry: { cli: 'src/cli.tsx', child: 'src/runner/child.ts', 'demo-program': 'src/demo/program.ts' },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
  plugins: [asciiOutput()],
  banner: { js: '#!/usr/bin/env node' },
});

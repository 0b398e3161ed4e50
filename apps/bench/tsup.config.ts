import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/cli.ts', 'src/child.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // The runtime under test (and @loop/node and @loop/test, which must share its one copy of the runtime) is bundled in, as built when the suite was: a rebuild of packages/runtime during a
  // long run can neither break a child that starts mid-rebuild nor mix two versions in one run. (turbo rebuilds
  // this package whenever the runtime changes.) The peers stay external and are loaded lazily by their children.
  noExternal: ['@loop/runtime', '@loop/node', '@loop/test'],
});

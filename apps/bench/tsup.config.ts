import { readdirSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * Three builds.
 *
 * 1. The warm suite (`cli.js`, `child.js`): the runtime under test (and @loop/node and @loop/test, which must share
 *    its one copy of the runtime) is bundled in, as built when the suite was: a rebuild of packages/runtime during a
 *    long run can neither break a child that starts mid-rebuild nor mix two versions in one run. (turbo rebuilds
 *    this package whenever the runtime changes.) The peers stay external and are loaded lazily by their children.
 *
 * 2. loop's packages as the cold children import them (`dist/pkg/loop-runtime.js`, `loop-node.js`, `loop-test.js`):
 *    the same snapshot of the runtime, but as separate files, so importing them is a real import with its own cost.
 *    @loop/node and @loop/test import `./loop-runtime.js`: one copy of the runtime.
 *
 * 3. The cold children (`cold-child.js`, which imports no workload, and `dist/cold/<system>/<workload>.js`): every
 *    workload module built once per system, in which only that system's packages are real imports and every other
 *    package of the suite is a stub that throws if it is ever used. A raw cold child of `spawn` then loads no byte
 *    of loop, Effection or Effect, though spawn.ts imports @loop/runtime at its top; and no workload file has to
 *    change for it (the IO workloads included).
 */

/** loop's packages and the file of build 2 each one is, relative to `dist/`. */
const LOOP_PACKAGES: Record<string, string> = {
  '@loop/runtime': 'pkg/loop-runtime.js',
  '@loop/node': 'pkg/loop-node.js',
  '@loop/test': 'pkg/loop-test.js',
};

/** Every package a workload may import, by the system it belongs to (raw's: what its floors use). */
const SYSTEM_PACKAGES: Record<string, readonly string[]> = {
  loop: Object.keys(LOOP_PACKAGES),
  raw: ['@sinonjs/fake-timers'],
  effection: ['effection'],
  effect: ['effect'],
  'p-limit': ['p-limit'],
  'p-map': ['p-map'],
  ix: ['ix'],
};

/** `ix/asynciterable/operators` → `ix`, `@sinonjs/fake-timers` → itself. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const STUB_NAMESPACE = 'cold-stub';

/**
 * In a cold build for `system`: its own packages are real imports (loop's as the files of build 2, the peers from
 * node_modules), every other package of the suite is a stub. The stub is a CommonJS module whose exports are a proxy:
 * importing a name from it works, calling one throws and names the package, so a cold child that reached for another
 * system's package would fail loudly instead of measuring the wrong thing.
 */
function coldImports(system: string, depth: number): Plugin {
  const own = new Set(SYSTEM_PACKAGES[system]);
  const known = new Set(Object.values(SYSTEM_PACKAGES).flat());
  const up = '../'.repeat(depth);
  return {
    name: 'cold-imports',
    setup(build) {
      build.onResolve({ filter: /^[@a-z]/ }, (args) => {
        const name = packageName(args.path);
        if (!known.has(name)) return undefined;
        if (!own.has(name)) return { path: name, namespace: STUB_NAMESPACE };
        const file = LOOP_PACKAGES[args.path];
        return { path: file === undefined ? args.path : `${up}${file}`, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: STUB_NAMESPACE }, (args) => ({
        loader: 'js',
        contents: `const fail = (name) => () => { throw new Error(${JSON.stringify(`${args.path} is not loaded in a cold ${system} child`)} + ': ' + String(name) + ' was called'); };
const names = new Proxy({}, { get: (_, name) => (typeof name === 'symbol' || name === 'then' || name === '__esModule' ? undefined : fail(name)) });
module.exports = new Proxy({}, { getPrototypeOf: () => names, get: (_, name) => names[name] });`,
      }));
    },
  };
}

/** The workload modules (not the registry, which imports them all). */
const workloadFiles = readdirSync(new URL('./src/workloads/', import.meta.url))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => `src/workloads/${file}`);

const common: Options = { format: ['esm'], sourcemap: true, target: 'es2022', platform: 'node' };

export default defineConfig([
  { ...common, entry: ['src/cli.ts', 'src/child.ts'], clean: ['!pkg/**', '!cold/**', '!cold-child.*'], noExternal: ['@loop/runtime', '@loop/node', '@loop/test'] },
  {
    ...common,
    entry: { 'loop-runtime': 'node_modules/@loop/runtime/dist/index.js', 'loop-node': 'node_modules/@loop/node/dist/index.js', 'loop-test': 'node_modules/@loop/test/dist/index.js' },
    outDir: 'dist/pkg',
    clean: true,
    noExternal: ['@loop/runtime', '@loop/node', '@loop/test'],
    esbuildPlugins: [
      {
        name: 'one-runtime',
        setup(build) {
          build.onResolve({ filter: /^@loop\/runtime$/ }, () => ({ path: './loop-runtime.js', external: true }));
        },
      },
    ],
  },
  { ...common, entry: ['src/cold-child.ts'], noExternal: [] },
  ...Object.keys(SYSTEM_PACKAGES).map(
    (system): Options => ({
      ...common,
      entry: workloadFiles,
      outDir: `dist/cold/${system}`,
      clean: true,
      // tsup would mark every dependency external before the plugin sees it.
      noExternal: Object.values(SYSTEM_PACKAGES).flat(),
      esbuildPlugins: [coldImports(system, 2)],
    }),
  ),
]);

/**
 * The VitePress site config.
 *
 * The site is fully static and builds offline. Three folders are produced
 * before `vitepress build` runs (see package.json `build`), never committed:
 * `api/` (TypeDoc + typedoc-plugin-markdown, from the packages' TSDoc),
 * `generated/` (the examples' real output, the benchmark table) and
 * `public/bench/` (the benchmark chart). The API sidebar is read from `api/`
 * here, so it always lists exactly the pages TypeDoc wrote.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type DefaultTheme } from 'vitepress';

const root = join(import.meta.dirname, '..');

/** The API reference's sidebar: one collapsed group per package, its pages grouped by kind. */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  const api = join(root, 'api');
  if (!existsSync(api)) return [{ text: 'API (run `typedoc` to generate)', link: '/api/' }];
  const packages = readdirSync(api, { withFileTypes: true }).filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'));
  return [
    { text: 'Overview', link: '/api/' },
    ...packages.map((pkg) => ({
      text: `@loop/${pkg.name}`,
      collapsed: true,
      items: [
        { text: 'Package', link: `/api/${pkg.name}/` },
        ...readdirSync(join(api, pkg.name), { withFileTypes: true })
          .filter((kind) => kind.isDirectory())
          .map((kind) => ({
            text: kindTitle(kind.name),
            collapsed: true,
            items: readdirSync(join(api, pkg.name, kind.name))
              .filter((file) => file.endsWith('.md'))
              .sort()
              .map((file) => ({ text: file.slice(0, -'.md'.length), link: `/api/${pkg.name}/${kind.name}/${file.slice(0, -'.md'.length)}` })),
          })),
      ],
    })),
  ];
}

function kindTitle(folder: string): string {
  const title = folder.replace(/-/g, ' ');
  return title.charAt(0).toUpperCase() + title.slice(1);
}

const tutorial: DefaultTheme.SidebarItem[] = [
  {
    text: 'Tutorial: the lesson',
    items: [
      { text: 'Overview', link: '/tutorial/' },
      { text: '1. Generators', link: '/tutorial/generators' },
      { text: '2. A blocking randn()', link: '/tutorial/sync-randn' },
      { text: '3. Coroutines', link: '/tutorial/coroutine' },
      { text: '4. The loop and gather', link: '/tutorial/gather' },
      { text: '5. Async generators', link: '/tutorial/async-generators' },
      { text: 'Beyond the lesson', link: '/tutorial/beyond' },
    ],
  },
];

const guides: DefaultTheme.SidebarItem[] = [
  {
    text: 'Guides',
    items: [
      { text: 'Structured concurrency and cancellation', link: '/guides/structured-concurrency' },
      { text: 'Timeouts and deadlines', link: '/guides/timeouts' },
      { text: 'Testing with the virtual clock', link: '/guides/testing' },
      { text: 'Finding races with @loop/test', link: '/guides/finding-races' },
      { text: 'Streams and async generators', link: '/guides/streams' },
      { text: 'IO with @loop/node', link: '/guides/node-io' },
      { text: 'Observing: loop-console and Perfetto', link: '/guides/observing' },
      { text: 'Benchmarking with @loop/bench', link: '/guides/benchmarking' },
      { text: 'Lint rules', link: '/guides/lint-rules' },
      { text: 'asyncio → loop', link: '/asyncio' },
    ],
  },
];

export default defineConfig({
  title: 'loop',
  description: "Python's asyncio model for TypeScript: generator coroutines stepped by an event loop.",
  lang: 'en-US',
  // Pages are the .md files of this folder; these are not pages.
  srcExclude: ['README.md', 'CHANGELOG.md', 'generated/**', 'test/**', 'snippets/**', 'node_modules/**'],
  lastUpdated: false,
  // The local search index (every page, the API reference included) is one chunk of ~750 kB, loaded only when searching.
  vite: { build: { chunkSizeWarningLimit: 1500 } },
  themeConfig: {
    nav: [
      { text: 'Tutorial', link: '/tutorial/' },
      { text: 'Guides', link: '/guides/structured-concurrency' },
      { text: 'asyncio → loop', link: '/asyncio' },
      { text: 'API', link: '/api/' },
      { text: 'Benchmarks', link: '/benchmarks' },
      { text: 'Playground', link: '/playground' },
    ],
    sidebar: {
      '/tutorial/': tutorial,
      '/guides/': guides,
      '/asyncio': guides,
      '/api/': apiSidebar(),
    },
    search: { provider: 'local' },
    outline: [2, 3],
  },
});

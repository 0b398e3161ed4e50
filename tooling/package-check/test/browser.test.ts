/**
 * @loop/runtime as a browser app gets it: bundled by esbuild from the
 * installed tarball (platform browser, so a `node:` import would fail the
 * build), then the seed's gather run in headless Chromium on the real clock
 * and on a VirtualClock.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { expect, inject, test } from 'vitest';
import { requireChromium } from '../../scripts/system-deps.mjs';

const scratch = inject('scratch');

const entry = `
import { VirtualClock, gather, getLoop, run, sleep } from '@loop/runtime';

function* randn() {
  yield* sleep(3000);
  return 1 + Math.floor(Math.random() * 10);
}

function* main() {
  const loop = yield* getLoop();
  const start = loop.time();
  const values = yield* gather(randn(), randn(), randn());
  return values.length + ' values took ' + ((loop.time() - start) / 1000).toFixed(2) + ' seconds';
}

window.results = Promise.all([run(main), run(main, { clock: new VirtualClock() })]);
`;

test('the seed’s gather, bundled with esbuild, runs in headless Chromium: 3.xx seconds real, 3.00 virtual', async () => {
  const bundle = await build({
    stdin: { contents: entry, resolveDir: scratch, sourcefile: 'entry.js' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    absWorkingDir: scratch,
    nodePaths: [join(scratch, 'node_modules')],
  });
  const code = bundle.outputFiles[0]?.text ?? '';
  expect(code).toContain('VirtualClock');

  const browser = await chromium.launch({
    executablePath: requireChromium(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    timeout: 20_000,
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<!doctype html><title>loop</title>');
    await page.addScriptTag({ content: code });
    const [real, virtual] = await page.evaluate(() => (globalThis as unknown as { results: Promise<[string, string]> }).results);
    expect(errors).toEqual([]);
    expect(real).toMatch(/^3 values took 3\.\d\d seconds$/); // 3 s plus the load on the machine
    expect(virtual).toBe('3 values took 3.00 seconds');
  } finally {
    await browser.close();
  }
});

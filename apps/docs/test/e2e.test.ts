/**
 * End to end: the built site, served on 127.0.0.1, driven by a real headless
 * Chromium (Debian's, through playwright-core; never a downloaded browser).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findChromium, serveSite } from './support/site.js';

const WAIT_MS = 20_000;
const screenshots = join(import.meta.dirname, '..', 'test-output');

describe('the built site in headless Chromium', () => {
  let site: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    site = await serveSite();
    browser = await chromium.launch({
      executablePath: findChromium(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
      timeout: WAIT_MS,
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  test('the tutorial opens, and a link in it leads to the gather step with its snippet and real output', async () => {
    await page.goto(`${site.url}/tutorial/`);
    await expect(page.locator('main h1').first().textContent()).resolves.toContain('Tutorial');

    await page.locator('main .vp-doc a[href="/tutorial/gather.html"]').first().click();
    await page.waitForURL(`${site.url}/tutorial/gather.html`);
    // The router changes the URL before it renders the new page: wait for the page itself.
    await page.locator('main h1', { hasText: 'gather' }).first().waitFor();
    await expect(page.locator('main h1').first().textContent()).resolves.toContain('gather');
    await expect(page.locator('main .vp-doc').textContent()).resolves.toContain('took 3.00 seconds');
  });

  test('the playground runs the seed example: ten bars, then the result line', async () => {
    await page.locator('.VPNav a[href="/playground.html"]').first().click();
    await page.waitForURL(`${site.url}/playground.html`);

    await page.getByTestId('run').click();
    await page.getByTestId('result').waitFor({ state: 'visible' });

    await expect(page.getByTestId('task-bar').count()).resolves.toBe(10);
    const bars = page.getByTestId('task-bar');
    const states = await Promise.all(Array.from({ length: 10 }, (_, i) => bars.nth(i).getAttribute('data-state')));
    expect(states).toEqual(Array.from({ length: 10 }, () => 'value'));
    await expect(page.getByTestId('main-bar').getAttribute('data-state')).resolves.toBe('value');
    await expect(page.getByTestId('result').textContent()).resolves.toMatch(/^\[(?:\d+, ){9}\d+\] took \d+\.\d\d seconds$/);

    mkdirSync(screenshots, { recursive: true });
    const path = join(screenshots, 'playground.png');
    await page.getByTestId('playground').screenshot({ path });
    const png = readFileSync(path);
    expect(png.length).toBeGreaterThan(1000);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  test('on the virtual clock the playground draws the same ten bars', async () => {
    await page.reload();
    await page.getByTestId('virtual').check();
    await page.getByTestId('run').click();
    await page.getByTestId('result').waitFor({ state: 'visible' });

    await expect(page.getByTestId('task-bar').count()).resolves.toBe(10);
    await expect(page.getByTestId('result').textContent()).resolves.toMatch(/^\[(?:\d+, ){9}\d+\] took (?:0\.[3-9]\d|1\.[0-4]\d|1\.50) seconds$/);
  });

  test('no page threw an uncaught error', () => {
    expect(pageErrors).toEqual([]);
  });
});

// What the browser tests of the demo share: one demo server (`node demo/server.mjs`, test/demo-server.ts)
// and one Chromium per test file, a fresh context per page, and a page's uncaught error failing
// the test it happened in.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startDemo, type Demo } from '../demo-server';
import { launchChromium } from './harness';

export interface DemoEnv {
  /** The running demo (set before the file's tests run). */
  demo: Demo;
  browser: Browser;
  /**
   * A page in a fresh context (own localStorage), not navigated yet: a test may install a fake
   * clock or routes first. The context is closed after the test.
   */
  newPage(path: string, options: BrowserContextOptions): Promise<Page>;
}

/**
 * Starts the demo and Chromium before the file's tests and stops them after. `warm` paths are
 * requested first, outside any test: Vite's first compile of a page and the new PGlite directory
 * (which /api/ waits for) take seconds on a busy machine.
 */
export function useDemo(warm: string[]): DemoEnv {
  let contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];
  const env = {
    async newPage(path: string, options: BrowserContextOptions) {
      const context = await env.browser.newContext(options);
      contexts.push(context);
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${path}: ${e.stack || e}`));
      return page;
    },
  } as DemoEnv;

  beforeAll(async () => {
    [env.demo, env.browser] = await Promise.all([startDemo(), launchChromium()]);
    for (const path of warm) await fetch(env.demo.origin + path);
    expect((await fetch(`${env.demo.origin}/api/summary`)).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.demo?.stop();
  });
  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    contexts = [];
    const errors = pageErrors;
    pageErrors = [];
    if (errors.length) throw new Error(`uncaught error(s) in a page:\n${errors.join('\n')}`);
  });
  return env;
}

/** What each demo page shows once it has rendered (its scripts run, its first data arrived). */
const READY: Record<string, string> = {
  '/': '#snippet:not(:empty)',
  '/shop': 'form.checkout',
  '/help': '#helpful csat-widget, #helpful-note:not([hidden])',
  '/script-tag': '[data-csat-inline] csat-widget',
  '/dashboard': '#updated:has-text("Updated")',
};

/**
 * Resolves once the demo page at `path` has rendered: its own signal, not a network-idle wait
 * (half a second of silence after every load).
 */
export async function ready(page: Page, path: string): Promise<void> {
  await page.locator(READY[new URL(path, 'http://x').pathname]!).first().waitFor();
  await page.evaluate(() => document.fonts.ready);
}

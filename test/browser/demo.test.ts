// `npm run demo` as a visitor uses it: the demo server (started here on a free port of 127.0.0.1
// with an empty PGlite directory) and its pages in Chromium. Checkout in the React shop and watch
// the dashboard change; the help article's inline question; the script-tag page; the playground;
// and axe-core on every page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, useDemo } from './demo-harness';
import { askResult, IIFE_PATH, startAsk } from './harness';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * The demo reuses a PGlite summary for up to a second (demo/api/summary.ts, PGLITE_REUSE_MS), so a
 * new answer shows up within about a second, not at once: poll past that, on a signal, not a sleep.
 */
const SUMMARY_POLL = { timeout: 10_000, interval: 250 };

// The script-tag page needs dist/: fail early with the path.
beforeAll(() => void readFileSync(IIFE_PATH));
const env = useDemo(['/', '/shop', '/help', '/dashboard']);

/** A fresh browser context (own localStorage) with a page at `path` of the demo. */
async function open(path: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await env.newPage(path, { viewport: { width: 1280, height: 800 }, colorScheme });
  await page.goto(env.demo.origin + path);
  return page;
}

async function summary(query = ''): Promise<Record<string, any>> {
  const res = await fetch(`${env.demo.origin}/api/summary${query}`);
  expect(res.status).toBe(200);
  return res.json();
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();

/** Waits until the element's text is `expected` (the dashboard refreshes by itself every 2.5 s). */
async function waitForText(page: Page, selector: string, expected: string): Promise<void> {
  await page
    .locator(selector)
    .filter({ hasText: new RegExp(`^\\s*${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) })
    .waitFor();
}

describe('demo', () => {
  it('shop checkout asks after "Place order", and the dashboard shows the answers as they arrive', async () => {
    const dash = await open('/dashboard');
    await dash.locator('#updated', { hasText: 'Updated' }).waitFor();
    const before = Number(await text(dash, '#kpi-count'));

    const shop = await open('/shop');
    await shop.getByRole('heading', { name: 'Checkout' }).waitFor();
    // No question before the order is placed.
    expect(await shop.locator('csat-widget').count()).toBe(0);
    await shop.getByRole('button', { name: 'Place order' }).click();
    await shop.getByRole('heading', { name: /Order NW-\d+ is placed/ }).waitFor();
    const widget = shop.locator('csat-widget');
    await widget.getByRole('radio', { name: /^5 of 5/ }).click();
    await shop.getByText('You rated checkout 5 of 5. Thank you!').waitFor();

    // The dashboard, open all along, picks the answer up by itself.
    await waitForText(dash, '#kpi-count', String(before + 1));
    await dash.getByLabel('Survey', { exact: true }).selectOption('checkout');
    await waitForText(dash, '#kpi-count', '1');
    expect(await text(dash, '#kpi-csat')).toBe('100%');
    expect(await text(dash, '#kpi-mean')).toBe('5');

    // A second, unhappy order with a comment that looks like HTML.
    await shop.getByRole('button', { name: 'Start a new order' }).click();
    await widget.waitFor({ state: 'detached' });
    await shop.getByRole('button', { name: 'Place order' }).click();
    await widget.getByRole('radio', { name: /^2 of 5/ }).click();
    const comment = 'Delivery options were <b>confusing</b>';
    await widget.getByRole('textbox').fill(comment);
    await widget.getByRole('button', { name: 'Send' }).click();
    await shop.getByText('You rated checkout 2 of 5. Thank you!').waitFor();

    await waitForText(dash, '#kpi-count', '2');
    expect(await text(dash, '#kpi-csat')).toBe('50%');
    expect(await text(dash, '#kpi-mean')).toBe('3.5');
    expect(await text(dash, '#kpi-csat-ci')).toBe('95 % interval 9.5–90.5%');
    // Shown as the text it is, not as markup.
    await dash.locator('#comments blockquote', { hasText: comment }).waitFor();
    expect(await dash.locator('#comments b').count()).toBe(0);
    // The distribution chart has a bar per star and says what it shows.
    const chart = dash.getByRole('img', { name: /Answers per score/ });
    expect(await chart.locator('rect.bar').count()).toBe(5);
    const cells = (rows: string) =>
      dash.locator(rows).evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(await cells('#dist table tbody tr')).toEqual([
      ['1 of 5', '0'],
      ['2 of 5', '1'],
      ['3 of 5', '0'],
      ['4 of 5', '0'],
      ['5 of 5', '1'],
    ]);
    const row = dash.locator('#by-survey tr', { has: dash.getByRole('rowheader', { name: 'checkout' }) });
    expect(await row.locator('td').allTextContents()).toEqual(['2', '50%', '9.5–90.5%', '3.5', '–', '–']);

    // The same figures are in /api/summary, with the metadata the shop sent in the store.
    const s = await summary('?survey=checkout');
    expect(s).toMatchObject({ count: 2, satisfied: 1, csat: 50, mean: 3.5, distribution: { 2: 1, 5: 1 } });
    expect(s.comments).toEqual([expect.objectContaining({ text: comment, survey: 'checkout', score: 2 })]);
  });

  it('help article: the inline question answers into /api/summary, and is not asked twice', async () => {
    const page = await open('/help');
    const widget = page.locator('#helpful csat-widget');
    await widget.getByRole('radiogroup', { name: 'Was this article helpful?' }).waitFor();
    expect(await widget.getByRole('radio').count()).toBe(2);
    await widget.getByRole('radio', { name: /^1 of 2/ }).click();
    await widget.getByRole('textbox').fill('What if I no longer use that email address?');
    await widget.getByRole('button', { name: 'Send' }).click();
    await widget.getByRole('status').filter({ hasText: 'Thank you' }).waitFor();
    // Once the thank-you has gone, the question's divider goes with it (no orphan line).
    await page.mouse.move(5, 5);
    await page.locator('#helpful').waitFor({ state: 'hidden', timeout: 10_000 });

    await expect.poll(async () => (await summary('?survey=help-article')).count, SUMMARY_POLL).toBe(1);
    const s = await summary('?survey=help-article');
    expect(s).toMatchObject({ csat: 0, scales: { 'help-article': { type: 'smileys', min: 1, max: 2 } } });
    expect(s.comments[0].text).toBe('What if I no longer use that email address?');

    await page.reload();
    await page.getByText('You have already told us about this article in this browser.').waitFor();
    expect(await page.locator('csat-widget').count()).toBe(0);
    expect(await page.locator('#helpful').isVisible()).toBe(false);
  });

  it('script-tag page: only the built IIFE; csat.ask, a data-csat-survey click, a form submit and data-csat-inline all ask', async () => {
    const page = await open('/script-tag');
    await page.waitForFunction(() => 'csat' in window);
    expect(await page.evaluate(() => (window as unknown as { csat: { version: string } }).csat.version)).toMatch(
      /^\d+\.\d+\.\d+/,
    );
    // One classic script, the file from dist/, and no dev tooling injected.
    expect(await page.evaluate(() => [...document.scripts].map((s) => [s.getAttribute('src'), s.type]))).toEqual([
      ['/csat-widget.iife.js', ''],
    ]);
    const served = await (await fetch(`${env.demo.origin}/csat-widget.iife.js`)).text();
    expect(served).toBe(readFileSync(IIFE_PATH, 'utf8'));
    // The page declares its questions with SPEC's data attributes.
    expect(await page.locator('button[data-csat-survey="support-chat"]').count()).toBe(1);
    // The recommend question on the NPS scale, whose end labels say how likely, not how satisfied.
    expect(await page.locator('form[data-csat-survey][data-csat-scale="nps"]').count()).toBe(1);
    expect(await page.locator('[data-csat-inline="docs-page"]').count()).toBe(1);
    // The inline question is already there, inside its element.
    await page
      .locator('[data-csat-inline="docs-page"] csat-widget')
      .getByRole('radiogroup', { name: 'How useful is this page?' })
      .waitFor();

    await startAsk(page, { survey: 'console', interaction: 'c-1' });
    // The toast is appended to <body>; an inline question would sit inside its element.
    await page
      .locator('body > csat-widget')
      .getByRole('radio', { name: /^4 of 5/ })
      .click();
    const r = await askResult(page);
    expect(r.value).toMatchObject({ survey: 'console', score: 4, page: `${env.demo.origin}/script-tag` });
    await expect.poll(async () => (await summary('?survey=console')).count, SUMMARY_POLL).toBe(1);
    await page.mouse.move(5, 5); // the thank-you stays while the pointer is over it
    await page.locator('body > csat-widget').waitFor({ state: 'detached', timeout: 10_000 });

    // A click on the data-csat-survey button asks in a popover with its own question and scale.
    await page.getByRole('button', { name: 'End chat' }).click();
    const chat = page.locator('csat-widget').getByRole('radiogroup', { name: 'How was your chat with Sam?' });
    await chat.getByRole('radio', { name: /^5 of 5/ }).click();
    await expect.poll(async () => (await summary('?survey=support-chat')).count, SUMMARY_POLL).toBe(1);

    // Submitting the form asks too, on its 0–10 scale.
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page
      .locator('csat-widget')
      .getByRole('radiogroup', { name: 'How likely are you to recommend us to a friend?' })
      .getByRole('radio', { name: /^0 of 10/ })
      .waitFor();
  });

  it('playground: the snippet follows the controls, and Ask asks exactly that', async () => {
    const page = await open('/');
    const snippet = page.locator('#snippet');
    await snippet.filter({ hasText: "scale: 'stars'" }).waitFor();
    expect(await snippet.textContent()).toContain("import { ask } from 'csat-widget';");

    await page.getByLabel('Scale').selectOption('nps');
    await page.getByLabel('Display').selectOption('modal');
    await page.getByLabel('Locale').selectOption('nl');
    await page.getByLabel('dark', { exact: true }).check();
    const code = (await snippet.textContent()) ?? '';
    expect(code).toContain("scale: 'nps',");
    expect(code).toContain("display: 'modal',");
    expect(code).toContain("locale: 'nl',");
    expect(code).toContain("theme: { colorScheme: 'dark' },");
    expect(code).toContain("endpoint: '/api/csat',");
    // The toast corner only applies to toasts.
    expect(code).not.toContain('position');
    expect(await page.getByLabel('Position').isDisabled()).toBe(true);

    await page.getByRole('radio', { name: 'script tag' }).check();
    const tag = (await snippet.textContent()) ?? '';
    expect(tag).toContain(
      '<script src="https://unpkg.com/csat-widget/dist/csat-widget.iife.js" data-endpoint="/api/csat">',
    );
    expect(tag).toContain("csat.ask({\n    survey: 'playground',");
    expect(tag).not.toContain('import');
    // The choice survives a reload (it is kept in the query string).
    await page.reload();
    expect(await page.getByLabel('Scale').inputValue()).toBe('nps');
    expect(await snippet.textContent()).toContain('csat.ask({');

    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    const widget = page.locator('csat-widget');
    await widget.getByRole('radiogroup', { name: /^Hoe waarschijnlijk/ }).waitFor();
    await widget.getByRole('radio', { name: /^10 van 10/ }).click();
    await page.locator('#answer', { hasText: '"score": 10' }).waitFor();
    await expect.poll(async () => (await summary('?survey=playground')).count, SUMMARY_POLL).toBe(1);
    expect(await summary('?survey=playground')).toMatchObject({ nps: 100, scales: { playground: { type: 'nps' } } });
  });

  it.each([
    ['/', 'light'],
    ['/shop', 'light'],
    ['/help', 'light'],
    ['/script-tag', 'light'],
    ['/dashboard', 'light'],
    ['/dashboard', 'dark'],
  ] as const)('%s passes axe-core (%s)', async (path, scheme) => {
    const page = await open(path, scheme);
    await ready(page, path);
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: unknown): Promise<{ violations: any[] }> } }).axe;
      const result = await axe.run(document);
      return result.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`,
      );
    });
    expect(violations).toEqual([]);
  });
});

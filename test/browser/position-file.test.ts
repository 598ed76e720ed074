// The script tags' positioning file, dist/csat-widget.position.js, in real Chromium: the full file
// fetches it from its own directory the first time a popover is shown (once per page, never for
// toasts), refuses a tampered copy (Subresource Integrity) and still shows the question, and
// loads it under a strict CSP with Trusted Types through the full tag and through the loader,
// sharing one `csat-widget` policy, with zero violations.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { askResult, html, POSITION_PATH, scriptTag, shadow, startAsk, useBrowser } from './harness';

const env = useBrowser();
const LOADER_PATH = fileURLToPath(new URL('../../dist/csat-widget.loader.js', import.meta.url));

beforeAll(() => {
  env.server.file('/csat-widget.loader.js', readFileSync(LOADER_PATH, 'utf8'));
});

const positionFetches = () => env.server.hits.filter((p) => p.endsWith('/csat-widget.position.js')).length;
const ours = (logs: { type: string; text: string }[]) => logs.filter((l) => l.text.startsWith('[csat]'));
const box = async (l: Locator) => (await l.boundingBox())!;

/** The panel once it is placed and its entrance animation has ended. */
async function placed(page: Page): Promise<Locator> {
  const panel = shadow(page).locator('.panel[data-placed]');
  await panel.waitFor();
  await panel.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
  return panel;
}

async function closeQuestion(page: Page) {
  await shadow(page).locator('.x').click();
  await shadow(page).waitFor({ state: 'detached' });
}

const ANCHOR = '<div style="padding:200px 0 0 100px"><button id="a">Rate</button></div>';

describe('the positioning file', () => {
  it('is fetched once, the first time a popover is shown, and the popover sits below its anchor', async () => {
    env.server.page('/pop', html(ANCHOR + scriptTag()));
    const { page, logs } = await env.open('/pop');
    expect(positionFetches()).toBe(0);
    for (const survey of ['first', 'second']) {
      await startAsk(page, { survey, anchor: '#a' });
      const p = await box(await placed(page));
      const a = await box(page.locator('#a'));
      expect(p.y).toBeCloseTo(a.y + a.height + 8, 0);
      await closeQuestion(page);
    }
    expect(positionFetches()).toBe(1);
    expect(ours(logs)).toEqual([]);
  });

  it('is never fetched by a page that only shows toasts', async () => {
    env.server.page('/toasts', html('<p>Toasts only</p>' + scriptTag()));
    const { page } = await env.open('/toasts');
    await startAsk(page, { survey: 'toast' });
    await shadow(page).locator('.panel').waitFor();
    await closeQuestion(page);
    expect(await askResult(page)).toEqual({ settled: true, value: null });
    expect(env.server.hits).toContain('/csat-widget.iife.js');
    expect(positionFetches()).toBe(0);
  });

  it('a tampered copy is refused and never runs; the question still shows, on screen, with one warning', async () => {
    env.server.page('/tampered', html(ANCHOR + scriptTag()));
    const { page, logs } = await env.open('/tampered');
    const tampered = readFileSync(POSITION_PATH, 'utf8') + '\nwindow.__tampered = true;';
    await page.route('**/csat-widget.position.js', (route) =>
      route.fulfill({
        body: tampered,
        contentType: 'text/javascript',
        headers: { 'access-control-allow-origin': '*' },
      }),
    );
    await startAsk(page, { survey: 'tampered', anchor: '#a' });
    const panel = await placed(page);
    const p = await box(panel);
    const a = await box(page.locator('#a'));
    expect(p.y).toBeCloseTo(a.y + a.height + 8, 0);
    expect(p.x + p.width).toBeLessThanOrEqual(1280);
    expect(await page.evaluate(() => '__tampered' in window)).toBe(false);
    expect(logs.some((l) => l.type === 'error' && /integrity/.test(l.text))).toBe(true);
    expect(ours(logs).map((l) => l.text)).toEqual([
      expect.stringMatching(/csat-widget\.position\.js could not be loaded/),
    ]);
    // Still answerable, and a second popover neither fetches again nor warns again.
    await shadow(page)
      .getByRole('radio', { name: /^5 of 5/ })
      .click();
    expect((await askResult(page)).value).toMatchObject({ survey: 'tampered', score: 5 });
    await startAsk(page, { survey: 'tampered-2', anchor: '#a' }, 'b');
    await shadow(page).locator('.panel[data-placed]').last().waitFor();
    expect(ours(logs)).toHaveLength(1);
  });
});

describe('under a strict CSP with Trusted Types', () => {
  const LISTEN = `window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
});`;
  const CSP = {
    'content-security-policy':
      "default-src 'self'; style-src 'self'; script-src 'self'; require-trusted-types-for 'script'; trusted-types csat-widget",
  };
  const violations = (page: Page) =>
    page.evaluate(() => (window as unknown as { __violations: Record<string, string>[] }).__violations);
  const cspConsole = (logs: { text: string }[]) =>
    logs.filter((l) => /Content Security Policy|Trusted ?Type|TrustedScript|unsafe-eval/i.test(l.text));

  it.each([
    ['the full tag', scriptTag()],
    ['the loader', scriptTag().replace('/csat-widget.iife.js', '/csat-widget.loader.js')],
  ])('through %s: a popover is placed, with one shared policy and zero violations', async (_, tag) => {
    env.server.file('/listen.js', LISTEN);
    // The page's own inline style attribute would be a violation of its own.
    env.server.file('/pop.css', '#wrap{padding:200px 0 0 100px}', 'text/css');
    const head = '<link rel="stylesheet" href="/pop.css"><script src="/listen.js"></script>' + tag;
    env.server.page('/csp-pop', html('<div id="wrap"><button id="a">Rate</button></div>', head), CSP);
    const { page, logs } = await env.open('/csp-pop');
    await startAsk(page, { survey: 'csp-pop', anchor: '#a' });
    const p = await box(await placed(page));
    const a = await box(page.locator('#a'));
    expect(p.y).toBeCloseTo(a.y + a.height + 8, 0);
    await shadow(page)
      .getByRole('radio', { name: /^4 of 5/ })
      .click();
    await env.server.waitForPosts(1);
    expect(positionFetches()).toBe(1);
    expect(await violations(page)).toEqual([]);
    expect(cspConsole(logs)).toEqual([]);
    expect(ours(logs)).toEqual([]);
  });

  it("control: with `trusted-types 'none'` the file cannot load; the popover still shows, with the warnings", async () => {
    env.server.file('/listen.js', LISTEN);
    env.server.page(
      '/csp-none',
      html('<button id="a">Rate</button>', '<script src="/listen.js"></script>' + scriptTag()),
      { 'content-security-policy': CSP['content-security-policy'].replace('csat-widget', "'none'") },
    );
    const { page, logs } = await env.open('/csp-none');
    await startAsk(page, { survey: 'csp-none', anchor: '#a' });
    const p = await box(await placed(page));
    const a = await box(page.locator('#a'));
    expect(p.y).toBeCloseTo(a.y + a.height + 8, 0);
    expect((await violations(page)).map((v) => v.directive)).toContain('trusted-types');
    expect(positionFetches()).toBe(0);
    expect(ours(logs).map((l) => l.text)).toEqual([
      expect.stringMatching(/allow the policy with `trusted-types csat-widget`/),
      expect.stringMatching(/csat-widget\.position\.js could not be loaded .*TrustedScriptURL/),
    ]);
  });
});

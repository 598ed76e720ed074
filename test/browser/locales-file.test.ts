// The script tags' languages file, dist/csat-widget.locales.js, in real Chromium: the full file has
// English built in and fetches the other built-in languages from its own directory the first time
// a question needs one (once per page), or at idle when the page is in one of them; an English
// page never fetches it. A missing or tampered copy (Subresource Integrity) costs one warning and
// the question is shown, and answered, in English. Under a strict CSP with Trusted Types it loads
// through the shared `csat-widget` policy with zero violations.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { askResult, html, LOCALES_PATH, quiet, scriptTag, shadow, startAsk, useBrowser } from './harness';

const env = useBrowser();
const LOADER_PATH = fileURLToPath(new URL('../../dist/csat-widget.loader.js', import.meta.url));

beforeAll(() => {
  env.server.file('/csat-widget.loader.js', readFileSync(LOADER_PATH, 'utf8'));
});

const localesFetches = () => env.server.hits.filter((p) => p.endsWith('/csat-widget.locales.js')).length;
const ours = (logs: { type: string; text: string }[]) => logs.filter((l) => l.text.startsWith('[csat]'));
const ENGLISH = 'How would you rate your experience?';
const GERMAN = 'Wie bewerten Sie Ihre Erfahrung?';
const FRENCH = 'Comment évaluez-vous votre expérience\u202f?';

/** A page with the full script tag, in `lang`. */
function page(path: string, lang = 'en', tag = scriptTag()): void {
  env.server.page(path, html('<h1>Order placed</h1>' + tag).replace('lang="en"', `lang="${lang}"`));
}

/** The question shown, once its rating points are on the page, with the panel's lang and dir. */
async function shown(p: Page) {
  await shadow(p).getByRole('radio').first().waitFor();
  const panel = shadow(p).locator('.panel').last();
  return {
    question: await shadow(p).locator('.q').last().textContent(),
    lang: await panel.getAttribute('lang'),
    dir: await panel.getAttribute('dir'),
    points: await shadow(p).getByRole('radio').count(),
  };
}

async function closeQuestion(p: Page) {
  await shadow(p).locator('.x').click();
  await shadow(p).waitFor({ state: 'detached' });
}

/**
 * Calls ask() and reports whether its rating points were in the DOM when the call returned:
 * a question that renders without waiting for anything.
 */
const renderedAtOnce = (p: Page, options: Record<string, unknown>) =>
  p.evaluate((o) => {
    const w = window as unknown as { csat: { ask(o: unknown): Promise<unknown> } };
    void w.csat.ask(o);
    return !!document.querySelector('csat-widget')?.shadowRoot?.querySelector('[role=radio]');
  }, options);

/** Resolves once the languages file has run in the page (its registered symbol is set). */
const localesRan = (p: Page) =>
  p.waitForFunction(() => Symbol.for('csat-widget.locales') in window, undefined, { timeout: 5000 });

describe('the languages file', () => {
  it('German through the script tag: fetched once, then every language of the file renders at once', async () => {
    page('/de');
    const { page: p, logs } = await env.open('/de');
    await quiet(p);
    expect(localesFetches()).toBe(0);
    // The culture table applies as in the npm build: German grades are 1–10 for `numeric`.
    await startAsk(p, { survey: 'de', locale: 'de', scale: 'numeric' });
    expect(await shown(p)).toEqual({ question: GERMAN, lang: 'de', dir: 'ltr', points: 10 });
    await shadow(p)
      .getByRole('radio', { name: /^8 von 10/ })
      .click();
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toMatchObject({ survey: 'de', score: 8, locale: 'de', scale: { min: 1, max: 10 } });
    await closeQuestion(p);
    // Loaded now: French needs no second fetch and renders in the same task as the ask.
    expect(await renderedAtOnce(p, { survey: 'fr', locale: 'fr-FR' })).toBe(true);
    expect((await shown(p)).question).toBe(FRENCH);
    expect(localesFetches()).toBe(1);
    expect(ours(logs)).toEqual([]);
  });

  it('Arabic renders right to left, with its plural forms and overrides on top', async () => {
    page('/ar');
    const { page: p } = await env.open('/ar');
    const options = {
      survey: 'ar',
      locale: 'ar',
      comment: 'always',
      commentMaxLength: 100,
      messages: { send: 'أرسل' },
    };
    await startAsk(p, options);
    expect(await shown(p)).toMatchObject({ question: 'كيف تقيّم تجربتك؟', lang: 'ar', dir: 'rtl', points: 5 });
    await shadow(p).getByRole('radio').nth(3).click();
    await shadow(p).locator('textarea').fill('x'.repeat(98));
    // Arabic's "two" form: "تبقّى حرفان" (two characters left).
    await expect(shadow(p).locator('.count').textContent()).resolves.toBe('تبقّى حرفان');
    await shadow(p).getByRole('button', { name: 'أرسل' }).click();
    expect((await askResult(p)).value).toMatchObject({ survey: 'ar', score: 4, locale: 'ar' });
    expect(localesFetches()).toBe(1);
  });

  it('an English page never fetches it, and renders its question in the same task as the ask', async () => {
    page('/en');
    const { page: p, logs } = await env.open('/en');
    await quiet(p);
    expect(await renderedAtOnce(p, { survey: 'en' })).toBe(true);
    expect((await shown(p)).question).toBe(ENGLISH);
    await closeQuestion(p);
    // A language without built-in texts is English too, and needs nothing either.
    await startAsk(p, { survey: 'ja', locale: 'ja' }, 'ja');
    expect(await shown(p)).toMatchObject({ question: ENGLISH, lang: 'en' });
    await closeQuestion(p);
    await quiet(p);
    expect(env.server.hits).toContain('/csat-widget.iife.js');
    expect(localesFetches()).toBe(0);
    expect(ours(logs)).toEqual([]);
  });

  it('is fetched at idle on a page in German, so its first question does not wait', async () => {
    page('/idle-de', 'de');
    const { page: p, logs } = await env.open('/idle-de');
    await localesRan(p);
    expect(localesFetches()).toBe(1);
    expect(await renderedAtOnce(p, { survey: 'idle-de' })).toBe(true);
    expect(await shown(p)).toMatchObject({ question: GERMAN, lang: 'de' });
    expect(localesFetches()).toBe(1);
    expect(ours(logs)).toEqual([]);
  });

  it('is fetched at idle for the tag’s data-locale too, on a page in English', async () => {
    page('/idle-data', 'en', scriptTag({ endpoint: '/api/csat', locale: 'nl' }));
    const { page: p } = await env.open('/idle-data');
    await localesRan(p);
    expect(await renderedAtOnce(p, { survey: 'idle-data' })).toBe(true);
    expect((await shown(p)).question).toBe('Hoe beoordeelt u uw ervaring?');
    expect(localesFetches()).toBe(1);
  });

  it('a page in German that asks while it loads fetches it once: the ask and the warm-up share the load', async () => {
    page('/race', 'de', scriptTag() + "<script>csat.ask({ survey: 'race' })</script>");
    const { page: p, logs } = await env.open('/race');
    expect((await shown(p)).question).toBe(GERMAN);
    await quiet(p);
    expect(localesFetches()).toBe(1);
    expect(ours(logs)).toEqual([]);
  });
});

describe('a question closed while its languages file loads', () => {
  it.each(['the signal aborts', 'destroy() runs'])(
    '%s: ask settles null at once, and nothing shows later',
    async (how) => {
      page('/held', 'en');
      const { page: p, logs } = await env.open('/held');
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let requested!: () => void;
      const seen = new Promise<void>((r) => (requested = r));
      await p.route('**/csat-widget.locales.js', async (route) => {
        requested();
        await held;
        await route.continue();
      });
      await p.evaluate(() => {
        const w = window as unknown as { csat: { ask(o: object): Promise<unknown> }; __abort: AbortController };
        w.__abort = new AbortController();
        (window as unknown as { __asked: Promise<unknown> }).__asked = w.csat.ask({
          survey: 'held',
          locale: 'de',
          signal: w.__abort.signal,
        });
      });
      await seen;
      await p.evaluate((destroy) => {
        const w = window as unknown as { csat: { destroy(): void }; __abort: AbortController };
        if (destroy) w.csat.destroy();
        else w.__abort.abort();
      }, how === 'destroy() runs');
      // Settled while the file is still held (0.2 waited for the load to end).
      expect(await p.evaluate(() => (window as unknown as { __asked: Promise<unknown> }).__asked)).toBeNull();
      release();
      await localesRan(p);
      await quiet(p);
      expect(await p.locator('csat-widget').count()).toBe(0);
      expect(ours(logs)).toEqual([]);
    },
  );
});

describe('when the languages file cannot be had', () => {
  it.each([
    ['missing (404)', () => ({ status: 404, body: 'not found', contentType: 'text/plain' })],
    [
      'tampered (integrity)',
      () => ({
        status: 200,
        body: readFileSync(LOCALES_PATH, 'utf8') + '\nwindow.__tampered = true;',
        contentType: 'text/javascript',
      }),
    ],
  ])('%s: the question is shown and answered in English, with one warning', async (_, reply) => {
    // An English page, so nothing is fetched before the route is in place.
    page('/broken');
    const { page: p, logs } = await env.open('/broken');
    await p.route('**/csat-widget.locales.js', (route) =>
      route.fulfill({ ...reply(), headers: { 'access-control-allow-origin': '*' } }),
    );
    await startAsk(p, { survey: 'broken', locale: 'de', scale: 'numeric' });
    // English texts, announced as English; the scale still follows the person's culture (de: 1–10).
    expect(await shown(p)).toEqual({ question: ENGLISH, lang: 'en', dir: 'ltr', points: 10 });
    expect(await p.evaluate(() => '__tampered' in window)).toBe(false);
    await shadow(p)
      .getByRole('radio', { name: /^7 of 10/ })
      .click();
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toMatchObject({ survey: 'broken', score: 7, locale: 'en' });
    expect((await askResult(p)).value).toMatchObject({ survey: 'broken', score: 7 });
    // A second question neither waits nor warns again.
    await closeQuestion(p);
    expect(await renderedAtOnce(p, { survey: 'broken-2', locale: 'fr' })).toBe(true);
    await quiet(p);
    expect(ours(logs).map((l) => l.text)).toEqual([
      expect.stringMatching(/^\[csat\] csat-widget\.locales\.js could not be loaded \(failed to load .*\); .*English/),
    ]);
    expect(localesFetches()).toBe(0); // page.route answered it: it never reached the server
  });
});

describe('under a strict CSP with Trusted Types', () => {
  const LISTEN = `window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
});`;
  const CSP =
    "default-src 'self'; style-src 'self'; script-src 'self'; require-trusted-types-for 'script'; trusted-types csat-widget";
  const violations = (p: Page) =>
    p.evaluate(() => (window as unknown as { __violations: Record<string, string>[] }).__violations);
  const cspConsole = (logs: { text: string }[]) =>
    logs.filter((l) => /Content Security Policy|Trusted ?Type|TrustedScript|unsafe-eval/i.test(l.text));

  it.each([
    ['the full tag', scriptTag()],
    ['the loader', scriptTag().replace('/csat-widget.iife.js', '/csat-widget.loader.js')],
  ])('through %s: German, with one shared policy and zero violations', async (_, tag) => {
    env.server.file('/listen.js', LISTEN);
    env.server.page('/csp-de', html('<h1>Bestellt</h1>', '<script src="/listen.js"></script>' + tag), {
      'content-security-policy': CSP,
    });
    const { page: p, logs } = await env.open('/csp-de');
    await startAsk(p, { survey: 'csp-de', locale: 'de' });
    expect((await shown(p)).question).toBe(GERMAN);
    await shadow(p)
      .getByRole('radio', { name: /^4 von 5/ })
      .click();
    await env.server.waitForPosts(1);
    expect(localesFetches()).toBe(1);
    expect(await violations(p)).toEqual([]);
    expect(cspConsole(logs)).toEqual([]);
    expect(ours(logs)).toEqual([]);
  });

  it("control: with `trusted-types 'none'` the file cannot load; the question shows in English, with the warnings", async () => {
    env.server.file('/listen.js', LISTEN);
    env.server.page('/csp-none', html('<h1>Bestellt</h1>', '<script src="/listen.js"></script>' + scriptTag()), {
      'content-security-policy': CSP.replace('csat-widget', "'none'"),
    });
    const { page: p, logs } = await env.open('/csp-none');
    await startAsk(p, { survey: 'csp-none', locale: 'de' });
    expect(await shown(p)).toMatchObject({ question: ENGLISH, lang: 'en' });
    expect((await violations(p)).map((v) => v.directive)).toContain('trusted-types');
    expect(localesFetches()).toBe(0);
    expect(ours(logs).map((l) => l.text)).toEqual([
      expect.stringMatching(/allow the policy with `trusted-types csat-widget`/),
      expect.stringMatching(/csat-widget\.locales\.js could not be loaded .*TrustedScriptURL/),
    ]);
  });
});

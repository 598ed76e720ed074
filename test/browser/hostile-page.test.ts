// What a suspicious host page can check for itself, in real Chromium: the widget never touches
// cookies, and the preact inside the script-tag file has no way left to parse HTML.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stripPreactHtml } from '../../vite.config';
import { html, scriptTag, shadow, startAsk, askResult, useBrowser } from './harness';

const env = useBrowser();

// Installed before any page script: every read or write of document.cookie, and every call to the
// Cookie Store API, is recorded with where it came from.
const COOKIE_TRAP = () => {
  const log: string[] = ((window as unknown as { __cookie: string[] }).__cookie = []);
  const where = () => (new Error().stack ?? '').split('\n').slice(2, 4).join(' | ');
  const d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get() {
      log.push('get ' + where());
      return d.get!.call(this);
    },
    set(v: string) {
      log.push('set ' + where());
      d.set!.call(this, v);
    },
  });
  const store = (window as unknown as { CookieStore?: { prototype: Record<string, unknown> } }).CookieStore;
  for (const m of ['get', 'getAll', 'set', 'delete']) {
    const f = store?.prototype[m] as ((...a: unknown[]) => unknown) | undefined;
    if (f) {
      store!.prototype[m] = function (this: unknown, ...a: unknown[]) {
        log.push('cookieStore.' + m + ' ' + where());
        return f.apply(this, a);
      };
    }
  }
};

const cookieLog = (page: import('playwright-core').Page) =>
  page.evaluate(() => (window as unknown as { __cookie: string[] }).__cookie);

describe('cookies', () => {
  it('a whole session, data attributes included, never reads or writes a cookie', async () => {
    env.server.file('/spa.js', `document.addEventListener('submit', function (e) { e.preventDefault(); });`);
    env.server.page(
      '/cookies',
      html(
        `<div id="inline" data-csat-inline="c-inline"></div>
         <button id="rate" data-csat-survey="c-click" data-csat-interaction="t-1" data-csat-comment="always">Rate</button>
         <form data-csat-survey="c-form" data-csat-comment="never"><button id="go">Go</button></form>
         <script src="/spa.js"></script>`,
        // A cooldown makes the gate use localStorage, the one place state is kept.
        scriptTag({ endpoint: '/api/csat', 'cooldown-days': '1' }),
      ),
    );
    const context = await env.browser.newContext();
    try {
      await context.addCookies([{ name: 'session', value: 'secret', url: env.server.origin }]);
      await context.addInitScript(COOKIE_TRAP);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(env.server.origin + '/cookies');

      // Inline, at load.
      await page.locator('#inline csat-widget').getByRole('radio', { name: '5 of 5, Very satisfied' }).click();
      // A click, with the comment step.
      await page.locator('#rate').click();
      const popover = shadow(page).filter({ has: page.getByRole('textbox') });
      await page.getByRole('radio', { name: '2 of 5, Dissatisfied' }).last().click();
      await popover.getByRole('textbox').fill('Slow');
      await popover.getByRole('button', { name: 'Send' }).click();
      // A form.
      await page.locator('#go').click();
      await page.getByRole('radio', { name: '4 of 5, Satisfied' }).last().click();
      // And the JavaScript API.
      await startAsk(page, { survey: 'c-api', interaction: 'o-1' });
      await page.getByRole('radio', { name: '3 of 5, Neutral' }).last().click();
      await shadow(page).last().getByRole('button', { name: 'Skip' }).click();
      await askResult(page);
      await page.evaluate(() => (window as unknown as { csat: { flush(): Promise<void> } }).csat.flush());

      const posts = await env.server.waitForPosts(4);
      expect(posts.map((p) => JSON.parse(p.body).survey).sort()).toEqual(['c-api', 'c-click', 'c-form', 'c-inline']);
      for (const p of posts) expect(p.headers.cookie).toBeUndefined();
      expect(await cookieLog(page)).toEqual([]);
      expect(errors).toEqual([]);

      // Control: the trap sees the page's own access.
      await page.evaluate(() => document.cookie);
      expect(await cookieLog(page)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});

describe("preact's dangerouslySetInnerHTML, as built into the script-tag file", () => {
  const PREACT = fileURLToPath(new URL('../../node_modules/preact/dist/preact.mjs', import.meta.url));
  const EVIL = '<img src=x onerror="window.__pwned=1"><b id="injected">bold</b>';

  const probe = (module: string) => `
    import { h, render } from '${module}';
    const root = document.getElementById('root');
    const props = { id: 'box', dangerouslySetInnerHTML: { __html: ${JSON.stringify(EVIL)} } };
    render(h('div', props), root);
    const first = { html: root.querySelector('#box').childElementCount, attrs: root.querySelector('#box').getAttributeNames() };
    // An update that keeps the prop and adds children: preact's diff takes another branch.
    render(h('div', props, h('span', null, 'child')), root);
    const second = { text: root.textContent, injected: !!document.getElementById('injected') };
    window.__probe = { first, second };`;

  /** Runs the probe against a preact module served at `path` and reports what reached the DOM. */
  async function run(path: string, code: string) {
    env.server.file(path, code);
    env.server.file('/probe' + path, probe(path));
    env.server.page('/page' + path, html(`<div id="root"></div><script type="module" src="/probe${path}"></script>`));
    const { page } = await env.open('/page' + path);
    await page.waitForFunction(() => (window as unknown as { __probe?: unknown }).__probe);
    await page.waitForTimeout(50);
    return page.evaluate(() => ({
      ...(window as unknown as { __probe: object }).__probe,
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
    }));
  }

  it('no longer reaches the DOM: the prop is ignored and children render as usual', async () => {
    const r = await run('/preact-stripped.mjs', stripPreactHtml(readFileSync(PREACT, 'utf8')));
    expect(r).toEqual({
      first: { html: 0, attrs: ['id'] },
      second: { text: 'child', injected: false },
      pwned: null,
    });
  });

  it('control: unpatched preact does parse it', async () => {
    const r = await run('/preact-original.mjs', readFileSync(PREACT, 'utf8'));
    expect(r).toMatchObject({ first: { html: 2 }, pwned: 1 });
  });
});

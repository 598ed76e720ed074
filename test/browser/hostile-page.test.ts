// What a suspicious host page can check for itself, in real Chromium: the widget never touches
// cookies, and the preact inside the script-tag file has no way left to parse HTML.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stripPreactHtml } from '../../vite.config';
import { createCollector, memoryStore } from '../../src/server';
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
    // Parsed markup starts loading its image at once: its error (and the handler in it) is awaited below.
    const images = [...root.querySelectorAll('img')];
    const first = { html: root.querySelector('#box').childElementCount, attrs: root.querySelector('#box').getAttributeNames() };
    // An update that keeps the prop and adds children: preact's diff takes another branch.
    render(h('div', props, h('span', null, 'child')), root);
    const second = { text: root.textContent, injected: !!document.getElementById('injected') };
    await Promise.all(images.map((img) => img.complete || new Promise((settle) => img.addEventListener('error', settle))));
    window.__probe = { first, second };`;

  /** Runs the probe against a preact module served at `path` and reports what reached the DOM. */
  async function run(path: string, code: string) {
    env.server.file(path, code);
    env.server.file('/probe' + path, probe(path));
    env.server.page('/page' + path, html(`<div id="root"></div><script type="module" src="/probe${path}"></script>`));
    const { page } = await env.open('/page' + path);
    await page.waitForFunction(() => (window as unknown as { __probe?: unknown }).__probe);
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

describe('a page that changed Object.prototype before the script tag', () => {
  it('an enumerable key: the script tag loads, its triggers and ask work, answers are delivered', async () => {
    const store = memoryStore();
    env.server.collector = createCollector({ store });
    env.server.page(
      '/polluted',
      html(
        `<button id="rate" data-csat-survey="p-click" data-csat-comment="never">Rate</button>
         <script>Object.prototype.polluted = 1;</script>` + scriptTag({ endpoint: '/api/csat' }),
      ),
    );
    // An uncaught error in the page (the schemas failing to build at load) fails the test.
    const { page } = await env.open('/polluted');
    await page.locator('#rate').click();
    await page.getByRole('radio', { name: '4 of 5, Satisfied' }).click();
    await startAsk(page, { survey: 'p-api', comment: 'never' });
    await page.getByRole('radio', { name: '2 of 5, Dissatisfied' }).last().click();
    expect(await askResult(page)).toMatchObject({ settled: true, value: { survey: 'p-api', score: 2 } });
    const posts = await env.server.waitFor(
      (rs) => rs.filter((r) => r.status === 201).length === 2,
      'two stored answers',
    );
    expect(posts.map((p) => [JSON.parse(p.body).survey, p.status]).sort()).toEqual([
      ['p-api', 201],
      ['p-click', 201],
    ]);
    expect(store.list()).toHaveLength(2);
  });

  it('non-enumerable gadgets named like options: answers go where and as configured, with the default question', async () => {
    env.server.collector = createCollector({ store: memoryStore() });
    env.server.page(
      '/gadgets',
      html(
        scriptTag({ endpoint: '/api/csat' }),
        `<script>
          const gadgets = {
            endpoint: 'https://evil.example/collect',
            credentials: 'include',
            headers: { 'x-evil': '1' },
            question: 'Evil question?',
            sampleRate: 0,
          };
          for (const key in gadgets) Object.defineProperty(Object.prototype, key, { value: gadgets[key] });
        </script>`,
      ),
    );
    const context = await env.browser.newContext();
    try {
      await context.addCookies([{ name: 'session', value: 'secret', url: env.server.origin }]);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const elsewhere: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(env.server.origin)) elsewhere.push(r.url());
      });
      await page.goto(env.server.origin + '/gadgets');
      await startAsk(page, { survey: 'gadgets', comment: 'never' });
      await expect.poll(() => shadow(page).count(), { message: 'sampleRate 0 would hide it' }).toBe(1);
      // The question's own element: a toast also announces it once through its status region.
      expect(await shadow(page).locator('[part~=question]').textContent()).toBe('How would you rate your experience?');
      expect(await page.getByText('Evil question?').count()).toBe(0);
      await page.getByRole('radio', { name: '5 of 5, Very satisfied' }).click();
      const [post] = await env.server.waitForPosts(1);
      expect(post!.url).toBe('/api/csat');
      expect(post!.headers.cookie).toBeUndefined(); // credentials: 'omit'
      expect(post!.headers['x-evil']).toBeUndefined();
      expect(post!.headers['content-type']).toBe('text/plain;charset=UTF-8');
      expect(JSON.parse(post!.body)).toMatchObject({ survey: 'gadgets', score: 5 });
      expect(elsewhere).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the comment box', () => {
  it('removes a NUL or an unpaired surrogate, typed or pasted, before the answer is built', async () => {
    env.server.collector = createCollector({ store: memoryStore() });
    env.server.page('/nul', html(scriptTag({ endpoint: '/api/csat' })));
    const { page } = await env.open('/nul');
    await startAsk(page, { survey: 'nul', comment: 'always' });
    await page.getByRole('radio', { name: '2 of 5, Dissatisfied' }).click();
    const box = shadow(page).getByRole('textbox');
    await box.pressSequentially('Slow');
    // A paste as the page sees it: the value changes, then an input event.
    await box.evaluate((el: HTMLTextAreaElement) => {
      el.value += '\u0000 delivery \uD83D\u0007';
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    });
    await expect.poll(() => box.inputValue()).toBe('Slow delivery ');
    await shadow(page).getByRole('button', { name: 'Send' }).click();
    const [post] = await env.server.waitFor((rs) => rs.some((r) => r.status !== undefined), 'an answered POST');
    expect(post!.status).toBe(201);
    expect(JSON.parse(post!.body).comment).toBe('Slow delivery');
  });
});

// A plain HTML page that uses only the script tag and data attributes, in real Chromium: no line
// of JavaScript written by the page's author. The script tag sits in <head>, before <body> exists.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { html, scriptTag, shadow, useBrowser, quiet } from './harness';

const env = useBrowser();

const PLAIN = html(
  `<h1>Help centre</h1>
  <button id="rate" data-csat-survey="support-chat" data-csat-interaction="chat-1" data-csat-scale="smileys:3">Rate this chat</button>
  <article>
    <p>How to reset your password…</p>
    <div id="article" data-csat-inline="help-article" data-csat-question="Was this article helpful?" data-csat-scale="stars:7"></div>
  </article>
  <form id="order" action="/thanks" data-csat-survey="checkout" data-csat-scale="numeric:0-10" data-csat-comment="never">
    <input name="email" value="a@b.c"><button id="buy">Buy</button>
  </form>
  <div style="height: 2000px"></div>`,
  scriptTag(),
);

const ours = (logs: { type: string; text: string }[]) => logs.filter((l) => l.text.startsWith('[csat]'));

/** Every <csat-widget> on the page, with where it lives and what it shows. */
const widgets = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('csat-widget')].map((w) => ({
      parent: w.parentElement!.id || w.parentElement!.localName,
      display: w.shadowRoot!.querySelector('[data-display]')?.getAttribute('data-display'),
      question: w.shadowRoot!.querySelector('[role=radiogroup]')?.getAttribute('aria-label') ?? null,
      text: w.shadowRoot!.textContent,
      points: w.shadowRoot!.querySelectorAll('[role=radio]').length,
    })),
  );

describe('a page with only the script tag and data attributes', () => {
  it('renders data-csat-inline in place at load, although the tag came before <body>', async () => {
    env.server.page('/plain', PLAIN);
    const { page, logs } = await env.open('/plain');
    const article = page.locator('#article csat-widget');
    await article.getByRole('radio').first().waitFor();
    expect(await widgets(page)).toEqual([expect.objectContaining({ parent: 'article', display: 'inline', points: 7 })]);
    expect((await widgets(page))[0]!.text).toContain('Was this article helpful?');
    // In the flow of the page, under the paragraph, not floating over it.
    const p = (await page.locator('article > p').boundingBox())!;
    const box = (await article.locator('[data-display]').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(p.y + p.height - 1);

    await article.getByRole('radio', { name: /^6 of 7/ }).click();
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toMatchObject({
      survey: 'help-article',
      scale: { type: 'stars', min: 1, max: 7 },
      score: 6,
      interaction: null,
    });
    expect(ours(logs)).toEqual([]);
  });

  it('a click asks in a popover next to the element; a double click shows one question', async () => {
    env.server.page('/plain', PLAIN);
    const { page, logs } = await env.open('/plain');
    await page.locator('#article csat-widget').getByRole('radio').first().waitFor();
    await page.locator('#rate').dblclick();
    await quiet(page);
    const all = await widgets(page);
    expect(all).toHaveLength(2);
    // In document order: the popover's host sits right after its button, before the article.
    expect(all[0]).toMatchObject({ parent: 'body', display: 'popover', points: 3 });
    const popover = page.locator('#rate + csat-widget');

    const panel = popover.locator('[data-display=popover]');
    await panel.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    const button = (await page.locator('#rate').boundingBox())!;
    const box = (await panel.boundingBox())!;
    // Just above or below the button, overlapping it horizontally.
    const gap = Math.min(Math.abs(box.y - (button.y + button.height)), Math.abs(button.y - (box.y + box.height)));
    expect(gap).toBeLessThan(24);
    expect(box.x).toBeLessThan(button.x + button.width);
    expect(box.x + box.width).toBeGreaterThan(button.x);

    await popover.getByRole('radio', { name: '3 of 3, Satisfied' }).click();
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toMatchObject({
      survey: 'support-chat',
      interaction: 'chat-1',
      scale: { type: 'smileys', min: 1, max: 3 },
      score: 3,
    });
    // Once per interaction: after the thank-you has gone, the same button asks nothing more.
    await page.mouse.move(1, 1);
    await page.waitForFunction(() => document.querySelectorAll('csat-widget').length === 1, null, { timeout: 6000 });
    await page.locator('#rate').click();
    await quiet(page);
    expect(await widgets(page)).toHaveLength(1);
    expect(env.server.posts).toHaveLength(1);
    expect(ours(logs)).toEqual([]);
  });

  it('a form submits as usual; the question comes with it and does not hold it up', async () => {
    env.server.page('/plain', PLAIN);
    env.server.page('/thanks', html('<p id="done">Order placed</p>'));
    const { page } = await env.open('/plain');
    await page.locator('#email, [name=email]').click();
    expect(await widgets(page)).toHaveLength(1); // only the inline one: clicks in a form do not ask
    await page.locator('#buy').click();
    await page.waitForURL(/\/thanks\?email=a%40b\.c$/);
    await expect(page.locator('#done').textContent()).resolves.toBe('Order placed');
  });

  it('a single-page form that prevents its own submit still gets the question, anchored to it', async () => {
    env.server.file('/spa.js', `document.addEventListener('submit', function (e) { e.preventDefault(); });`);
    env.server.page(
      '/spa',
      html(
        `<form id="order" data-csat-survey="checkout" data-csat-scale="numeric:0-10" data-csat-comment="never">
          <button id="buy">Buy</button></form>`,
        scriptTag() + '<script src="/spa.js"></script>',
      ),
    );
    const { page } = await env.open('/spa');
    await page.locator('#buy').click();
    const widget = shadow(page);
    await widget.getByRole('radio').first().waitFor();
    expect(await widgets(page)).toEqual([expect.objectContaining({ display: 'popover', points: 11 })]);
    expect(page.url()).toBe(env.server.origin + '/spa');
    await widget.getByRole('radio', { name: /^9 of 10/ }).click();
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toMatchObject({
      survey: 'checkout',
      scale: { type: 'numeric', min: 0, max: 10 },
      score: 9,
    });
  });

  it('works for elements added later, by any script, with no call to the library', async () => {
    env.server.file(
      '/later.js',
      `setTimeout(function () {
        var b = document.createElement('button');
        b.id = 'late'; b.textContent = 'Rate delivery';
        b.setAttribute('data-csat-survey', 'delivery');
        b.setAttribute('data-csat-display', 'modal');
        var d = document.createElement('section');
        d.innerHTML = '<div><div id="late-inline" data-csat-inline="faq" data-csat-scale="nps"></div></div>';
        document.body.append(b, d);
        setTimeout(function () { document.getElementById('host').setAttribute('data-csat-inline', 'tagged-later'); }, 50);
      }, 50);`,
    );
    env.server.page('/later', html('<div id="host"></div><script src="/later.js"></script>', scriptTag()));
    const { page, logs } = await env.open('/later');
    await page.waitForFunction(() => document.querySelectorAll('csat-widget').length === 2);
    await quiet(page);
    expect(await widgets(page)).toEqual([
      expect.objectContaining({ parent: 'host', display: 'inline', points: 5 }),
      expect.objectContaining({ parent: 'late-inline', display: 'inline', points: 11 }),
    ]);
    await page.locator('#late').click();
    await page.waitForFunction(() => document.querySelectorAll('csat-widget').length === 3);
    expect((await widgets(page))[2]).toMatchObject({ parent: 'body', display: 'modal' });
    expect(ours(logs)).toEqual([]);
  });

  it('a bad attribute is one warning naming it, and the question is still asked', async () => {
    env.server.page(
      '/bad',
      html(
        '<button id="b" data-csat-survey="ok" data-csat-scale="stars:99" data-csat-question="Fine?">Rate</button>' +
          '<button id="c" data-csat-survey="not ok!">Rate</button>',
        scriptTag(),
      ),
    );
    const { page, logs } = await env.open('/bad');
    await page.locator('#b').click();
    await shadow(page).getByRole('radio').first().waitFor();
    expect(await widgets(page)).toEqual([expect.objectContaining({ points: 5 })]);
    expect((await widgets(page))[0]!.text).toContain('Fine?');
    await page.locator('#c').click();
    await quiet(page);
    expect(await widgets(page)).toHaveLength(1);
    expect(ours(logs).map((l) => [l.type, l.text])).toEqual([
      [
        'warning',
        '[csat] data-csat-scale="stars:99" ignored: scale.points: expected a whole number from 3 to 10, got 99',
      ],
      [
        'warning',
        '[csat] data-csat-survey="not ok!" ignored: survey: expected 1 to 100 characters of A-Za-z0-9._:-, got "not ok!"',
      ],
    ]);
  });

  it('config text in attributes is text: markup in data-csat-question creates no element', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    env.server.page(
      '/text',
      html(
        `<div id="q" data-csat-inline="text" data-csat-question="${evil.replace(/"/g, '&quot;')}"></div>`,
        scriptTag(),
      ),
    );
    const { page } = await env.open('/text');
    const widget = shadow(page);
    await widget.getByRole('radio').first().waitFor();
    expect(await widget.evaluate((w) => w.shadowRoot!.querySelectorAll('img, b, script').length)).toBe(0);
    expect((await widgets(page))[0]!.text).toContain(evil);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('csat.destroy() removes the questions and stops the data attributes', async () => {
    env.server.page('/plain', PLAIN);
    const { page } = await env.open('/plain');
    await page.locator('#article csat-widget').getByRole('radio').first().waitFor();
    await page.locator('#rate').click();
    await page.waitForFunction(() => document.querySelectorAll('csat-widget').length === 2);
    await page.evaluate(() => (window as unknown as { csat: { destroy(): void } }).csat.destroy());
    // Gone once their exit animation has played.
    await page.waitForFunction(() => !document.querySelector('csat-widget'));
    await page.locator('#rate').click();
    await page.evaluate(() => {
      const d = document.createElement('div');
      d.setAttribute('data-csat-inline', 'after-destroy');
      document.body.append(d);
    });
    await quiet(page);
    expect(await widgets(page)).toEqual([]);
  });

  it('loaded three ways at once (tag, a tag manager adding it again, a bundled copy): one copy answers', async () => {
    env.server.file(
      '/gtm.js',
      `var s = document.createElement('script'); s.src = '/csat-widget.iife.js'; s.dataset.endpoint = '/other';
       document.head.appendChild(s);`,
    );
    env.server.file('/bundle.js', `import '/csat-widget.iife.js?bundled';`);
    env.server.page(
      '/thrice',
      html(
        '<button id="rate" data-csat-survey="thrice">Rate</button>' +
          '<script src="/gtm.js"></script><script type="module" src="/bundle.js"></script>',
        scriptTag(),
      ),
    );
    const { page, logs } = await env.open('/thrice');
    await page.waitForFunction(
      () => performance.getEntriesByType('resource').filter((r) => /iife/.test(r.name)).length === 3,
    );
    await page.waitForLoadState('load');
    const warnings = ours(logs);
    expect(warnings.map((l) => l.type)).toEqual(['warning', 'warning']);
    for (const w of warnings) expect(w.text).toMatch(/^\[csat\] loaded twice; version \S+ stays in charge\.$/);

    await page.locator('#rate').click();
    await quiet(page);
    expect(await widgets(page)).toHaveLength(1);
    await page.getByRole('radio', { name: '5 of 5, Very satisfied' }).click();
    await env.server.waitForPosts(1);
    // Everything waiting has been delivered: no copy has a second POST to make.
    await page.evaluate(() => (window as unknown as { csat: { flush(): Promise<void> } }).csat.flush());
    await quiet(page);
    // The first copy's endpoint, once.
    expect(env.server.posts.map((p) => p.url)).toEqual(['/api/csat']);
  });

  it('without localStorage, cooldowns hold for the page, with one warning', async () => {
    env.server.page(
      '/no-storage',
      html(
        '<button id="rate" data-csat-survey="no-storage">Rate</button>',
        scriptTag({ endpoint: '/api/csat', 'cooldown-days': '30' }),
      ),
    );
    const context = await env.browser.newContext();
    try {
      // As in a sandboxed frame or with site data blocked: touching localStorage throws.
      await context.addInitScript(() =>
        Object.defineProperty(window, 'localStorage', {
          get() {
            throw new DOMException('denied', 'SecurityError');
          },
        }),
      );
      const page = await context.newPage();
      const logs: string[] = [];
      page.on('console', (m) => logs.push(m.text()));
      await page.goto(env.server.origin + '/no-storage');
      await page.locator('#rate').click();
      await page.getByRole('radio', { name: '4 of 5, Satisfied' }).click();
      await env.server.waitForPosts(1);
      await page.mouse.move(1, 1);
      await page.waitForFunction(() => !document.querySelector('csat-widget'), null, { timeout: 6000 });
      for (let i = 0; i < 3; i++) await page.locator('#rate').click();
      await quiet(page);
      expect(await widgets(page)).toEqual([]);
      expect(logs.filter((l) => l.startsWith('[csat]'))).toEqual([
        '[csat] no localStorage: sampling, cooldown and waiting answers hold for this page only.',
      ]);
    } finally {
      await context.close();
    }
  });
});

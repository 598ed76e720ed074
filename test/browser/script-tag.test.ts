// The script-tag entry in real Chromium: toast, answer, delivery, self-closing, every scale, the
// async snippet, double loading, bad data attributes and invalid options.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { askResult, askState, html, scriptTag, shadow, startAsk, useBrowser, UUID_RE, quiet } from './harness';

const env = useBrowser();

/** Waits until the panel's entry animation (if any) has finished, so boxes are final. */
async function settledBox(page: Page) {
  const panel = shadow(page).locator('.panel');
  await panel.waitFor();
  await panel.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
  return (await panel.boundingBox())!;
}

describe('script tag', () => {
  it('asks in a bottom-right toast, resolves with the answer and POSTs exactly that, then closes itself', async () => {
    env.server.page('/checkout/done', html('<h1>Thanks for your order</h1>' + scriptTag()));
    const { page, context } = await env.open('/checkout/done?email=someone%40example.com#receipt');
    await context.addCookies([{ name: 'session', value: 'secret', url: env.server.origin }]);
    expect(await page.evaluate(() => document.cookie)).toContain('session=secret');

    await startAsk(page, { survey: 'checkout', interaction: 'order-1' });
    const widget = shadow(page);
    await expect(widget.count()).resolves.toBe(1);
    await expect(widget.locator('.q').getByText('How would you rate your experience?').isVisible()).resolves.toBe(true);

    // Bottom-right corner of the 1280×720 viewport, 16 px in.
    const box = await settledBox(page);
    expect(Math.abs(box.x + box.width - (1280 - 16))).toBeLessThanOrEqual(1);
    expect(Math.abs(box.y + box.height - (720 - 16))).toBeLessThanOrEqual(1);

    await page.getByRole('radio', { name: '4 of 5, Satisfied' }).click();
    const r = await askResult(page);
    expect(r.error).toBeUndefined();
    const answer = r.value as Record<string, unknown>;
    expect(answer).toMatchObject({
      v: 1,
      survey: 'checkout',
      interaction: 'order-1',
      scale: { type: 'stars', min: 1, max: 5 },
      score: 4,
      normalized: 0.75,
      satisfied: true,
      comment: null,
      locale: 'en',
      // origin + path: the query string and fragment are left out
      page: env.server.origin + '/checkout/done',
      metadata: {},
    });
    expect(answer.id).toMatch(UUID_RE);
    expect(new Date(answer.at as string).toISOString()).toBe(answer.at);

    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toEqual(answer);
    expect(post!.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(post!.headers.cookie).toBeUndefined();
    // Nothing else reached the collector (no preflight, no second POST), once delivery is over.
    await page.evaluate(() => (window as unknown as { csat: { flush(): Promise<void> } }).csat.flush());
    await quiet(page);
    expect(env.server.requests.map((q) => q.method)).toEqual(['POST']);

    // Thank-you, then the element goes away by itself once the pointer has left it.
    await expect(widget.getByRole('status').textContent()).resolves.toBe('Thank you for your feedback!');
    await page.mouse.move(5, 5);
    await widget.waitFor({ state: 'detached', timeout: 6000 });
    expect(env.server.posts).toHaveLength(1);
  });

  const scales: [string, Record<string, unknown>, number][] = [
    ['stars', { scale: 'stars' }, 5],
    ['smileys', { scale: 'smileys' }, 5],
    ['numeric (en)', { scale: 'numeric' }, 5],
    ['numeric (nl)', { scale: 'numeric', locale: 'nl' }, 10],
    ['nps', { scale: 'nps' }, 11],
    ['ces', { scale: 'ces' }, 7],
    ['stars with 10 points', { scale: { type: 'stars', points: 10 } }, 10],
  ];

  it('renders the right number of points for every scale', async () => {
    env.server.page('/scales', html(scriptTag()));
    const { page } = await env.open('/scales');
    for (const [name, options, points] of scales) {
      await startAsk(page, { survey: 'scales', ...options }, name);
      const widget = shadow(page);
      const radios = widget.getByRole('radio');
      await radios.first().waitFor();
      expect(await radios.count(), name).toBe(points);
      expect(await widget.getByRole('radiogroup').count(), name).toBe(1);
      if (name === 'smileys') {
        // Faces are inline SVG, never emoji (fonts differ by platform).
        for (let i = 0; i < points; i++) {
          expect(await radios.nth(i).locator('svg').count()).toBe(1);
          expect((await radios.nth(i).textContent())!.trim()).toBe('');
        }
      }
      await widget.locator('button.x').click();
      await widget.waitFor({ state: 'detached' });
      await expect(askResult(page, name)).resolves.toEqual({ settled: true, value: null });
    }
    expect(env.server.requests).toHaveLength(0);
  });

  it('answers calls queued by the async snippet before the script loaded', async () => {
    env.server.page(
      '/snippet',
      html(
        `<script>
          window.csat = window.csat || {q: [], ask: function(o){return new Promise(function(r){window.csat.q.push([o, r])})}};
          var rec = { settled: false };
          window.__asks = { a: rec };
          window.__queued = window.csat.q.length;
          window.csat.ask({ survey: 'snippet', interaction: 'early' }).then(
            function (v) { rec.settled = true; rec.value = v; },
            function (e) { rec.settled = true; rec.error = { name: e.name, message: e.message }; });
          window.__queuedAfter = window.csat.q.length;
        </script>` + '<script async src="/csat-widget.iife.js" data-endpoint="/api/csat"></script>',
      ),
    );
    const { page } = await env.open('/snippet');
    expect(await page.evaluate(() => [(window as any).__queued, (window as any).__queuedAfter])).toEqual([0, 1]);
    await page.getByRole('radio', { name: '5 of 5, Very satisfied' }).click();
    const r = await askResult(page);
    expect(r.value).toMatchObject({ survey: 'snippet', interaction: 'early', score: 5 });
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toEqual(r.value);
    expect(await page.evaluate(() => typeof (window as any).csat.version)).toBe('string');
  });

  it('loaded twice: one [csat] warning, and it keeps working', async () => {
    env.server.page('/twice', html(scriptTag() + scriptTag()));
    const { page, logs } = await env.open('/twice');
    const ours = logs.filter((l) => l.text.startsWith('[csat]'));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.type).toBe('warning');
    expect(ours[0]!.text).toMatch(/twice/);

    await startAsk(page, { survey: 'twice' });
    await page.getByRole('radio', { name: '4 of 5, Satisfied' }).click();
    await expect(askResult(page)).resolves.toMatchObject({ value: { survey: 'twice', score: 4 } });
    await env.server.waitForPosts(1);
    expect(await page.locator('csat-widget').count()).toBe(1);
  });

  it('an invalid data attribute is a warning naming it; the widget still works', async () => {
    env.server.page('/bad-attr', html(scriptTag({ endpoint: '/api/csat', 'theme-accent': 'red;}' })));
    const { page, logs } = await env.open('/bad-attr');
    const ours = logs.filter((l) => l.text.startsWith('[csat]'));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.type).toBe('warning');
    expect(ours[0]!.text).toContain('data-theme-accent');

    await startAsk(page, { survey: 'bad-attr' });
    await page.getByRole('radio', { name: '5 of 5, Very satisfied' }).click();
    await expect(askResult(page)).resolves.toMatchObject({ value: { score: 5 } });
    await env.server.waitForPosts(1);
  });

  it('invalid options reject with CsatConfigError naming the path, and nothing is shown', async () => {
    env.server.page('/invalid', html(scriptTag()));
    const { page } = await env.open('/invalid');
    await startAsk(page, { survey: 'x', scale: { type: 'numeric', min: 1, max: 12 } });
    const r = await askResult(page);
    expect(r.value).toBeUndefined();
    expect(r.error?.name).toBe('CsatConfigError');
    expect(r.error?.message).toMatch(/scale\.max: .+, got 12/);
    await quiet(page);
    expect(await page.locator('csat-widget').count()).toBe(0);
    expect((await askState(page)).settled).toBe(true);
    expect(env.server.requests).toHaveLength(0);
  });
});

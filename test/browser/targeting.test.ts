// Who is asked, in real Chromium against the script tag: `delay` (a hidden page, navigation away,
// an aborted signal) on Playwright's fake clock, a frequency cap across three surveys that holds
// across a reload, and headless `record` delivering through an endpoint that fails, then works.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createCollector, memoryStore } from '../../src/server';
import { askResult, askState, html, scriptTag, shadow, startAsk, useBrowser } from './harness';

const env = useBrowser();

type Csat = {
  explain(o: object): Promise<{ show: boolean; reason: string; until?: string }>;
  record(o: object): Promise<{ id: string } | null>;
  forget(o?: object): Promise<void>;
};

/**
 * Opens `path` (a page with the script tag) on a fake clock installed before any script runs, and
 * paused: only runFor moves it, so no real time slips into a delay.
 */
async function openOnClock(path: string, attrs: Record<string, string> = { endpoint: '/api/csat' }): Promise<Page> {
  env.server.page(path, html(scriptTag(attrs)));
  env.server.page('/blank', html(''));
  const { page } = await env.open('/blank');
  const start = Date.now();
  await page.clock.install({ time: start });
  await page.goto(env.server.origin + path);
  // Paused: no rendering frames either, so the tests read the page's state instead of waiting on it.
  await page.clock.pauseAt(start + 60_000);
  return page;
}

describe('delay', () => {
  it('shows the question once the delay has passed, not before', async () => {
    const page = await openOnClock('/delay');
    await startAsk(page, { survey: 'later', delay: 3000 });
    await page.clock.runFor(2999);
    expect(await shadow(page).count()).toBe(0);
    await page.clock.runFor(1);
    expect(await shadow(page).getByRole('radio', { name: '4 of 5, Satisfied' }).count()).toBe(1);
  });

  it('shows nothing when the page is hidden meanwhile', async () => {
    const page = await openOnClock('/delay-hidden');
    await startAsk(page, { survey: 'later', delay: 3000 });
    await page.clock.runFor(1000);
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    });
    expect(await askState(page)).toEqual({ settled: true, value: null });
    await page.clock.runFor(10_000);
    expect(await shadow(page).count()).toBe(0);
  });

  it('shows nothing when the signal aborts meanwhile', async () => {
    const page = await openOnClock('/delay-abort');
    await page.evaluate(() => {
      const w = window as unknown as { __abort: AbortController; __asks: Record<string, unknown> };
      w.__abort = new AbortController();
      const rec: Record<string, unknown> = { settled: false };
      w.__asks = { a: rec };
      void (window as unknown as { csat: { ask(o: object): Promise<unknown> } }).csat
        .ask({ survey: 'later', delay: 3000, signal: w.__abort.signal })
        .then((v) => Object.assign(rec, { settled: true, value: v }));
    });
    await page.clock.runFor(1000);
    await page.evaluate(() => (window as unknown as { __abort: AbortController }).__abort.abort());
    expect(await askState(page)).toEqual({ settled: true, value: null });
    await page.clock.runFor(10_000);
    expect(await shadow(page).count()).toBe(0);
  });

  it('navigating away during the delay resolves null and leaves nothing to show', async () => {
    // The page keeps what ask resolved to in sessionStorage, read back on the next page.
    env.server.page(
      '/delay-leave',
      html(
        scriptTag() +
          `<script>
            csat.ask({ survey: 'later', delay: 3000 }).then(function (v) {
              sessionStorage.setItem('resolved', JSON.stringify(v));
            });
          </script>`,
      ),
    );
    env.server.page('/next', html('<p>next</p>'));
    const { page } = await env.open('/delay-leave');
    await page.goto(env.server.origin + '/next');
    expect(await page.evaluate(() => sessionStorage.getItem('resolved'))).toBe('null');
  });
});

describe('frequency across surveys', () => {
  it('2 questions per 30 days: a third survey is not asked, also after a reload, until forget()', async () => {
    env.server.page('/cap', html(scriptTag({ endpoint: '/api/csat', frequency: '2/30' })));
    const { page } = await env.open('/cap');
    for (const survey of ['first', 'second']) {
      await startAsk(page, { survey }, survey);
      await shadow(page).getByRole('button', { name: 'Close feedback' }).click();
      expect(await askResult(page, survey)).toEqual({ settled: true, value: null });
      await shadow(page).waitFor({ state: 'detached' });
    }
    await startAsk(page, { survey: 'third' }, 'third');
    expect(await askResult(page, 'third')).toEqual({ settled: true, value: null });
    expect(await shadow(page).count()).toBe(0);

    await page.reload();
    const explain = () => page.evaluate(() => (window as unknown as { csat: Csat }).csat.explain({ survey: 'third' }));
    const explained = await explain();
    expect(explained).toMatchObject({ show: false, reason: 'frequency' });
    // The cap ends 30 days after the first question was shown.
    const until = Date.parse(explained.until!);
    expect(until - Date.now()).toBeGreaterThan(29.9 * 864e5);
    expect(until - Date.now()).toBeLessThanOrEqual(30 * 864e5);
    await startAsk(page, { survey: 'third' }, 'again');
    expect(await askResult(page, 'again')).toEqual({ settled: true, value: null });

    await page.evaluate(() => (window as unknown as { csat: Csat }).csat.forget());
    expect(await explain()).toEqual({ show: true, reason: 'ok' });
    await startAsk(page, { survey: 'third' }, 'now');
    await shadow(page).getByRole('radio', { name: '4 of 5, Satisfied' }).waitFor();
  });
});

describe('record', () => {
  it('delivers through an endpoint that fails, then works: one answer, one id', async () => {
    const store = memoryStore();
    env.server.collector = createCollector({ store });
    env.server.plan = [503];
    env.server.page('/headless', html(scriptTag()));
    const { page } = await env.open('/headless');
    const answer = await page.evaluate(() =>
      (window as unknown as { csat: Csat }).csat.record({
        survey: 'custom-ui',
        score: 8,
        comment: 'Snel geleverd',
        interaction: 'order-9',
        scale: 'numeric',
        locale: 'nl',
      }),
    );
    // As the widget would: Dutch (from the languages file) and its 1–10 grade.
    expect(answer).toMatchObject({
      survey: 'custom-ui',
      score: 8,
      scale: { type: 'numeric', min: 1, max: 10 },
      satisfied: true,
      comment: 'Snel geleverd',
      locale: 'nl',
    });
    await env.server.waitFor((rs) => rs.some((r) => r.status === 201), 'the answer stored after a retry');
    expect(env.server.posts.map((r) => [JSON.parse(r.body).id, r.status])).toEqual([
      [answer!.id, 503],
      [answer!.id, 201],
    ]);
    expect(store.list()).toEqual([answer]);
    // Recorded like an answered question: that interaction is not asked about again.
    const again = await page.evaluate(() =>
      (window as unknown as { csat: Csat }).csat.explain({ survey: 'custom-ui', interaction: 'order-9' }),
    );
    expect(again).toEqual({ show: false, reason: 'answered-interaction' });
  });
});

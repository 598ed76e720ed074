// The script-tag file's idle warm-up (src/ui/warm-up.ts) in real Chromium: it leaves nothing behind,
// and the first question after it is the real one, without first-time work on the way.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { html, scriptTag, shadow, useBrowser } from './harness';

const env = useBrowser();

/**
 * Resolves once the page has loaded and then been idle: idle callbacks run in the order they were
 * requested, so the script's warm-up has run by then.
 */
const idle = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const wait = () => requestIdleCallback(() => setTimeout(resolve));
        if (document.readyState === 'complete') wait();
        else addEventListener('load', wait);
      }),
  );

describe('idle warm-up', () => {
  it('leaves nothing on the page: no element, no message, no request', async () => {
    env.server.page('/warm', html('<p>Page</p>' + scriptTag()));
    const { page, logs } = await env.open('/warm');
    await idle(page);
    expect(await page.evaluate(() => document.querySelectorAll('csat-widget').length)).toBe(0);
    expect(
      await page.evaluate(() => [...document.documentElement.querySelectorAll('*')].map((e) => e.localName)),
    ).toEqual(['head', 'meta', 'title', 'body', 'p', 'script']);
    expect(logs).toEqual([]);
    expect(env.server.requests).toEqual([]);
  });

  it('the first ask() then parses no stylesheet, and its points are in the page, working, when it returns', async () => {
    env.server.page('/warm-ask', html('<p>Page</p>' + scriptTag()));
    const { page } = await env.open('/warm-ask');
    await idle(page);
    const shown = await page.evaluate(() => {
      let parsed = 0;
      const replaceSync = CSSStyleSheet.prototype.replaceSync;
      CSSStyleSheet.prototype.replaceSync = function (text: string) {
        parsed++;
        return replaceSync.call(this, text);
      };
      const w = window as unknown as { csat: { ask(o: object): Promise<{ score: number }> }; answer: unknown };
      w.answer = w.csat.ask({ survey: 'warm', comment: 'never' });
      const points = document.querySelector('csat-widget')?.shadowRoot?.querySelectorAll('[role=radio]');
      return { parsed, points: points?.length };
    });
    expect(shown).toEqual({ parsed: 0, points: 5 });
    await shadow(page).getByRole('radio', { name: '4 of 5, Satisfied' }).click();
    const score = await page.evaluate(() => (window as unknown as { answer: Promise<{ score: number }> }).answer);
    expect(score).toMatchObject({ score: 4 });
    await env.server.waitForPosts(1);
  });
});

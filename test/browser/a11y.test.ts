// axe-core in real Chromium on every scale in every display mode, light and dark, left-to-right
// and right-to-left, in each step of the flow (question, comment, thank-you). Any violation fails,
// `target-size` included (axe ships it disabled). What axe cannot judge (focus order, arrows,
// forced colours, motion, reflow) is tested in keyboard.test.ts and display.test.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { html, scriptTag, shadow, startAsk, useBrowser } from './harness';

const env = useBrowser();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const PAGE = html(
  `<header><p>Example shop</p></header>
   <main><h1>Order placed</h1><p>Thank you for your order.</p>
     <p><button id="anchor">Rate this order</button></p><div id="box"></div></main>` + scriptTag(),
);

interface Violation {
  id: string;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

async function axe(page: Page): Promise<string[]> {
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: Violation[] }> } };
    const r = await w.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      rules: { 'target-size': { enabled: true } },
      resultTypes: ['violations'],
    });
    return r.violations;
  });
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.help}) at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`),
  );
}

const SCALES: [string, unknown][] = [
  ['stars', 'stars'],
  ['smileys', 'smileys'],
  ['numeric', 'numeric'],
  ['nps', 'nps'],
  ['ces', 'ces'],
  ['3 smileys', { type: 'smileys', points: 3 }],
  ['10 stars', { type: 'stars', points: 10 }],
];
const DISPLAYS = ['toast', 'popover', 'modal', 'inline'] as const;

describe.each(DISPLAYS)('axe: %s', (display) => {
  it.each([
    ['light', 'en'],
    ['dark', 'en'],
    ['light', 'ar'],
    ['dark', 'ar'],
  ])('%s, %s: every scale, question → comment → thank-you, no violation', async (scheme, locale) => {
    env.server.page('/a11y', PAGE);
    const { page } = await env.open('/a11y');
    // The entry and exit animations (0.35 s a question, in real time) run in one pass, where axe
    // checks the panel once its entry has finished; the other passes ask for reduced motion,
    // which skips them and shows the same final styles at once.
    if (display !== 'toast' || scheme !== 'light' || locale !== 'en') {
      await page.emulateMedia({ reducedMotion: 'reduce' });
    }
    await page.addScriptTag({ content: AXE });
    const found: string[] = [];
    for (const [name, scale] of SCALES) {
      const at = `${display}/${scheme}/${locale}/${name}`;
      await startAsk(page, {
        survey: 'a11y-' + name.replace(/\W/g, ''),
        scale,
        display,
        anchor: '#anchor',
        container: '#box',
        locale,
        comment: 'always',
        theme: { colorScheme: scheme },
      });
      const widget = shadow(page);
      await widget.getByRole('radio').first().waitFor();
      await widget.locator('.panel').evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
      found.push(...(await axe(page)).map((v) => `${at} question: ${v}`));

      await widget.getByRole('radio').first().click();
      await widget.locator('textarea').waitFor();
      await widget.locator('textarea').fill('x'.repeat(950)); // shows the characters-left count
      found.push(...(await axe(page)).map((v) => `${at} comment: ${v}`));

      await widget.locator('.primary').click();
      await widget.locator('.done').waitFor();
      found.push(...(await axe(page)).map((v) => `${at} thank-you: ${v}`));

      await widget.locator('.x').click();
      await widget.waitFor({ state: 'detached' });
    }
    expect(found).toEqual([]);
  });
});

describe('axe: colour scheme from the OS', () => {
  it("'auto' follows prefers-color-scheme and stays readable in both", async () => {
    env.server.page('/a11y-auto', PAGE);
    const { page } = await env.open('/a11y-auto');
    await page.addScriptTag({ content: AXE });
    await page.emulateMedia({ colorScheme: 'dark' });
    await startAsk(page, { survey: 'a11y-auto', scale: 'numeric' });
    const panel = shadow(page).locator('.panel');
    await panel.waitFor();
    await panel.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    const background = () => panel.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background()).toBe('rgb(31, 35, 40)');
    expect(await axe(page)).toEqual([]);
    // The OS switches while the question is open: the widget follows.
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(255, 255, 255)');
    expect(await axe(page)).toEqual([]);
  });
});

describe('axe: states the loop above does not reach', () => {
  it('a point checked by keyboard with its Send button, next to an expanded anchor', async () => {
    env.server.page('/a11y-kb', PAGE);
    const { page } = await env.open('/a11y-kb');
    await page.addScriptTag({ content: AXE });
    for (const locale of ['en', 'ar']) {
      await page.focus('#anchor');
      await startAsk(page, { survey: 'a11y-kb-' + locale, anchor: '#anchor', locale }, locale);
      await page.waitForFunction(() => document.activeElement?.localName === 'csat-widget');
      await page.keyboard.press('End');
      await shadow(page).locator('.primary').waitFor();
      await shadow(page)
        .locator('.panel')
        .evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
      expect(await page.getAttribute('#anchor', 'aria-expanded')).toBe('true');
      expect(await axe(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await shadow(page).waitFor({ state: 'detached' });
    }
  });

  it('two inline questions on one page', async () => {
    env.server.page('/a11y-two', PAGE.replace('<div id="box"></div>', '<div id="box"></div><div id="box2"></div>'));
    const { page } = await env.open('/a11y-two');
    await page.addScriptTag({ content: AXE });
    await startAsk(page, { survey: 'a11y-two-1', display: 'inline', container: '#box' }, 'one');
    await startAsk(page, { survey: 'a11y-two-2', display: 'inline', container: '#box2', scale: 'nps' }, 'two');
    await page.locator('#box2 csat-widget').getByRole('radio').first().waitFor();
    await page.evaluate(() =>
      Promise.all(
        [...document.querySelectorAll('csat-widget')].flatMap((w) =>
          w
            .shadowRoot!.querySelector('.panel')!
            .getAnimations()
            .map((a) => a.finished),
        ),
      ),
    );
    expect(await axe(page)).toEqual([]);
  });
});

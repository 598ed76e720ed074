// The dashboard as people read it, at 1280 px and on a 390 px phone, against the real demo server
// (PGlite in a temporary directory) filled through its own /api/csat. Screenshots go to shots/.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSatisfied, normalize } from '../../src/scales';
import type { Answer, AnswerScale } from '../../src/types';
import { useDemo } from './demo-harness';

const SHOTS = new URL('../../shots/', import.meta.url).pathname;

beforeAll(() => void mkdirSync(SHOTS, { recursive: true }));
const env = useDemo(['/dashboard', '/dashboard/main.ts']);

async function open(path: string, width: number, height = 800): Promise<Page> {
  const page = await env.newPage(path, { viewport: { width, height }, deviceScaleFactor: 1 });
  await page.goto(env.demo.origin + path);
  await page.locator('#updated', { hasText: 'Updated' }).waitFor();
  return page;
}

const SCALES: Record<string, AnswerScale> = {
  stars: { type: 'stars', min: 1, max: 5 },
  numeric: { type: 'numeric', min: 1, max: 10 },
  nps: { type: 'nps', min: 0, max: 10 },
};

/** Posts a valid answer through the demo's collector, as the widget would. */
async function answer(survey: string, scale: AnswerScale, score: number, extra: Partial<Answer> = {}): Promise<void> {
  const body: Answer = {
    v: 1,
    id: crypto.randomUUID(),
    survey,
    interaction: null,
    scale,
    score,
    normalized: normalize(score, scale),
    satisfied: isSatisfied(score, scale),
    comment: null,
    locale: 'en',
    page: `${env.demo.origin}/shop`,
    at: new Date().toISOString(),
    metadata: {},
    ...extra,
  };
  const res = await fetch(`${env.demo.origin}/api/csat`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
}

let seeded: Promise<void> | undefined;
/** The answers the filled-in tests read, posted once. */
function seed(): Promise<void> {
  return (seeded ??= (async () => {
    // A survey that changed its scale: 3 answers on 5 stars, 2 on 1–10.
    for (const s of [5, 4, 2]) await answer('multi', SCALES.stars!, s);
    for (const s of [9, 3]) await answer('multi', SCALES.numeric!, s, { locale: 'ar' });
    await answer('multi', SCALES.stars!, 1, { locale: 'ar', comment: 'التوصيل كان بطيئًا جدًا!' });
    // 11 of 20 satisfied: 11 / 20 × 100 is 55.00000000000001 in floating point.
    for (let i = 0; i < 20; i++) await answer('checkout', SCALES.stars!, i < 11 ? 5 : 2);
  })());
}

const rows = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));

describe('dashboard', { timeout: 60_000 }, () => {
  it('empty: no axes, and the text leads to every page that asks', async () => {
    const page = await open('/dashboard', 1280);
    const empty = page.locator('#empty');
    await empty.waitFor();
    expect(await empty.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      '/shop',
      '/help',
      '/script-tag',
      '/',
    ]);
    expect(await page.locator('svg:visible').count()).toBe(0);
    expect(await page.locator('#charts').isVisible()).toBe(false);
    expect(await page.locator('main > :not([hidden]):not(.visually-hidden)').count()).toBe(2); // the header and the empty text
    await page.screenshot({ path: `${SHOTS}dashboard-empty-1280.png`, fullPage: true });
  });

  it('1280 px: one distribution per scale, By survey follows the filter, rounded CSAT, labelled mean, dir=auto comments, CSV link', async () => {
    await seed();
    const page = await open('/dashboard', 1280);
    await page.locator('#kpi-count', { hasText: /^26$/ }).waitFor();
    await page.getByLabel('Survey', { exact: true }).selectOption('checkout');
    await page.locator('#kpi-count', { hasText: /^20$/ }).waitFor();
    expect(await page.locator('#kpi-csat').textContent()).toBe('55%');
    expect(await page.locator('main').textContent()).not.toMatch(/\d\.\d{3,}/);

    await page.getByLabel('Survey', { exact: true }).selectOption('multi');
    await page.locator('#kpi-count', { hasText: /^6$/ }).waitFor();
    // Both scales, each with every one of its points; no answer left out.
    const stars = page.getByRole('img', { name: /Answers per score, stars 1–5/ });
    const numeric = page.getByRole('img', { name: /Answers per score, numeric 1–10/ });
    expect(await stars.locator('rect.bar').count()).toBe(5);
    expect(await numeric.locator('rect.bar').count()).toBe(10);
    expect(await page.locator('#dist h3').allTextContents()).toEqual([
      'stars 1–5: 4 answers',
      'numeric 1–10: 2 answers',
    ]);
    expect((await rows(page, '#dist table tbody tr')).filter((r) => r[1] !== '0')).toEqual([
      ['1 of 5', '1'],
      ['2 of 5', '1'],
      ['4 of 5', '1'],
      ['5 of 5', '1'],
      ['3 of 10', '1'],
      ['9 of 10', '1'],
    ]);
    // Mixed scales: the mean is on 0–100, said so, and not a percentage of people.
    expect(await page.locator('#kpi-mean-label').textContent()).toBe('Mean score (0–100)');
    expect(await page.locator('#kpi-mean').textContent()).not.toContain('%');
    // "By survey" follows the choice, as "By locale" does.
    expect((await rows(page, '#by-survey tbody tr')).map((r) => r[0])).toEqual(['multi']);
    expect((await rows(page, '#by-locale tbody tr')).map((r) => r[0]).sort()).toEqual(['ar', 'en']);
    const comment = page.locator('#comments blockquote', { hasText: 'التوصيل' });
    expect(await comment.getAttribute('dir')).toBe('auto');
    expect(await comment.evaluate((b) => getComputedStyle(b).direction)).toBe('rtl');
    expect(await page.getByRole('link', { name: /Download the answers/ }).getAttribute('href')).toBe(
      '/api/answers.csv?survey=multi',
    );
    await page.screenshot({ path: `${SHOTS}dashboard-1280.png`, fullPage: true });
  });

  it('shows the response rate beside CSAT and the weekly change in words, from the summary contract', async () => {
    const page = await open('/dashboard', 1280);
    // The figures the store adds when the widget sends events (`shown`, `dismissed`, `responseRate`)
    // and the weekly `compare`, on top of the server's real answer.
    let significant = false;
    await page.route('**/api/summary*', async (route) => {
      const real = (await (await route.fetch()).json()) as { count: number };
      await route.fulfill({
        json: {
          ...real,
          shown: real.count * 4,
          dismissed: real.count,
          responseRate: 25,
          compare: { diff: 6.2, ci95: [-1, 13.1], significant, before: { count: 40 }, after: { count: 45 } },
        },
      });
    });
    await page.reload();
    await page.locator('#kpi-rate-box').waitFor();
    const boxes = await page.locator('.kpi dt').allTextContents();
    expect(boxes.slice(0, 2)).toEqual(['CSAT', 'Response rate']);
    expect(await page.locator('#kpi-rate').textContent()).toBe('25%');
    expect(await page.locator('#kpi-rate-note').textContent()).toMatch(
      /^26 answered of 104 shown; 26 closed without answering$/,
    );
    expect(await page.locator('#compare').textContent()).toBe(
      'Last 7 days against the 7 before: CSAT up 6.2 points; could be between −1 and +13.1, so not yet a clear change.',
    );
    significant = true;
    await page.locator('#compare', { hasText: 'so a clear change.' }).waitFor();
  });

  it('390 px phone: axis labels of at least 11 px, nothing wider than the screen, tables scroll in their box', async () => {
    await seed();
    const page = await open('/dashboard?survey=multi', 390, 844);
    await page.locator('#kpi-count', { hasText: /^6$/ }).waitFor();
    await page.locator('details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const sizes = await page.locator('svg text.tick').evaluateAll((ts) =>
      ts.map((t) => {
        const svg = (t as SVGTextElement).ownerSVGElement!;
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return parseFloat(getComputedStyle(t).fontSize) * scale;
      }),
    );
    expect(sizes.length).toBeGreaterThan(10);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
    // Axis labels do not run into each other.
    const overlaps = await page.locator('svg').evaluateAll((svgs) =>
      svgs.flatMap((svg) => {
        const xs = [...svg.querySelectorAll('text.tick[text-anchor="middle"]')].map((t) => t.getBoundingClientRect());
        return xs.slice(1).filter((r, i) => r.left < xs[i]!.right);
      }),
    );
    expect(overlaps).toHaveLength(0);
    await page.screenshot({ path: `${SHOTS}dashboard-390.png`, fullPage: true });
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > 390 && !e.closest('.scroll'))
        .map((e) => `${e.tagName}#${e.id}.${e.className}`),
    );
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const tables = await page.locator('table').evaluateAll((ts) =>
      ts.map((t) => {
        const box = t.closest('.scroll');
        return box ? getComputedStyle(box).overflowX : 'no scroll container';
      }),
    );
    expect(tables.length).toBeGreaterThan(3);
    expect(new Set(tables)).toEqual(new Set(['auto']));
    await page.screenshot({ path: `${SHOTS}dashboard-390.png`, fullPage: true });
  });
});

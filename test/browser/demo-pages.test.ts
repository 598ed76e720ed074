// The demo pages as a newcomer meets them, on a laptop (1280×800, mouse) and on a phone (390×844,
// touch): what they say matches what the widget does, nothing has to be hunted for, no page
// scrolls sideways, and the code they display is the code they run. Against the real demo server
// (test/demo-server.ts) in Chromium.
import { readdirSync, readFileSync } from 'node:fs';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { THANKS_MS } from '../../src/constants';
import { ready, useDemo } from './demo-harness';
import { IIFE_PATH } from './harness';

const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DEVICES = { laptop: LAPTOP, phone: PHONE };
const PAGES = ['/', '/shop', '/help', '/script-tag', '/dashboard'];
const APP_SOURCE = new URL('../../demo/shop/App.tsx', import.meta.url);

// The script-tag page needs dist/: fail early with the path.
beforeAll(() => void readFileSync(IIFE_PATH));
const env = useDemo(PAGES);

/** A fresh context (own localStorage) with a page at `path`, loaded. */
async function open(
  path: string,
  device = LAPTOP,
  colorScheme: 'light' | 'dark' = 'light',
  { clock = false } = {},
): Promise<Page> {
  const page = await env.newPage(path, { ...device, colorScheme });
  // A fake clock, for tests that wait out the widget's timers (page.clock.runFor), not real time.
  if (clock) await page.clock.install();
  await page.goto(env.demo.origin + path);
  await ready(page, path);
  return page;
}

/** The part of the element's box outside the viewport, in px (0: wholly in view). */
function outOfView(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return Math.max(0, -r.top) + Math.max(0, r.bottom - innerHeight) + Math.max(0, -r.left, r.right - innerWidth);
  });
}

/** How far the page scrolls sideways, in px: the document's width beyond the 390 px screen. */
function sideways(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, innerWidth) - 390);
}

/** [r, g, b] of a CSS colour, as the browser resolves it. */
function rgb(page: Page, color: string): Promise<number[]> {
  return page.evaluate((c) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.fillStyle = c;
    ctx.fillRect(0, 0, 1, 1);
    return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  }, color);
}

/** [r, g, b] of the screen pixel at the centre of the element, from a real screenshot. */
async function sampleCentre(page: Page, selector: string): Promise<number[]> {
  const png = (await page.locator(selector).screenshot()).toString('base64');
  return page.evaluate(async (data) => {
    const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.canvas.width = image.width;
    ctx.canvas.height = image.height;
    ctx.drawImage(image, 0, 0);
    return [...ctx.getImageData(image.width >> 1, image.height >> 1, 1, 1).data.slice(0, 3)];
  }, png);
}

/** Lines with their indentation removed, blank ones dropped. */
const lines = (code: string) =>
  code
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

describe('demo pages', () => {
  it('playground at 1280×800: the Ask button is in view without scrolling', async () => {
    const page = await open('/');
    expect(await page.evaluate(() => scrollY)).toBe(0);
    expect(await outOfView(page, '#ask')).toBe(0);
  });

  it.each(Object.entries(DEVICES))('playground (%s): after Ask, an inline question is in view', async (_, device) => {
    const page = await open('/', device);
    await page.getByLabel('Display').selectOption('inline');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.locator('#inline-box csat-widget').getByRole('radiogroup').waitFor();
    await expect.poll(() => outOfView(page, '#inline-box csat-widget')).toBe(0);
  });

  it.each(PAGES)('%s on a phone never scrolls sideways, also once an answer is shown', async (path) => {
    const page = await open(path, PHONE);
    expect(await page.evaluate(() => innerWidth)).toBe(390);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    const widget = page.locator('csat-widget');
    if (path === '/') {
      await page.getByRole('button', { name: 'Ask', exact: true }).click();
      await widget.getByRole('radio', { name: /^4 of 5/ }).click();
      await page.locator('#answer', { hasText: '"score": 4' }).waitFor();
    } else if (path === '/shop') {
      await page.getByRole('button', { name: 'Place order' }).click();
      await widget.getByRole('radio', { name: /^5 of 5/ }).click();
      await page.getByText('You rated checkout 5 of 5').waitFor();
      await page.getByText('How this page asks').click();
    } else if (path === '/help') {
      await widget.getByRole('radio', { name: /^2 of 2/ }).click();
      await widget.getByRole('status').waitFor();
    } else if (path === '/script-tag') {
      await page
        .locator('[data-csat-inline] csat-widget')
        .getByRole('radio', { name: /^5 of 5/ })
        .click();
    }
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  });

  it.each([
    ['the OS is dark and the scheme is auto', 'dark', 'auto'],
    ['dark is chosen on a light OS', 'light', 'dark'],
  ] as const)('playground: the accent swatch shows the dark accent when %s', async (_, os, scheme) => {
    const page = await open('/', LAPTOP, os);
    await page.getByLabel(scheme, { exact: true }).check();
    const swatch = await sampleCentre(page, '#accent');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    const panel = page.locator('csat-widget .panel');
    await panel.waitFor();
    const accent = await panel.evaluate((el) => getComputedStyle(el).getPropertyValue('--a'));
    expect(await rgb(page, accent)).toEqual(await rgb(page, '#8ab4ff')); // the widget is in dark mode
    expect(swatch).toEqual(await rgb(page, accent));
    // Back to light: the swatch follows.
    if (scheme === 'dark') {
      await page.getByLabel('light', { exact: true }).check();
      expect(await sampleCentre(page, '#accent')).toEqual(await rgb(page, '#1d4ed8'));
    }
  });

  it.each(Object.entries(DEVICES))('shop (%s): the page says what it asked and where', async (device, options) => {
    const page = await open('/shop', options);
    await page.getByRole('button', { name: 'Place order' }).click();
    const group = page.locator('csat-widget').getByRole('radiogroup');
    await group.waitFor();
    const question = (await group.getAttribute('aria-label')) ?? (await group.evaluate(labelOf));
    const said = (await page.getByTestId('rating').textContent()) ?? '';
    expect(said).toContain(question);
    expect(said).not.toMatch(/corner/i);
    expect(said).toMatch(/bottom of the screen/);
    // And it is there: along the bottom, as wide as the screen on the phone.
    const box = await page.locator('csat-widget .panel').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { bottom: innerHeight - r.bottom, width: r.width, screen: innerWidth };
    });
    expect(box.bottom).toBeLessThanOrEqual(24);
    if (device === 'phone') expect(box.width).toBe(box.screen);
  });

  it('shop: the code in "How this page asks" is the code its order form runs', async () => {
    const page = await open('/shop');
    await page.getByText('How this page asks').click();
    const shown = lines((await page.locator('.how pre').textContent()) ?? '');
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.join('\n')).toContain('await ask({');
    // The submit handler in the source, from its first line to its closing brace.
    const source = readFileSync(APP_SOURCE, 'utf8');
    const submit = /\n( *)async function submit\(.*\n[\s\S]*?\n\1\}\n/.exec(source);
    expect(submit).not.toBeNull();
    const ran = lines(submit![0]);
    const at = ran.indexOf(shown[0]!);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(ran.slice(at, at + shown.length)).toEqual(shown);
  });

  it.each(Object.entries(DEVICES))('help (%s): no divider is left once the question has gone', async (_, device) => {
    const page = await open('/help', device, 'light', { clock: true });
    const widget = page.locator('#helpful csat-widget');
    await widget.getByRole('radio', { name: /^2 of 2/ }).click();
    await widget.getByRole('status').filter({ hasText: 'Thank you' }).waitFor();
    await page.mouse.move(1, 1); // the thank-you stays while the pointer is over it
    await page.clock.runFor(THANKS_MS);
    await widget.waitFor({ state: 'detached' });
    // No element with a visible border line and nothing inside it.
    const orphans = await page.locator('main *').evaluateAll((els) =>
      els
        .filter((el) => {
          const s = getComputedStyle(el);
          const r = el.getBoundingClientRect();
          const line = ['Top', 'Bottom'].some(
            (side) =>
              parseFloat(s.getPropertyValue(`border-${side.toLowerCase()}-width`)) > 0 &&
              s.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none',
          );
          return line && r.width > 0 && !el.textContent?.trim() && !el.querySelector('img, svg, input, csat-widget');
        })
        .map((el) => el.outerHTML),
    );
    expect(orphans).toEqual([]);
  });

  it('script-tag page: cards in one row are equally tall, and no card holds another', async () => {
    const page = await open('/script-tag');
    await page.locator('[data-csat-inline] csat-widget').getByRole('radiogroup').waitFor();
    const cards = await page.locator('.card').evaluateAll((els) =>
      els.map((el) => ({
        top: Math.round(el.getBoundingClientRect().top),
        height: el.getBoundingClientRect().height,
      })),
    );
    const rows = new Map<number, number[]>();
    for (const card of cards) rows.set(card.top, [...(rows.get(card.top) ?? []), Math.round(card.height)]);
    expect([...rows.values()].some((heights) => heights.length > 1)).toBe(true);
    for (const heights of rows.values()) expect(new Set(heights).size).toBe(1);

    // A "card" is a box drawn with a border all round or a background of its own.
    const nested = await page.locator('.card').evaluateAll((els) => {
      const boxed = (el: Element) => {
        const s = getComputedStyle(el);
        const border = ['top', 'right', 'bottom', 'left'].every(
          (side) =>
            parseFloat(s.getPropertyValue(`border-${side}-width`)) > 0 &&
            s.getPropertyValue(`border-${side}-style`) !== 'none' &&
            !/rgba\(.*, 0\)$|transparent/.test(s.getPropertyValue(`border-${side}-color`)),
        );
        return border || !/rgba\(.*, 0\)$|transparent/.test(s.backgroundColor);
      };
      const found: string[] = [];
      const walk = (root: Element | ShadowRoot, card: Element) => {
        for (const el of root.querySelectorAll('div, section, article, aside, form, fieldset, details, ul, ol')) {
          if (boxed(el))
            found.push(
              `${card.id || card.querySelector('h2')?.textContent}: <${el.localName} class="${el.className}">`,
            );
        }
        for (const host of root.querySelectorAll('*')) if (host.shadowRoot) walk(host.shadowRoot, card);
      };
      for (const card of els) walk(card, card);
      return found;
    });
    expect(nested).toEqual([]);
  });

  it('script-tag page: the newsletter asks the recommend question on the 0–10 NPS scale', async () => {
    const page = await open('/script-tag');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const group = page
      .locator('csat-widget')
      .getByRole('radiogroup', { name: 'How likely are you to recommend us to a friend?' });
    await group.waitFor();
    const names = await group.getByRole('radio').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
    expect(names).toHaveLength(11);
    expect(names[0]).toMatch(/^0 of 10, Not at all likely/);
    expect(names[10]).toMatch(/^10 of 10, Extremely likely/);
    expect(names.join(' ')).not.toMatch(/satisfied/i);
    // It floats over the page in a box of its own (the inline question's frameless look is not for it).
    const background = await page
      .locator('csat-widget')
      .filter({ has: page.getByRole('radiogroup', { name: /recommend/ }) })
      .locator('.panel')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toMatch(/^rgb\(/);
  });

  it('script-tag page: "The markup" shows the attributes the page runs', async () => {
    const page = await open('/script-tag');
    const attributes = (root: ParentNode) =>
      [...root.querySelectorAll('*')]
        .filter((el) => el.localName !== 'csat-widget')
        .map((el) => [...el.attributes].filter((a) => a.name.startsWith('data-')).map((a) => `${a.name}=${a.value}`))
        .filter((a) => a.length)
        .map((a) => a.sort().join(' '))
        .sort();
    const [shown, ran] = await page.evaluate(
      ([fn]) => {
        const attrs = new Function(`return ${fn}`)() as (root: ParentNode) => string[];
        const markup = document.querySelector('.source code')!.textContent!;
        const parsed = new DOMParser().parseFromString(markup, 'text/html');
        const live = document.cloneNode(true) as Document;
        live.querySelector('.source')!.remove();
        return [attrs(parsed), attrs(live)];
      },
      [attributes.toString()],
    );
    expect(shown).toEqual(ran);
  });

  it('demo code imports the package by its name, so it can be copied into an app as it is', () => {
    const dirs = ['shop', 'help', 'playground', 'dashboard'];
    for (const dir of dirs) {
      for (const file of readdirSync(new URL(`../../demo/${dir}/`, import.meta.url))) {
        if (!/\.tsx?$/.test(file)) continue;
        const code = readFileSync(new URL(`../../demo/${dir}/${file}`, import.meta.url), 'utf8');
        expect(code, `demo/${dir}/${file}`).not.toMatch(/from '(\.\.\/)+src\//);
      }
    }
  });
});

/** The accessible name of a radiogroup labelled by another element. */
function labelOf(el: Element): string {
  const ids = (el.getAttribute('aria-labelledby') ?? '').split(/\s+/);
  const root = el.getRootNode() as Document | ShadowRoot;
  return ids.map((id) => root.getElementById(id)?.textContent?.trim() ?? '').join(' ');
}

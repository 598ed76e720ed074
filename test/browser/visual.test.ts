// What a sighted person gets, measured in real Chromium: page pixels outside the widget, focus
// not hidden by it at 400 % zoom, the popover kept on screen, equal points, the bottom sheet on a
// page wider than the screen, forced colours, the browser's text size, theme contrast, and a
// chosen point that does not look like a focused one.
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { html, scriptTag, shadow, startAsk, useBrowser } from './harness';

const env = useBrowser();

/** The panel once its entrance animation has ended. */
async function settled(page: Page, host: Locator = shadow(page).first()): Promise<Locator> {
  const panel = host.locator('.panel');
  await panel.waitFor();
  await panel.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
  return panel;
}

/** A page served by the test server, opened in a context of its own (viewport, touch…). */
async function openWith(body: string, options: BrowserContextOptions = {}, head = '') {
  const path = '/v' + Math.random().toString(36).slice(2);
  env.server.page(path, html(body + scriptTag(), head));
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 720 }, ...options });
  context.setDefaultTimeout(5000);
  const page = await context.newPage();
  const logs: { type: string; text: string }[] = [];
  page.on('console', (m) => logs.push({ type: m.type(), text: m.text() }));
  await page.goto(env.server.origin + path);
  return { page, context, logs };
}

type Rect = { x: number; y: number; width: number; height: number };
const rect = async (l: Locator): Promise<Rect> => (await l.boundingBox())!;
const TOUCH: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
/** 400 % zoom of a 1280×1024 screen: the layout sees 320×256 CSS px. */
const ZOOM_400: BrowserContextOptions = { viewport: { width: 320, height: 256 } };

/** sRGB channels of a computed colour `rgb(r, g, b)` / `rgba(…)`. */
const channels = (c: string) =>
  c
    .match(/[\d.]+/g)!
    .slice(0, 3)
    .map(Number);
function luminance(c: string): number {
  const [r, g, b] = channels(c).map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe('the page behind a question', () => {
  const PAGE = `<h1>Shop</h1>
    <p>Plain text on white, and <a href="#x">a link</a>.</p>
    <div style="display:flex;gap:0">
      <div style="width:200px;height:120px;background:#d00"></div>
      <div style="width:200px;height:120px;background:#0a0"></div>
      <div style="width:200px;height:120px;background:#00c"></div>
      <div style="width:200px;height:120px;background:#fc0"></div>
    </div>
    <button id="a" style="margin:20px 0 0 600px">Rate</button>`;

  /**
   * The viewport as pixels, sampled every 16 px, skipping points inside any of `skip` (widget
   * boxes, with a 40 px margin for their shadow, 0 8px 28px): [r, g, b] per sample.
   */
  async function outside(page: Page, skip: Rect[]): Promise<number[][]> {
    const png = (await page.screenshot()).toString('base64');
    return page.evaluate(
      async ([data, boxes]) => {
        const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        const img = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(img.width, img.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const { data: px } = ctx.getImageData(0, 0, img.width, img.height);
        const out: number[][] = [];
        for (let y = 4; y < img.height; y += 16) {
          for (let x = 4; x < img.width; x += 16) {
            const inside = boxes.some(
              (b) => x >= b.x - 40 && x <= b.x + b.width + 40 && y >= b.y - 40 && y <= b.y + b.height + 40,
            );
            if (inside) continue;
            const i = (y * img.width + x) * 4;
            out.push([px[i]!, px[i + 1]!, px[i + 2]!]);
          }
        }
        return out;
      },
      [png, skip] as const,
    );
  }

  const mean = (samples: number[][]) => samples.flat().reduce((a, b) => a + b, 0) / (samples.length * 3);

  it('a toast, a popover, and both at once leave the page exactly as it was; only the modal dims it', async () => {
    const { page, context } = await openWith(PAGE);
    try {
      await page.evaluate(() => document.fonts.ready);
      const widgets = () =>
        page.locator('csat-widget .panel').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));

      await startAsk(page, { survey: 'dim-toast' }, 'toast');
      await settled(page);
      const toastBox = (await widgets()) as Rect[];
      // The popover's box is skipped too, so all three comparisons look at the same pixels.
      await startAsk(page, { survey: 'dim-pop', anchor: '#a' }, 'pop');
      // The popover's host follows its anchor in the DOM (Tab order), so it comes before the toast's.
      const pop = page.locator('#a + csat-widget');
      await settled(page, pop);
      await pop.locator('[data-placed]').waitFor();
      const boxes = (await widgets()) as Rect[];
      const both = await outside(page, boxes);

      await pop.locator('.x').click();
      await pop.waitFor({ state: 'detached' });
      const toastOnly = await outside(page, boxes);
      await page.locator('csat-widget .x').click();
      await page.locator('csat-widget').waitFor({ state: 'detached' });
      const before = await outside(page, boxes);

      expect(toastBox).toHaveLength(1);
      expect(before.length).toBeGreaterThan(1000);
      expect(toastOnly).toEqual(before);
      expect(both).toEqual(before);

      await startAsk(page, { survey: 'dim-pop-alone', anchor: '#a' }, 'pop2');
      await settled(page);
      await shadow(page).locator('[data-placed]').waitFor();
      expect(await outside(page, boxes)).toEqual(before);
      await page.keyboard.press('Escape');
      await shadow(page).waitFor({ state: 'detached' });

      await startAsk(page, { survey: 'dim-modal', display: 'modal' }, 'modal');
      await settled(page);
      const modal = await outside(page, boxes);
      // The modal's backdrop darkens what is behind it, clearly.
      expect(mean(modal)).toBeLessThan(mean(before) * 0.7);
    } finally {
      await context.close();
    }
  });
});

describe('at 400 % zoom', () => {
  const LINKS = Array.from(
    { length: 12 },
    (_, i) => `<p>Paragraph ${i + 1} of the article, with <a href="#l${i}">link ${i + 1}</a> in it.</p>`,
  ).join('');

  it('a toast never hides the page element that has keyboard focus', async () => {
    const { page, context } = await openWith(LINKS + '<p>The end.</p>'.repeat(6), ZOOM_400);
    try {
      await startAsk(page, { survey: 'zoom-toast' });
      const panel = await settled(page);
      const sheet = await rect(panel);
      // Some of the screen is left for the page.
      expect(sheet.height).toBeLessThanOrEqual(256 / 2 + 1);
      let checked = 0;
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        const hit = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          if (el.localName !== 'a') return null;
          const r = el.getBoundingClientRect();
          return {
            text: el.textContent,
            at: document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.textContent,
          };
        });
        if (!hit) continue;
        checked++;
        expect(hit.at, hit.text!).toBe(hit.text);
      }
      expect(checked).toBe(12);
      // The page's own inline style is given back on close.
      await shadow(page).locator('.x').click();
      await shadow(page).waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.documentElement.getAttribute('style'))).toBeNull();
    } finally {
      await context.close();
    }
  });

  it("gives the page's own scroll-padding back when the toast closes", async () => {
    const { page, context } = await openWith(LINKS, ZOOM_400);
    try {
      await page.evaluate(() => (document.documentElement.style.scrollPaddingBottom = '7px'));
      await startAsk(page, { survey: 'zoom-restore', position: 'top-left' });
      await settled(page);
      // A toast at the top reserves the top, and leaves the page's bottom value alone.
      const padding = () =>
        page.evaluate(() => [
          document.documentElement.style.scrollPaddingTop,
          document.documentElement.style.scrollPaddingBottom,
        ]);
      await expect.poll(async () => (await padding())[0]).toMatch(/^\d+px$/);
      expect((await padding())[1]).toBe('7px');
      await shadow(page).locator('.x').click();
      await shadow(page).waitFor({ state: 'detached' });
      expect(await padding()).toEqual(['', '7px']);
    } finally {
      await context.close();
    }
  });

  it.each(['stars', 'nps'])(
    'a %s popover stays inside the viewport on the rating and the comment step',
    async (scale) => {
      const { page, context } = await openWith(
        '<p style="height:170px">Text above.</p><button id="a">Rate us</button><p style="height:600px"></p>',
        ZOOM_400,
      );
      try {
        await page.evaluate(() => scrollTo(0, 0));
        await page.click('#a');
        await startAsk(page, { survey: 'zoom-pop-' + scale, anchor: '#a', comment: 'always', scale });
        const panel = await settled(page);
        await shadow(page).locator('[data-placed]').waitFor();
        const inside = async () => {
          const p = await rect(panel);
          return { top: p.y >= 0, left: p.x >= 0, bottom: p.y + p.height <= 256.5, right: p.x + p.width <= 320.5 };
        };
        const all = { top: true, left: true, bottom: true, right: true };
        await expect.poll(inside).toEqual(all);
        await shadow(page).getByRole('radio').first().click();
        await shadow(page).locator('textarea').waitFor();
        await expect.poll(inside).toEqual(all);
        // The whole comment step can be reached: it scrolls inside the panel when it is taller.
        await shadow(page).getByRole('button', { name: 'Send' }).scrollIntoViewIfNeeded();
        const send = await rect(shadow(page).getByRole('button', { name: 'Send' }));
        expect(send.y).toBeGreaterThanOrEqual(0);
        expect(send.y + send.height).toBeLessThanOrEqual(256.5);
      } finally {
        await context.close();
      }
    },
  );
});

describe('small screens', () => {
  it.each([
    ['nps', 11],
    [{ type: 'numeric', min: 1, max: 10 }, 10],
    ['ces', 7],
  ])('on a 390 px phone the points of %j have one width, in rows of near-equal length', async (scale, count) => {
    const { page, context } = await openWith('<p>Page</p>', TOUCH);
    try {
      await startAsk(page, { survey: 'grid', scale });
      await settled(page);
      const boxes = await shadow(page)
        .getByRole('radio')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as Rect));
      expect(boxes).toHaveLength(count);
      const widths = boxes.map((b) => b.width);
      expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(0.5);
      const rows = new Map<number, number>();
      for (const b of boxes) rows.set(Math.round(b.y), (rows.get(Math.round(b.y)) ?? 0) + 1);
      const lengths = [...rows.values()];
      expect(Math.max(...lengths) - Math.min(...lengths), lengths.join(' + ')).toBeLessThanOrEqual(1);
      for (const b of boxes) expect(b.height).toBeGreaterThanOrEqual(44);
    } finally {
      await context.close();
    }
  });

  it('on a page wider than the screen the bottom sheet is as wide as the screen, and its text fits', async () => {
    const { page, context } = await openWith(
      '<div style="width:3000px;height:40px;background:#eee">Wide table</div>',
      TOUCH,
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
    );
    try {
      await startAsk(page, { survey: 'wide', scale: 'nps' });
      const panel = await settled(page);
      const screen = await page.evaluate(() => visualViewport!.width);
      const p = await rect(panel);
      expect(p.width).toBeLessThanOrEqual(screen + 0.5);
      expect(p.x).toBeGreaterThanOrEqual(-0.5);
      const q = await rect(shadow(page).locator('.q'));
      expect(q.x + q.width).toBeLessThanOrEqual(screen);
      const last = await rect(shadow(page).getByRole('radio').last());
      expect(last.x + last.width).toBeLessThanOrEqual(screen);
    } finally {
      await context.close();
    }
  });
});

describe('forced colours (Windows High Contrast)', () => {
  const SYSTEM = new Set<string>();

  it.each([
    ['stars', 'stars'],
    ['smileys', { type: 'smileys', points: 5 }],
    ['numbers', 'numeric'],
  ])('the chosen %s point uses system colours only and stands out 3:1', async (_, scale) => {
    const { page, context } = await openWith('<p>Page</p>', {}, '<style>csat-widget{--csat-accent:#e11d48}</style>');
    try {
      await page.emulateMedia({ forcedColors: 'active' });
      // What the system colours resolve to here: Canvas, CanvasText, Highlight, HighlightText…
      const system = await page.evaluate(() =>
        ['Canvas', 'CanvasText', 'Highlight', 'HighlightText', 'ButtonFace', 'ButtonText', 'LinkText', 'GrayText'].map(
          (c) => {
            const d = document.createElement('div');
            d.style.color = c;
            document.body.append(d);
            const v = getComputedStyle(d).color;
            d.remove();
            return v;
          },
        ),
      );
      system.forEach((c) => SYSTEM.add(c));
      await startAsk(page, { survey: 'forced', scale, comment: 'always' });
      await settled(page);
      const points = shadow(page).getByRole('radio');
      await points.nth(1).focus();
      await page.keyboard.press('Home'); // checks the first point without picking
      await page.keyboard.press('ArrowRight'); // the second, which is not at the edge
      const look = await points.nth(1).evaluate((el) => {
        const s = getComputedStyle(el);
        const shape = el.querySelector('path, circle');
        const svg = shape && getComputedStyle(shape);
        return {
          bg: s.backgroundColor,
          color: s.color,
          fill: svg?.fill,
          stroke: svg?.stroke,
        };
      });
      // Everything drawn is a system colour (the accent, amber and brand colours are gone).
      expect(system).toContain(look.bg);
      expect(system).toContain(look.color);
      if (look.stroke) expect(system).toContain(look.stroke);
      if (look.fill && look.fill !== 'none') expect(system).toContain(look.fill);
      // The glyph (or digit) stands out against the chosen point's background.
      const ink = look.stroke ?? look.color;
      expect(contrast(ink, look.bg)).toBeGreaterThanOrEqual(3);
      if (look.fill && look.fill !== 'none') expect(contrast(look.fill, look.bg)).toBeGreaterThanOrEqual(3);
    } finally {
      await context.close();
    }
  });
});

describe("the browser's text size", () => {
  it("follows the person's default font size, but not the page's root font-size", async () => {
    const sizes = async (fontSize?: number, head = '') => {
      const { page, context } = await openWith('<p>Page</p>', {}, head);
      try {
        if (fontSize) {
          // The "Font size" setting of the browser (chrome://settings/fonts).
          const cdp = await context.newCDPSession(page);
          await cdp.send('Page.setFontSizes', { fontSizes: { standard: fontSize, fixed: fontSize } });
        }
        await startAsk(page, { survey: 'text-size', scale: 'numeric' });
        await settled(page);
        const px = (l: Locator) => l.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
        return {
          question: await px(shadow(page).locator('.q')),
          point: await px(shadow(page).getByRole('radio').first()),
          ends: await px(shadow(page).locator('[part~=ends]')),
        };
      } finally {
        await context.close();
      }
    };
    const normal = await sizes();
    const large = await sizes(24);
    expect(large.question).toBeCloseTo(normal.question * 1.5, 0);
    expect(large.point).toBeCloseTo(normal.point * 1.5, 0);
    expect(large.ends).toBeCloseTo(normal.ends * 1.5, 0);
    // A page that shrinks its rem (`html { font-size: 62.5% }`) does not shrink the question.
    expect(await sizes(undefined, '<style>html{font-size:62.5%}</style>')).toEqual(normal);
  });

  it('names the end labels, caption, counter and comment label as parts', async () => {
    const { page, context } = await openWith('<p>Page</p>');
    try {
      await startAsk(page, { survey: 'parts-nps', scale: 'nps' });
      await settled(page);
      expect(await shadow(page).locator('[part~=ends]').count()).toBe(1);
      await shadow(page).locator('.x').click();
      await startAsk(page, { survey: 'parts-stars', comment: 'always', commentMaxLength: 60 });
      await settled(page);
      // The caption (the hovered point's label) and the counter (near the limit) take no room
      // until they have something to say.
      await shadow(page).getByRole('radio').nth(1).hover();
      expect(await shadow(page).locator('[part~=caption]').count()).toBe(1);
      await shadow(page).getByRole('radio').first().click();
      await shadow(page).locator('textarea').fill('x');
      expect(await shadow(page).locator('[part~=comment-label]').textContent()).toBeTruthy();
      expect(await shadow(page).locator('[part~=counter]').count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});

describe('theme contrast', () => {
  it('a light accent gets dark text, and an accent that vanishes on the background is reported once', async () => {
    const { page, context, logs } = await openWith('<p>Page</p>');
    try {
      await startAsk(page, { survey: 'yellow', scale: 'numeric', comment: 'always', theme: { accent: '#ffcc00' } });
      await settled(page);
      const point = shadow(page).getByRole('radio').nth(2);
      await point.click();
      const primary = shadow(page).locator('.primary');
      const [bg, fg] = await primary.evaluate((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]);
      expect(bg).toBe('rgb(255, 204, 0)');
      expect(fg).toBe('rgb(0, 0, 0)');
      expect(contrast(fg!, bg!)).toBeGreaterThanOrEqual(4.5);
      const warnings = logs.filter((l) => l.type === 'warning' && l.text.startsWith('[csat]'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.text).toMatch(/#ffcc00.*#fff.*1\.\d+:1/i);
    } finally {
      await context.close();
    }
  });

  it('theme.onAccent sets the text on the accent, and a failing pair is reported with its ratio', async () => {
    const { page, context, logs } = await openWith('<p>Page</p>');
    try {
      await startAsk(page, {
        survey: 'on-accent',
        comment: 'always',
        theme: { accent: '#1d4ed8', onAccent: '#ff0000', background: '#ffffff' },
      });
      await settled(page);
      await shadow(page).getByRole('radio').first().click();
      expect(
        await shadow(page)
          .locator('.primary')
          .evaluate((e) => getComputedStyle(e).color),
      ).toBe('rgb(255, 0, 0)');
      const warnings = logs.filter((l) => l.type === 'warning' && l.text.startsWith('[csat]'));
      expect(warnings.map((w) => w.text)).toEqual([
        expect.stringMatching(/onAccent #ff0000 on accent #1d4ed8.*1\.\d+:1/),
      ]);
    } finally {
      await context.close();
    }
  });

  it('the script tag takes data-theme-on-accent', async () => {
    const path = '/on-accent-tag';
    env.server.page(
      path,
      html(
        '<p>Page</p>' + scriptTag({ endpoint: '/api/csat', 'theme-accent': '#000080', 'theme-on-accent': '#ffff00' }),
      ),
    );
    const { page } = await env.open(path);
    await startAsk(page, { survey: 'tag', comment: 'always' });
    await settled(page);
    await shadow(page).getByRole('radio').first().click();
    expect(
      await shadow(page)
        .locator('.primary')
        .evaluate((e) => getComputedStyle(e).color),
    ).toBe('rgb(255, 255, 0)');
  });
});

describe('chosen and focused', () => {
  it.each(['stars', 'numeric'])('on %s the chosen point and the focused point look different', async (scale) => {
    const { page, context } = await openWith('<button id="b">B</button>');
    try {
      await startAsk(page, { survey: 'sel-focus', scale, comment: 'always' });
      await settled(page);
      await page.focus('#b');
      await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight'); // a point checked by keyboard, and focused
      const chosenPoint = shadow(page).locator('[role=radio][aria-checked=true]');
      const plainPoint = shadow(page).locator('[role=radio][aria-checked=false]').last();
      const style = (l: Locator) =>
        l.evaluate((e) => {
          const s = getComputedStyle(e);
          return { outline: s.outlineStyle, bg: s.backgroundColor, shadow: s.boxShadow };
        });
      const chosenAndFocused = await style(chosenPoint);
      // Focus leaves the scale: the chosen point is drawn without a focus ring.
      await page.keyboard.press('Tab');
      const chosen = await style(chosenPoint);
      const plain = await style(plainPoint);
      expect(chosen.outline).toBe('none');
      expect(chosenAndFocused.outline).toBe('solid');
      // Chosen is shown by a fill or mark of its own, not by a ring like focus.
      expect(chosen.bg !== plain.bg || chosen.shadow !== plain.shadow).toBe(true);
    } finally {
      await context.close();
    }
  });
});

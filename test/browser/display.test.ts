// Display modes in real Chromium: where each one appears, how it follows the page, who gets
// focus, how it leaves; motion, forced colours, narrow screens and zoom; the six languages.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { askResult, focused, html, scriptTag, shadow, startAsk, useBrowser, quiet } from './harness';

const env = useBrowser();

/** The panel once its entrance animation has ended. */
async function settled(page: Page): Promise<Locator> {
  const panel = shadow(page).locator('.panel');
  await panel.waitFor();
  await panel.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
  return panel;
}

async function openPage(body: string, path = '/display', head = '') {
  env.server.page(path, html(body + scriptTag(), head));
  return env.open(path);
}

const box = async (l: Locator) => (await l.boundingBox())!;
const inViewport = (b: { x: number; y: number; width: number; height: number }, w: number, h: number) =>
  b.x >= 0 && b.y >= 0 && b.x + b.width <= w + 0.5 && b.y + b.height <= h + 0.5;

describe('popover', () => {
  const TALL =
    '<div style="height:3000px;padding-top:300px"><button id="a" style="margin-left:40px">Rate</button></div>';

  it('sits next to its anchor, takes focus, follows scrolling, and gives focus back on close', async () => {
    const { page } = await openPage(TALL);
    await page.focus('#a');
    await startAsk(page, { survey: 'pop', anchor: '#a' });
    const panel = await settled(page);
    const anchor = await box(page.locator('#a'));
    let p = await box(panel);
    expect(p.y).toBeCloseTo(anchor.y + anchor.height + 8, 0);
    // Opened by the person's action: focus moved to the scale.
    expect(await focused(page)).toMatchObject({ inWidget: true, role: 'radio' });

    await page.mouse.wheel(0, 200);
    await page.waitForFunction(() => scrollY === 200);
    await expect
      .poll(async () => (await box(panel)).y - (await box(page.locator('#a'))).y)
      .toBeCloseTo(anchor.height + 8, 0);
    p = await box(panel);
    expect(p.y).toBeCloseTo(anchor.y - 200 + anchor.height + 8, 0);

    await page.keyboard.press('Escape');
    await shadow(page).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('a');
  });

  it('flips and shifts to stay on screen next to an anchor at the bottom-right edge', async () => {
    const { page } = await openPage(
      '<button id="edge" style="position:fixed;right:0;bottom:0;width:60px;height:30px">Rate</button>',
    );
    await startAsk(page, { survey: 'pop-edge', anchor: '#edge', scale: 'nps' });
    const panel = await settled(page);
    const p = await box(panel);
    const a = await box(page.locator('#edge'));
    expect(inViewport(p, 1280, 720)).toBe(true);
    expect(p.y + p.height).toBeLessThanOrEqual(a.y); // flipped above the anchor
    // Resizing the window keeps it on screen.
    await page.setViewportSize({ width: 700, height: 500 });
    await expect.poll(async () => inViewport(await box(panel), 700, 500)).toBe(true);
  });

  it('flips above when the anchor scrolls near the bottom, and back below when there is room again', async () => {
    const { page } = await openPage('<div style="height:3000px;padding-top:600px"><button id="a">Rate</button></div>');
    await startAsk(page, { survey: 'pop-flip', anchor: '#a', scale: 'nps' });
    const panel = await settled(page);
    const side = async () => ((await box(panel)).y < (await box(page.locator('#a'))).y ? 'above' : 'below');
    expect(await side()).toBe('above');
    expect(inViewport(await box(panel), 1280, 720)).toBe(true);
    await page.evaluate(() => scrollTo(0, 500));
    await expect.poll(side).toBe('below');
    expect(inViewport(await box(panel), 1280, 720)).toBe(true);
  });

  it('without the popover API, inside a transformed ancestor, still sits below its anchor', async () => {
    // Without the top layer, a transformed ancestor is the containing block of the fixed panel,
    // so coordinates measured against the viewport would land it off by the ancestor's offset.
    env.server.page(
      '/no-popover-api',
      html(
        '<div style="transform:translateX(0);margin:150px 0 0 120px;padding:30px"><button id="a">Rate</button></div>' +
          scriptTag(),
      ),
    );
    env.server.page('/blank', html('<p>blank</p>'));
    const { page } = await env.open('/blank');
    // A browser without the popover API: no methods, and a `popover` attribute that means nothing
    // (kept off the element here, since Chromium's own stylesheet would hide it).
    await page.addInitScript(() => {
      const proto = HTMLElement.prototype as Partial<HTMLElement>;
      delete proto.showPopover;
      delete proto.hidePopover;
      delete proto.togglePopover;
      const setAttribute = Element.prototype.setAttribute;
      Element.prototype.setAttribute = function (name: string, value: string) {
        if (name !== 'popover') setAttribute.call(this, name, value);
      };
    });
    await page.goto(env.server.origin + '/no-popover-api');
    expect(await page.evaluate(() => 'showPopover' in HTMLElement.prototype)).toBe(false);
    await startAsk(page, { survey: 'pop-transformed', anchor: '#a' });
    const panel = await settled(page);
    await shadow(page).locator('[data-placed]').waitFor();
    const a = await box(page.locator('#a'));
    const p = await box(panel);
    expect(p.y).toBeCloseTo(a.y + a.height + 8, 0);
    expect(p.x).toBeGreaterThanOrEqual(8);
    expect(p.x).toBeLessThanOrEqual(a.x + a.width);
    expect(inViewport(p, 1280, 720)).toBe(true);
  });

  it('falls back to a toast with a warning when the anchor is missing', async () => {
    const { page, logs } = await openPage('<p>No anchor here</p>');
    await startAsk(page, { survey: 'pop-missing', anchor: '#nope' });
    const panel = await settled(page);
    expect(await panel.getAttribute('data-display')).toBe('toast');
    expect(logs.some((l) => l.type === 'warning' && l.text.includes('"#nope" not found'))).toBe(true);
  });
});

describe('toast', () => {
  it('never takes focus, is announced politely, and typing in the page goes on', async () => {
    const { page } = await openPage('<label>Name <input id="name"></label>');
    await page.focus('#name');
    await page.keyboard.type('Ann');
    await startAsk(page, { survey: 'toast-focus' });
    await settled(page);
    await page.keyboard.type('ie');
    expect(await page.inputValue('#name')).toBe('Annie');
    expect(await focused(page)).toMatchObject({ tag: 'input', inWidget: false });
    // The live region existed first, then received the question.
    await expect.poll(() => shadow(page).getByRole('status').textContent()).toBe('How would you rate your experience?');
  });

  it('queues a second ask until the first closes, instead of stacking', async () => {
    const { page } = await openPage('<p>Page</p>');
    await startAsk(page, { survey: 'toast-q1', question: 'First?' }, 'one');
    await startAsk(page, { survey: 'toast-q2', question: 'Second?' }, 'two');
    await settled(page);
    await quiet(page);
    expect(await page.locator('csat-widget').count()).toBe(1);
    expect(await shadow(page).locator('.q').textContent()).toBe('First?');
    await shadow(page).locator('.x').click();
    expect((await askResult(page, 'one')).value).toBeNull();
    await expect.poll(() => shadow(page).locator('.q').textContent()).toBe('Second?');
    expect(await page.locator('csat-widget').count()).toBe(1);
  });

  it.each([
    ['bottom-right', 'en', 'right', 'bottom'],
    ['top-left', 'en', 'left', 'top'],
    ['bottom-right', 'ar', 'left', 'bottom'], // mirrored right-to-left
    ['top-left', 'ar', 'right', 'top'],
  ])('%s in %s sits at the %s %s, 16 px in', async (position, locale, side, edge) => {
    const { page } = await openPage('<p>Page</p>');
    await startAsk(page, { survey: 'toast-pos', position, locale });
    const p = await box(await settled(page));
    expect(side === 'right' ? 1280 - (p.x + p.width) : p.x).toBeCloseTo(16, 0);
    expect(edge === 'bottom' ? 720 - (p.y + p.height) : p.y).toBeCloseTo(16, 0);
  });

  it("is drawn above the page's own top overlay and a transformed <body> cannot move it", async () => {
    const { page } = await openPage(
      `<div id="overlay" style="position:fixed;inset:0;z-index:2147483647;background:#0002"></div>
       <div style="height:3000px"></div>`,
      '/overlay',
      '<style>body{transform:translateZ(0)}</style>',
    );
    await page.evaluate(() => scrollTo(0, 1000));
    await startAsk(page, { survey: 'toast-top', zIndex: 5 });
    const p = await box(await settled(page));
    expect(720 - (p.y + p.height)).toBeCloseTo(16, 0);
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.localName,
      [p.x + p.width / 2, p.y + 10],
    );
    expect(hit).toBe('csat-widget');
  });
});

describe('modal', () => {
  it('takes and keeps focus, locks page scroll, closes on Escape and gives focus back', async () => {
    const { page } = await openPage('<button id="open">Open</button><div style="height:3000px"></div>');
    await page.focus('#open');
    await startAsk(page, { survey: 'modal', display: 'modal' });
    await settled(page);
    expect(await focused(page)).toMatchObject({ inWidget: true, role: 'radio' });
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect((await focused(page)).inWidget).toBe(true);
    }
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe('hidden');
    // The page behind is covered by the backdrop.
    expect(await page.evaluate(() => document.elementFromPoint(20, 10)?.localName)).toBe('csat-widget');

    await page.keyboard.press('Escape');
    await shadow(page).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('open');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe('visible');
    expect((await askResult(page)).value).toBeNull();
  });
});

describe('inline', () => {
  it('renders in the page flow inside its container, without focus or overlay', async () => {
    const { page } = await openPage(
      '<button id="b">B</button><article><div id="box"></div><p id="after">After</p></article>',
    );
    await page.focus('#b');
    await startAsk(page, { survey: 'inline', display: 'inline', container: '#box' });
    const panel = await settled(page);
    expect(await page.locator('#box csat-widget').count()).toBe(1);
    expect(await panel.evaluate((el) => el.matches(':popover-open'))).toBe(false);
    const after = await box(page.locator('#after'));
    expect(after.y).toBeGreaterThanOrEqual((await box(panel)).y + (await box(panel)).height);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('b');
  });
});

describe('focus and the thank-you', () => {
  it('a keyboard pick keeps focus in the widget, which stays open while it has it', async () => {
    const { page } = await openPage('<button id="b">B</button>');
    await startAsk(page, { survey: 'kb-hold', comment: 'never' });
    await settled(page);
    await page.focus('#b');
    await page.keyboard.press('Tab');
    await page.keyboard.press('End');
    // The thank-you's timers run on a fake clock, taken well past the 2.5 s auto-close.
    await page.clock.install();
    await page.keyboard.press('Enter');
    await shadow(page).locator('.done').waitFor();
    expect((await focused(page)).inWidget).toBe(true);
    await page.clock.runFor(10_000);
    // Closing starts by marking the host (its exit animation then plays): it never started.
    expect(await page.locator('csat-widget:not([data-out])').count()).toBe(1);
    await page.clock.resume();
    // Escape closes it and focus goes back to where it was in the page.
    await page.keyboard.press('Escape');
    await shadow(page).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('b');
  });

  it('after a mouse pick it closes by itself once the pointer leaves', async () => {
    const { page } = await openPage('<p>Page</p>');
    await startAsk(page, { survey: 'mouse-close', comment: 'never' });
    await settled(page);
    await shadow(page).getByRole('radio').nth(3).click();
    await page.mouse.move(5, 5);
    await shadow(page).waitFor({ state: 'detached', timeout: 6000 });
  });
});

describe('motion', () => {
  it('enters and leaves with an animation', async () => {
    const { page } = await openPage('<p>Page</p>');
    await startAsk(page, { survey: 'motion' });
    const panel = shadow(page).locator('.panel');
    await panel.waitFor();
    // The style, not getAnimations(): on a busy machine the 0.2 s animation may be over already.
    expect(await panel.evaluate((el) => getComputedStyle(el).animationName)).toBe('csat-in');
    await settled(page);
    await shadow(page).locator('.x').click();
    expect(await page.locator('csat-widget[data-out]').count()).toBe(1);
    await shadow(page).waitFor({ state: 'detached' });
  });

  it('with prefers-reduced-motion: no animation, and it is gone at once', async () => {
    const { page } = await openPage('<p>Page</p>');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await startAsk(page, { survey: 'still' });
    const panel = shadow(page).locator('.panel');
    await panel.waitFor();
    expect(await panel.evaluate((el) => [el.getAnimations().length, getComputedStyle(el).animationName])).toEqual([
      0,
      'none',
    ]);
    await page.evaluate(() => {
      document.querySelector('csat-widget')!.shadowRoot!.querySelector<HTMLElement>('.x')!.click();
      (window as unknown as { gone: boolean }).gone = !document.querySelector('csat-widget');
    });
    expect(await page.evaluate(() => (window as unknown as { gone: boolean }).gone)).toBe(true);
  });
});

describe('forced colours (Windows High Contrast)', () => {
  it('shows the chosen point by shape and system colours', async () => {
    const { page } = await openPage('<p>Page</p>');
    await page.emulateMedia({ forcedColors: 'active' });
    await startAsk(page, { survey: 'forced', comment: 'always' });
    await settled(page);
    const stars = shadow(page).getByRole('radio');
    await stars.nth(2).focus();
    await page.keyboard.press('Home'); // checks 1 without picking
    const style = (i: number) =>
      stars.nth(i).evaluate((el) => {
        const s = getComputedStyle(el);
        return {
          fill: getComputedStyle(el.querySelector('path')!).fill,
          outline: s.outlineStyle + ' ' + s.outlineWidth,
        };
      });
    const on = await style(0);
    const off = await style(4);
    expect(on.fill).not.toBe(off.fill); // filled vs outline
    expect(on.outline).toBe('solid 2px');
  });
});

describe('narrow screens and zoom', () => {
  it.each([
    ['320 px wide', 320, 640],
    ['400 % zoom of 1280×720', 320, 180],
  ])('%s: every display fits without horizontal scrolling, targets stay ≥ 24 px', async (_, width, height) => {
    const { page } = await openPage('<button id="a">Rate</button><div id="box"></div>');
    await page.setViewportSize({ width, height });
    for (const display of ['toast', 'popover', 'modal', 'inline']) {
      await startAsk(page, { survey: 'narrow-' + display, display, anchor: '#a', container: '#box', scale: 'nps' });
      const panel = await settled(page);
      const p = await box(panel);
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x + p.width).toBeLessThanOrEqual(width + 0.5);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await panel.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      for (const b of await shadow(page)
        .getByRole('radio')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()))) {
        expect(b.width).toBeGreaterThanOrEqual(24);
        expect(b.height).toBeGreaterThanOrEqual(24);
      }
      await shadow(page).locator('.x').click();
      await shadow(page).waitFor({ state: 'detached' });
    }
  });
});

describe('languages', () => {
  it.each([
    ['de', 'Wie bewerten Sie Ihre Erfahrung?', '4 von 5, Zufrieden', 'ltr'],
    ['fr', 'Comment évaluez-vous votre expérience\u202f?', '4 sur 5, Satisfait', 'ltr'],
    ['es', '¿Cómo calificaría su experiencia?', '4 de 5, Satisfecho', 'ltr'],
    ['nl', 'Hoe beoordeelt u uw ervaring?', '4 van 5, Tevreden', 'ltr'],
    ['ar', 'كيف تقيّم تجربتك؟', '{4} من {5}، راضٍ', 'rtl'],
  ])('%s: question, point names, lang and dir', async (locale, question, name, dir) => {
    const { page } = await openPage('<p>Page</p>');
    await startAsk(page, { survey: 'lang-' + locale, locale });
    const panel = await settled(page);
    expect(await panel.getAttribute('lang')).toBe(locale);
    expect(await panel.getAttribute('dir')).toBe(dir);
    expect(await shadow(page).locator('.q').textContent()).toBe(question);
    // Digits as Intl writes them for the locale (Arabic-Indic where the browser's data says so).
    const digits = await page.evaluate((l) => [4, 5].map((n) => new Intl.NumberFormat(l).format(n)), locale);
    const expected = name.replace('{4}', digits[0]!).replace('{5}', digits[1]!);
    expect(await shadow(page).getByRole('radio').nth(3).getAttribute('aria-label')).toBe(expected);
  });

  it.each([
    ['en', 1, '1 character left'],
    ['en', 2, '2 characters left'],
    ['ar', 2, 'تبقّى حرفان'],
    ['ar', 5, 'تبقّت {5} أحرف'],
  ])('%s: %i left reads %s (Intl.PluralRules)', async (locale, left, text) => {
    const { page } = await openPage('<p>Page</p>');
    await startAsk(page, { survey: 'plural-' + locale + left, locale, commentMaxLength: 20, comment: 'always' });
    await settled(page);
    await shadow(page).getByRole('radio').first().click();
    await shadow(page)
      .locator('textarea')
      .fill('x'.repeat(20 - left));
    const n = await page.evaluate(([l, k]) => new Intl.NumberFormat(l).format(k), [locale, left] as const);
    expect(await shadow(page).locator('.count').textContent()).toBe(text.replace('{5}', n));
  });
});

describe('focus ring and touch screens', () => {
  it('every control shows a visible focus ring when reached by keyboard', async () => {
    const { page } = await openPage('<button id="b">B</button>');
    await startAsk(page, { survey: 'ring', comment: 'always' });
    await settled(page);
    await page.focus('#b');
    await page.keyboard.press('Tab'); // the scale
    await page.keyboard.press('Enter'); // picks 1 → comment step, focus on the box
    const rings: string[] = [];
    for (let i = 0; i < 4; i++) {
      rings.push(
        await page.evaluate(() => {
          const el = document.querySelector('csat-widget')!.shadowRoot!.activeElement!;
          const s = getComputedStyle(el);
          return `${el.localName}.${el.className}: ${s.outlineStyle} ${s.outlineWidth}`;
        }),
      );
      await page.keyboard.press('Tab');
    }
    expect(rings).toEqual([
      'textarea.: solid 2px',
      'button.: solid 2px',
      'button.primary: solid 2px',
      'button.x: solid 2px',
    ]);
  });

  it('on a touch screen: 44 px targets, and the comment box is not focused for you', async () => {
    const context = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const page = await context.newPage();
      env.server.page('/touch', html('<p>Page</p>' + scriptTag()));
      await page.goto(env.server.origin + '/touch');
      expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
      await startAsk(page, { survey: 'touch', comment: 'always', scale: 'numeric' });
      await settled(page);
      for (const b of await shadow(page)
        .locator('button')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()))) {
        expect(Math.min(b.width, b.height)).toBeGreaterThanOrEqual(44);
      }
      await shadow(page).getByRole('radio').first().tap();
      await shadow(page).locator('textarea').waitFor();
      expect(await focused(page)).toMatchObject({ inWidget: true, tag: 'section' });
    } finally {
      await context.close();
    }
  });
});

describe('::part', () => {
  it('lets the page restyle every named part through the shadow boundary', async () => {
    const { page } = await openPage(
      '<p>Page</p>',
      '/parts',
      `<style>
        csat-widget::part(question) { color: rgb(1, 2, 3); }
        csat-widget::part(point-selected) { outline-color: rgb(4, 5, 6); }
        csat-widget::part(comment) { background-color: rgb(7, 8, 9); }
        csat-widget::part(button-primary) { border-radius: 3px; }
      </style>`,
    );
    await startAsk(page, { survey: 'parts', comment: 'always' });
    await settled(page);
    const parts = () =>
      shadow(page)
        .locator('[part]')
        .evaluateAll((els) => els.flatMap((e) => e.getAttribute('part')!.split(' ')));
    expect(await parts()).toEqual(expect.arrayContaining(['panel', 'question', 'scale', 'point', 'close']));
    expect(
      await shadow(page)
        .locator('.q')
        .evaluate((e) => getComputedStyle(e).color),
    ).toBe('rgb(1, 2, 3)');
    await shadow(page).getByRole('radio').first().focus();
    await page.keyboard.press('Home');
    expect(
      await shadow(page)
        .locator('[part~=point-selected]')
        .evaluate((e) => getComputedStyle(e).outlineColor),
    ).toBe('rgb(4, 5, 6)');
    await page.keyboard.press('Enter');
    await shadow(page).locator('textarea').waitFor();
    expect(await parts()).toEqual(expect.arrayContaining(['comment', 'button', 'button-primary']));
    expect(
      await shadow(page)
        .locator('textarea')
        .evaluate((e) => getComputedStyle(e).backgroundColor),
    ).toBe('rgb(7, 8, 9)');
    expect(
      await shadow(page)
        .locator('.primary')
        .evaluate((e) => getComputedStyle(e).borderRadius),
    ).toBe('3px');
    await shadow(page).locator('.primary').click();
    expect(await parts()).toContain('thanks');
  });
});

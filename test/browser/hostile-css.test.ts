// Isolation in real Chromium: a page whose CSS attacks everything with !important must not break
// the widget, and the widget's own CSS must not reach the page.
import { describe, expect, it } from 'vitest';
import { askResult, html, scriptTag, shadow, startAsk, useBrowser } from './harness';

const env = useBrowser();

const HOSTILE = `<style>
  * { color: red !important; font-size: 40px !important; display: block !important; background: lime !important;
      line-height: 0 !important; border: 5px solid red !important }
  button, div, svg { width: 999px !important; visibility: hidden !important; }
  html { font-size: 10px !important; font-family: 'Comic Sans MS', cursive !important; letter-spacing: 5px !important;
         text-shadow: 1px 1px #000 !important; text-transform: uppercase !important; direction: rtl !important }
  body { line-height: 3 !important; cursor: wait !important }
  csat-widget { display: none !important }
</style>`;

/** The question panel as drawn: sizes of the panel, a point and the question text, and its font. */
async function measure(page: import('playwright-core').Page) {
  const widget = shadow(page);
  const panel = widget.locator('.panel');
  await panel.waitFor();
  await panel.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
  const size = async (l: import('playwright-core').Locator) => {
    const b = (await l.boundingBox())!;
    return [Math.round(b.width), Math.round(b.height)];
  };
  const text = await widget.locator('.q').evaluate((el) => {
    const s = getComputedStyle(el);
    return [s.fontSize, s.lineHeight, s.fontFamily, s.letterSpacing, s.textShadow, s.textTransform, s.direction];
  });
  return { panel: await size(panel), point: await size(widget.getByRole('radio').first()), text };
}

describe('hostile page CSS', () => {
  it('draws the question exactly as on a page without any CSS', async () => {
    env.server.page('/clean', html('<p>Shop</p>' + scriptTag()));
    env.server.page('/hostile-same', html('<p>Shop</p>' + scriptTag(), HOSTILE));
    const clean = await env.open('/clean');
    await startAsk(clean.page, { survey: 'same' });
    const baseline = await measure(clean.page);
    const hostile = await env.open('/hostile-same');
    // The attack is in force on the page itself.
    expect(await hostile.page.locator('p').evaluate((el) => getComputedStyle(el).fontSize)).toBe('40px');
    await startAsk(hostile.page, { survey: 'same' });
    expect(await measure(hostile.page)).toEqual(baseline);
  });

  it('data-attribute questions hold up too: inline and popover', async () => {
    env.server.page(
      '/hostile-triggers',
      html(
        '<div id="inline" data-csat-inline="hostile-inline"></div><button id="b" data-csat-survey="hostile-b">Rate</button>' +
          scriptTag(),
        HOSTILE,
      ),
    );
    const { page } = await env.open('/hostile-triggers');
    const inline = page.locator('#inline csat-widget');
    await inline.getByRole('radio').first().waitFor();
    expect(await inline.getByRole('radio').first().isVisible()).toBe(true);
    // The page hides its own buttons (`button { visibility: hidden }`), so this one is clicked by script.
    await page.locator('#b').dispatchEvent('click');
    const popover = page.locator('body > csat-widget');
    const star = popover.getByRole('radio', { name: '4 of 5, Satisfied' });
    await star.waitFor();
    const b = (await star.boundingBox())!;
    expect(b.width).toBeGreaterThanOrEqual(24);
    await star.click();
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toMatchObject({ survey: 'hostile-b', score: 4 });
  });

  it('keeps the widget visible, usable and inside the viewport', async () => {
    env.server.page('/hostile', html('<p>Shop</p>' + scriptTag(), HOSTILE));
    const { page } = await env.open('/hostile');
    // The attack is in force on the page itself.
    expect(await page.locator('p').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 0, 0)');
    await startAsk(page, { survey: 'hostile' });
    const widget = shadow(page);
    const panel = widget.locator('.panel');
    await panel.waitFor();
    await panel.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));

    const viewport = page.viewportSize()!;
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);

    const radios = widget.getByRole('radio');
    expect(await radios.count()).toBe(5);
    for (let i = 0; i < 5; i++) {
      const radio = radios.nth(i);
      expect(await radio.isVisible(), `point ${i + 1} visible`).toBe(true);
      const b = (await radio.boundingBox())!;
      expect(b.width, `point ${i + 1} width`).toBeGreaterThanOrEqual(24);
      expect(b.height, `point ${i + 1} height`).toBeGreaterThanOrEqual(24);
      expect(b.x).toBeGreaterThanOrEqual(box.x);
      expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width);
      // The icon inside is drawn, not hidden by `svg { visibility: hidden }`.
      expect(await radio.locator('svg').evaluate((s) => getComputedStyle(s).visibility)).toBe('visible');
    }

    const question = widget.locator('.q');
    const style = await question.evaluate((el) => {
      const s = getComputedStyle(el);
      return { color: s.color, fontSize: s.fontSize, lineHeight: s.lineHeight, visibility: s.visibility };
    });
    expect(style.color).not.toBe('rgb(255, 0, 0)');
    expect(style.fontSize).not.toBe('40px');
    expect(style.lineHeight).not.toBe('0px');
    expect(style.visibility).toBe('visible');
    // The host element itself is not turned into a lime 999px block with a red border.
    const hostStyle = await widget.evaluate((el) => {
      const s = getComputedStyle(el);
      return { bg: s.backgroundColor, border: s.borderTopWidth };
    });
    expect(hostStyle.bg).not.toBe('rgb(0, 255, 0)');
    expect(hostStyle.border).toBe('0px');

    await page.getByRole('radio', { name: '4 of 5, Satisfied' }).click();
    await expect(askResult(page)).resolves.toMatchObject({ value: { score: 4 } });
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toMatchObject({ survey: 'hostile', score: 4 });
  });

  it('keeps the comment step usable', async () => {
    env.server.page('/hostile-comment', html(scriptTag(), HOSTILE));
    const { page } = await env.open('/hostile-comment');
    await startAsk(page, { survey: 'hostile-comment', comment: 'always' });
    await page.getByRole('radio', { name: '2 of 5, Dissatisfied' }).click();
    const widget = shadow(page);
    const box = widget.getByRole('textbox');
    expect(await box.isVisible()).toBe(true);
    await box.fill('Too slow');
    const send = widget.getByRole('button', { name: 'Send' });
    expect(await send.isVisible()).toBe(true);
    const b = (await send.boundingBox())!;
    expect(b.width).toBeGreaterThanOrEqual(24);
    expect(b.height).toBeGreaterThanOrEqual(24);
    expect(b.x + b.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    await send.click();
    await expect(askResult(page)).resolves.toMatchObject({ value: { score: 2, comment: 'Too slow' } });
    await env.server.waitForPosts(1);
  });

  it("does not leak the widget's CSS into the page", async () => {
    env.server.page(
      '/no-leak',
      html(
        '<div class="panel" id="host-panel">Page panel</div><button id="host-button">Page button</button>' +
          '<p class="q" id="host-q">Page text</p><svg id="host-svg" width="20" height="20"></svg>' +
          scriptTag(),
      ),
    );
    const { page } = await env.open('/no-leak');
    const PROPS = [
      'position',
      'display',
      'width',
      'padding-top',
      'border-top-width',
      'border-top-style',
      'border-radius',
      'background-color',
      'color',
      'font-family',
      'font-size',
      'font-weight',
      'box-shadow',
      'min-width',
      'min-height',
      'cursor',
      'z-index',
      'fill',
      'stroke',
      'box-sizing',
      'margin-top',
    ];
    const snapshot = () =>
      page.evaluate(
        (props) =>
          ['host-panel', 'host-button', 'host-q', 'host-svg'].map((id) => {
            const s = getComputedStyle(document.getElementById(id)!);
            return [id, Object.fromEntries(props.map((p) => [p, s.getPropertyValue(p)]))];
          }),
        PROPS,
      );
    const before = await snapshot();
    await startAsk(page, { survey: 'no-leak' });
    await shadow(page).getByRole('radio').first().waitFor();
    expect(
      await shadow(page)
        .locator('.panel')
        .evaluate((el) => getComputedStyle(el).position),
    ).toBe('fixed');
    const after = await snapshot();
    expect(after).toEqual(before);
    // And no stylesheet or <style> was added to the page's own document.
    expect(await page.evaluate(() => [document.styleSheets.length, document.adoptedStyleSheets.length])).toEqual([
      0, 0,
    ]);
  });
});

// Keyboard only, in real Chromium: the scale is one Tab stop, arrows move without picking,
// Home/End jump, Enter picks, the comment step is reachable, Escape closes.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { askResult, askState, focused, html, scriptTag, shadow, startAsk, tabToScale, useBrowser } from './harness';

const env = useBrowser();

/** A page with a button before the widget; focus starts on that button. */
async function openWithButton(options: Record<string, unknown>): Promise<Page> {
  env.server.page('/kb', html('<button id="before">Before</button>' + scriptTag()));
  const { page } = await env.open('/kb');
  await startAsk(page, options);
  await shadow(page).getByRole('radio').first().waitFor();
  await page.focus('#before');
  expect((await focused(page)).name).toBe('Before');
  return page;
}

const checked = (page: Page) =>
  shadow(page)
    .locator('[role=radio][aria-checked=true]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));

describe('keyboard', () => {
  it('Tab from the page lands on the scale, which is one Tab stop', async () => {
    const page = await openWithButton({ survey: 'kb-tab' });
    await page.keyboard.press('Tab');
    const first = await focused(page);
    expect(first).toMatchObject({ inWidget: true, role: 'radio', name: '1 of 5, Very dissatisfied' });
    // Nothing was checked or picked by arriving.
    expect(await checked(page)).toEqual([]);

    // The next Tab leaves the group: it reaches another control, not the next point.
    await page.keyboard.press('Tab');
    const next = await focused(page);
    expect(next).toMatchObject({ inWidget: true, tag: 'button' });
    expect(next.role).not.toBe('radio');
    // Shift+Tab comes back to the same single stop of the group.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ role: 'radio', name: '1 of 5, Very dissatisfied' });
  });

  it('arrows check without submitting; Home/End jump; Enter picks, resolves and POSTs', async () => {
    const page = await openWithButton({ survey: 'kb-arrows' });
    await tabToScale(page);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await checked(page)).toEqual(['3 of 5, Neutral']);
    expect(await focused(page)).toMatchObject({ role: 'radio', name: '3 of 5, Neutral' });

    await page.keyboard.press('ArrowLeft');
    expect(await checked(page)).toEqual(['2 of 5, Dissatisfied']);
    await page.keyboard.press('End');
    expect(await checked(page)).toEqual(['5 of 5, Very satisfied']);
    expect(await focused(page)).toMatchObject({ name: '5 of 5, Very satisfied' });
    await page.keyboard.press('Home');
    expect(await checked(page)).toEqual(['1 of 5, Very dissatisfied']);
    await page.keyboard.press('End');
    // Arrows at the end stay at the end.
    await page.keyboard.press('ArrowRight');
    expect(await checked(page)).toEqual(['5 of 5, Very satisfied']);

    // Moving is not answering.
    await page.waitForTimeout(200);
    expect(env.server.requests).toHaveLength(0);
    expect((await askState(page)).settled).toBe(false);
    expect(await shadow(page).getByRole('radio').count()).toBe(5);

    await page.keyboard.press('Enter');
    const r = await askResult(page);
    expect(r.value).toMatchObject({ survey: 'kb-arrows', score: 5, comment: null, satisfied: true });
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toEqual(r.value);
  });

  it('Space picks the focused point too', async () => {
    const page = await openWithButton({ survey: 'kb-space' });
    await tabToScale(page);
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press(' ');
    await expect(askResult(page)).resolves.toMatchObject({ value: { score: 4 } });
    await env.server.waitForPosts(1);
  });

  it('comment step: type, Tab to Send, Enter', async () => {
    const page = await openWithButton({ survey: 'kb-comment', comment: 'always' });
    await tabToScale(page);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter'); // picks 2 of 5
    // The score is recorded but the answer waits for the comment step.
    const box = shadow(page).getByRole('textbox');
    await box.waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'textarea', inWidget: true });
    expect(env.server.requests).toHaveLength(0);

    await page.keyboard.type('Delivery was late');
    let steps = 0;
    while ((await focused(page)).name !== 'Send' && steps++ < 3) await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Send' });
    await page.keyboard.press('Enter');

    const r = await askResult(page);
    expect(r.value).toMatchObject({ survey: 'kb-comment', score: 2, comment: 'Delivery was late', satisfied: false });
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toEqual(r.value);
  });

  it('right-to-left mirrors the arrows', async () => {
    const page = await openWithButton({ survey: 'kb-rtl', locale: 'ar' });
    expect(await shadow(page).locator('.panel').getAttribute('dir')).toBe('rtl');
    await tabToScale(page);
    const checkedIndex = () =>
      shadow(page)
        .getByRole('radio')
        .evaluateAll((els) => els.findIndex((e) => e.getAttribute('aria-checked') === 'true'));
    // In right-to-left, ArrowLeft moves towards the high end.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await checkedIndex()).toBe(1);
    await page.keyboard.press('ArrowRight');
    expect(await checkedIndex()).toBe(0);
    expect((await askState(page)).settled).toBe(false);
  });

  it('Escape before a score closes and resolves null, sending nothing', async () => {
    const page = await openWithButton({ survey: 'kb-escape' });
    await tabToScale(page);
    await page.keyboard.press('Escape');
    await expect(askResult(page)).resolves.toEqual({ settled: true, value: null });
    await shadow(page).waitFor({ state: 'detached' });
    await page.waitForTimeout(200);
    expect(env.server.requests).toHaveLength(0);
  });

  it('Escape after moving with arrows (no pick) still resolves null', async () => {
    const page = await openWithButton({ survey: 'kb-escape-moved' });
    await tabToScale(page);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Escape');
    await expect(askResult(page)).resolves.toEqual({ settled: true, value: null });
    await page.waitForTimeout(200);
    expect(env.server.requests).toHaveLength(0);
  });
});

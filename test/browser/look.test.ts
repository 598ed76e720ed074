// How the panel reads to the eye, in real Chromium: no space held for text that is not there,
// the comment step says which score it is about and lets it be changed, and the thank-you is the
// one message once done.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { askResult, focused, html, scriptTag, shadow, startAsk, useBrowser } from './harness';

const env = useBrowser();

async function openToast(options: Record<string, unknown>): Promise<Page> {
  env.server.page('/look', html('<button id="before">Before</button>' + scriptTag()));
  const { page } = await env.open('/look');
  await startAsk(page, options);
  await shadow(page).getByRole('radio').first().waitFor();
  return page;
}

/** Boxes in the panel that take height but show nothing: no text, no control, no picture. */
const emptyRows = (page: Page) =>
  shadow(page)
    .locator('.panel *')
    .evaluateAll((els) =>
      els
        .filter((e) => {
          const box = e.getBoundingClientRect();
          const shown = getComputedStyle(e).visibility !== 'hidden' && !e.closest('[hidden]');
          const content =
            e.textContent!.trim() ||
            e.querySelector('button,textarea,svg') ||
            e.matches('button,textarea,svg,path,circle');
          // 1 px: the visually hidden live region, which is meant to be there and invisible.
          return shown && box.height > 1 && !content;
        })
        .map((e) => `${e.localName}.${e.className} (${Math.round(e.getBoundingClientRect().height)} px)`),
    );

describe('space only for what is shown', () => {
  it.each([['stars'], ['smileys'], ['numeric']])('%s: the rating step has no empty row', async (scale) => {
    const page = await openToast({ survey: 'look-' + scale, scale });
    expect(await emptyRows(page)).toEqual([]);
  });

  it('the comment step has no empty row before the count shows', async () => {
    const page = await openToast({ survey: 'look-comment', comment: 'always' });
    await shadow(page).getByRole('radio').nth(1).click();
    await shadow(page).getByRole('textbox').fill('Late');
    expect(await emptyRows(page)).toEqual([]);
  });
});

describe('the comment step', () => {
  it('shows the chosen score, and Change goes back to the scale with it checked', async () => {
    const page = await openToast({ survey: 'look-change' });
    await shadow(page).getByRole('radio', { name: '2 of 5, Dissatisfied' }).click();
    await shadow(page).getByRole('textbox').waitFor();
    expect(await shadow(page).getByText('Your rating: 2 of 5, Dissatisfied').isVisible()).toBe(true);

    // By keyboard: Shift+Tab from the box reaches Change; focus lands on the checked point.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Change' });
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ role: 'radio', name: '2 of 5, Dissatisfied' });
    expect(await shadow(page).getByRole('radio', { checked: true }).getAttribute('aria-label')).toBe(
      '2 of 5, Dissatisfied',
    );
    // A satisfied score needs no comment ('unsatisfied'): it is the answer.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    expect((await askResult(page)).value).toMatchObject({ score: 5, comment: null });
  });
});

describe('the thank-you', () => {
  it('stands alone: the question steps aside', async () => {
    const page = await openToast({ survey: 'look-done', comment: 'never' });
    // The visible question (the status region also says it, briefly, for screen readers).
    const question = shadow(page).locator('.q', { hasText: 'How would you rate your experience?' });
    expect(await question.isVisible()).toBe(true);
    await shadow(page).getByRole('radio').nth(4).click();
    await shadow(page).getByText('Thank you for your feedback!').waitFor();
    expect(await question.isVisible()).toBe(false);
  });
});

// What a screen reader gets, read from Chromium's own accessibility tree (CDP
// Accessibility.getFullAXTree, the tree assistive technology is given): names, descriptions,
// checked state against what is recorded, what the live regions say and for how long, and the
// language the widget is announced in.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { askResult, html, scriptTag, shadow, startAsk, tabToScale, useBrowser } from './harness';

const env = useBrowser();
const QUESTION = 'How would you rate your experience?';

interface Node {
  role: string;
  name: string;
  description: string;
  checked?: string;
}

/** The unignored nodes of the page's accessibility tree. */
async function axTree(page: Page): Promise<Node[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes
    .filter((n) => !n.ignored)
    .map((n) => ({
      role: String(n.role?.value ?? ''),
      name: String(n.name?.value ?? ''),
      description: String(n.description?.value ?? ''),
      checked: n.properties?.find((p) => p.name === 'checked')?.value.value as string | undefined,
    }));
}

/** Text of every live region in the widget (role=status, aria-live). */
const liveText = (page: Page) =>
  shadow(page)
    .locator('[role=status],[aria-live]')
    .evaluateAll((els) => els.map((e) => e.textContent ?? '').filter(Boolean));

async function openPage(path: string, body = '<button id="before">Before</button>') {
  env.server.page(path, html(body + scriptTag()));
  const opened = await env.open(path);
  await opened.page.clock.install();
  return opened;
}

describe('names and descriptions', () => {
  it('a toast is a dialog named "Feedback"; the scale is named by the question and described by its ends and how to send', async () => {
    const { page } = await openPage('/sr-names');
    await startAsk(page, { survey: 'sr-names' });
    await shadow(page).getByRole('radio').first().waitFor();
    const tree = await axTree(page);
    expect(tree.find((n) => n.role === 'dialog')).toMatchObject({ name: 'Feedback' });
    expect(tree.find((n) => n.role === 'radiogroup')).toMatchObject({
      name: QUESTION,
      description: 'Very dissatisfied Very satisfied Use the arrow keys to choose, then Enter to send.',
    });
    expect(tree.filter((n) => n.role === 'radio').map((n) => n.name)).toEqual([
      '1 of 5, Very dissatisfied',
      '2 of 5, Dissatisfied',
      '3 of 5, Neutral',
      '4 of 5, Satisfied',
      '5 of 5, Very satisfied',
    ]);
  });

  it.each([
    ['fr', 'Votre avis', 'Choisissez avec les flèches, puis envoyez avec Entrée.'],
    ['nl', 'Feedback', 'Kies met de pijltjestoetsen en verstuur met Enter.'],
    ['ar', 'رأيك', 'اختر بمفاتيح الأسهم، ثم اضغط Enter للإرسال.'],
  ])('%s: the name and the hint are in the language shown', async (locale, name, hint) => {
    const { page } = await openPage('/sr-' + locale);
    await startAsk(page, { survey: 'sr-' + locale, locale, scale: 'nps' });
    await shadow(page).getByRole('radio').first().waitFor();
    const tree = await axTree(page);
    expect(tree.find((n) => n.role === 'dialog')?.name).toBe(name);
    expect(tree.find((n) => n.role === 'radiogroup')?.description).toMatch(new RegExp(hint + '$'));
  });

  it('the question is heard once: not as the dialog name, and not left in the live region', async () => {
    const { page } = await openPage('/sr-once');
    await startAsk(page, { survey: 'sr-once' });
    await shadow(page).getByRole('radio').first().waitFor();
    // A toast does not take focus, so it announces the question politely, once…
    await page.clock.runFor(200);
    expect(await liveText(page)).toEqual([QUESTION]);
    // …and then empties the region, so reading the widget does not say it again.
    await page.clock.runFor(6000);
    expect(await liveText(page)).toEqual([]);
    const tree = await axTree(page);
    const named = tree.filter((n) => n.name === QUESTION && n.role !== 'StaticText' && n.role !== 'InlineTextBox');
    expect(named.map((n) => n.role)).toEqual(['radiogroup']);
    // The visible question itself, once.
    expect(tree.filter((n) => n.role === 'StaticText' && n.name === QUESTION)).toHaveLength(1);
  });
});

describe('checked is recorded', () => {
  it('the point the tree reports as checked is the score the answer records', async () => {
    const { page } = await openPage('/sr-checked');
    await startAsk(page, { survey: 'sr-checked' });
    await shadow(page).getByRole('radio').first().waitFor();
    await page.focus('#before');
    await tabToScale(page);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const checked = (await axTree(page)).filter((n) => n.role === 'radio' && n.checked === 'true');
    expect(checked.map((n) => n.name)).toEqual(['3 of 5, Neutral']);
    await page.keyboard.press('Escape');
    expect((await askResult(page)).value).toMatchObject({ score: 3 });
  });
});

describe('the characters-left count', () => {
  it('is shown on every keystroke near the limit but announced only at 100, 50, 20, 10 and 0', async () => {
    const { page } = await openPage('/sr-count');
    await startAsk(page, { survey: 'sr-count', comment: 'always', commentMaxLength: 200 });
    await shadow(page).getByRole('radio').first().click();
    await page.clock.runFor(6000); // past the toast's own announcement of the question
    const box = shadow(page).getByRole('textbox');
    await box.fill('x'.repeat(99)); // 101 left: nothing to say yet
    expect(await liveText(page)).toEqual([]);
    await box.press('x'); // 100 left
    expect(await liveText(page)).toEqual(['100 characters left']);
    for (let i = 0; i < 3; i++) await box.press('x'); // 97 left
    expect(await shadow(page).locator('.count').textContent()).toBe('97 characters left');
    expect(await liveText(page)).toEqual(['100 characters left']);
    // The box's description follows the count, for whoever asks.
    const tree = await axTree(page);
    expect(tree.find((n) => n.role === 'textbox')?.description).toBe('97 characters left');
    await box.fill('x'.repeat(151)); // 49 left
    expect(await liveText(page)).toEqual(['49 characters left']);
  });
});

describe('languages', () => {
  it.each([
    ['he', undefined],
    ['fa', undefined],
    ['ja', undefined],
    ['it', undefined],
    [undefined, 'he'],
  ])(
    'locale %s / <html lang=%s>, which have no texts: shown, announced and recorded as English',
    async (locale, pageLang) => {
      const { page } = await openPage('/sr-lang');
      if (pageLang) await page.evaluate((l) => (document.documentElement.lang = l), pageLang);
      await startAsk(page, { survey: 'sr-lang', comment: 'never', ...(locale ? { locale } : {}) });
      const panel = shadow(page).locator('.panel');
      await shadow(page).getByRole('radio').first().waitFor();
      expect([await panel.getAttribute('lang'), await panel.getAttribute('dir')]).toEqual(['en', 'ltr']);
      expect(await shadow(page).locator('.q').textContent()).toBe(QUESTION);
      await shadow(page).getByRole('radio', { name: '4 of 5, Satisfied' }).click();
      expect((await askResult(page)).value).toMatchObject({ locale: 'en', score: 4 });
    },
  );

  it('Arabic joins a point and its meaning with the Arabic comma', async () => {
    const { page } = await openPage('/sr-ar');
    await startAsk(page, { survey: 'sr-ar', locale: 'ar' });
    await shadow(page).getByRole('radio').first().waitFor();
    const names = (await axTree(page)).filter((n) => n.role === 'radio').map((n) => n.name);
    // Bare `ar` writes Western digits in current CLDR data; `ar-EG` and others write ٤ من ٥.
    const [four, five] = await page.evaluate(() => [4, 5].map((n) => new Intl.NumberFormat('ar').format(n)));
    expect(names[3]).toBe(`${four} من ${five}، راضٍ`);
  });
});

// Keyboard only, in real Chromium: the scale is one Tab stop, arrows move and check (the checked
// point is the pending answer) without moving on, Home/End jump, Enter picks, the comment step is
// reachable, Escape closes.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  askResult,
  askState,
  focused,
  html,
  scriptTag,
  shadow,
  startAsk,
  tabToScale,
  useBrowser,
  quiet,
} from './harness';

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

  it('arrows move and check without moving on; Home/End jump; the ends stop; Enter sends', async () => {
    const page = await openWithButton({ survey: 'kb-arrows' });
    await tabToScale(page);
    // As in the APG radio group: focus starts on the first point, the first press moves on.
    await page.keyboard.press('ArrowRight');
    expect(await checked(page)).toEqual(['2 of 5, Dissatisfied']);
    expect(await focused(page)).toMatchObject({ role: 'radio', name: '2 of 5, Dissatisfied' });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await checked(page)).toEqual(['4 of 5, Satisfied']);
    expect(await focused(page)).toMatchObject({ role: 'radio', name: '4 of 5, Satisfied' });

    await page.keyboard.press('ArrowLeft');
    expect(await checked(page)).toEqual(['3 of 5, Neutral']);
    await page.keyboard.press('End');
    expect(await checked(page)).toEqual(['5 of 5, Very satisfied']);
    expect(await focused(page)).toMatchObject({ name: '5 of 5, Very satisfied' });
    // The ends stop rather than wrap: holding an arrow never jumps from best to worst.
    await page.keyboard.press('ArrowRight');
    expect(await checked(page)).toEqual(['5 of 5, Very satisfied']);
    await page.keyboard.press('Home');
    expect(await checked(page)).toEqual(['1 of 5, Very dissatisfied']);
    await page.keyboard.press('ArrowLeft');
    expect(await checked(page)).toEqual(['1 of 5, Very dissatisfied']);
    await page.keyboard.press('End');

    // Moving is not answering.
    await quiet(page);
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
    expect(await checkedIndex()).toBe(2);
    await page.keyboard.press('ArrowRight');
    expect(await checkedIndex()).toBe(1);
    expect((await askState(page)).settled).toBe(false);
  });

  it('Escape before a score closes and resolves null, sending nothing', async () => {
    const page = await openWithButton({ survey: 'kb-escape' });
    await tabToScale(page);
    await page.keyboard.press('Escape');
    await expect(askResult(page)).resolves.toEqual({ settled: true, value: null });
    await shadow(page).waitFor({ state: 'detached' });
    await quiet(page);
    expect(env.server.requests).toHaveLength(0);
  });

  // A point shown and announced as checked is a point that will be recorded (SPEC, Behaviour):
  // closing keeps it, as it keeps a clicked score whose comment step was not finished.
  it.each([
    ['Escape', (page: Page) => page.keyboard.press('Escape')],
    [
      'the close button, after Tab away',
      async (page: Page) => {
        await page.keyboard.press('Tab'); // to Send
        await page.keyboard.press('Tab'); // to Close
        expect(await focused(page)).toMatchObject({ name: 'Close feedback' });
        await page.keyboard.press('Enter');
      },
    ],
  ])('a point checked by arrows and then closed with %s is recorded', async (_, close) => {
    const page = await openWithButton({ survey: 'kb-escape-moved' });
    await tabToScale(page);
    await page.keyboard.press('ArrowRight');
    expect(await checked(page)).toEqual(['2 of 5, Dissatisfied']);
    await close(page);
    const r = await askResult(page);
    expect(r.value).toMatchObject({ score: 2, comment: null });
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toEqual(r.value);
  });

  it('a point checked by keyboard brings a Send button, which sends it', async () => {
    const page = await openWithButton({ survey: 'kb-send', comment: 'never' });
    await tabToScale(page);
    const send = shadow(page).getByRole('button', { name: 'Send' });
    expect(await send.count()).toBe(0); // nothing chosen, nothing to send
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Send' });
    expect((await askState(page)).settled).toBe(false);
    await page.keyboard.press('Enter');
    await expect(askResult(page)).resolves.toMatchObject({ value: { score: 4 } });
  });
});

describe('popover: focus order and focus return', () => {
  // The popover's host goes right after its anchor, so the Tab order runs anchor → popover →
  // what follows the anchor, as for a disclosure; the top layer still draws it above the page.
  const PAGE =
    '<input id="search" aria-label="Search"> <button id="before">Before</button><p><button id="anchor">Rate this ' +
    'order</button> <a id="after" href="#x">Order details</a></p><p>Lots of page</p><a id="last" href="#y">Last link</a>';

  async function openPopover(options: Record<string, unknown> = {}): Promise<Page> {
    env.server.page('/pop-kb', html(PAGE + scriptTag()));
    const { page } = await env.open('/pop-kb');
    await page.focus('#anchor');
    await startAsk(page, { survey: 'pop-kb', anchor: '#anchor', ...options });
    // Placed and focused: the scale has focus.
    await page.waitForFunction(() => document.activeElement?.localName === 'csat-widget');
    return page;
  }

  const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

  it('Tab past the last control goes on to the element after the anchor', async () => {
    const page = await openPopover();
    expect(await focused(page)).toMatchObject({ inWidget: true, role: 'radio' });
    await page.keyboard.press('Tab'); // the close button, the last control
    expect(await focused(page)).toMatchObject({ inWidget: true, name: 'Close feedback' });
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('after');
    expect(await page.locator('csat-widget').count()).toBe(1); // non-modal: it stays open
  });

  it('Shift+Tab from the first control comes back to the anchor', async () => {
    const page = await openPopover();
    await page.keyboard.press('Shift+Tab');
    expect(await activeId(page)).toBe('anchor');
    // And Tab from the anchor goes back in.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ inWidget: true, role: 'radio' });
  });

  it.each([
    // Not inside the link: its content would become part of the link.
    ['#inner', 'link'],
    // Not a child of <ul>, which holds only <li>.
    ['#item', 'list'],
  ])('an anchor %s inside a link or a list is followed from outside it (after #%s)', async (anchor, after) => {
    env.server.page(
      '/pop-nested',
      html(
        '<ul id="list"><li><a id="link" href="#z"><span id="inner">Rate</span></a></li><li id="item">Two</li></ul>' +
          '<a id="next" href="#n">Next</a>' +
          scriptTag(),
      ),
    );
    const { page } = await env.open('/pop-nested');
    await startAsk(page, { survey: 'pop-nested', anchor });
    await page.waitForFunction(() => document.activeElement?.localName === 'csat-widget');
    expect(await page.evaluate(() => document.querySelector('csat-widget')!.previousElementSibling?.id)).toBe(after);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('next');
  });

  it('an anchor in a shadow root is followed from after its host, and Tab still runs on', async () => {
    env.server.page(
      '/pop-shadow',
      html(
        '<my-card id="card"></my-card><a id="next" href="#n">Next</a>' +
          '<script>const r = document.querySelector("#card").attachShadow({mode: "open"});' +
          'r.innerHTML = \'<button id="inner">Rate</button>\';</script>' +
          scriptTag(),
      ),
    );
    const { page } = await env.open('/pop-shadow');
    await page.evaluate(() => {
      const anchor = document.querySelector('#card')!.shadowRoot!.querySelector('#inner')!;
      (window as unknown as { csat: { ask(o: unknown): Promise<unknown> } }).csat.ask({ survey: 'pop-shadow', anchor });
    });
    await page.waitForFunction(() => document.activeElement?.localName === 'csat-widget');
    expect(await page.evaluate(() => document.querySelector('csat-widget')!.previousElementSibling?.id)).toBe('card');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('next');
  });

  it('marks the anchor aria-expanded while open, and restores it after', async () => {
    const page = await openPopover();
    expect(await page.getAttribute('#anchor', 'aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await shadow(page).waitFor({ state: 'detached' });
    expect(await page.getAttribute('#anchor', 'aria-expanded')).toBeNull();
    expect(await activeId(page)).toBe('anchor');

    // An anchor that already said "false" says it again.
    await page.evaluate(() => document.querySelector('#anchor')!.setAttribute('aria-expanded', 'false'));
    await startAsk(page, { survey: 'pop-kb-2', anchor: '#anchor' }, 'b');
    await shadow(page).getByRole('radio').first().waitFor();
    expect(await page.getAttribute('#anchor', 'aria-expanded')).toBe('true');
    await shadow(page).getByRole('button', { name: 'Close feedback' }).click();
    await shadow(page).waitFor({ state: 'detached' });
    expect(await page.getAttribute('#anchor', 'aria-expanded')).toBe('false');
  });

  it('does not take focus back when the thank-you closes after the person moved on', async () => {
    const page = await openPopover({ comment: 'never' });
    await page.clock.install();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter'); // picks 5 of 5: the thank-you shows
    await shadow(page).getByRole('status').getByText('Thank you for your feedback!').waitFor();
    // The person clicks the search box and starts typing.
    // A real click (the clock is fake, so no actionability waits on animation frames).
    const search = (await page.locator('#search').boundingBox())!;
    await page.mouse.click(search.x + 5, search.y + 5);
    await page.keyboard.type('sho');
    await page.clock.runFor(5000); // past the thank-you's auto-close
    await shadow(page).waitFor({ state: 'detached' });
    await page.keyboard.type('es');
    expect(await page.inputValue('#search')).toBe('shoes');
    expect(await activeId(page)).toBe('search');
  });

  it('takes focus back to the anchor when it was still inside the widget', async () => {
    const page = await openPopover({ comment: 'never' });
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await shadow(page).locator('.done').waitFor();
    await page.keyboard.press('Escape');
    await shadow(page).waitFor({ state: 'detached' });
    expect(await activeId(page)).toBe('anchor');
  });
});

describe('Escape and typed comments', () => {
  it('Escape inside an input method composition does not close the widget', async () => {
    const page = await openWithButton({ survey: 'kb-ime', comment: 'always' });
    await tabToScale(page);
    await page.keyboard.press('Enter');
    await shadow(page).getByRole('textbox').waitFor();
    // A composition in progress (Japanese input), as an IME starts it; Escape cancels it.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'にほん', selectionStart: 3, selectionEnd: 3 });
    expect(
      await page.evaluate(() => document.querySelector('csat-widget')!.shadowRoot!.querySelector('textarea')!.value),
    ).toBe('にほん');
    await page.keyboard.press('Escape');
    expect(await page.locator('csat-widget').count()).toBe(1);
    expect((await askState(page)).settled).toBe(false);
    await cdp.send('Input.insertText', { text: '日本' });
    // Out of the composition, Escape closes as ever, and the comment typed so far is kept.
    await page.keyboard.press('Escape');
    const r = await askResult(page);
    expect(r.value).toMatchObject({ score: 1, comment: '日本' });
  });

  it.each([
    ['Escape', (page: Page) => page.keyboard.press('Escape')],
    ['the close button', (page: Page) => shadow(page).getByRole('button', { name: 'Close feedback' }).click()],
  ])('%s in the comment step sends the comment typed so far', async (_, close) => {
    const page = await openWithButton({ survey: 'kb-keep', comment: 'always' });
    await tabToScale(page);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await shadow(page).getByRole('textbox').waitFor();
    await page.keyboard.type('The box was damaged');
    await close(page);
    const r = await askResult(page);
    expect(r.value).toMatchObject({ score: 2, comment: 'The box was damaged' });
    const [post] = await env.server.waitForPosts(1);
    expect(JSON.parse(post!.body)).toMatchObject({ comment: 'The box was damaged' });
  });
});

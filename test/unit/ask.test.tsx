import { afterEach, beforeEach, describe, it, expect, vi } from 'vitest';
import { fireEvent, within } from '@testing-library/preact';
import { ask, createCsat, CsatConfigError } from '../../src/index';
import { parseAnswer } from '../../src/schema-entry';
import type { Answer, AskOptions, Scale } from '../../src/types';
import { validAnswer } from '../fixtures';

// Mount tests: the real `ask`/`createCsat` render into an open shadow root on <csat-widget>, so
// queries go through `within(shadowRoot)` (`screen` does not pierce shadow roots). Timers are
// fake so the thank-you's auto-close (2.5 s) runs instantly and `at` is a known time.

const NOW = new Date('2026-11-23T10:00:00.000Z');
const PAGE = 'https://shop.example/checkout/done';
const START_URL = location.href;
const UUID_V4 = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;

const setURL = (url: string) => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);

let n = 0;
/** A fresh survey id per question: sampling, cooldown and answered interactions are remembered per survey. */
const sid = () => `ask-test-${++n}`;

const host = () => document.querySelector('csat-widget');
const shadow = () => within(host()!.shadowRoot as unknown as HTMLElement);
const radios = () => shadow().getAllByRole('radio');
const point = (name: string) => shadow().getByRole('radio', { name });
const button = (name: string) => shadow().getByRole('button', { name });
const focused = () => host()!.shadowRoot!.activeElement;

/** Lets promises and pending renders settle without moving the clock. */
const flushMicrotasks = () => vi.advanceTimersByTimeAsync(0);
/** Moves the clock past the thank-you, which then closes the widget. */
const pastThanks = () => vi.advanceTimersByTimeAsync(3000);

/** Shows a question with a fresh survey id and an onSubmit spy. */
function open(options: Partial<AskOptions> = {}) {
  const onSubmit = vi.fn<(a: Answer) => void>();
  const promise = ask({ survey: sid(), onSubmit, ...options });
  return { promise, onSubmit };
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  setURL(`${PAGE}?email=jan%40example.nl#token`);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.documentElement.removeAttribute('lang');
  setURL(START_URL);
});

describe('the scale', () => {
  const FIVE = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];
  const named = (min: number, max: number, label: (score: number) => string) =>
    Array.from({ length: max - min + 1 }, (_, i) => {
      const text = label(min + i);
      return `${min + i} of ${max}${text ? ', ' + text : ''}`;
    });
  const ends = (min: number, max: number, low: string, high: string) =>
    named(min, max, (s) => (s === min ? low : s === max ? high : ''));

  it.each<[string, Scale, string[]]>([
    ['stars', 'stars', named(1, 5, (s) => FIVE[s - 1]!)],
    ['smileys', 'smileys', named(1, 5, (s) => FIVE[s - 1]!)],
    ['numeric (en: 1–5)', 'numeric', ends(1, 5, 'Very dissatisfied', 'Very satisfied')],
    ['nps', 'nps', ends(0, 10, 'Not at all likely', 'Extremely likely')],
    ['ces', 'ces', ends(1, 7, 'Very difficult', 'Very easy')],
    ['7 stars', { type: 'stars', points: 7 }, ends(1, 7, 'Very dissatisfied', 'Very satisfied')],
    ['3 smileys', { type: 'smileys', points: 3 }, ['1 of 3, Dissatisfied', '2 of 3, Neutral', '3 of 3, Satisfied']],
    ['2 smileys', { type: 'smileys', points: 2 }, ['1 of 2, Dissatisfied', '2 of 2, Satisfied']],
    [
      'numeric 0–10 with labels',
      { type: 'numeric', min: 0, max: 10, lowLabel: 'Awful', highLabel: 'Superb' },
      ends(0, 10, 'Awful', 'Superb'),
    ],
  ])('%s: one radio per point, named in order, none checked, one Tab stop', (_, scale, names) => {
    open({ scale, locale: 'en' });
    const all = radios();
    expect(all).toHaveLength(names.length);
    names.forEach((name, i) => expect(point(name)).toBe(all[i]));
    for (const r of all) expect(r.getAttribute('aria-checked')).toBe('false');
    expect(all.filter((r) => r.tabIndex === 0)).toHaveLength(1);
    expect(all[0]!.tabIndex).toBe(0);
  });

  it('spot-checks the names users hear', () => {
    // Each question removed from the page closes with a [csat] warning.
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    open({ scale: 'stars', locale: 'en' });
    expect(point('4 of 5, Satisfied')).toBeTruthy();
    document.body.replaceChildren();
    open({ scale: 'nps', locale: 'en' });
    expect(point('0 of 10, Not at all likely')).toBeTruthy();
    expect(point('10 of 10, Extremely likely')).toBeTruthy();
    expect(point('5 of 10')).toBeTruthy();
    document.body.replaceChildren();
    open({ scale: 'ces', locale: 'en' });
    expect(point('1 of 7, Very difficult')).toBeTruthy();
  });

  it('groups the points under the question', () => {
    open({ question: 'How was your delivery?', locale: 'en' });
    expect(shadow().getByRole('radiogroup', { name: 'How was your delivery?' })).toBeTruthy();
    expect(shadow().getByText('How was your delivery?')).toBeTruthy();
  });

  it('shows the preset question in the locale', () => {
    open({ scale: 'nps', locale: 'en' });
    expect(shadow().getByText('How likely are you to recommend us to a friend or colleague?')).toBeTruthy();
  });

  it('shows config text as text, never as HTML', () => {
    open({ question: '<img src=x onerror="window.pwned=1">Rate us', messages: { close: '<b>x</b>' } });
    expect(shadow().getByText('<img src=x onerror="window.pwned=1">Rate us')).toBeTruthy();
    expect(button('<b>x</b>')).toBeTruthy();
    expect(host()!.shadowRoot!.querySelector('img, b')).toBeNull();
  });

  it('lives in an open shadow root on a <csat-widget> element', () => {
    open();
    expect(document.querySelectorAll('csat-widget')).toHaveLength(1);
    expect(host()!.shadowRoot).not.toBeNull();
    // Nothing of the widget is in the light DOM, where page CSS and queries would reach it.
    expect(host()!.children).toHaveLength(0);
    expect(document.querySelector('[role=radio]')).toBeNull();
  });
});

describe('picking a score', () => {
  it('submits the full answer and resolves with the same answer', async () => {
    const onShow = vi.fn();
    const onSubmit = vi.fn();
    const survey = sid();
    const promise = ask({
      survey,
      onSubmit,
      onShow,
      interaction: 'order-1234',
      metadata: { plan: 'pro', seats: 3 },
      locale: 'en-GB',
    });
    expect(onShow).toHaveBeenCalledOnce();
    fireEvent.click(point('4 of 5, Satisfied'));
    await pastThanks();
    const answer = await promise;
    expect(answer).toEqual({
      v: 1,
      id: expect.stringMatching(UUID_V4),
      survey,
      interaction: 'order-1234',
      scale: { type: 'stars', min: 1, max: 5 },
      score: 4,
      normalized: 0.75,
      satisfied: true,
      comment: null,
      locale: 'en-GB',
      page: PAGE,
      at: NOW.toISOString(),
      metadata: { plan: 'pro', seats: 3 },
    });
    expect(onSubmit).toHaveBeenCalledOnce();
    expect(onSubmit).toHaveBeenCalledWith(answer);
    expect(parseAnswer(JSON.parse(JSON.stringify(answer)))).toEqual({ ok: true, value: answer });
  });

  it('calls onSubmit once with the answer it resolves with', async () => {
    const { promise, onSubmit } = open({ scale: 'nps', comment: 'never' });
    fireEvent.click(point('9 of 10'));
    await pastThanks();
    const answer = await promise;
    expect(onSubmit).toHaveBeenCalledOnce();
    expect(onSubmit).toHaveBeenCalledWith(answer);
    expect(answer).toMatchObject({
      scale: { type: 'nps', min: 0, max: 10 },
      score: 9,
      normalized: 0.9,
      satisfied: true,
    });
  });

  it('delivers the answer at the pick, before the thank-you closes', async () => {
    // If the tab is closed (or the pointer rests on the thank-you) the answer must already be on its way.
    const { promise, onSubmit } = open({ comment: 'never' });
    const settled = vi.fn();
    void promise.then(settled);
    fireEvent.click(point('5 of 5, Very satisfied'));
    await flushMicrotasks();
    expect(onSubmit).toHaveBeenCalledOnce();
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ score: 5, comment: null });
    expect(settled).toHaveBeenCalledOnce();
    // The thank-you is still showing.
    expect(shadow().getByRole('status').textContent).toBe('Thank you for your feedback!');
  });

  it('shows a thank-you that closes by itself after about 2.5 s', async () => {
    const { promise } = open({ comment: 'never' });
    fireEvent.click(point('4 of 5, Satisfied'));
    await flushMicrotasks();
    expect(shadow().getByRole('status').textContent).toBe('Thank you for your feedback!');
    expect(shadow().queryAllByRole('radio')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(host()).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    expect(host()).toBeNull();
    expect(document.body.innerHTML).toBe('');
    expect(await promise).toMatchObject({ score: 4 });
  });

  // Held open by keyboard focus: tested in Chromium (display.test.ts), since happy-dom does not
  // match :focus-visible inside a shadow root.

  it('records the page without query string or fragment, and the time of the pick', async () => {
    const { promise } = open({ comment: 'never' });
    await vi.advanceTimersByTimeAsync(60_000);
    fireEvent.click(point('3 of 5, Neutral'));
    await pastThanks();
    const answer = await promise;
    expect(answer!.page).toBe(PAGE);
    expect(answer!.at).toBe(new Date(NOW.getTime() + 60_000).toISOString());
  });

  it('does not ask again about the same interaction', async () => {
    const survey = sid();
    const first = ask({ survey, interaction: 'order-1', onSubmit() {}, comment: 'never' });
    fireEvent.click(point('5 of 5, Very satisfied'));
    await pastThanks();
    await first;
    const onShow = vi.fn();
    expect(await ask({ survey, interaction: 'order-1', onSubmit() {}, onShow })).toBeNull();
    expect(onShow).not.toHaveBeenCalled();
    expect(host()).toBeNull();
    // Another interaction is asked.
    void ask({ survey, interaction: 'order-2', onSubmit() {} });
    expect(host()).not.toBeNull();
  });

  it('shows nothing and resolves null when the browser is sampled out', async () => {
    const onShow = vi.fn();
    const onDismiss = vi.fn();
    expect(await ask({ survey: sid(), onSubmit() {}, sampleRate: 0, onShow, onDismiss })).toBeNull();
    expect(host()).toBeNull();
    expect(onShow).not.toHaveBeenCalled();
    expect(onDismiss).not.toHaveBeenCalled();
  });

  it('falls back to a valid locale when <html lang> is not a language tag', async () => {
    document.documentElement.lang = 'english';
    const onError = vi.fn();
    const { promise, onSubmit } = open({ comment: 'never', onError });
    fireEvent.click(radios()[3]!);
    await pastThanks();
    const answer = await promise;
    expect(onError).not.toHaveBeenCalled();
    expect(onSubmit).toHaveBeenCalledOnce();
    expect(parseAnswer(answer).ok).toBe(true);
  });
});

describe('the comment step', () => {
  it("'unsatisfied': a low score offers a text box; Send adds the comment", async () => {
    const { promise, onSubmit } = open({ locale: 'en' });
    fireEvent.click(point('2 of 5, Dissatisfied'));
    await flushMicrotasks();
    expect(onSubmit).not.toHaveBeenCalled();
    const box = shadow().getByRole('textbox', { name: 'What could we have done better?' });
    fireEvent.input(box, { target: { value: '  The courier was late.  ' } });
    fireEvent.click(button('Send'));
    await flushMicrotasks();
    expect(onSubmit).toHaveBeenCalledOnce();
    const answer = await promise;
    expect(answer).toMatchObject({ score: 2, satisfied: false, comment: 'The courier was late.' });
    expect(onSubmit).toHaveBeenCalledWith(answer);
    expect(shadow().getByRole('status').textContent).toBe('Thank you for your feedback!');
  });

  it("'unsatisfied': a high score goes straight to the thank-you", async () => {
    const { promise } = open();
    fireEvent.click(point('4 of 5, Satisfied'));
    await flushMicrotasks();
    expect(shadow().queryByRole('textbox')).toBeNull();
    await pastThanks();
    expect(await promise).toMatchObject({ score: 4, comment: null });
  });

  it('Skip sends the score without a comment', async () => {
    const { promise, onSubmit } = open();
    fireEvent.click(point('1 of 5, Very dissatisfied'));
    await flushMicrotasks();
    fireEvent.input(shadow().getByRole('textbox'), { target: { value: 'never mind' } });
    fireEvent.click(button('Skip'));
    const answer = await promise;
    expect(answer).toMatchObject({ score: 1, comment: null });
    expect(onSubmit).toHaveBeenCalledWith(answer);
  });

  it('Send with an empty box sends comment null', async () => {
    const { promise } = open();
    fireEvent.click(point('1 of 5, Very dissatisfied'));
    await flushMicrotasks();
    fireEvent.click(button('Send'));
    expect(await promise).toMatchObject({ comment: null });
  });

  it.each([
    ['the close button', () => fireEvent.click(button('Close feedback'))],
    ['Escape', () => fireEvent.keyDown(shadow().getByRole('textbox'), { key: 'Escape' })],
  ])('closing with %s during the comment step still sends the score', async (_, close) => {
    const onDismiss = vi.fn();
    const { promise, onSubmit } = open({ onDismiss });
    fireEvent.click(point('2 of 5, Dissatisfied'));
    await flushMicrotasks();
    close();
    const answer = await promise;
    expect(answer).toMatchObject({ score: 2, comment: null });
    expect(onSubmit).toHaveBeenCalledOnce();
    expect(onSubmit).toHaveBeenCalledWith(answer);
    expect(onDismiss).not.toHaveBeenCalled();
    expect(host()).toBeNull();
  });

  it("'always' offers the box after a high score too", async () => {
    const { promise } = open({ comment: 'always' });
    fireEvent.click(point('5 of 5, Very satisfied'));
    await flushMicrotasks();
    fireEvent.input(shadow().getByRole('textbox', { name: 'Anything you would like to add?' }), {
      target: { value: 'Great!' },
    });
    fireEvent.click(button('Send'));
    expect(await promise).toMatchObject({ score: 5, comment: 'Great!' });
  });

  it("'never' never offers the box", async () => {
    const { promise } = open({ comment: 'never' });
    fireEvent.click(point('1 of 5, Very dissatisfied'));
    await flushMicrotasks();
    expect(shadow().queryByRole('textbox')).toBeNull();
    await pastThanks();
    expect(await promise).toMatchObject({ score: 1, comment: null });
  });

  it('caps the comment at commentMaxLength and counts down near the end', async () => {
    open({ commentMaxLength: 120 });
    fireEvent.click(point('1 of 5, Very dissatisfied'));
    await flushMicrotasks();
    const box = shadow().getByRole('textbox') as HTMLTextAreaElement;
    expect(box.maxLength).toBe(120);
    fireEvent.input(box, { target: { value: 'x'.repeat(30) } });
    // Shown under the box and, having crossed 100, announced.
    expect(shadow().getAllByText('90 characters left')).toHaveLength(2);
    fireEvent.input(box, { target: { value: 'x'.repeat(31) } });
    // Shown on every keystroke, announced again only at 50, 20, 10 and 0.
    expect(shadow().getAllByText('89 characters left')).toHaveLength(1);
    expect(shadow().getByRole('status').textContent).toBe('90 characters left');
    fireEvent.input(box, { target: { value: 'x'.repeat(71) } });
    expect(shadow().getByRole('status').textContent).toBe('49 characters left');
  });
});

describe('dismissing', () => {
  it.each([
    ['the close button', () => fireEvent.click(button('Close feedback'))],
    ['Escape', () => fireEvent.keyDown(radios()[0]!, { key: 'Escape' })],
  ])('with %s before a score resolves null and calls onDismiss, not onSubmit', async (_, close) => {
    const onDismiss = vi.fn();
    const { promise, onSubmit } = open({ onDismiss });
    close();
    expect(await promise).toBeNull();
    expect(onDismiss).toHaveBeenCalledOnce();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(document.body.innerHTML).toBe('');
  });

  it('an AbortSignal closes the question and resolves null', async () => {
    const controller = new AbortController();
    const { promise, onSubmit } = open({ signal: controller.signal });
    expect(host()).not.toBeNull();
    controller.abort();
    expect(await promise).toBeNull();
    expect(host()).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('an abort by the page is not a dismissal: no onDismiss, no cooldown, the same ask shows again', async () => {
    const onDismiss = vi.fn();
    const survey = sid();
    const controller = new AbortController();
    const options = { survey, interaction: 'order-9', cooldownDays: 30, onDismiss, onSubmit: vi.fn() };
    const first = ask({ ...options, signal: controller.signal });
    controller.abort(); // e.g. a React effect cleanup in StrictMode
    expect(await first).toBeNull();
    expect(onDismiss).not.toHaveBeenCalled();
    void ask(options);
    await flushMicrotasks();
    expect(host()).not.toBeNull();
  });

  it('an already-aborted signal shows nothing', async () => {
    const onShow = vi.fn();
    expect(await open({ signal: AbortSignal.abort(), onShow }).promise).toBeNull();
    expect(host()).toBeNull();
    expect(onShow).not.toHaveBeenCalled();
  });

  it('aborting during the comment step still sends the score', async () => {
    const controller = new AbortController();
    const { promise, onSubmit } = open({ signal: controller.signal });
    fireEvent.click(point('2 of 5, Dissatisfied'));
    await flushMicrotasks();
    controller.abort();
    expect(await promise).toMatchObject({ score: 2 });
    expect(onSubmit).toHaveBeenCalledOnce();
  });

  it('cooldownDays: a dismissed survey is not shown again within the cooldown', async () => {
    const survey = sid();
    const first = ask({ survey, onSubmit() {}, cooldownDays: 7 });
    fireEvent.click(button('Close feedback'));
    await first;
    expect(await ask({ survey, onSubmit() {}, cooldownDays: 7 })).toBeNull();
    expect(host()).toBeNull();
  });
});

describe('keyboard', () => {
  const checked = () => radios().filter((r) => r.getAttribute('aria-checked') === 'true');

  it('a point checked by arrows is the pending answer: closing records it', async () => {
    const onDismiss = vi.fn();
    const { promise, onSubmit } = open({ onDismiss });
    radios()[0]!.focus();
    fireEvent.keyDown(focused()!, { key: 'ArrowRight' });
    expect(button('Send')).toBeTruthy();
    fireEvent.click(button('Close feedback'));
    expect(await promise).toMatchObject({ score: 2, comment: null });
    expect(onSubmit).toHaveBeenCalledOnce();
    expect(onDismiss).not.toHaveBeenCalled();
  });

  it('Escape during an input method composition does not close', async () => {
    const { promise } = open({ comment: 'always' });
    fireEvent.click(point('1 of 5, Very dissatisfied'));
    await flushMicrotasks();
    const box = shadow().getByRole('textbox');
    fireEvent.keyDown(box, { key: 'Escape', isComposing: true });
    fireEvent.keyDown(box, { key: 'Escape', keyCode: 229 });
    expect(host()).not.toBeNull();
    fireEvent.input(box, { target: { value: '遅い' } });
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(await promise).toMatchObject({ score: 1, comment: '遅い' });
  });

  it('arrow keys, Home and End move the checked point and the Tab stop without submitting', async () => {
    const { onSubmit } = open({ scale: 'stars' });
    const group = shadow().getByRole('radiogroup');
    radios()[0]!.focus();

    // The first press moves from the focused first point to the second, and checks it (APG).
    fireEvent.keyDown(focused()!, { key: 'ArrowRight' });
    expect(checked()).toEqual([point('2 of 5, Dissatisfied')]);
    expect(focused()).toBe(point('2 of 5, Dissatisfied'));

    fireEvent.keyDown(focused()!, { key: 'ArrowRight' });
    expect(checked()).toEqual([point('3 of 5, Neutral')]);
    expect(focused()).toBe(point('3 of 5, Neutral'));

    fireEvent.keyDown(focused()!, { key: 'ArrowLeft' });
    expect(checked()).toEqual([point('2 of 5, Dissatisfied')]);

    fireEvent.keyDown(focused()!, { key: 'End' });
    expect(checked()).toEqual([point('5 of 5, Very satisfied')]);
    expect(focused()).toBe(point('5 of 5, Very satisfied'));
    fireEvent.keyDown(focused()!, { key: 'ArrowRight' });
    expect(checked()).toEqual([point('5 of 5, Very satisfied')]);

    fireEvent.keyDown(focused()!, { key: 'Home' });
    expect(checked()).toEqual([point('1 of 5, Very dissatisfied')]);
    fireEvent.keyDown(focused()!, { key: 'ArrowLeft' });
    expect(checked()).toEqual([point('1 of 5, Very dissatisfied')]);

    fireEvent.keyDown(focused()!, { key: 'ArrowDown' });
    expect(checked()).toEqual([point('2 of 5, Dissatisfied')]);
    fireEvent.keyDown(focused()!, { key: 'ArrowUp' });
    expect(checked()).toEqual([point('1 of 5, Very dissatisfied')]);

    // The Tab stop follows the checked point.
    expect(radios().filter((r) => r.tabIndex === 0)).toEqual([point('1 of 5, Very dissatisfied')]);
    expect(group).toBeTruthy();
    await flushMicrotasks();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(shadow().getAllByRole('radio')).toHaveLength(5);
  });

  it('arrow keys do not scroll the page', () => {
    open();
    radios()[0]!.focus();
    for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp', 'Home', 'End']) {
      // fireEvent returns false when the default action was prevented.
      expect(fireEvent.keyDown(focused()!, { key }), key).toBe(false);
    }
  });

  it.each(['Enter', ' '])('%j picks the focused point', async (key) => {
    const { promise } = open({ scale: 'nps' });
    radios()[0]!.focus();
    fireEvent.keyDown(focused()!, { key: 'End' });
    fireEvent.keyDown(focused()!, { key: 'ArrowLeft' });
    const target = focused() as HTMLButtonElement;
    expect(target).toBe(point('9 of 10'));
    // The points are native <button>s: the browser turns an unprevented Enter/Space into a click.
    // happy-dom does not synthesise that click, so the test does it after checking the key passes.
    expect(fireEvent.keyDown(target, { key })).toBe(true);
    fireEvent.click(target);
    await pastThanks();
    expect(await promise).toMatchObject({ score: 9, satisfied: true });
  });
});

describe('locale and messages', () => {
  it("locale 'nl' names the points in Dutch", () => {
    open({ locale: 'nl' });
    expect(point('4 van 5, Tevreden')).toBeTruthy();
    expect(button('Feedback sluiten')).toBeTruthy();
    expect(shadow().getByText('Hoe beoordeelt u uw ervaring?')).toBeTruthy();
  });

  it('<html lang="nl"> is used when no locale is given', async () => {
    document.documentElement.lang = 'nl';
    const { promise } = open({ comment: 'never' });
    expect(point('4 van 5, Tevreden')).toBeTruthy();
    fireEvent.click(point('4 van 5, Tevreden'));
    await pastThanks();
    expect(await promise).toMatchObject({ locale: 'nl', score: 4 });
  });

  it('the locale option wins over <html lang>', () => {
    document.documentElement.lang = 'nl';
    open({ locale: 'en' });
    expect(point('4 of 5, Satisfied')).toBeTruthy();
  });

  it("'numeric' is 1–10 in Dutch", async () => {
    const { promise } = open({ locale: 'nl-NL', scale: 'numeric', comment: 'never' });
    expect(radios()).toHaveLength(10);
    expect(point('1 van 10, Zeer ontevreden')).toBeTruthy();
    expect(point('10 van 10, Zeer tevreden')).toBeTruthy();
    fireEvent.click(point('7 van 10'));
    await pastThanks();
    expect(await promise).toMatchObject({ scale: { type: 'numeric', min: 1, max: 10 }, score: 7, satisfied: true });
  });

  it.each(['he', 'fa-IR', 'ja', 'it'])(
    'a language without texts (%s) is shown, announced and recorded as the English it falls back to',
    async (locale) => {
      const { promise } = open({ locale, comment: 'never' });
      const panel = host()!.shadowRoot!.querySelector('.panel')!;
      expect([panel.getAttribute('lang'), panel.getAttribute('dir')]).toEqual(['en', 'ltr']);
      fireEvent.click(point('4 of 5, Satisfied'));
      await pastThanks();
      expect(await promise).toMatchObject({ locale: 'en', score: 4 });
    },
  );

  it("'numeric' is 1–10 in German, with its meaning at both ends", async () => {
    const { promise } = open({ locale: 'de-AT', scale: 'numeric', comment: 'never' });
    expect(radios()).toHaveLength(10);
    expect(point('1 von 10, Sehr unzufrieden')).toBeTruthy();
    expect(point('10 von 10, Sehr zufrieden')).toBeTruthy();
    fireEvent.click(point('8 von 10'));
    await pastThanks();
    expect(await promise).toMatchObject({ locale: 'de-AT', scale: { min: 1, max: 10 }, score: 8 });
  });

  it('messages override the built-in text', async () => {
    const { promise } = open({
      locale: 'en',
      messages: { question: 'Rate the checkout', point: 'Score {score}/{max}', satisfied: 'Happy', thanks: 'Cheers!' },
      comment: 'never',
    });
    expect(shadow().getByRole('radiogroup', { name: 'Rate the checkout' })).toBeTruthy();
    fireEvent.click(point('Score 4/5, Happy'));
    await flushMicrotasks();
    expect(shadow().getByRole('status').textContent).toBe('Cheers!');
    await pastThanks();
    await promise;
  });
});

describe('delivery to an endpoint', () => {
  const stubFetch = (impl: () => Promise<Response>) => {
    const fetch = vi.fn<(url: string, init: RequestInit) => Promise<Response>>(impl);
    vi.stubGlobal('fetch', fetch);
    return fetch;
  };

  it('POSTs the answer as CORS-simple JSON, without cookies, with keepalive', async () => {
    const fetch = stubFetch(async () => new Response('{}'));
    const onDelivered = vi.fn();
    const promise = ask({ survey: sid(), endpoint: '/api/csat', onDelivered, comment: 'never' });
    fireEvent.click(point('4 of 5, Satisfied'));
    await pastThanks();
    const answer = await promise;
    expect(fetch).toHaveBeenCalledOnce();
    const [url, init] = fetch.mock.calls[0]!;
    // Resolved against the page, so an answer still waiting on another page goes to the same place.
    expect(url).toBe('https://shop.example/api/csat');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual(answer);
    expect(new Headers(init.headers).get('content-type')).toMatch(/^text\/plain\b/);
    expect([...new Headers(init.headers).keys()]).toEqual(['content-type']);
    expect(init.credentials).toBe('omit');
    expect(init.keepalive).toBe(true);
    expect(onDelivered).toHaveBeenCalledOnce();
    expect(onDelivered).toHaveBeenCalledWith(answer);
  });

  it('uses the url, headers and credentials of an endpoint object', async () => {
    const fetch = stubFetch(async () => new Response('{}'));
    const promise = ask({
      survey: sid(),
      endpoint: { url: 'https://collect.example/csat', headers: { 'x-api-key': 'k1' }, credentials: 'include' },
      comment: 'never',
    });
    fireEvent.click(point('4 of 5, Satisfied'));
    await pastThanks();
    await promise;
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://collect.example/csat');
    expect(new Headers(init.headers).get('x-api-key')).toBe('k1');
    expect(init.credentials).toBe('include');
  });

  it('sends to both the endpoint and onSubmit when both are set', async () => {
    const fetch = stubFetch(async () => new Response('{}'));
    const { promise, onSubmit } = open({ endpoint: '/api/csat', comment: 'never' });
    fireEvent.click(point('4 of 5, Satisfied'));
    await pastThanks();
    const answer = await promise;
    expect(fetch).toHaveBeenCalledOnce();
    expect(onSubmit).toHaveBeenCalledWith(answer);
  });

  it('a 400 fails for good through onError; ask still resolves with the answer', async () => {
    stubFetch(async () => new Response('bad', { status: 400 }));
    const onError = vi.fn();
    const onDelivered = vi.fn();
    const c = createCsat({ endpoint: '/api/csat', onError, onDelivered });
    const promise = c.ask({ survey: sid(), comment: 'never' });
    fireEvent.click(point('4 of 5, Satisfied'));
    await pastThanks();
    expect(await promise).toMatchObject({ score: 4 });
    await c.flush();
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(Error);
    expect(onDelivered).not.toHaveBeenCalled();
  });

  it('a network failure does not lose the answer: ask resolves with it', async () => {
    const fetch = stubFetch(async () => {
      throw new TypeError('Failed to fetch');
    });
    const onError = vi.fn();
    const promise = ask({ survey: sid(), endpoint: '/api/csat', onError, comment: 'never' });
    fireEvent.click(point('4 of 5, Satisfied'));
    await pastThanks();
    expect(await promise).toMatchObject({ score: 4 });
    expect(fetch).toHaveBeenCalled();
    // A network failure is retried, never reported as a loss.
    expect(onError).not.toHaveBeenCalled();
    // The endpoint comes back: delivered, and nothing is left waiting for the next test.
    fetch.mockImplementation(async () => new Response('{}'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(localStorage.getItem('csat:q1')).toBeNull();
  });

  it('a rejecting onSubmit is retried, then reported through onError once with an Error', async () => {
    const onError = vi.fn();
    const onSubmit = vi.fn(() => Promise.reject(new Error('db down')));
    const c = createCsat({ onError, onSubmit });
    const promise = c.ask({ survey: sid(), comment: 'never' });
    fireEvent.click(point('4 of 5, Satisfied'));
    await pastThanks();
    expect(await promise).toMatchObject({ score: 4 });
    const flushed = vi.fn();
    void c.flush().then(flushed);
    // Ten attempts with backoff take at most about six minutes.
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(flushed).toHaveBeenCalledOnce();
    expect(onSubmit).toHaveBeenCalledTimes(10);
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(Error);
    expect(onError.mock.calls[0]![0].message).toMatch(/db down.*dropped after 10 attempts/);
  });
});

describe('beforeSend', () => {
  it('a redacted copy is what gets stored and sent', async () => {
    let queued = '';
    const fetch = vi.fn(async () => {
      queued = localStorage.getItem('csat:q1') ?? '';
      return new Response('{}');
    });
    vi.stubGlobal('fetch', fetch);
    const { promise, onSubmit } = open({
      endpoint: '/api/csat',
      metadata: { email: 'jan@example.nl', plan: 'pro' },
      beforeSend: (a) => ({ ...a, comment: a.comment && '[redacted]', metadata: { plan: a.metadata.plan ?? null } }),
    });
    fireEvent.click(point('1 of 5, Very dissatisfied'));
    await flushMicrotasks();
    fireEvent.input(shadow().getByRole('textbox'), { target: { value: 'call me on 0612345678' } });
    fireEvent.click(button('Send'));
    await promise;
    // Without Web Locks (as here) the send waits 150 to 300 ms for its claim to settle.
    await vi.advanceTimersByTimeAsync(300);
    const sent = onSubmit.mock.calls[0]![0];
    expect(sent).toMatchObject({ comment: '[redacted]', metadata: { plan: 'pro' } });
    expect(JSON.stringify(sent)).not.toContain('0612345678');
    // The delivery queue held the redacted answer only.
    expect(queued).toContain(sent.id);
    expect(queued).not.toContain('0612345678');
    expect(queued).not.toContain('jan@example.nl');
    expect(JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string)).toEqual(sent);
  });

  it('returning null delivers nothing', async () => {
    const fetch = vi.fn(async () => new Response('{}'));
    vi.stubGlobal('fetch', fetch);
    const onDelivered = vi.fn();
    const { promise, onSubmit } = open({
      endpoint: '/api/csat',
      beforeSend: () => null,
      onDelivered,
      comment: 'never',
    });
    fireEvent.click(point('4 of 5, Satisfied'));
    await pastThanks();
    await promise;
    expect(onSubmit).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();
    expect(onDelivered).not.toHaveBeenCalled();
  });

  it('a throwing beforeSend fails closed: nothing stored or sent, onError told, ask resolves null', async () => {
    const fetch = vi.fn(async () => new Response('{}'));
    vi.stubGlobal('fetch', fetch);
    const onError = vi.fn<(e: Error) => void>();
    const { promise, onSubmit } = open({
      endpoint: '/api/csat',
      comment: 'never',
      onError,
      beforeSend: () => {
        throw new Error('oops');
      },
    });
    fireEvent.click(point('4 of 5, Satisfied'));
    await pastThanks();
    expect(await promise).toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onSubmit).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();
    expect(localStorage.getItem('csat:q1')).toBeNull();
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![0].message).toBe('beforeSend threw, so the answer was dropped: Error: oops');
  });

  it('a beforeSend that throws at the pick (comment step next) is reported once, and nothing is sent', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const beforeSend = vi.fn((): Answer => {
      throw new Error('oops');
    });
    const { promise, onSubmit } = open({ beforeSend });
    fireEvent.click(point('2 of 5, Dissatisfied'));
    await flushMicrotasks();
    fireEvent.input(shadow().getByRole('textbox'), { target: { value: 'secret' } });
    fireEvent.click(button('Send'));
    expect(await promise).toBeNull();
    expect(beforeSend).toHaveBeenCalledOnce();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledExactlyOnceWith(
      '[csat]',
      'delivery failed:',
      'beforeSend threw, so the answer was dropped: Error: oops',
    );
  });
});

describe('leaving during the comment step', () => {
  const stubFetch = () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response('{}'));
    vi.stubGlobal('fetch', fetch);
    return fetch;
  };
  const stored = () => JSON.parse(localStorage.getItem('csat:q1') ?? '[]') as { a: Answer; t: number }[];
  const hide = () => {
    Object.defineProperty(document, 'hidden', { value: true, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  };
  afterEach(() => {
    delete (document as unknown as Record<string, unknown>).hidden;
  });

  it('the score is stored at the pick, and held (not sent) while the page is open and visible', async () => {
    const fetch = stubFetch();
    const { promise } = open({ endpoint: '/api/csat' });
    fireEvent.click(point('2 of 5, Dissatisfied'));
    await flushMicrotasks();
    expect(stored()).toMatchObject([{ a: { score: 2, comment: null } }]);
    const id = stored()[0]!.a.id;
    // A minute of typing: the hold is renewed, nothing is sent.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).not.toHaveBeenCalled();
    expect(stored()[0]!.t).toBeGreaterThan(Date.now());
    fireEvent.input(shadow().getByRole('textbox'), { target: { value: 'Late.' } });
    fireEvent.click(button('Send'));
    const answer = await promise;
    await vi.advanceTimersByTimeAsync(300);
    // One answer, with the comment and the id given at the pick; no copy without the comment.
    expect(answer).toMatchObject({ id, score: 2, comment: 'Late.' });
    expect(fetch).toHaveBeenCalledOnce();
    expect(JSON.parse(fetch.mock.calls[0]![1].body as string)).toEqual(answer);
    expect(localStorage.getItem('csat:q1')).toBeNull();
  });

  it.each([
    ['hidden', hide],
    ['left (pagehide)', () => window.dispatchEvent(new Event('pagehide'))],
  ])('when the page is %s, the score is sent at once as it stands and ask resolves with it', async (_, leave) => {
    const fetch = stubFetch();
    const { promise, onSubmit } = open({ endpoint: '/api/csat' });
    fireEvent.click(point('2 of 5, Dissatisfied'));
    await flushMicrotasks();
    // A comment typed but not sent stays unsent.
    fireEvent.input(shadow().getByRole('textbox'), { target: { value: 'not sent' } });
    leave();
    // In the same task: a page going away may not get another.
    expect(fetch).toHaveBeenCalledOnce();
    expect(fetch.mock.calls[0]![1].keepalive).toBe(true);
    expect(onSubmit).toHaveBeenCalledOnce();
    const answer = await promise;
    expect(answer).toMatchObject({ score: 2, comment: null });
    expect(JSON.parse(fetch.mock.calls[0]![1].body as string)).toEqual(answer);
    expect(onSubmit).toHaveBeenCalledWith(answer);
    expect(host()).toBeNull();
  });

  it('beforeSend redacts the held score too', async () => {
    stubFetch();
    const beforeSend = vi.fn((a: Answer) => ({ ...a, metadata: {} }));
    open({ endpoint: '/api/csat', metadata: { email: 'jan@example.nl' }, beforeSend });
    fireEvent.click(point('2 of 5, Dissatisfied'));
    await flushMicrotasks();
    expect(beforeSend).toHaveBeenCalledOnce();
    expect(localStorage.getItem('csat:q1')).not.toContain('jan@example.nl');
    expect(stored()).toMatchObject([{ a: { score: 2, metadata: {} } }]);
    fireEvent.click(button('Skip'));
    await vi.advanceTimersByTimeAsync(300);
    expect(localStorage.getItem('csat:q1')).toBeNull();
  });
});

describe('a page that broke a global the widget needs', () => {
  it('ask rejects with the error, with a [csat] warning, and leaves nothing behind', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const map = Array.prototype.map;
    // Broken only for the scale's points (5 of them), as a page's patch may break what we render.
    vi.spyOn(Array.prototype, 'map').mockImplementation(function (this: unknown[], ...args) {
      if (this.length === 5 && this[0] === 1) throw new Error('broken');
      return map.apply(this, args as Parameters<typeof map>);
    });
    await expect(open({ scale: 'stars' }).promise).rejects.toThrow('broken');
    expect(warn).toHaveBeenCalledExactlyOnceWith('[csat]', 'ask failed:', expect.any(Error));
    expect(host()).toBeNull();
    vi.mocked(Array.prototype.map).mockRestore();
    // The toast corner is free for the next question.
    open();
    expect(radios()).toHaveLength(5);
  });
});

describe('a page that removes the question', () => {
  it.each([
    ['before a score: ask resolves null', null],
    ['during the comment step: the score is sent', 2],
  ])('%s, with a [csat] warning', async (_, score) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { promise, onSubmit } = open();
    if (score) {
      fireEvent.click(point('2 of 5, Dissatisfied'));
      await flushMicrotasks();
    }
    host()!.remove();
    await flushMicrotasks();
    const answer = await promise;
    expect(answer?.score ?? null).toBe(score);
    expect(onSubmit).toHaveBeenCalledTimes(score ? 1 : 0);
    expect(warn).toHaveBeenCalledExactlyOnceWith(
      '[csat]',
      'the question was removed from the page by another script, so it is closed.',
    );
  });
});

describe('createCsat', () => {
  it("merges options over the defaults: the defaults' onSubmit is used and theme merges", async () => {
    const onSubmit = vi.fn();
    const c = createCsat({ onSubmit, locale: 'nl', theme: { accent: '#ff0000', radius: 4 } });
    const promise = c.ask({
      survey: sid(),
      theme: { background: '#000000', text: '#ffffff', radius: 12 },
      comment: 'never',
    });
    // Theme values become --csat-* custom properties on the host.
    const css = (host() as HTMLElement).style.cssText;
    expect(css).toMatch(/--csat-accent:\s*#ff0000/);
    expect(css).toMatch(/--csat-[\w-]+:\s*#000000/);
    expect(css).toMatch(/--csat-radius:\s*12px/);
    fireEvent.click(point('4 van 5, Tevreden'));
    await pastThanks();
    const answer = await promise;
    expect(onSubmit).toHaveBeenCalledWith(answer);
    expect(answer).toMatchObject({ locale: 'nl' });
  });

  it('options win over the defaults', () => {
    const c = createCsat({ onSubmit() {}, locale: 'nl', scale: 'nps' });
    void c.ask({ survey: sid(), locale: 'en', scale: 'ces' });
    expect(radios()).toHaveLength(7);
    expect(point('1 of 7, Very difficult')).toBeTruthy();
  });

  it('throws CsatConfigError for invalid defaults', () => {
    expect(() => createCsat({ scale: 'hearts' as Scale })).toThrow(CsatConfigError);
  });

  it('rejects a question whose merged options are invalid, and shows nothing', async () => {
    const c = createCsat({ onSubmit() {} });
    await expect(c.ask({ scale: 'stars' })).rejects.toThrow(/^survey: /);
    await expect(c.ask({ survey: sid(), sampleRate: 5 })).rejects.toBeInstanceOf(CsatConfigError);
    expect(host()).toBeNull();
  });

  it('destroy() closes open questions and removes everything it added', async () => {
    const onSubmit = vi.fn();
    const c = createCsat({ onSubmit });
    const first = c.ask({ survey: sid() });
    const second = c.ask({ survey: sid(), display: 'inline', container: document.body });
    expect(document.querySelectorAll('csat-widget')).toHaveLength(2);
    c.destroy();
    expect(await first).toBeNull();
    expect(await second).toBeNull();
    expect(document.body.innerHTML).toBe('');
    expect(onSubmit).not.toHaveBeenCalled();
    // A destroyed instance shows nothing more.
    expect(await c.ask({ survey: sid() })).toBeNull();
    expect(document.body.innerHTML).toBe('');
  });

  it('destroy() during the comment step still sends the chosen score', async () => {
    const onSubmit = vi.fn();
    const c = createCsat({ onSubmit });
    const promise = c.ask({ survey: sid() });
    fireEvent.click(point('2 of 5, Dissatisfied'));
    await flushMicrotasks();
    c.destroy();
    expect(await promise).toMatchObject({ score: 2, comment: null });
    expect(onSubmit).toHaveBeenCalledOnce();
    expect(document.body.innerHTML).toBe('');
  });

  it('flush() resolves only after a slow onSubmit has finished', async () => {
    let finished = false;
    const c = createCsat({
      onSubmit: () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            finished = true;
            resolve();
          }, 10_000),
        ),
    });
    const promise = c.ask({ survey: sid(), comment: 'never' });
    fireEvent.click(point('4 of 5, Satisfied'));
    await pastThanks();
    await promise;
    const flushed = vi.fn();
    void c.flush().then(flushed);
    await vi.advanceTimersByTimeAsync(5000);
    expect(flushed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5000);
    expect(finished).toBe(true);
    expect(flushed).toHaveBeenCalledOnce();
  });

  it('flush() resolves at once when nothing is waiting', async () => {
    await expect(createCsat({ onSubmit() {} }).flush()).resolves.toBeUndefined();
  });
});

describe('display', () => {
  it("'inline' renders inside the container", () => {
    const container = document.createElement('div');
    container.id = 'help';
    document.body.append(container);
    open({ display: 'inline', container: '#help' });
    expect(container.querySelector('csat-widget')).not.toBeNull();
  });

  it('a missing container is a [csat] warning and a toast instead', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    open({ display: 'inline', container: '#nowhere' });
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[csat\]/);
    expect(host()!.parentElement).toBe(document.body);
    expect(radios()).toHaveLength(5);
  });

  it('a bad selector is a [csat] warning, not a crash', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { promise } = open({ anchor: '#[' });
    expect(host()).not.toBeNull();
    expect(warn).toHaveBeenCalled();
    for (const call of warn.mock.calls) expect(String(call[0])).toMatch(/^\[csat\]/);
    fireEvent.click(button('Close feedback'));
    expect(await promise).toBeNull();
  });
  it('lifts a toast above the on-screen keyboard once the comment box has focus', () => {
    const viewport = Object.assign(new EventTarget(), { height: 700, offsetTop: 0 });
    vi.stubGlobal('visualViewport', viewport);
    vi.stubGlobal('innerHeight', 700);
    open({ comment: 'always' });
    const lift = () => (host() as HTMLElement).style.getPropertyValue('--csat-kb');
    viewport.dispatchEvent(new Event('resize'));
    expect(lift()).toBe('0px'); // a toast follows the visible part of the page from the start
    fireEvent.click(point('4 of 5, Satisfied'));
    fireEvent.focusIn(host()!.shadowRoot!.querySelector('textarea')!);
    expect(lift()).toBe('0px');
    // The keyboard opens: 300 px of the layout viewport are no longer visible.
    viewport.height = 400;
    viewport.dispatchEvent(new Event('resize'));
    expect(lift()).toBe('300px');
    viewport.height = 700;
    viewport.dispatchEvent(new Event('resize'));
    expect(lift()).toBe('0px');
  });

  it('a toast waits while another toast is open, then shows', async () => {
    const first = open({ question: 'First?' });
    open({ question: 'Second?' });
    await flushMicrotasks();
    expect(document.querySelectorAll('csat-widget')).toHaveLength(1);
    expect(shadow().getByText('First?')).toBeTruthy();
    fireEvent.click(button('Close feedback'));
    expect(await first.promise).toBeNull();
    await flushMicrotasks();
    expect(document.querySelectorAll('csat-widget')).toHaveLength(1);
    expect(shadow().getByText('Second?', { selector: '.q' })).toBeTruthy();
    fireEvent.click(button('Close feedback'));
  });
});

describe('events (response rate)', () => {
  const bodies = () => {
    const fetch = vi.fn<(url: string, init: RequestInit) => Promise<Response>>(async () => new Response('{}'));
    vi.stubGlobal('fetch', fetch);
    return () => fetch.mock.calls.map(([, init]) => JSON.parse(init.body as string) as Record<string, unknown>);
  };
  /** Long enough for a send under a lease (happy-dom has no Web Locks), shorter than the thank-you. */
  const sending = () => vi.advanceTimersByTimeAsync(1000);
  const EVENT = {
    v: 1,
    id: expect.stringMatching(UUID_V4),
    interaction: 'order-1',
    locale: 'en',
    page: PAGE,
    at: NOW.toISOString(),
  };

  it('with events: true, a shown event when the question shows and a dismissed one when the person closes it', async () => {
    const sent = bodies();
    const onSubmit = vi.fn();
    const survey = sid();
    const promise = ask({
      survey,
      interaction: 'order-1',
      locale: 'en',
      endpoint: '/api/csat',
      onSubmit,
      events: true,
    });
    await sending();
    expect(sent()).toEqual([{ ...EVENT, kind: 'shown', survey }]);
    fireEvent.click(button('Close feedback'));
    expect(await promise).toBeNull();
    await sending();
    expect(sent()).toEqual([
      { ...EVENT, kind: 'shown', survey },
      { ...EVENT, kind: 'dismissed', survey, at: new Date(NOW.getTime() + 1000).toISOString() },
    ]);
    expect(sent()[0]!.id).not.toBe(sent()[1]!.id);
    // Events go to the endpoint only: onSubmit receives answers.
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('a question answered and then closed sends shown and the answer, never dismissed', async () => {
    const sent = bodies();
    const onDelivered = vi.fn();
    const promise = ask({ survey: sid(), endpoint: '/api/csat', events: true, onDelivered });
    fireEvent.click(point('2 of 5, Dissatisfied'));
    await sending();
    fireEvent.click(button('Close feedback'));
    const answer = await promise;
    await sending();
    expect(sent().map((b) => b.kind ?? 'answer')).toEqual(['shown', 'answer']);
    expect(sent()[1]).toEqual(answer);
    // onDelivered is told about answers only.
    expect(onDelivered).toHaveBeenCalledExactlyOnceWith(answer);
  });

  it('a question closed by the page (abort) sends no dismissed event', async () => {
    const sent = bodies();
    const controller = new AbortController();
    const promise = ask({ survey: sid(), endpoint: '/api/csat', events: true, signal: controller.signal });
    await sending();
    controller.abort();
    expect(await promise).toBeNull();
    await sending();
    expect(sent().map((b) => b.kind)).toEqual(['shown']);
  });

  it('without events (the default), nothing but answers is sent', async () => {
    const sent = bodies();
    const promise = ask({ survey: sid(), endpoint: '/api/csat' });
    await sending();
    fireEvent.click(button('Close feedback'));
    expect(await promise).toBeNull();
    await sending();
    expect(sent()).toEqual([]);
  });
});

describe('destroy() and delivery callbacks', () => {
  it('a destroyed instance no longer hears about answers left by an earlier page', async () => {
    // A fresh copy of the modules: the page's scheduler would otherwise carry other tests' instances.
    vi.resetModules();
    const fresh = await import('../../src/ask');
    const a = validAnswer();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{}')),
    );
    const unmounted = { onDelivered: vi.fn(), onError: vi.fn() };
    fresh.createCsat(unmounted).destroy();
    const live = { onDelivered: vi.fn(), onError: vi.fn() };
    const c = fresh.createCsat(live);
    const entry = { a, e: { url: 'https://collect.example/csat' }, n: 0, t: 0, c: Date.now() };
    localStorage.setItem('csat:q1', JSON.stringify([entry]));
    await vi.advanceTimersByTimeAsync(1000);
    expect(live.onDelivered).toHaveBeenCalledExactlyOnceWith(a);
    expect(unmounted.onDelivered).not.toHaveBeenCalled();
    c.destroy();
  });
});

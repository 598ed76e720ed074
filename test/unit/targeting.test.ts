import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fireEvent, within } from '@testing-library/preact';
import type { Answer, AskOptions, Explanation } from '../../src/types';

// Who is asked, through createCsat as a page uses it (SPEC, "Who is asked, and headless use"):
// delay, debug, explain, record and forget. Each test loads fresh copies of the modules, so the
// rolls explain holds in memory and the page's delivery queue start empty. Timers are fake.

let lib: typeof import('../../src/ask');
let CsatConfigError: typeof import('../../src/errors').CsatConfigError;
let warn: MockInstance<typeof console.warn>;

const NOW = new Date('2026-11-23T10:00:00.000Z');
const DAY = 864e5;
const widget = () => document.querySelector<HTMLElement>('csat-widget');
const inWidget = () => within(widget()!.shadowRoot as unknown as HTMLElement);
const settle = () => vi.advanceTimersByTimeAsync(0);
const warnings = () => warn.mock.calls.map((c: unknown[]) => c.map(String).join(' '));

beforeEach(async () => {
  vi.useFakeTimers({ now: NOW });
  vi.resetModules();
  lib = await import('../../src/ask');
  ({ CsatConfigError } = await import('../../src/errors'));
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const setHidden = (hidden: boolean) => {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
};

describe('delay', () => {
  it('shows the question once the delay has passed, not before', async () => {
    const c = lib.createCsat({ onSubmit() {} });
    const answer = c.ask({ survey: 'later', delay: 2000 });
    await vi.advanceTimersByTimeAsync(1999);
    expect(widget()).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(widget()).not.toBeNull();
    c.destroy();
    expect(await answer).toBeNull();
  });

  it.each<[string, (c: ReturnType<typeof lib.createCsat>, abort: AbortController) => void]>([
    ['the page is hidden', () => setHidden(true)],
    ['the page is left (pagehide)', () => window.dispatchEvent(new Event('pagehide'))],
    ['the signal aborts', (_, abort) => abort.abort()],
    ['destroy() runs', (c) => c.destroy()],
  ])('shows nothing when %s meanwhile', async (_, interrupt) => {
    const c = lib.createCsat({ onSubmit() {} });
    const abort = new AbortController();
    const onShow = vi.fn();
    const answer = c.ask({ survey: 'later', delay: 2000, signal: abort.signal, onShow, debug: true });
    await vi.advanceTimersByTimeAsync(500);
    interrupt(c, abort);
    expect(await answer).toBeNull();
    await vi.advanceTimersByTimeAsync(5000);
    expect(widget()).toBeNull();
    expect(onShow).not.toHaveBeenCalled();
    expect(warnings()).toEqual([expect.stringMatching(/^\[csat\] "later" not shown: .*during the delay/)]);
  });

  it('coming back into view does not cancel it', async () => {
    const c = lib.createCsat({ onSubmit() {} });
    void c.ask({ survey: 'later', delay: 1000 });
    document.dispatchEvent(new Event('visibilitychange')); // still visible
    await vi.advanceTimersByTimeAsync(1000);
    expect(widget()).not.toBeNull();
    c.destroy();
  });

  it('a second ask for the same survey while the first waits shows nothing', async () => {
    const c = lib.createCsat({ onSubmit() {} });
    const onShow = vi.fn();
    const first = c.ask({ survey: 'later', delay: 1000, onShow });
    const second = c.ask({ survey: 'later', delay: 1000, onShow });
    const other = lib.createCsat({ onSubmit() {} }).ask({ survey: 'later', delay: 500, onShow });
    expect(await second).toBeNull();
    expect(await other).toBeNull();
    await vi.advanceTimersByTimeAsync(5000);
    expect(onShow).toHaveBeenCalledOnce();
    expect(document.querySelectorAll('csat-widget')).toHaveLength(1);
    c.destroy();
    expect(await first).toBeNull();
  });

  it('checks the cap again after the delay: a question shown meanwhile counts', async () => {
    const c = lib.createCsat({ onSubmit() {}, frequency: { max: 1, days: 30 } });
    const late = c.ask({ survey: 'late', delay: 1000, display: 'inline', container: document.body });
    const now = c.ask({ survey: 'now' });
    await settle();
    expect(widget()).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    expect(await late).toBeNull();
    c.destroy();
    await now;
  });
});

describe('oncePerInteraction and a question left open', () => {
  it('leaving the page with the question open and no score: that interaction is not asked again', async () => {
    const c = lib.createCsat({ onSubmit() {} });
    const onShow = vi.fn();
    void c.ask({ survey: 'left', interaction: 'order-7', onShow });
    await settle();
    window.dispatchEvent(new Event('pagehide'));
    // The next page (a fresh copy of the library) reads what this one stored.
    vi.resetModules();
    const next = (await import('../../src/ask')).createCsat({ onSubmit() {} });
    expect(await next.explain({ survey: 'left', interaction: 'order-7' })).toEqual({
      show: false,
      reason: 'answered-interaction',
    });
    expect(await next.ask({ survey: 'left', interaction: 'order-7', onShow })).toBeNull();
    expect(onShow).toHaveBeenCalledOnce();
    c.destroy();
  });

  it('a question the page closed (signal, destroy) before the page was left does not count', async () => {
    const c = lib.createCsat({ onSubmit() {} });
    const abort = new AbortController();
    const answer = c.ask({ survey: 'left', interaction: 'order-8', signal: abort.signal });
    await settle();
    abort.abort();
    expect(await answer).toBeNull();
    window.dispatchEvent(new Event('pagehide'));
    expect(await c.explain({ survey: 'left', interaction: 'order-8' })).toEqual({ show: true, reason: 'ok' });
  });
  it('once answered, leaving during the thank-you writes nothing: a forget() just before holds', async () => {
    // Found by the demo screenshots: a page that forgot (or cleared storage) while a thank-you
    // still showed had the interaction written back when it was left.
    const c = lib.createCsat({ onSubmit() {} });
    const answer = c.ask({ survey: 'thanked', interaction: 'order-9' });
    await settle();
    fireEvent.click(inWidget().getByRole('radio', { name: /^5 of 5/ }));
    expect(await answer).toMatchObject({ score: 5 });
    expect(inWidget().getByRole('status').textContent).toMatch(/Thank you/);
    await c.forget();
    window.dispatchEvent(new Event('pagehide'));
    expect(localStorage.getItem('csat:v1')).toBeNull();
    expect(await c.explain({ survey: 'thanked', interaction: 'order-9' })).toEqual({ show: true, reason: 'ok' });
    c.destroy();
  });
});

describe('toasts waiting their turn', () => {
  it('are decided again when their turn comes: a cooldown started by the one before holds', async () => {
    const c = lib.createCsat({ onSubmit() {}, cooldownDays: 7 });
    const onShow = vi.fn();
    const first = c.ask({ survey: 'same', onShow });
    // Asked while the first shows: nothing stops it yet, so it waits for the corner.
    const second = c.ask({ survey: 'same', onShow });
    await settle();
    fireEvent.click(inWidget().getByRole('radio', { name: '5 of 5, Very satisfied' }));
    expect(await first).toMatchObject({ score: 5 });
    await vi.advanceTimersByTimeAsync(5000); // the thank-you closes, ending the first one's turn
    expect(await second).toBeNull();
    expect(onShow).toHaveBeenCalledOnce();
  });
});

describe('debug', () => {
  it('says why ask showed nothing, with the reason explain gives', async () => {
    const c = lib.createCsat({ onSubmit() {}, debug: true });
    expect(await c.ask({ survey: 'nobody', sampleRate: 0 })).toBeNull();
    lib.createCsat({ onSubmit() {} }); // no debug: silent
    expect(await c.ask({ survey: 'quiet', sampleRate: 0, debug: false })).toBeNull();
    expect(warnings()).toEqual(['[csat] "nobody" not shown: sampled-out.']);
  });

  it('names the time a cooldown ends', async () => {
    const c = lib.createCsat({ onSubmit() {}, debug: true, cooldownDays: 7 });
    const answer = c.ask({ survey: 'again' });
    fireEvent.click(inWidget().getByRole('radio', { name: '5 of 5, Very satisfied' }));
    await answer;
    expect(await c.ask({ survey: 'again' })).toBeNull();
    expect(warnings()).toEqual([
      `[csat] "again" not shown: cooldown until ${new Date(NOW.getTime() + 7 * DAY).toISOString()}.`,
    ]);
  });
});

describe('explain', () => {
  it('shows nothing and changes nothing stored', async () => {
    const c = lib.createCsat({ onSubmit() {} });
    const before = { ...localStorage };
    const options = {
      survey: 'x',
      sampleRate: 0.5,
      cooldownDays: 3,
      interaction: 'o-1',
      frequency: { max: 1, days: 1 },
    };
    expect((await c.explain(options)).reason).toMatch(/^(ok|sampled-out)$/);
    await settle();
    expect(widget()).toBeNull();
    expect({ ...localStorage }).toEqual(before);
  });

  it('rejects invalid options with CsatConfigError, like ask', async () => {
    const c = lib.createCsat({ onSubmit() {} });
    await expect(c.explain({ survey: 'x', frequency: { max: 0, days: 30 } })).rejects.toThrow(
      new CsatConfigError(['frequency.max: expected a whole number from 1 to 100, got 0']),
    );
    await expect(lib.explain({ survey: 'x' })).rejects.toBeInstanceOf(CsatConfigError);
  });

  it("says 'no-dom' once the instance is destroyed, as ask then shows nothing", async () => {
    const c = lib.createCsat({ onSubmit() {} });
    c.destroy();
    expect(await c.explain({ survey: 'x' })).toEqual({ show: false, reason: 'no-dom' });
    expect(await c.ask({ survey: 'x' })).toBeNull();
  });

  it('agrees with ask on 1,000 random option sets and stored states', async () => {
    // A seeded PRNG (mulberry32): a failure names its seed and case, and is reproduced by them.
    const SEED = 15;
    let state = SEED;
    const rand = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(values: T[]): T => values[Math.floor(rand() * values.length)]!;
    vi.spyOn(Math, 'random').mockImplementation(rand);
    const surveys = ['a', 'b', 'c'];
    const interactions = [null, 'o-1', 'o-2'];
    const now = NOW.getTime();
    const ago = () => now - Math.floor(rand() * 40 * DAY);
    const storedState = () => {
      const s: Record<string, number[]> = {};
      for (const survey of surveys) {
        if (rand() < 0.6) s[survey + '\n'] = [rand(), rand() < 0.3 ? 0 : ago(), rand() < 0.5 ? 1 : 0];
      }
      const i: Record<string, number> = {};
      for (const survey of surveys)
        for (const x of interactions.slice(1)) if (rand() < 0.3) i[`${survey}\n${x}`] = ago();
      return { s, i, f: Array.from({ length: Math.floor(rand() * 5) }, ago) };
    };
    const randomOptions = (): Partial<AskOptions> => ({
      survey: pick(surveys),
      interaction: pick(interactions),
      sampleRate: pick([undefined, 0, 0.3, 0.5, 0.8, 1]),
      cooldownDays: pick([undefined, 0, 1, 7, 30, { answered: 30, dismissed: 3 }, { answered: 2, dismissed: 20 }]),
      oncePerInteraction: pick([undefined, true, false]),
      frequency: pick([undefined, { max: 1, days: 7 }, { max: 3, days: 30 }, { max: 2, days: 1 }]),
    });

    const c = lib.createCsat({ onSubmit() {} });
    let shownCount = 0;
    for (let n = 0; n < 1000; n++) {
      await c.forget();
      if (rand() < 0.8) localStorage.setItem('csat:v1', JSON.stringify(storedState()));
      const options = randomOptions();
      const stored = localStorage.getItem('csat:v1');
      const explained: Explanation = await c.explain(options);
      expect(localStorage.getItem('csat:v1'), `seed ${SEED}, case ${n}: explain changed the record`).toBe(stored);
      const onShow = vi.fn();
      const answer = c.ask({ ...options, onShow });
      await settle();
      expect(
        onShow.mock.calls.length,
        `seed ${SEED}, case ${n}: ${JSON.stringify({ options, stored, explained })}`,
      ).toBe(explained.show ? 1 : 0);
      if (explained.show) {
        shownCount++;
        fireEvent.click(inWidget().getByRole('button', { name: 'Close feedback' }));
      }
      await answer;
      await vi.advanceTimersByTimeAsync(1000);
    }
    // Both verdicts were well represented.
    expect(shownCount).toBeGreaterThan(100);
    expect(shownCount).toBeLessThan(900);
  }, 60_000);
});

describe('record', () => {
  it('builds, checks and delivers the answer exactly as the widget does', async () => {
    const onSubmit = vi.fn<(a: Answer) => void>();
    const c = lib.createCsat({ onSubmit, locale: 'nl' });
    const answer = await c.record({
      survey: 'custom',
      scale: 'numeric',
      score: 8,
      comment: '  fijn  ',
      interaction: 'order-1',
      metadata: { plan: 'pro' },
    });
    expect(answer).toEqual({
      v: 1,
      id: expect.stringMatching(/^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/),
      survey: 'custom',
      interaction: 'order-1',
      scale: { type: 'numeric', min: 1, max: 10 },
      score: 8,
      normalized: 7 / 9,
      satisfied: true,
      comment: 'fijn',
      locale: 'nl',
      page: location.origin + location.pathname,
      at: NOW.toISOString(),
      metadata: { plan: 'pro' },
    });
    await c.flush();
    expect(onSubmit).toHaveBeenCalledWith(answer);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ score: 9 }, 'score: expected a whole number from 1 to 5, got 9'],
    [{ score: 2.5 }, 'score: expected a whole number from 1 to 5, got 2.5'],
    [{}, 'score: expected a whole number from 1 to 5, got nothing'],
    [{ score: 11, scale: 'nps' }, 'score: expected a whole number from 0 to 10, got 11'],
    [
      { score: 3, comment: 'x'.repeat(11), commentMaxLength: 10 },
      'comment: expected null or text of at most 10 characters, got "xxxxxxxxxxx"',
    ],
    [
      { score: 3, scale: 'huge' },
      "scale: expected 'stars', 'smileys', 'numeric', 'nps', 'ces' or {type: 'stars' | 'smileys' | 'numeric', ...}, got \"huge\"",
    ],
  ])('rejects %j with CsatConfigError naming the problem, and delivers nothing', async (extra, message) => {
    const onSubmit = vi.fn();
    const c = lib.createCsat({ onSubmit });
    await expect(c.record({ survey: 'custom', ...extra } as never)).rejects.toThrow(new CsatConfigError([message]));
    await c.flush();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('applies beforeSend: a redaction is delivered, a drop resolves null, a throw fails closed', async () => {
    const onSubmit = vi.fn();
    const onError = vi.fn();
    const c = lib.createCsat({ onSubmit, onError });
    const redacted = await c.record({
      survey: 'r',
      score: 2,
      comment: 'mail me@x.nl',
      beforeSend: (a) => ({ ...a, comment: null }),
    });
    expect(redacted).toMatchObject({ comment: null });
    expect(await c.record({ survey: 'r', score: 2, beforeSend: () => null })).toBeNull();
    const boom = () => {
      throw new Error('boom');
    };
    expect(await c.record({ survey: 'r', score: 2, beforeSend: boom })).toBeNull();
    expect(onError).toHaveBeenCalledWith(new Error('beforeSend threw, so the answer was dropped: Error: boom'));
    await c.flush();
    expect(onSubmit.mock.calls).toEqual([[redacted]]);
  });

  it('respects oncePerInteraction, and records the cooldown and the cap like an answered question', async () => {
    const onSubmit = vi.fn();
    const c = lib.createCsat({ onSubmit, cooldownDays: { answered: 10, dismissed: 1 } });
    expect(await c.record({ survey: 'r', interaction: 'o-1', score: 4 })).not.toBeNull();
    expect(await c.record({ survey: 'r', interaction: 'o-1', score: 5 })).toBeNull();
    expect(await c.explain({ survey: 'r', interaction: 'o-1' })).toEqual({
      show: false,
      reason: 'answered-interaction',
    });
    expect(await c.explain({ survey: 'r' })).toEqual({
      show: false,
      reason: 'cooldown',
      until: new Date(NOW.getTime() + 10 * DAY).toISOString(),
    });
    expect(await c.explain({ survey: 'other', frequency: { max: 1, days: 1 } })).toMatchObject({ reason: 'frequency' });
    await c.flush();
    expect(onSubmit).toHaveBeenCalledOnce();
  });

  it('puts an endpoint answer in the same queue as the widget', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 503 })),
    );
    const c = lib.createCsat({ endpoint: '/api/csat' });
    const answer = await c.record({ survey: 'r', score: 4 });
    expect(JSON.parse(localStorage.getItem('csat:q1')!)[0].a).toEqual(answer);
    c.destroy();
  });
});

describe('forget', () => {
  it('keeps the answers waiting for delivery, unless {answers: true}', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 503 }));
    vi.stubGlobal('fetch', fetch);
    const c = lib.createCsat({ endpoint: '/api/csat', cooldownDays: 30 });
    await c.record({ survey: 'r', score: 4 });
    await c.forget();
    expect(localStorage.getItem('csat:q1')).not.toBeNull();
    expect(localStorage.getItem('csat:v1')).toBeNull();
    expect(await c.explain({ survey: 'r' })).toEqual({ show: true, reason: 'ok' });
    await c.forget({ answers: true });
    expect(localStorage.getItem('csat:q1')).toBeNull();
    // Not stored again by a retry of this page, and nothing more is sent.
    const tries = fetch.mock.calls.length;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(localStorage.getItem('csat:q1')).toBeNull();
    expect(fetch.mock.calls.length).toBe(tries);
    await c.flush();
  });

  it('drops a held score too, so leaving the page does not store it again', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 503 })),
    );
    const c = lib.createCsat({ endpoint: '/api/csat', comment: 'always' });
    void c.ask({ survey: 'held' });
    fireEvent.click(inWidget().getByRole('radio', { name: '2 of 5, Dissatisfied' }));
    expect(localStorage.getItem('csat:q1')).not.toBeNull();
    await lib.forget({ answers: true });
    expect(localStorage.getItem('csat:q1')).toBeNull();
    setHidden(true);
    await settle();
    expect(localStorage.getItem('csat:q1')).toBeNull();
  });
});

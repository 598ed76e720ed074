import { afterEach, beforeEach, describe, it, expect, vi } from 'vitest';
import type { GateOptions } from '../../src/core/gate';

// gate.ts keeps a module-level fallback record and a "warned once" flag, so every test loads a
// fresh copy of it: what one test remembered must not decide another.
let gate: typeof import('../../src/core/gate');
beforeEach(async () => {
  vi.resetModules();
  gate = await import('../../src/core/gate');
});
afterEach(() => {
  vi.restoreAllMocks();
});

const DAY = 864e5;
const NOW = Date.UTC(2026, 10, 23, 10);

const options = (extra: Partial<GateOptions> = {}): GateOptions => ({
  survey: 'checkout',
  interaction: null,
  sampleRate: 1,
  cooldownDays: 0,
  oncePerInteraction: true,
  ...extra,
});

/** Makes the next sample rolls return `roll`. */
const rollNext = (roll: number) => vi.spyOn(Math, 'random').mockReturnValue(roll);

describe('sampling', () => {
  it('sampleRate 0 never asks', () => {
    rollNext(0);
    for (let i = 0; i < 5; i++) expect(gate.shouldAsk(options({ sampleRate: 0 }), NOW)).toBe(false);
  });

  it('sampleRate 1 always asks', () => {
    rollNext(0.999999);
    for (let i = 0; i < 5; i++) expect(gate.shouldAsk(options({ sampleRate: 1 }), NOW)).toBe(true);
  });

  it('is sticky: the verdict for a browser does not change between calls', () => {
    const random = rollNext(0.7);
    expect(gate.shouldAsk(options({ sampleRate: 0.5 }), NOW)).toBe(false);
    random.mockReturnValue(0.1); // a fresh roll would now say yes
    expect(gate.shouldAsk(options({ sampleRate: 0.5 }), NOW)).toBe(false);
    expect(gate.shouldAsk(options({ sampleRate: 0.5 }), NOW + DAY)).toBe(false);
  });

  it('is sticky across page loads (kept in localStorage)', async () => {
    const random = rollNext(0.2);
    expect(gate.shouldAsk(options({ sampleRate: 0.5 }), NOW)).toBe(true);
    vi.resetModules();
    const reloaded = await import('../../src/core/gate');
    random.mockReturnValue(0.9);
    expect(reloaded.shouldAsk(options({ sampleRate: 0.5 }), NOW)).toBe(true);
  });

  it('rolls per survey', () => {
    const random = rollNext(0.7);
    expect(gate.shouldAsk(options({ survey: 'a', sampleRate: 0.5 }), NOW)).toBe(false);
    random.mockReturnValue(0.1);
    expect(gate.shouldAsk(options({ survey: 'b', sampleRate: 0.5 }), NOW)).toBe(true);
  });

  it('raising sampleRate widens the same sample instead of re-rolling', () => {
    const random = rollNext(0.4);
    expect(gate.shouldAsk(options({ sampleRate: 0.3 }), NOW)).toBe(false);
    random.mockReturnValue(0.99);
    expect(gate.shouldAsk(options({ sampleRate: 0.5 }), NOW)).toBe(true);
    // Lowering it again takes this browser back out.
    expect(gate.shouldAsk(options({ sampleRate: 0.3 }), NOW)).toBe(false);
  });

  it('keeps roughly sampleRate of rolls', () => {
    let asked = 0;
    for (let i = 0; i < 1000; i++) if (gate.shouldAsk(options({ survey: 's' + i, sampleRate: 0.3 }), NOW)) asked++;
    expect(asked).toBeGreaterThan(230);
    expect(asked).toBeLessThan(370);
  });
});

describe('cooldownDays', () => {
  it('does not ask again within the cooldown after an answer or dismissal', () => {
    const o = options({ cooldownDays: 7 });
    expect(gate.shouldAsk(o, NOW)).toBe(true);
    gate.remember(o, NOW);
    expect(gate.shouldAsk(o, NOW + 1000)).toBe(false);
    expect(gate.shouldAsk(o, NOW + 7 * DAY - 1)).toBe(false);
    expect(gate.shouldAsk(o, NOW + 7 * DAY)).toBe(true);
  });

  it('is per survey', () => {
    gate.remember(options({ survey: 'a', cooldownDays: 7 }), NOW);
    expect(gate.shouldAsk(options({ survey: 'a', cooldownDays: 7 }), NOW + DAY)).toBe(false);
    expect(gate.shouldAsk(options({ survey: 'b', cooldownDays: 7 }), NOW + DAY)).toBe(true);
  });

  it('0 days asks again right away', () => {
    gate.remember(options(), NOW);
    expect(gate.shouldAsk(options(), NOW + 1)).toBe(true);
  });

  it('survives a page load', async () => {
    gate.remember(options({ cooldownDays: 1 }), NOW);
    vi.resetModules();
    const reloaded = await import('../../src/core/gate');
    expect(reloaded.shouldAsk(options({ cooldownDays: 1 }), NOW + 1000)).toBe(false);
  });

  it('does not change the sample roll', () => {
    const random = rollNext(0.4);
    expect(gate.shouldAsk(options({ sampleRate: 0.5 }), NOW)).toBe(true);
    random.mockReturnValue(0.9);
    gate.remember(options({ sampleRate: 0.5 }), NOW);
    expect(gate.shouldAsk(options({ sampleRate: 0.5 }), NOW + 1)).toBe(true);
  });
});

describe('oncePerInteraction', () => {
  it('never asks twice about the same survey + interaction', () => {
    const o = options({ interaction: 'order-1' });
    expect(gate.shouldAsk(o, NOW)).toBe(true);
    gate.remember(o, NOW);
    expect(gate.shouldAsk(o, NOW + 365 * DAY)).toBe(false);
    expect(gate.shouldAsk(options({ interaction: 'order-2' }), NOW)).toBe(true);
    expect(gate.shouldAsk(options({ survey: 'delivery', interaction: 'order-1' }), NOW)).toBe(true);
  });

  it('asks again when turned off', () => {
    gate.remember(options({ interaction: 'order-1' }), NOW);
    expect(gate.shouldAsk(options({ interaction: 'order-1', oncePerInteraction: false }), NOW)).toBe(true);
  });

  it('does not apply without an interaction', () => {
    gate.remember(options(), NOW);
    expect(gate.shouldAsk(options(), NOW)).toBe(true);
  });

  it('treats survey ids that name Object.prototype properties like any other', async () => {
    const random = rollNext(0.9);
    for (const survey of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const o = options({ survey, sampleRate: 0.5, cooldownDays: 7 });
      // The roll of 0.9 is stored: out of a 50 % sample, now and after the roll changes.
      expect(gate.shouldAsk(o, NOW), survey).toBe(false);
      random.mockReturnValue(0.1);
      expect(gate.shouldAsk(o, NOW), survey).toBe(false);
      random.mockReturnValue(0.9);
      const inSample = options({ survey, sampleRate: 1, cooldownDays: 7 });
      gate.remember(inSample, NOW);
      expect(gate.shouldAsk(inSample, NOW + DAY), survey).toBe(false);
    }
    // Kept across a page load, so really stored rather than hung on a prototype.
    vi.resetModules();
    const reloaded = await import('../../src/core/gate');
    expect(reloaded.shouldAsk(options({ survey: '__proto__', cooldownDays: 7 }), NOW + DAY)).toBe(false);
    expect(reloaded.shouldAsk(options({ survey: '__proto__', cooldownDays: 7 }), NOW + 8 * DAY)).toBe(true);
    expect(Object.getPrototypeOf(JSON.parse(localStorage.getItem('csat:v1')!).s)).toBe(Object.prototype);
  });

  it('keys survey and interaction unambiguously', () => {
    gate.remember(options({ survey: 'a', interaction: 'b:c' }), NOW);
    expect(gate.shouldAsk(options({ survey: 'a:b', interaction: 'c' }), NOW)).toBe(true);
  });
});

describe('storage', () => {
  it('recovers from a corrupt record', () => {
    localStorage.setItem('csat:v1', '{not json');
    expect(gate.shouldAsk(options(), NOW)).toBe(true);
    localStorage.setItem('csat:v1', '"a string"');
    expect(gate.shouldAsk(options(), NOW)).toBe(true);
  });

  it('degrades to memory with exactly one [csat] warning when storage throws', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // A full (or Safari private-mode) storage: reads work, every write throws.
    const full = {
      getItem: () => null,
      setItem: vi.fn(() => {
        throw new DOMException('quota', 'QuotaExceededError');
      }),
    };
    vi.spyOn(window, 'localStorage', 'get').mockReturnValue(full as unknown as Storage);
    const o = options({ cooldownDays: 7, interaction: 'order-1' });
    expect(gate.shouldAsk(o, NOW)).toBe(true);
    gate.remember(o, NOW);
    // Still honoured for this page, from memory.
    expect(gate.shouldAsk(o, NOW + 1000)).toBe(false);
    gate.remember(options({ survey: 'other' }), NOW);
    expect(full.setItem).toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[csat\]/);
  });

  it('keeps what this page remembered when storage fills up after an earlier visit', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // An earlier visit stored a record; now every write fails, but reads still see the old one.
    const o = options({ cooldownDays: 7, interaction: 'order-1' });
    expect(gate.shouldAsk(o, NOW - 30 * DAY)).toBe(true);
    const stored = localStorage.getItem('csat:v1')!;
    vi.spyOn(window, 'localStorage', 'get').mockReturnValue({
      getItem: () => stored,
      setItem() {
        throw new DOMException('quota', 'QuotaExceededError');
      },
    } as unknown as Storage);
    expect(gate.shouldAsk(o, NOW)).toBe(true);
    gate.remember(o, NOW);
    expect(warn).toHaveBeenCalledOnce();
    // The stale stored record must not bring the question back on this page.
    expect(gate.shouldAsk(o, NOW + 1000)).toBe(false);
    expect(gate.shouldAsk(options({ interaction: 'order-1', oncePerInteraction: true }), NOW + 8 * DAY)).toBe(false);
  });

  it.each(['{"s":null,"i":null}', '{"s":{},"i":5}', '[]', '0'])(
    'survives a stored record of the wrong shape: %s',
    (bad) => {
      {
        localStorage.setItem('csat:v1', bad);
        const o = options({ cooldownDays: 1, interaction: 'order-1' });
        expect(gate.shouldAsk(o, NOW), bad).toBe(true);
        gate.remember(o, NOW);
        expect(gate.shouldAsk(o, NOW + 1), bad).toBe(false);
      }
    },
  );

  it('works when localStorage itself cannot be reached (sandboxed frame)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const o = options({ interaction: 'order-1' });
    expect(gate.shouldAsk(o, NOW)).toBe(true);
    gate.remember(o, NOW);
    expect(gate.shouldAsk(o, NOW)).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[csat\]/);
  });

  it('keeps the record bounded', () => {
    for (let i = 0; i < 500; i++) gate.remember(options({ interaction: 'order-' + i }), NOW + i);
    expect(localStorage.getItem('csat:v1')!.length).toBeLessThan(20_000);
    // The newest are kept.
    expect(gate.shouldAsk(options({ interaction: 'order-499' }), NOW + 1000)).toBe(false);
  });
});

describe('cooldownDays {answered, dismissed}', () => {
  const o = options({ cooldownDays: { answered: 30, dismissed: 7 } });

  it('brings a dismissed question back sooner than an answered one', () => {
    gate.remember(o, NOW, true);
    expect(gate.decide(o, NOW + 7 * DAY - 1)).toEqual({
      show: false,
      reason: 'cooldown',
      until: new Date(NOW + 7 * DAY).toISOString(),
    });
    expect(gate.shouldAsk(o, NOW + 7 * DAY)).toBe(true);
    gate.remember(o, NOW + 7 * DAY);
    expect(gate.shouldAsk(o, NOW + 36 * DAY)).toBe(false);
    expect(gate.shouldAsk(o, NOW + 37 * DAY)).toBe(true);
  });

  it('a number treats both alike, as before', () => {
    gate.remember(options({ cooldownDays: 7 }), NOW, true);
    expect(gate.shouldAsk(options({ cooldownDays: 7 }), NOW + 7 * DAY - 1)).toBe(false);
    expect(gate.shouldAsk(options({ cooldownDays: 7 }), NOW + 7 * DAY)).toBe(true);
  });

  it('reads a record an earlier version wrote ([roll, time]) as an answer: the longer cooldown', () => {
    localStorage.setItem('csat:v1', JSON.stringify({ s: { 'checkout\n': [0.1, NOW] }, i: {} }));
    expect(gate.decide(o, NOW + 8 * DAY)).toMatchObject({ reason: 'cooldown' });
    expect(gate.shouldAsk(o, NOW + 30 * DAY)).toBe(true);
  });
});

describe('frequency', () => {
  const capped = (survey: string) => options({ survey, frequency: { max: 2, days: 30 } });

  it('counts questions shown across every survey, and says when the cap ends', () => {
    gate.shown(NOW);
    expect(gate.shouldAsk(capped('b'), NOW + DAY)).toBe(true);
    gate.shown(NOW + DAY);
    // Two shown in 30 days, whatever their surveys: a third survey is not asked.
    expect(gate.decide(capped('c'), NOW + 2 * DAY)).toEqual({
      show: false,
      reason: 'frequency',
      until: new Date(NOW + 30 * DAY).toISOString(),
    });
    // The window slides: once the first falls out, one more may show.
    expect(gate.shouldAsk(capped('c'), NOW + 30 * DAY - 1)).toBe(false);
    expect(gate.shouldAsk(capped('c'), NOW + 30 * DAY)).toBe(true);
    // Without the option, no cap applies.
    expect(gate.shouldAsk(options({ survey: 'c' }), NOW + 2 * DAY)).toBe(true);
  });

  it('survives a page load (stored in csat:v1 beside the rolls)', async () => {
    gate.shown(NOW);
    vi.resetModules();
    const reloaded = await import('../../src/core/gate');
    expect(reloaded.shouldAsk(options({ frequency: { max: 1, days: 1 } }), NOW + 1000)).toBe(false);
    expect(JSON.parse(localStorage.getItem('csat:v1')!).f).toEqual([NOW]);
  });

  it('keeps the record bounded: at most 100 times, none older than the longest window', () => {
    gate.shown(NOW - 3651 * DAY);
    for (let i = 0; i < 250; i++) gate.shown(NOW + i);
    const times = JSON.parse(localStorage.getItem('csat:v1')!).f as number[];
    expect(times).toHaveLength(100);
    expect(times[0]).toBe(NOW + 150);
    expect(gate.shouldAsk(options({ frequency: { max: 100, days: 1 } }), NOW + 1000)).toBe(false);
  });

  it('reads a record without show times (an earlier version) as none shown', () => {
    localStorage.setItem('csat:v1', JSON.stringify({ s: {}, i: {} }));
    expect(gate.shouldAsk(options({ frequency: { max: 1, days: 30 } }), NOW)).toBe(true);
    localStorage.setItem('csat:v1', JSON.stringify({ s: {}, i: {}, f: 'junk' }));
    expect(gate.shouldAsk(options({ frequency: { max: 1, days: 30 } }), NOW)).toBe(true);
  });
});

describe('explain (decide without storing)', () => {
  it('stores no roll, yet the ask that follows on this page reaches the same verdict with it', () => {
    const random = rollNext(0.7);
    const o = options({ sampleRate: 0.5 });
    expect(gate.decide(o, NOW, false)).toEqual({ show: false, reason: 'sampled-out' });
    expect(localStorage.getItem('csat:v1')).toBeNull();
    random.mockReturnValue(0.1); // a fresh roll would say yes
    expect(gate.shouldAsk(o, NOW)).toBe(false);
    // The ask stored the roll explain drew.
    expect(JSON.parse(localStorage.getItem('csat:v1')!).s['checkout\n'][0]).toBe(0.7);
  });

  it('names each reason', () => {
    gate.remember(options({ interaction: 'order-1' }), NOW);
    expect(gate.decide(options({ interaction: 'order-1' }), NOW, false).reason).toBe('answered-interaction');
    expect(gate.decide(options({ cooldownDays: 1 }), NOW, false).reason).toBe('cooldown');
    expect(gate.decide(options(), NOW, false)).toEqual({ show: true, reason: 'ok' });
  });
});

describe('oncePerInteraction counts a question left open', () => {
  const setHidden = (hidden: boolean) =>
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  // Each test's copy of gate.ts keeps its listeners on the page: every watch ends with its test.
  const watches: (() => void)[] = [];
  const watch = (o: GateOptions) => {
    const end = gate.watch(o);
    watches.push(end);
    return end;
  };
  afterEach(() => {
    for (const end of watches.splice(0)) end();
    setHidden(false);
  });

  it('the page hidden with the question open: the interaction is not asked about again', () => {
    const o = options({ interaction: 'order-1' });
    watch(o);
    setHidden(true);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(gate.decide(o, NOW).reason).toBe('answered-interaction');
    // Other interactions and surveys are not touched, and no cooldown started.
    expect(gate.shouldAsk(options({ interaction: 'order-2', cooldownDays: 7 }), NOW)).toBe(true);
  });

  it('pagehide with the question open counts too', () => {
    const o = options({ interaction: 'order-1' });
    watch(o);
    window.dispatchEvent(new Event('pagehide'));
    expect(gate.shouldAsk(o, NOW)).toBe(false);
  });

  it('a question closed before the page is left does not count', () => {
    const o = options({ interaction: 'order-1' });
    watch(o)();
    window.dispatchEvent(new Event('pagehide'));
    setHidden(true);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(gate.shouldAsk(o, NOW)).toBe(true);
  });

  it('the page coming back into view does not count', () => {
    const o = options({ interaction: 'order-1' });
    watch(o);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(gate.shouldAsk(o, NOW)).toBe(true);
  });
});

describe('forget', () => {
  it('removes every targeting record: rolls, cooldowns, show times and interactions', () => {
    const random = rollNext(0.9);
    const o = options({ sampleRate: 0.5, interaction: 'order-1', cooldownDays: 30, frequency: { max: 1, days: 30 } });
    expect(gate.shouldAsk(o, NOW)).toBe(false);
    gate.remember(o, NOW);
    gate.shown(NOW);
    gate.forget();
    expect(localStorage.getItem('csat:v1')).toBeNull();
    random.mockReturnValue(0.1); // a new roll, in the sample this time
    expect(gate.decide(o, NOW + 1)).toEqual({ show: true, reason: 'ok' });
  });

  it('forgets a roll explain drew but did not store', () => {
    const random = rollNext(0.9);
    expect(gate.decide(options({ sampleRate: 0.5 }), NOW, false).reason).toBe('sampled-out');
    gate.forget();
    random.mockReturnValue(0.1);
    expect(gate.shouldAsk(options({ sampleRate: 0.5 }), NOW)).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Entry } from '../../src/delivery/queue';
import type { Answer } from '../../src/types';
import { validAnswer } from '../fixtures';

// The scheduler with a stubbed fetch and fake timers: persist first, retry with backoff, pause on
// Retry-After, give up after 10 attempts, resume stored answers, leases and locks between tabs,
// the keepalive budget, and the page-lifecycle events. Each test loads a fresh copy of the
// module, whose state (the page's scheduler) would otherwise carry over.

const KEY = 'csat:q1';
const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const URL_ = 'https://collect.example/csat';

type Delivery = ReturnType<typeof import('../../src/delivery').scheduler>;
type Init = RequestInit & { headers: Record<string, string>; signal?: AbortSignal };
let d: Delivery;

const reply = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });

/** Stubs fetch with `impl` and records every call. */
function stubFetch(impl: (url: string, init: Init) => Response | Promise<Response> = () => reply(201)) {
  const fetch = vi.fn(impl);
  vi.stubGlobal('fetch', fetch);
  return fetch;
}
/** A fetch that answers each call with the next status; the last one repeats. */
const statuses = (...list: (number | Response)[]) =>
  stubFetch(() => {
    const next = list.length > 1 ? list.shift()! : list[0]!;
    return typeof next === 'number' ? reply(next) : next;
  });
const bodies = (fetch: ReturnType<typeof stubFetch>) =>
  fetch.mock.calls.map(([, init]) => JSON.parse(init.body as string));
const stored = (): Entry[] => JSON.parse(localStorage.getItem(KEY) ?? '[]');
const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms);
const handlers = () => ({ onDelivered: vi.fn<(a: Answer) => void>(), onError: vi.fn<(e: Error) => void>() });
const setProp = (o: object, key: string, value: unknown) =>
  Object.defineProperty(o, key, { value, configurable: true });

/** Web Locks as browsers have them, held in this page only; tests of the lease without locks remove it. */
function stubLocks() {
  const held = new Set<string>();
  const request = vi.fn(async (name: string, _: unknown, f: (lock: object | null) => unknown) => {
    if (held.has(name)) return f(null);
    held.add(name);
    try {
      return await f({ name });
    } finally {
      held.delete(name);
    }
  });
  setProp(navigator, 'locks', { request });
  return { held, request };
}

/** Listeners the module under test added: removed after each test, as the module is reloaded. */
const added: [EventTarget, string, EventListenerOrEventListenerObject][] = [];

beforeEach(async () => {
  for (const target of [window, document]) {
    const add = target.addEventListener.bind(target);
    vi.spyOn(target, 'addEventListener').mockImplementation((type, listener, options) => {
      added.push([target, type, listener!]);
      add(type, listener, options);
    });
  }
  vi.useFakeTimers({ now: NOW });
  // Backoff in the middle of its jitter: 1 s, 2 s, 4 s …
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  stubLocks();
  vi.resetModules();
  d = (await import('../../src/delivery')).scheduler();
});

afterEach(() => {
  for (const [target, type, listener] of added.splice(0)) target.removeEventListener(type, listener);
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  for (const key of ['onLine', 'locks', 'sendBeacon']) delete (navigator as unknown as Record<string, unknown>)[key];
  delete (document as unknown as Record<string, unknown>).hidden;
});

describe('delivery to an endpoint', () => {
  it('stores the answer before the first attempt and removes it on a 2xx', async () => {
    let queued: Entry[] = [];
    const fetch = stubFetch(() => {
      queued = stored();
      return reply(201);
    });
    const h = handlers();
    const a = validAnswer();
    d._deliver(a, { endpoint: URL_, ...h });
    await tick();
    expect(fetch).toHaveBeenCalledOnce();
    expect(queued).toMatchObject([{ a, e: { url: URL_ }, n: 1 }]);
    expect(localStorage.getItem(KEY)).toBeNull();
    expect(h.onDelivered).toHaveBeenCalledExactlyOnceWith(a);
    expect(h.onError).not.toHaveBeenCalled();
  });

  it('POSTs CORS-simple JSON with credentials omitted, to the URL resolved against the page', async () => {
    const fetch = stubFetch();
    const a = validAnswer();
    d._deliver(a, { endpoint: '/api/csat' });
    await tick();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(new URL('/api/csat', document.baseURI).href);
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit', keepalive: true });
    expect(init.headers).toEqual({ 'content-type': 'text/plain;charset=UTF-8' });
    expect(JSON.parse(init.body as string)).toEqual(a);
  });

  it('retries a 503 with backoff, with the same id every time, and delivers once', async () => {
    const fetch = statuses(503, 503, 200);
    const h = handlers();
    const a = validAnswer();
    d._deliver(a, { endpoint: URL_, ...h });
    await tick();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(stored()).toMatchObject([{ n: 1, t: NOW + 1000 }]);
    await tick(999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await tick(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    await tick(1999);
    expect(fetch).toHaveBeenCalledTimes(2);
    await tick(1);
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(bodies(fetch).map((b) => b.id)).toEqual([a.id, a.id, a.id]);
    expect(h.onDelivered).toHaveBeenCalledOnce();
    expect(h.onError).not.toHaveBeenCalled();
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it.each([400, 401, 404, 413, 422, 501])(
    'drops the answer at once on %i, through onError naming the reason',
    async (status) => {
      const fetch = statuses(status);
      const h = handlers();
      d._deliver(validAnswer(), { endpoint: URL_, ...h });
      await tick(120_000);
      expect(fetch).toHaveBeenCalledOnce();
      expect(h.onError).toHaveBeenCalledOnce();
      expect(h.onError.mock.calls[0]![0].message).toBe(`${URL_} answered ${status}`);
      expect(h.onDelivered).not.toHaveBeenCalled();
      expect(localStorage.getItem(KEY)).toBeNull();
    },
  );

  it('never drops an answer for a retriable failure: after 10 attempts it is tried every 5 minutes', async () => {
    const fetch = statuses(503);
    const h = handlers();
    const a = validAnswer();
    d._deliver(a, { endpoint: URL_, ...h });
    await tick(10 * 60_000);
    // Ten attempts with a growing backoff (about 3 minutes in all), then one every 5 minutes.
    expect(fetch).toHaveBeenCalledTimes(11);
    await tick(2 * 3600_000);
    expect(fetch).toHaveBeenCalledTimes(35);
    expect(h.onError).not.toHaveBeenCalled();
    expect(stored()).toMatchObject([{ a, n: 35 }]);
    // The endpoint is back: delivered at the next attempt, once.
    fetch.mockImplementation(() => reply(201));
    await tick(5 * 60_000);
    expect(fetch).toHaveBeenCalledTimes(36);
    expect(h.onDelivered).toHaveBeenCalledExactlyOnceWith(a);
    expect(h.onError).not.toHaveBeenCalled();
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it('retries network errors and aborts an attempt after 10 s', async () => {
    let call = 0;
    const fetch = stubFetch((_, init) => {
      call++;
      if (call === 1) return Promise.reject(new TypeError('Failed to fetch'));
      if (call === 2) {
        // Hangs until aborted.
        return new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));
      }
      return reply(204);
    });
    const h = handlers();
    d._deliver(validAnswer(), { endpoint: URL_, ...h });
    await tick(1000);
    expect(fetch).toHaveBeenCalledTimes(2);
    await tick(9999);
    expect(fetch.mock.calls[1]![1].signal!.aborted).toBe(false);
    await tick(1);
    expect(fetch.mock.calls[1]![1].signal!.aborted).toBe(true);
    // Third attempt after the second backoff (2 s).
    await tick(2000);
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(h.onDelivered).toHaveBeenCalledOnce();
  });

  it('survives a fetch that throws synchronously and a page without AbortController', async () => {
    vi.stubGlobal('AbortController', undefined);
    let call = 0;
    const fetch = stubFetch(() => {
      if (++call === 1) throw new Error('blocked by an extension');
      return reply(200);
    });
    const h = handlers();
    expect(() => d._deliver(validAnswer(), { endpoint: URL_, ...h })).not.toThrow();
    await tick(1000);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls[1]![1].signal).toBeUndefined();
    expect(h.onDelivered).toHaveBeenCalledOnce();
  });

  it('honours Retry-After for the whole endpoint, and only that endpoint', async () => {
    const other = 'https://other.example/csat';
    let first = true;
    const fetch = stubFetch((url) => {
      if (url === URL_ && first) {
        first = false;
        return reply(429, { 'retry-after': '30' });
      }
      return reply(201);
    });
    const a = validAnswer();
    d._deliver(a, { endpoint: URL_ });
    await tick(1000);
    const b = validAnswer();
    const c = validAnswer();
    d._deliver(b, { endpoint: URL_ });
    d._deliver(c, { endpoint: other });
    await tick();
    expect(bodies(fetch).map((x) => x.id)).toEqual([a.id, c.id]);
    await tick(28_999);
    expect(fetch).toHaveBeenCalledTimes(2);
    await tick(1);
    expect(bodies(fetch).map((x) => x.id)).toEqual([a.id, c.id, a.id, b.id]);
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it('sends with keepalive while our bodies in flight stay within 48 KiB', async () => {
    const pending: (() => void)[] = [];
    const fetch = stubFetch(() => new Promise<Response>((resolve) => pending.push(() => resolve(reply(200)))));
    // About 23 KB of JSON each (15 KB of 3-byte comment, 8 KB of metadata): two fit in the budget, a third does not.
    const metadata = Object.fromEntries(Array.from({ length: 16 }, (_, i) => ['k' + i, 'x'.repeat(490)]));
    const big = () =>
      validAnswer({ comment: '€'.repeat(5000), metadata, score: 2, normalized: 0.25, satisfied: false });
    for (let i = 0; i < 3; i++) d._deliver(big(), { endpoint: URL_ });
    await tick();
    expect(fetch.mock.calls.map(([, init]) => init.keepalive)).toEqual([true, true, false]);
    for (const f of pending.splice(0)) f();
    await tick();
    d._deliver(big(), { endpoint: URL_ });
    await tick();
    expect(fetch.mock.calls[3]![1].keepalive).toBe(true);
  });

  it('keeps configured headers and credentials', async () => {
    const fetch = stubFetch();
    d._deliver(validAnswer(), { endpoint: { url: URL_, headers: { 'x-api-key': 'k1' }, credentials: 'include' } });
    await tick();
    expect(fetch.mock.calls[0]![1]).toMatchObject({
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'x-api-key': 'k1' },
      credentials: 'include',
    });
  });
});

describe('an onSubmit callback', () => {
  it('is retried like an endpoint when it rejects, with the same answer', async () => {
    let calls = 0;
    const onSubmit = vi.fn(async (_: Answer) => {
      if (++calls < 3) throw new Error('db down');
    });
    const h = handlers();
    const a = validAnswer();
    d._deliver(a, { onSubmit, ...h });
    await tick();
    expect(onSubmit).toHaveBeenCalledTimes(1);
    await tick(1000);
    expect(onSubmit).toHaveBeenCalledTimes(2);
    await tick(2000);
    expect(onSubmit).toHaveBeenCalledTimes(3);
    expect(onSubmit.mock.calls.every(([x]) => x === a)).toBe(true);
    expect(h.onDelivered).toHaveBeenCalledOnce();
    expect(h.onError).not.toHaveBeenCalled();
    // Functions cannot be stored: nothing went to localStorage.
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it('with an endpoint too: onDelivered once both have it; onError once if one fails for good', async () => {
    stubFetch();
    const both = handlers();
    d._deliver(validAnswer(), { endpoint: URL_, onSubmit: () => {}, ...both });
    await tick();
    expect(both.onDelivered).toHaveBeenCalledOnce();

    const failing = handlers();
    d._deliver(validAnswer(), { endpoint: URL_, onSubmit: () => Promise.reject('nope'), ...failing });
    await tick(10 * 60_000);
    expect(failing.onDelivered).not.toHaveBeenCalled();
    expect(failing.onError).toHaveBeenCalledOnce();
    expect(failing.onError.mock.calls[0]![0].message).toBe('onSubmit failed (nope); dropped after 10 attempts');
  });
});

describe('flush()', () => {
  it('resolves once every queued answer has been delivered or has failed for good', async () => {
    statuses(503, 503, 400);
    d._deliver(validAnswer(), { endpoint: URL_, onError() {} });
    d._deliver(validAnswer(), { onSubmit: () => new Promise((r) => setTimeout(r, 5000)) });
    const flushed = vi.fn();
    void d._flush().then(flushed);
    await tick(4000);
    expect(flushed).not.toHaveBeenCalled();
    await tick(1000);
    expect(flushed).toHaveBeenCalledOnce();
    await expect(d._flush()).resolves.toBeUndefined();
  });
});

describe('answers left by an earlier page', () => {
  const entry = (overrides: Partial<Entry> = {}): Entry => ({
    a: validAnswer(),
    e: { url: URL_ },
    n: 2,
    t: NOW - 1000,
    c: NOW - 60_000,
    ...overrides,
  });

  it('are sent once an instance starts, not at import, and reported to its defaults', async () => {
    const ok = entry();
    const refused = entry({ e: { url: URL_ + '?refuse' } });
    localStorage.setItem(KEY, JSON.stringify([ok, refused]));
    const fetch = stubFetch((url) => reply(url.endsWith('?refuse') ? 410 : 201));
    await tick(1000);
    expect(fetch).not.toHaveBeenCalled();
    const h = handlers();
    d._register(h);
    await tick();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(h.onDelivered).toHaveBeenCalledExactlyOnceWith(ok.a);
    expect(h.onError).toHaveBeenCalledOnce();
    expect(h.onError.mock.calls[0]![0].message).toBe(`${URL_}?refuse answered 410`);
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it('without onError, a failure is a [csat] warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    localStorage.setItem(KEY, JSON.stringify([entry()]));
    statuses(404);
    d._register({});
    await tick();
    expect(warn).toHaveBeenCalledExactlyOnceWith('[csat]', 'delivery failed:', `${URL_} answered 404`);
  });

  it('keep their attempt count: past the tenth, the next attempt is 5 minutes later, and nothing is dropped', async () => {
    localStorage.setItem(KEY, JSON.stringify([entry({ n: 9 })]));
    const fetch = statuses(503);
    const h = handlers();
    d._register(h);
    await tick(299_999);
    expect(fetch).toHaveBeenCalledOnce();
    await tick(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(h.onError).not.toHaveBeenCalled();
    expect(stored()).toMatchObject([{ n: 11 }]);
  });

  it('20,000 junk entries written by another script under the key: one warning, not 20,000', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const good = entry();
    localStorage.setItem(KEY, JSON.stringify([...Array.from({ length: 20_000 }, (_, i) => ({ junk: i })), good]));
    const fetch = stubFetch();
    d._register({});
    await tick();
    expect(warn).toHaveBeenCalledExactlyOnceWith('[csat]', 'delivery failed:', 'dropped: 20000 invalid entries');
    expect(bodies(fetch)).toEqual([good.a]);
  });

  it('a corrupted entry is dropped and reported, never sent', async () => {
    const good = entry();
    const bad = entry();
    (bad.a as unknown as Record<string, unknown>).score = 'lots';
    localStorage.setItem(KEY, JSON.stringify([bad, good]));
    const fetch = stubFetch();
    const h = handlers();
    d._register(h);
    await tick();
    expect(bodies(fetch)).toEqual([good.a]);
    expect(h.onError).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ message: 'dropped: invalid' }));
  });

  it.each<[string, () => void]>([
    [
      'hidden',
      () => {
        setProp(document, 'hidden', true);
        document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
      },
    ],
    ['going away (pagehide)', () => window.dispatchEvent(new Event('pagehide'))],
  ])('wait for their stored backoff, but not when the page is %s', async (_, leave) => {
    localStorage.setItem(KEY, JSON.stringify([entry({ n: 5, t: NOW + 60_000 })]));
    const fetch = stubFetch();
    d._register({});
    await tick(5000);
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); // still visible: nothing changes
    await tick();
    expect(fetch).not.toHaveBeenCalled();
    leave();
    // Sent in the same task: a page going away may not get another.
    expect(fetch).toHaveBeenCalledOnce();
    expect(fetch.mock.calls[0]![1].keepalive).toBe(true);
  });

  it('are sent when the browser comes back online, not while it is offline', async () => {
    setProp(navigator, 'onLine', false);
    const fetch = stubFetch();
    const a = validAnswer();
    d._register({});
    d._deliver(a, { endpoint: URL_ });
    await tick(60_000);
    expect(fetch).not.toHaveBeenCalled();
    expect(stored()).toMatchObject([{ n: 0 }]); // no attempt counted while offline
    setProp(navigator, 'onLine', true);
    window.dispatchEvent(new Event('online'));
    await tick();
    expect(bodies(fetch)).toEqual([a]);
  });

  it('are looked at again on pageshow, as after a return from the back/forward cache', async () => {
    const fetch = stubFetch();
    d._register({});
    // The page's listeners come with its first waiting answer.
    d._deliver(validAnswer(), { endpoint: URL_ });
    await tick();
    expect(fetch).toHaveBeenCalledOnce();
    // Meanwhile another tab left an answer waiting.
    const theirs = entry();
    localStorage.setItem(KEY, JSON.stringify([theirs]));
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    await tick();
    expect(bodies(fetch)[1]).toEqual(theirs.a);
  });

  it('a page with nothing waiting adds no listeners and reads the queue once', async () => {
    const getItem = vi.spyOn(localStorage, 'getItem');
    d._register({});
    d._register({});
    await tick(60_000);
    expect(getItem.mock.calls.filter(([k]) => k === KEY)).toHaveLength(1);
    expect(added).toEqual([]);
  });
});

describe('several tabs', () => {
  const waiting = (overrides: Partial<Entry> = {}): Entry => ({
    a: validAnswer(),
    e: { url: URL_ },
    n: 1,
    t: NOW,
    c: NOW,
    ...overrides,
  });

  it('without Web Locks: a lease in storage claims the answer while it is sent, and holds off other tabs', async () => {
    setProp(navigator, 'locks', undefined);
    let seen: Entry[] = [];
    const fetch = stubFetch(() => {
      seen = stored();
      return reply(201);
    });
    d._register({});
    d._deliver(validAnswer(), { endpoint: URL_ });
    // The claim is written, then read again after 150 to 300 ms (225 with this random number).
    expect(stored()).toMatchObject([{ n: 1, t: NOW + 15_000, k: 0.5 }]);
    await tick(224);
    expect(fetch).not.toHaveBeenCalled();
    await tick(1);
    expect(fetch).toHaveBeenCalledOnce();
    expect(seen).toMatchObject([{ n: 1, t: NOW + 15_000 }]);

    // Another tab's lease: left alone until it runs out, even when the browser comes back online.
    const theirs = waiting({ t: NOW + 225 + 15_000 });
    localStorage.setItem(KEY, JSON.stringify([theirs]));
    window.dispatchEvent(new Event('online'));
    await tick(14_999);
    expect(fetch).toHaveBeenCalledOnce();
    await tick(1 + 225);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(bodies(fetch)[1]).toEqual(theirs.a);
  });

  it('without Web Locks: of two tabs that claim the same answer at once, only the last claim sends', async () => {
    setProp(navigator, 'locks', undefined);
    const fetch = stubFetch();
    const mine = waiting();
    localStorage.setItem(KEY, JSON.stringify([mine]));
    d._register({});
    await tick();
    // This tab has claimed it; another tab, which read the queue before that claim landed, claims it too.
    const [claimed] = stored();
    expect(claimed).toMatchObject({ n: 2, t: NOW + 15_000, k: 0.5 });
    localStorage.setItem(KEY, JSON.stringify([{ ...claimed, k: 0.25 }]));
    await tick(14_000);
    // The claim is not this tab's any more: it sends nothing, and leaves the lease to the other tab…
    expect(fetch).not.toHaveBeenCalled();
    expect(stored()).toMatchObject([{ k: 0.25 }]);
    // …until that lease runs out without a delivery (the other tab was closed meanwhile).
    await tick(1225);
    expect(bodies(fetch)).toEqual([mine.a]);
  });

  it('with Web Locks: sends under a lock named after the answer, and leaves one held elsewhere', async () => {
    const { held, request } = stubLocks();
    const fetch = stubFetch();
    const theirs = waiting();
    held.add('csat:' + theirs.a.id); // another tab is sending it
    localStorage.setItem(KEY, JSON.stringify([theirs]));
    d._register({});
    await tick();
    expect(request).toHaveBeenCalledWith('csat:' + theirs.a.id, { ifAvailable: true }, expect.any(Function));
    expect(fetch).not.toHaveBeenCalled();
    // That tab delivered it meanwhile: gone from the queue, so nothing is sent a second later.
    localStorage.removeItem(KEY);
    held.clear();
    await tick(1000);
    expect(fetch).not.toHaveBeenCalled();
    // No lease is written where locks do the job: the stored next-attempt time is left alone.
    const mine = validAnswer();
    let seen: Entry[] = [];
    fetch.mockImplementation(() => {
      seen = stored();
      return reply(201);
    });
    d._deliver(mine, { endpoint: URL_ });
    await tick();
    expect(seen).toMatchObject([{ n: 1, t: 0 }]);
    expect(bodies(fetch)).toEqual([mine]);
  });
});

describe('while the page goes away', () => {
  it('a fetch that throws falls back to sendBeacon, and the answer stays queued', async () => {
    const beacon = vi.fn(() => true);
    setProp(navigator, 'sendBeacon', beacon);
    stubFetch(() => {
      throw new Error('patched');
    });
    const a = validAnswer();
    d._register({});
    d._deliver(a, { endpoint: URL_ });
    await tick();
    // While the page lives, a failed fetch is simply retried later.
    expect(beacon).not.toHaveBeenCalled();
    window.dispatchEvent(new Event('pagehide'));
    expect(beacon).toHaveBeenCalledExactlyOnceWith(URL_, JSON.stringify(a));
    expect(stored()).toMatchObject([{ a, n: 2 }]);
  });

  it('never beacons an answer whose endpoint has headers: a beacon cannot carry them', async () => {
    const beacon = vi.fn(() => true);
    setProp(navigator, 'sendBeacon', beacon);
    const fetch = stubFetch(() => {
      throw new Error('patched');
    });
    d._register({});
    d._deliver(validAnswer(), { endpoint: { url: URL_, headers: { authorization: 'Bearer x' } } });
    await tick();
    window.dispatchEvent(new Event('pagehide'));
    await tick();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(beacon).not.toHaveBeenCalled();
  });
});

describe('register / unregister', () => {
  it('an unregistered instance hears nothing more about earlier pages; the next registered one does', async () => {
    const a = validAnswer();
    localStorage.setItem(KEY, JSON.stringify([{ a, e: { url: URL_ }, n: 0, t: 0, c: NOW }]));
    stubFetch();
    const gone = handlers();
    const live = handlers();
    const unregister = d._register(gone);
    d._register(live);
    unregister();
    await tick(1000);
    expect(gone.onDelivered).not.toHaveBeenCalled();
    expect(live.onDelivered).toHaveBeenCalledExactlyOnceWith(a);
  });
});

describe('events', () => {
  const event = (kind = 'shown') => ({
    v: 1 as const,
    kind: kind as 'shown',
    id: crypto.randomUUID(),
    survey: 'checkout',
    interaction: null,
    locale: 'en',
    page: 'https://shop.example/checkout/done',
    at: new Date(NOW).toISOString(),
  });

  it('are stored first and sent to the endpoint like answers, never to onSubmit or onDelivered', async () => {
    let queued: Entry[] = [];
    const fetch = stubFetch(() => {
      queued = stored();
      return reply(201);
    });
    const h = handlers();
    const onSubmit = vi.fn();
    const e = event();
    d._send(e, { endpoint: URL_, onSubmit, ...h });
    await tick();
    expect(queued).toMatchObject([{ a: e, n: 1 }]);
    expect(bodies(fetch)).toEqual([e]);
    expect(onSubmit).not.toHaveBeenCalled();
    expect(h.onDelivered).not.toHaveBeenCalled();
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it('left by an earlier page are sent, and a malformed one is dropped as invalid', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const good = event('dismissed');
    const bad = { ...event(), kind: 'clicked' };
    localStorage.setItem(KEY, JSON.stringify([good, bad].map((a) => ({ a, e: { url: URL_ }, n: 0, t: 0, c: NOW }))));
    const fetch = stubFetch();
    const h = handlers();
    d._register(h);
    await tick(1000);
    expect(bodies(fetch)).toEqual([good]);
    expect(h.onDelivered).not.toHaveBeenCalled();
    expect(h.onError).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ message: 'dropped: invalid' }));
    expect(warn).not.toHaveBeenCalled();
  });

  it('refused for good: a [csat] warning, not onError (events are not answers)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    statuses(400);
    const h = handlers();
    d._send(event(), { endpoint: URL_, ...h });
    await tick();
    expect(h.onError).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledExactlyOnceWith('[csat]', 'delivery failed:', `${URL_} answered 400`);
  });
});

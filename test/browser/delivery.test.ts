// Delivery in real Chromium against a real local HTTP server: retries with backoff, an answer
// kept across a reload, offline and back, two tabs, a cross-origin endpoint without preflight,
// storage that is missing or full, a corrupted stored entry, a hostile page, and the last send
// when the page goes away. Real time throughout: waits are on requests, with generous timeouts,
// and timing is asserted only as lower bounds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createCollector, memoryStore, type MemoryStore } from '../../src/server';
import type { Entry } from '../../src/delivery/queue';
import { validAnswer } from '../fixtures';
import { html, quiet, scriptTag, TestServer, useBrowser, type Collected } from './harness';

const env = useBrowser();
const KEY = 'csat:q1';

/**
 * A page with the script tag and an instance whose callbacks log to `window.__log`; unhandled
 * rejections are collected in `window.__rejections` (uncaught errors fail the test through the
 * harness's pageerror hook). `head` runs before the library loads.
 */
function page(path: string, endpoint: unknown = '/api/csat', head = ''): string {
  return env.server.page(
    path,
    html(
      scriptTag({}) +
        `<script>
          window.__log = [];
          window.__c = csat.createCsat({
            endpoint: ${JSON.stringify(endpoint)},
            onDelivered: function (a) { __log.push('delivered ' + a.id); },
            onError: function (e) { __log.push('error ' + e.message); },
          });
        </script>`,
      `<script>
        window.__rejections = [];
        addEventListener('unhandledrejection', function (e) { __rejections.push(String(e.reason)); });
      </script>${head}`,
    ),
  );
}

/** Asks on `p`, picks 4 of 5 and returns the answer's id once `ask` has resolved. */
async function answer(p: Page, survey = 'delivery'): Promise<string> {
  await p.evaluate((s) => {
    (window as any).__a = (window as any).__c.ask({ survey: s, comment: 'never' });
  }, survey);
  await p.getByRole('radio', { name: '4 of 5, Satisfied' }).click();
  return p.evaluate(async () => ((await (window as any).__a) as { id: string }).id);
}

const log = (p: Page): Promise<string[]> => p.evaluate(() => (window as any).__log);
const rejections = (p: Page): Promise<string[]> => p.evaluate(() => (window as any).__rejections);
const queued = (p: Page): Promise<Entry[]> => p.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? '[]'), KEY);
const idOf = (r: Collected): string => JSON.parse(r.body).id;
const withId = (id: string) => (rs: Collected[]) => rs.filter((r) => r.method === 'POST' && idOf(r) === id);

/** A real collector with a memory store behind /api/csat. */
function collect(server: TestServer = env.server, allowOrigins?: string[]): MemoryStore {
  const store = memoryStore();
  server.collector = createCollector({ store, allowOrigins });
  return store;
}

describe('retries', () => {
  it('two 503s then 200: one delivery, one id, attempts spaced by the backoff', async () => {
    const store = collect();
    env.server.plan = [503, 503];
    page('/retry');
    const { page: p } = await env.open('/retry');
    const id = await answer(p);
    const posts = await env.server.waitFor((rs) => withId(id)(rs).some((r) => r.status === 201), 'a stored POST');
    expect(posts.map((r) => [r.method, idOf(r), r.status])).toEqual([
      ['POST', id, 503],
      ['POST', id, 503],
      ['POST', id, 201],
    ]);
    // Backoff: 1 s then 2 s, each ±50 %; a little slack for timer granularity.
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(450);
    expect(posts[2]!.at - posts[1]!.at).toBeGreaterThanOrEqual(950);
    expect(store.list().map((a) => a.id)).toEqual([id]);
    await p.waitForFunction((k) => localStorage.getItem(k) === null, KEY);
    expect(await log(p)).toEqual(['delivered ' + id]);
  });

  it('endpoint down: the answer is kept, and delivered by the reloaded page once it is up', async () => {
    const store = collect();
    env.server.down = true;
    page('/down');
    const { page: p } = await env.open('/down');
    const id = await answer(p);
    await env.server.waitFor((rs) => withId(id)(rs).some((r) => r.status === 503), 'a failed POST');
    const kept = await queued(p);
    expect(kept).toMatchObject([{ a: { id }, e: { url: env.server.origin + '/api/csat' } }]);
    expect(kept[0]!.n).toBeGreaterThanOrEqual(1);
    expect(await log(p)).toEqual([]);

    await p.reload();
    env.server.down = false;
    await env.server.waitFor((rs) => withId(id)(rs).some((r) => r.status === 201), 'the POST after the reload');
    // The reloaded page sent it and told its instance.
    await p.waitForFunction(() => (window as any).__log.length > 0);
    expect(await log(p)).toEqual(['delivered ' + id]);
    expect(store.list().map((a) => a.id)).toEqual([id]);
    expect(await queued(p)).toEqual([]);
  });

  it('offline: nothing is attempted; back online, it is delivered at once', async () => {
    const store = collect();
    page('/offline');
    const { page: p, context } = await env.open('/offline');
    await context.setOffline(true);
    // The next minute runs on a fake clock: every backoff timer in it fires, and none attempts.
    await p.clock.install();
    const id = await answer(p);
    await p.clock.runFor(60_000);
    await quiet(p);
    expect(env.server.requests).toEqual([]);
    expect(await queued(p)).toMatchObject([{ a: { id }, n: 0 }]);
    await p.clock.resume();
    await context.setOffline(false);
    await env.server.waitFor((rs) => withId(id)(rs).some((r) => r.status === 201), 'the POST once online', 5000);
    expect(env.server.posts).toHaveLength(1);
    expect(store.list().map((a) => a.id)).toEqual([id]);
  });
});

describe('several tabs', () => {
  /** Hides the Web Locks API, as in browsers and insecure contexts without it. */
  const NO_LOCKS = `<script>Object.defineProperty(Navigator.prototype, 'locks', { get: function () { return undefined; } });</script>`;

  it.each([
    ['with Web Locks', ''],
    ['with a lease in storage (no Web Locks)', NO_LOCKS],
  ])('%s: a waiting answer is sent by one tab at a time, and stored once', async (_, head) => {
    const store = collect();
    env.server.plan = [503];
    page('/tabs', '/api/csat', head);
    const a = await env.open('/tabs');
    const id = await answer(a.page);
    await env.server.waitFor((rs) => withId(id)(rs).some((r) => r.status === 503), 'the failed POST');
    // The endpoint is back but slow: the first tab's retry holds the answer for two seconds…
    env.server.delay = 2000;
    await env.server.waitFor((rs) => withId(id)(rs).length === 2, 'the retry');
    // …while a second tab opens (its timers on a fake clock), finds it waiting, and must leave it alone.
    await a.context.clock.install();
    const b = await env.tab(a.context, '/tabs');
    expect(await queued(b.page)).toMatchObject([{ a: { id } }]);
    await env.server.waitFor((rs) => withId(id)(rs).some((r) => r.status === 201), 'the stored POST');
    // The second tab looks again within a second or so, finds it gone, and sends nothing: its next
    // ten seconds run at once, and its flush() would wait for a send of its own.
    await b.page.clock.runFor(10_000);
    await b.page.evaluate(() => (window as any).__c.flush());
    expect(withId(id)(env.server.requests).map((r) => r.status)).toEqual([503, 201]);
    expect(store.list().map((x) => x.id)).toEqual([id]);
    expect(await queued(a.page)).toEqual([]);
    expect(await queued(b.page)).toEqual([]);
  });

  it('both tabs sending the same answer (a page going away waits for no lock): the collector keeps one', async () => {
    const store = collect();
    env.server.down = true;
    page('/tabs-dup');
    const a = await env.open('/tabs-dup');
    const id = await answer(a.page);
    await env.server.waitFor((rs) => withId(id)(rs).length > 0, 'the first POST');
    const b = await env.tab(a.context, '/tabs-dup');
    env.server.down = false;
    // Both tabs are hidden at once: each sends everything waiting, at once.
    const hide = (p: Page) =>
      p.evaluate(() => {
        Object.defineProperty(document, 'hidden', { value: true, configurable: true });
        document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
      });
    await Promise.all([hide(a.page), hide(b.page)]);
    await env.server.waitFor((rs) => withId(id)(rs).some((r) => r.status === 201), 'a stored POST');
    // Both tabs are done sending once their queue is settled.
    await Promise.all([a, b].map((t) => t.page.evaluate(() => (window as any).__c.flush())));
    const after = withId(id)(env.server.requests).filter((r) => r.status !== 503);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after.map((r) => r.status).sort()).toEqual(after.length === 1 ? [201] : [200, 201]);
    expect(store.list().map((x) => x.id)).toEqual([id]);
  });
});

describe('a cross-origin endpoint', () => {
  const other = new TestServer();
  beforeAll(() => other.start());
  afterAll(() => other.close());

  it('sees POSTs only, no preflight: first send, retry, and the send as the page goes away', async () => {
    other.reset();
    const store = collect(other, [env.server.origin]);
    other.plan = [503];
    page('/cross', other.origin + '/api/csat');
    const { page: p } = await env.open('/cross');
    const first = await answer(p);
    await other.waitFor((rs) => withId(first)(rs).some((r) => r.status === 201), 'the retried POST');
    await p.waitForFunction(() => (window as any).__log.length > 0);
    expect(await log(p)).toEqual(['delivered ' + first]);

    // An answer waiting a minute for its backoff: leaving the page sends it with keepalive.
    const waiting: Entry = {
      a: validAnswer(),
      e: { url: other.origin + '/api/csat' },
      n: 5,
      t: Date.now() + 60_000,
      c: Date.now(),
    };
    const second = waiting.a.id;
    await p.evaluate(([k, v]) => localStorage.setItem(k!, v!), [KEY, JSON.stringify([waiting])]);
    await p.goto('about:blank');
    await other.waitFor((rs) => withId(second)(rs).some((r) => r.status === 201), 'the POST at pagehide');

    expect(other.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
    for (const r of other.requests) {
      expect(r.headers['content-type']).toBe('text/plain;charset=UTF-8');
      expect(r.headers.cookie).toBeUndefined();
    }
    expect(store.list().map((a) => a.id)).toEqual([first, second]);
  });

  it("with credentials: 'include': the cookie goes along and the collector's answer is readable", async () => {
    other.reset();
    const store = collect(other, [env.server.origin]);
    page('/cross-cookies', { url: other.origin + '/api/csat', credentials: 'include' });
    const { page: p, context } = await env.open('/cross-cookies');
    await context.addCookies([{ name: 'visitor', value: 'v1', url: other.origin }]);
    const id = await answer(p);
    await p.waitForFunction(() => (window as any).__log.length > 0);
    expect(await log(p)).toEqual(['delivered ' + id]);
    expect(other.requests.map((r) => [r.method, r.status])).toEqual([['POST', 201]]);
    expect(other.requests[0]!.headers.cookie).toBe('visitor=v1');
    expect(store.list().map((a) => a.id)).toEqual([id]);
  });

  it('with configured headers: preflighted (as the README says), and delivered', async () => {
    other.reset();
    const store = collect(other, [env.server.origin]);
    page('/cross-headers', { url: other.origin + '/api/csat', headers: { 'x-csat-key': 'k1' } });
    const { page: p } = await env.open('/cross-headers');
    const id = await answer(p);
    await other.waitFor((rs) => withId(id)(rs).some((r) => r.status === 201), 'the POST');
    expect(other.requests.map((r) => r.method)).toEqual(['OPTIONS', 'POST']);
    expect(other.requests[1]!.headers['x-csat-key']).toBe('k1');
    expect(store.list().map((a) => a.id)).toEqual([id]);
  });
});

describe('storage', () => {
  it.each([
    [
      'disabled (reading localStorage throws)',
      `Object.defineProperty(window, 'localStorage', { get: function () { throw new DOMException('denied', 'SecurityError'); } });`,
    ],
    [
      'full (every write throws)',
      `Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };`,
    ],
  ])('%s: the answer is still delivered in the page, with one warning', async (_, script) => {
    const store = collect();
    env.server.plan = [503];
    page('/no-storage', '/api/csat', `<script>${script}</script>`);
    const { page: p, logs } = await env.open('/no-storage');
    const id = await answer(p);
    await env.server.waitFor((rs) => withId(id)(rs).some((r) => r.status === 201), 'the retried POST');
    await p.waitForFunction(() => (window as any).__log.length > 0);
    expect(await log(p)).toEqual(['delivered ' + id]);
    expect(store.list().map((a) => a.id)).toEqual([id]);
    // One about the queue (sampling and cooldown warn for themselves).
    const warnings = logs.filter((l) => l.text.startsWith('[csat] no localStorage'));
    expect(warnings.map((l) => l.type)).toEqual(['warning']);
    expect(await rejections(p)).toEqual([]);
  });

  it('a corrupted queue entry is dropped and reported, not sent; the valid one is', async () => {
    const store = collect();
    env.server.page('/blank', html(''));
    page('/resume');
    const { page: p } = await env.open('/blank');
    const good: Entry = {
      a: validAnswer(),
      e: { url: env.server.origin + '/api/csat' },
      n: 1,
      t: 0,
      c: Date.now(),
    };
    const bad = { ...good, a: { ...good.a, id: crypto.randomUUID(), score: 9 } }; // 9 of 5 stars
    await p.evaluate(([k, v]) => localStorage.setItem(k!, v!), [KEY, JSON.stringify([bad, 'garbage', good])]);
    await p.goto(env.server.origin + '/resume');
    await env.server.waitFor((rs) => withId(good.a.id)(rs).some((r) => r.status === 201), 'the valid POST');
    await p.waitForFunction(() => (window as any).__log.length >= 2);
    // One report for all the invalid entries: another script may have written thousands.
    expect((await log(p)).sort()).toEqual(['delivered ' + good.a.id, 'error dropped: 2 invalid entries']);
    expect(env.server.posts.map(idOf)).toEqual([good.a.id]);
    expect(store.list()).toEqual([good.a]);
    expect(await queued(p)).toEqual([]);
  });
});

describe('a hostile page', () => {
  it('fetch patched to throw and no AbortController: no uncaught error or rejection; sent once fetch works', async () => {
    const store = collect();
    page(
      '/hostile',
      '/api/csat',
      `<script>
        window.__fetch = window.fetch;
        window.fetch = function () { throw new Error('blocked by the page'); };
        delete window.AbortController;
      </script>`,
    );
    const { page: p } = await env.open('/hostile');
    const id = await answer(p);
    // The first attempt and a retry fail inside the library: the entry counts them.
    await p.waitForFunction((k) => JSON.parse(localStorage.getItem(k) ?? '[]')[0]?.n >= 2, KEY, { timeout: 10_000 });
    expect(env.server.requests).toEqual([]);
    const kept = await queued(p);
    expect(kept).toMatchObject([{ a: { id } }]);
    expect(kept[0]!.n).toBeGreaterThanOrEqual(1);
    expect(await rejections(p)).toEqual([]);

    await p.evaluate(() => {
      window.fetch = (window as any).__fetch;
      dispatchEvent(new Event('online'));
    });
    await env.server.waitFor((rs) => withId(id)(rs).some((r) => r.status === 201), 'the POST');
    expect(store.list().map((a) => a.id)).toEqual([id]);
    expect(await rejections(p)).toEqual([]);
  });
});

describe('leaving the page', () => {
  it('an answer waiting on its backoff is sent when the page goes away', async () => {
    const store = collect();
    env.server.page('/blank', html(''));
    env.server.page('/next', html('<p>next</p>'));
    page('/leave');
    const { page: p } = await env.open('/blank');
    const waiting: Entry = {
      a: validAnswer(),
      e: { url: env.server.origin + '/api/csat' },
      n: 5,
      t: Date.now() + 60_000, // not due for a minute
      c: Date.now(),
    };
    await p.evaluate(([k, v]) => localStorage.setItem(k!, v!), [KEY, JSON.stringify([waiting])]);
    // Its next half minute runs on a fake clock: the entry is not due, so nothing is sent.
    await p.clock.install();
    await p.goto(env.server.origin + '/leave');
    await p.clock.runFor(30_000);
    await quiet(p);
    expect(env.server.requests).toEqual([]);
    const left = Date.now();
    await p.goto(env.server.origin + '/next');
    const [post] = await env.server.waitFor((rs) => rs.some((r) => r.status === 201), 'the POST at pagehide');
    expect(post!.at).toBeGreaterThanOrEqual(left);
    expect(JSON.parse(post!.body)).toEqual(waiting.a);
    expect(store.list()).toEqual([waiting.a]);
  });
});

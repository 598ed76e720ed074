// The collector on the open internet: per-client rate limits (fake clock) and signed webhooks
// delivered to a real receiver on 127.0.0.1 that checks the signature as the README tells users to.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCollector, memoryStore, toNodeHandler, type Webhook } from '../../src/server';
import { dispatch } from '../../src/server/webhooks';
import { validAnswer } from '../fixtures';

const SECRET = 'whsec-test-secret';

function post(collect: (r: Request) => Promise<Response>, body: unknown, headers: Record<string, string> = {}) {
  return collect(
    new Request('https://collect.test/csat', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...headers },
      body: JSON.stringify(body),
    }),
  );
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('rateLimit', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T00:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  const byHeader = { key: (r: Request) => r.headers.get('x-client') };

  it('answers 429 with Retry-After past max per window, per client, and lets the client in again after it', async () => {
    const store = memoryStore();
    const collect = createCollector({ store, rateLimit: { max: 2, windowMs: 60_000, ...byHeader } });
    const a = { 'x-client': 'a' };
    expect((await post(collect, validAnswer(), a)).status).toBe(201);
    vi.advanceTimersByTime(10_000);
    expect((await post(collect, validAnswer(), a)).status).toBe(201);
    vi.advanceTimersByTime(5_500);
    const limited = await post(collect, validAnswer(), a);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: 'rate_limited' });
    // The window opened at 0 s and ends at 60 s: 44.5 s to go, rounded up.
    expect(limited.headers.get('retry-after')).toBe('45');
    expect(store.list()).toHaveLength(2);
    // Another client is not affected.
    expect((await post(collect, validAnswer(), { 'x-client': 'b' })).status).toBe(201);
    vi.advanceTimersByTime(44_500);
    expect((await post(collect, validAnswer(), a)).status).toBe(201);
  });

  it('lets a cross-origin widget read Retry-After', async () => {
    const collect = createCollector({ allowOrigins: '*', rateLimit: { max: 1, windowMs: 1000, ...byHeader } });
    const headers = { 'x-client': 'a', origin: 'https://shop.test' };
    await post(collect, validAnswer(), headers);
    const limited = await post(collect, validAnswer(), headers);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe('https://shop.test');
    expect(limited.headers.get('access-control-expose-headers')).toBe('Retry-After');
  });

  it('keeps at most maxKeys clients: a flood of keys forgets the oldest windows, not memory', async () => {
    const collect = createCollector({ rateLimit: { max: 1, windowMs: 60_000, maxKeys: 3, ...byHeader } });
    expect((await post(collect, validAnswer(), { 'x-client': 'first' })).status).toBe(201);
    expect((await post(collect, validAnswer(), { 'x-client': 'first' })).status).toBe(429);
    for (const k of ['k1', 'k2', 'k3']) await post(collect, validAnswer(), { 'x-client': k });
    // 'first' was forgotten to make room: its window starts afresh.
    expect((await post(collect, validAnswer(), { 'x-client': 'first' })).status).toBe(201);
  });

  it('limits by the socket address over node:http, ignoring X-Forwarded-For', async () => {
    const { server, url } = await listen(
      toNodeHandler(createCollector({ rateLimit: { max: 1, windowMs: 60_000 } })) as never,
    );
    try {
      const send = (xff: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'x-forwarded-for': xff },
          body: JSON.stringify(validAnswer()),
        });
      expect((await send('10.0.0.1')).status).toBe(201);
      const second = await send('10.0.0.2');
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('60');
    } finally {
      await close(server);
    }
  });

  it('refuses a bad limit at creation', () => {
    expect(() => createCollector({ rateLimit: { max: 0, windowMs: 1000 } })).toThrow(/rateLimit.max/);
    expect(() => createCollector({ rateLimit: { max: 1, windowMs: 1.5 } })).toThrow(/rateLimit.windowMs/);
  });
});

/** Verifies a delivery as the README's recipe does: the signature, and a timestamp under 5 minutes old. */
function verify(headers: IncomingMessage['headers'], body: string, secret = SECRET): boolean {
  const timestamp = String(headers['x-csat-timestamp']);
  const given = Buffer.from(String(headers['x-csat-signature']));
  const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'));
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

interface Delivery {
  body: string;
  valid: boolean;
  id: string | undefined;
  headers: IncomingMessage['headers'];
}
const verifyWith = (d: Delivery, secret: string) => verify(d.headers, d.body, secret);

/** A webhook receiver on 127.0.0.1 answering with `statuses` in turn (then 200). */
async function receiver(statuses: number[] = []) {
  const deliveries: Delivery[] = [];
  let wake: () => void = () => {};
  const { server, url } = await listen((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      deliveries.push({
        body,
        valid: verify(req.headers, body),
        id: req.headers['x-csat-id'] as string | undefined,
        headers: req.headers,
      });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
      wake();
    });
  });
  return {
    url: `${url}/hook`,
    deliveries,
    /** Resolves once `n` deliveries have arrived. */
    until: (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (deliveries.length >= n ? resolve() : undefined);
        wake = check;
        check();
      }),
    close: () => close(server),
  };
}

describe('webhooks', () => {
  it('POSTs each new answer, signed, to the receiver; not duplicates, not events; the response does not wait', async () => {
    const r = await receiver();
    try {
      const pending: Promise<unknown>[] = [];
      const collect = createCollector({ webhooks: [{ url: r.url, secret: SECRET }] });
      const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p) };
      const a = validAnswer({ comment: 'Snel geleverd — dank je! 👍' });
      const res = await collect(
        new Request('https://collect.test/csat', {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify(a),
        }),
        ctx,
      );
      expect(res.status).toBe(201);
      // Same id again, and an event: neither is sent.
      await post(collect, a);
      await post(collect, {
        v: 1,
        kind: 'shown',
        id: crypto.randomUUID(),
        survey: 'checkout',
        interaction: null,
        locale: 'en',
        page: 'https://shop.example/',
        at: '2026-11-23T10:00:00.000Z',
      });
      expect(pending).toHaveLength(1);
      await Promise.all(pending);
      expect(r.deliveries).toEqual([expect.objectContaining({ valid: true, id: a.id })]);
      // The answer as stored (key order is the schema's, not the sender's).
      expect(JSON.parse(r.deliveries[0]!.body)).toEqual(a);
    } finally {
      await r.close();
    }
  });

  it('answers 201 while the receiver is still holding the webhook request', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived = false;
    const { server, url } = await listen((req, res) => {
      arrived = true;
      req.resume();
      void held.then(() => res.end());
    });
    try {
      const pending: Promise<unknown>[] = [];
      const collect = createCollector({ webhooks: [{ url, secret: SECRET }] });
      const req = new Request('https://collect.test/csat', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(validAnswer()),
      });
      expect((await collect(req, { waitUntil: (p) => void pending.push(p) })).status).toBe(201);
      await vi.waitFor(() => expect(arrived).toBe(true));
      release();
      await Promise.all(pending);
    } finally {
      release();
      await close(server);
    }
  });

  it('retries 5xx and network errors with growing waits, at most `attempts` times, and not a 400', async () => {
    const r = await receiver([503, 500]);
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    try {
      await dispatch([{ url: r.url, secret: SECRET, backoffMs: 1000 }], validAnswer(), { sleep });
      expect(r.deliveries.map((d) => d.valid)).toEqual([true, true, true]);
      expect(waits).toHaveLength(2);
      expect(waits[0]).toBeGreaterThanOrEqual(500);
      expect(waits[0]).toBeLessThanOrEqual(1000);
      expect(waits[1]).toBeGreaterThanOrEqual(1000);
      expect(waits[1]).toBeLessThanOrEqual(2000);
    } finally {
      await r.close();
    }

    // A receiver that is down: every attempt fails, and it gives up after `attempts` with a warning.
    const down = await receiver();
    await down.close();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    waits.length = 0;
    await dispatch([{ url: down.url, secret: SECRET, attempts: 3 }], validAnswer(), { sleep });
    expect(waits).toHaveLength(2);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[csat\]/), expect.stringContaining('gave up'));
    // The URL's path (a Slack webhook's secret) is not logged.
    expect(String(warn.mock.calls[0])).not.toContain('/hook');

    const bad = await receiver([400]);
    waits.length = 0;
    await dispatch([{ url: bad.url, secret: SECRET }], validAnswer(), { sleep });
    expect(bad.deliveries).toHaveLength(1);
    expect(waits).toHaveLength(0);
    await bad.close();
    warn.mockRestore();
  });

  it('sends what `format` returns (a Slack message), signed with its own secret', async () => {
    const r = await receiver();
    try {
      const slack: Webhook = {
        url: r.url,
        secret: 'other-secret',
        format: (a) => ({ text: `${a.survey}: ${a.score} of ${a.scale.max}${a.comment ? ` — “${a.comment}”` : ''}` }),
      };
      await dispatch([slack], validAnswer({ score: 2, normalized: 0.25, satisfied: false, comment: 'Too slow' }));
      expect(JSON.parse(r.deliveries[0]!.body)).toEqual({ text: 'checkout: 2 of 5 — “Too slow”' });
      expect(r.deliveries[0]!.valid).toBe(false); // checked with the test's SECRET
      expect(verifyWith(r.deliveries[0]!, 'other-secret')).toBe(true);
      // `null` from format: nothing sent for this answer.
      await dispatch([{ ...slack, format: (a) => (a.satisfied ? null : { text: 'unhappy' }) }], validAnswer());
      expect(r.deliveries).toHaveLength(1);
    } finally {
      await r.close();
    }
  });

  it('refuses a webhook without a secret or with a bad URL at creation', () => {
    expect(() => createCollector({ webhooks: [{ url: 'ftp://x.test', secret: 's' }] })).toThrow(/webhooks\[0\].url/);
    expect(() => createCollector({ webhooks: [{ url: 'https://x.test', secret: '' }] })).toThrow(
      /webhooks\[0\].secret/,
    );
  });
});

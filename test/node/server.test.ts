import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_MAX_BYTES, METADATA_MAX_BYTES } from '../../src/constants';
import { parseAnswer } from '../../src/schema-entry';
import { createCollector, memoryStore, toNodeHandler, type AnswerStore } from '../../src/server';
import type { Answer } from '../../src/types';
import { validAnswer } from '../fixtures';
import { jsonBytes, largestAnswer, random, randomLongAnswer, UNSTORABLE } from '../answer-limits';

const answer = (overrides: Partial<Answer> = {}) => validAnswer(overrides);

const SHOP = 'http://shop.test';

async function listen(handler: (request: Request) => Promise<Response>): Promise<{ server: Server; url: string }> {
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/csat` };
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

describe('collector over node:http', () => {
  const store = memoryStore();
  let server: Server;
  let url: string;

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: SHOP, ...headers }, body });

  beforeAll(async () => {
    ({ server, url } = await listen(createCollector({ store, allowOrigins: [SHOP] })));
  });
  afterAll(() => close(server));

  it('stores a valid answer with 201', async () => {
    const a = answer();
    const res = await post(JSON.stringify(a));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('vary')).toBe('Origin');
    expect(store.list().filter((s) => s.id === a.id)).toEqual([a]);
  });

  it('keeps one answer per id: a repeat is 200 duplicate and stored once', async () => {
    const a = answer();
    expect((await post(JSON.stringify(a))).status).toBe(201);
    const again = await post(JSON.stringify(a));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    expect(store.list().filter((s) => s.id === a.id)).toHaveLength(1);
  });

  it('rejects an invalid answer with 400 and problems naming the field', async () => {
    const res = await post(JSON.stringify(answer({ score: 12 })));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; problems: string[] };
    expect(body.error).toBe('invalid_answer');
    expect(body.problems.some((p) => p.startsWith('score:'))).toBe(true);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP); // so the browser sees the 400
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await post('{"v":1,');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_json' });
  });

  it('rejects a 40 KiB body with 413, and the connection keeps working', async () => {
    const res = await post(JSON.stringify(answer({ comment: 'x'.repeat(40 * 1024) })));
    expect(res.status).toBe(413);
    expect((await res.json()) as object).toMatchObject({ error: 'body_too_large' });
    expect((await post(JSON.stringify(answer()))).status).toBe(201);
  });

  it('stops reading a chunked body without Content-Length at the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        url,
        { method: 'POST', headers: { 'content-type': 'text/plain', origin: SHOP } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 40; i++) req.write('x'.repeat(1024)); // chunked: no Content-Length
      req.end();
    });
    expect(status).toBe(413);
  });

  it('answers GET with 405 and Allow', async () => {
    const res = await fetch(url, { headers: { origin: SHOP } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('answers a preflight from an allowed origin with 204 and CORS headers', async () => {
    const res = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: SHOP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-token',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type,x-token');
    expect(res.headers.get('access-control-max-age')).toBe('86400');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('answers %s with 405 too', async (method) => {
    const res = await fetch(url, { method, headers: { origin: SHOP }, body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
  });

  it('refuses a post from another origin with a 403 that origin can read, without credentials', async () => {
    const a = answer();
    const res = await post(JSON.stringify(a), { origin: 'http://evil.test', 'content-type': 'text/plain' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'origin_not_allowed' });
    // Readable, so the widget stops instead of retrying what looks like a network error.
    expect(res.headers.get('access-control-allow-origin')).toBe('http://evil.test');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toBe('Origin');
    expect(store.list().some((s) => s.id === a.id)).toBe(false);
    // Its preflight (an endpoint with headers) passes, so the page reaches that readable 403.
    const pre = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://evil.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-api-key',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://evil.test');
    expect(pre.headers.get('access-control-allow-headers')).toBe('x-api-key');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('accepts the text/plain body the browser sends to avoid a preflight', async () => {
    const a = answer();
    const res = await post(JSON.stringify(a), { 'content-type': 'text/plain;charset=UTF-8' });
    expect(res.status).toBe(201);
    expect(store.list().some((s) => s.id === a.id)).toBe(true);
  });

  it('answers other content types with 415', async () => {
    const res = await post('v=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
  });
});

describe('collector with a failing store over node:http', () => {
  it('answers 500 when the store throws, and a retry then succeeds', async () => {
    const inner = memoryStore();
    let failures = 1;
    const flaky: AnswerStore = {
      async add(a) {
        if (failures-- > 0) throw new Error('database down');
        return inner.add(a);
      },
    };
    const { server, url } = await listen(createCollector({ store: flaky, allowOrigins: [SHOP] }));
    try {
      const a = answer();
      const send = () =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', origin: SHOP },
          body: JSON.stringify(a),
        });
      const first = await send();
      expect(first.status).toBe(500);
      expect(await first.json()).toEqual({ error: 'store_failed' });
      const retry = await send();
      expect(retry.status).toBe(201); // the failed id was not remembered as seen
      expect(inner.list().map((s) => s.id)).toEqual([a.id]);
    } finally {
      await close(server);
    }
  });
});

describe('collector called directly', () => {
  const req = (init: RequestInit & { headers?: Record<string, string> } = {}) =>
    new Request('https://collect.test/csat', { method: 'POST', ...init });

  it('needs no CORS headers for same-origin requests and rejects unknown cross-origin posts', async () => {
    const collect = createCollector();
    const same = await collect(
      req({
        headers: { origin: 'https://collect.test', 'content-type': 'application/json' },
        body: JSON.stringify(answer()),
      }),
    );
    expect(same.status).toBe(201);
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
    const noOrigin = await collect(
      req({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer()) }),
    );
    expect(noOrigin.status).toBe(201);
    const other = await collect(
      req({ headers: { origin: SHOP, 'content-type': 'text/plain' }, body: JSON.stringify(answer()) }),
    );
    expect(other.status).toBe(403);
  });

  it("allows any origin with '*' and a predicate", async () => {
    const star = await createCollector({ allowOrigins: '*' })(
      req({ headers: { origin: 'https://a.test', 'content-type': 'text/plain' }, body: JSON.stringify(answer()) }),
    );
    expect(star.status).toBe(201);
    expect(star.headers.get('access-control-allow-origin')).toBe('https://a.test');
    const byFn = createCollector({ allowOrigins: (o) => o.endsWith('.shop.test') });
    const ok = await byFn(req({ method: 'OPTIONS', headers: { origin: 'https://eu.shop.test' } }));
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type');
    const refused = await byFn(
      req({
        headers: { origin: 'https://shop.test.evil', 'content-type': 'text/plain' },
        body: JSON.stringify(answer()),
      }),
    );
    expect(refused.status).toBe(403);
  });

  it('rejects by Content-Length before reading the body', async () => {
    let pulled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 }, // pulled only when someone reads
    );
    const res = await createCollector({ maxBodyBytes: 100 })(
      new Request('https://collect.test/csat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '5000' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(pulled).toBe(false);
  });

  it('stops reading an endless body at the limit', async () => {
    const chunk = new Uint8Array(1024).fill(32);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await createCollector()(
      new Request('https://collect.test/csat', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024);
  });

  it('does not ask the store again for an id it has seen', async () => {
    let calls = 0;
    const collect = createCollector({
      store: {
        add: () => {
          calls++;
          return true;
        },
      },
    });
    const body = JSON.stringify(answer());
    const send = () => collect(req({ headers: { 'content-type': 'application/json' }, body }));
    expect((await send()).status).toBe(201);
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    expect(calls).toBe(1);
  });

  it('reports a duplicate the store already held (another instance stored it)', async () => {
    const a = answer();
    const shared = memoryStore();
    shared.add(a);
    const res = await createCollector({ store: shared })(
      req({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(a) }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, duplicate: true });
    expect(shared.list()).toHaveLength(1);
  });

  it('reports unknown fields and invalid UTF-8', async () => {
    const collect = createCollector();
    const extra = await collect(
      req({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...answer(), email: 'a@b.c' }) }),
    );
    expect(((await extra.json()) as { problems: string[] }).problems).toContain('email: unknown option');
    const bad = await collect(
      req({ headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0x7d]) }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_json' });
  });

  it('refuses a bad maxBodyBytes at creation', () => {
    expect(() => createCollector({ maxBodyBytes: 0 })).toThrow(TypeError);
  });
});

describe('toNodeHandler', () => {
  it('answers 500 when the handler throws', async () => {
    const { server, url } = await listen(async () => {
      throw new Error('boom');
    });
    try {
      const res = await fetch(url, { method: 'POST', body: '{}' });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal_error' });
    } finally {
      await close(server);
    }
  });

  it('passes method, URL, headers and body through', async () => {
    let seen: { method: string; url: string; header: string | null; body: string } | undefined;
    const { server, url } = await listen(async (request) => {
      seen = {
        method: request.method,
        url: request.url,
        header: request.headers.get('x-test'),
        body: await request.text(),
      };
      return new Response('hi', { status: 202, headers: { 'x-reply': 'yes' } });
    });
    try {
      const res = await fetch(url + '?a=1', { method: 'PUT', headers: { 'x-test': 'ok' }, body: 'payload' });
      expect(res.status).toBe(202);
      expect(res.headers.get('x-reply')).toBe('yes');
      expect(await res.text()).toBe('hi');
      expect(seen).toEqual({ method: 'PUT', url: url + '?a=1', header: 'ok', body: 'payload' });
    } finally {
      await close(server);
    }
  });

  it('takes a body an Express parser already read from req.body', async () => {
    const store = memoryStore();
    const handle = toNodeHandler(createCollector({ store }));
    // Stands in for express.json(): reads the stream, then sets req.body.
    const server = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (text += c));
      req.on('end', () => {
        (req as typeof req & { body: unknown }).body = JSON.parse(text);
        handle(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const a = answer();
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/csat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(a),
      });
      expect(res.status).toBe(201);
      expect(store.list()).toEqual([a]);
    } finally {
      await close(server);
    }
  });
});

describe('answers a database cannot store', () => {
  const collect = createCollector();
  const send = (body: unknown) =>
    collect(
      new Request('https://collect.test/csat', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(body),
      }),
    );

  it.each(UNSTORABLE)('%s: 400, naming the field', async (_, fields, field) => {
    const res = await send(answer(fields));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; problems: string[] };
    expect(body.error).toBe('invalid_answer');
    expect(body.problems).toEqual([expect.stringMatching(new RegExp('^' + field.replace('.', '\\.') + 'expected '))]);
  });

  it.each([
    ['a leap day', '2024-02-29T10:00:00.000Z'],
    ['an offset', '2026-11-23T10:00:00+05:30'],
    ['nanoseconds', '2026-11-23T10:00:00.123456789-03:00'],
  ])('takes %s', async (_, at) => {
    expect((await send(answer({ at }))).status).toBe(201);
  });

  it('takes text with tabs, newlines, quotes, emoji and every script', async () => {
    const comment = 'Line one\r\nline\ttwo "quoted" \\ 😀 👩‍👩‍👧 مرحبا 你好 \u2028';
    const a = answer({ comment, metadata: { note: comment } });
    const res = await send(a);
    expect(res.status).toBe(201);
  });
});

describe('limits that agree', () => {
  it(`the largest valid answer fits the default body limit (${ANSWER_MAX_BYTES} bytes) and is stored`, async () => {
    const a = largestAnswer();
    expect(parseAnswer(a)).toMatchObject({ ok: true });
    expect(jsonBytes(a.metadata)).toBeGreaterThan(METADATA_MAX_BYTES - 10);
    const size = jsonBytes(a);
    expect(size).toBeGreaterThan(29_000);
    expect(size).toBeLessThanOrEqual(ANSWER_MAX_BYTES);
    const store = memoryStore();
    const res = await createCollector({ store })(
      new Request('https://collect.test/csat', {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify(a),
      }),
    );
    expect(res.status).toBe(201);
    expect(store.list()).toEqual([a]);
  });

  it('any valid answer of long fields in characters of every width fits too', () => {
    const rnd = random(20261203);
    for (let i = 0; i < 100; i++) {
      const a = randomLongAnswer(rnd);
      expect(parseAnswer(a), JSON.stringify(a).slice(0, 200)).toMatchObject({ ok: true });
      expect(jsonBytes(a)).toBeLessThanOrEqual(ANSWER_MAX_BYTES);
    }
  });

  it('what would take more is refused by the schema (400), not cut off by the body limit (413)', async () => {
    const collect = createCollector();
    for (const fields of [
      // 5000 characters JSON writes as 6 bytes each: 30 KB.
      { comment: '\u001f'.repeat(5000) },
      { metadata: Object.fromEntries(Array.from({ length: 20 }, (_, i) => ['k' + i, '€'.repeat(500)])) },
    ]) {
      const res = await collect(
        new Request('https://collect.test/csat', {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify(answer(fields)),
        }),
      );
      expect(res.status).toBe(400);
    }
  });
});

describe('ids', () => {
  it('are stored in lower case, so the same id in upper case is a duplicate', async () => {
    const store = memoryStore();
    const collect = createCollector({ store });
    const send = (a: Answer) =>
      collect(
        new Request('https://collect.test/csat', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(a),
        }),
      );
    const a = answer();
    const upper = { ...a, id: a.id.toUpperCase() };
    expect((await send(upper)).status).toBe(201);
    expect(await (await send(a)).json()).toEqual({ ok: true, duplicate: true });
    // A fresh collector (another instance) relies on the store alone.
    expect(
      await (
        await createCollector({ store })(
          new Request('https://collect.test/csat', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(a),
          }),
        )
      ).json(),
    ).toEqual({ ok: true, duplicate: true });
    expect(store.list()).toEqual([a]);
  });
});

describe('events (SPEC "Events")', () => {
  const event = (overrides: Record<string, unknown> = {}) => ({
    v: 1,
    kind: 'shown',
    id: crypto.randomUUID(),
    survey: 'checkout',
    interaction: 'order-1234',
    locale: 'en',
    page: 'https://shop.example/checkout/done',
    at: '2026-11-23T10:00:00.000Z',
    ...overrides,
  });
  const post = (collect: (r: Request) => Promise<Response>, body: unknown) =>
    collect(
      new Request('https://collect.test/csat', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(body),
      }),
    );

  it('stores shown and dismissed events beside answers, one per id, in arrival order', async () => {
    const store = memoryStore();
    const collect = createCollector({ store });
    const shown = event();
    const a = answer();
    const dismissed = event({ kind: 'dismissed', interaction: null });
    expect((await post(collect, shown)).status).toBe(201);
    expect((await post(collect, a)).status).toBe(201);
    expect((await post(collect, dismissed)).status).toBe(201);
    const again = await post(collect, { ...shown, id: shown.id.toUpperCase() });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    expect(store.list()).toEqual([shown, a, dismissed]);
  });

  it.each([
    ['an unknown kind', { kind: 'clicked' }, 'kind:'],
    ['a score (events carry none)', { score: 4 }, 'score:'],
    ['a bad id', { id: 'nope' }, 'id:'],
    ['a bad time', { at: 'yesterday' }, 'at:'],
    ['a day that does not exist', { at: '2026-02-30T10:00:00.000Z' }, 'at:'],
    ['a bad survey', { survey: 'a b' }, 'survey:'],
  ])('refuses an event with %s: 400 invalid_event naming the field', async (_, overrides, problem) => {
    const store = memoryStore();
    const res = await post(createCollector({ store }), event(overrides));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; problems: string[] };
    expect(body.error).toBe('invalid_event');
    expect(body.problems.some((p) => p.startsWith(problem))).toBe(true);
    expect(store.list()).toEqual([]);
  });
});

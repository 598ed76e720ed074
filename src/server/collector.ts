// The collector: a Fetch-API handler that validates answers and events and passes new ones to a store.
import { ANSWER_MAX_BYTES } from '../constants';
import { check, schemas } from '../schema';
import { checkZod, zodSchemas } from '../schema-zod';
import type { Answer } from '../types';
import { memoryStore } from './memory-store';
import { rateLimiter, type RateLimitOptions } from './rate-limit';
import type { AnswerStore, CsatEvent, StoredItem } from './store';
import { checkWebhooks, dispatch, type Webhook } from './webhooks';

/**
 * Options of `createCollector`.
 * @see docs/collector.md
 */
export interface CollectorOptions {
  /** Where new answers go. @default memoryStore() — lost on restart, for demos and tests only */
  store?: AnswerStore;
  /**
   * Cross-origin pages allowed to post: `'*'`, a list of origins (`'https://shop.example'`) or a
   * predicate. Same-origin requests and requests without an `Origin` header (server-to-server)
   * are always accepted.
   * @default same-origin only
   */
  allowOrigins?: '*' | readonly string[] | ((origin: string) => boolean);
  /**
   * Largest request body accepted, in bytes.
   * @default 32768: the largest answer the schema accepts, so no valid answer is ever refused with 413
   */
  maxBodyBytes?: number;
  /**
   * Requests per client and window, e.g. `{ max: 60, windowMs: 60_000 }`: more are answered with
   * 429 and `Retry-After`, which the widget waits for before it retries.
   * @see docs/collector.md#rate-limiting
   */
  rateLimit?: RateLimitOptions;
  /**
   * Services each new answer is POSTed to, signed, in the background: never delaying the
   * collector's response. Duplicates and events are not sent.
   * @see docs/collector.md#webhooks
   */
  webhooks?: readonly Webhook[];
}

/**
 * The optional second argument of the handler: where the runtime keeps background work alive after
 * the response (Cloudflare's `ctx`, Vercel's `{ waitUntil }`). Webhooks are handed to it.
 */
export interface CollectorContext {
  waitUntil?(promise: Promise<unknown>): void;
}

/** Enough to absorb a burst of retries without the cache itself becoming a memory problem. */
const SEEN_IDS_MAX = 10_000;
const ALLOW_METHODS = 'POST, OPTIONS';
/** `text/plain` is what the widget sends so a cross-origin POST needs no preflight (Fetch standard, CORS). */
const ACCEPTED_TYPES = new Set(['application/json', 'text/plain']);

/**
 * Creates the collector: a `(request: Request) => Promise<Response>` handler.
 *
 * Answers, all JSON with `cache-control: no-store`:
 * - `201 {ok: true}`: a new answer, passed to the store;
 * - `200 {ok: true, duplicate: true}`: an `id` already seen; nothing is stored again, and the
 *   success tells the browser to stop retrying (delivery is at-least-once);
 * - `204`: a CORS preflight from an allowed origin;
 * - `400 {error: 'invalid_json'}` or `{error: 'invalid_answer', problems: [...]}`;
 * - `403 {error: 'origin_not_allowed'}` (readable by that origin, so the widget stops; its
 *   preflight gets a 204 for the same reason), `405` (with `Allow`), `413 {error: 'body_too_large'}`,
 *   `415 {error: 'unsupported_media_type'}`;
 * - `500 {error: 'store_failed'}` when the store throws: the browser retries 5xx.
 *
 * @example
 * // Next.js app/api/csat/route.ts
 * const collect = createCollector({ store: myStore, allowOrigins: ['https://shop.example'] });
 * export const POST = collect, OPTIONS = collect;
 * @see docs/collector.md
 */
export function createCollector(
  options: CollectorOptions = {},
): (request: Request, context?: CollectorContext) => Promise<Response> {
  const store = options.store ?? memoryStore();
  const limiter = options.rateLimit && rateLimiter(options.rateLimit);
  const webhooks = options.webhooks ?? [];
  checkWebhooks(webhooks);
  const maxBodyBytes = options.maxBodyBytes ?? ANSWER_MAX_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new TypeError(`maxBodyBytes: expected a positive whole number, got ${String(options.maxBodyBytes)}`);
  }
  const isAllowed = originPredicate(options.allowOrigins);
  // Ids already stored: a retry storm after a slow response is answered without a store round trip.
  // Only ids the store has confirmed go in, so a failed write is never mistaken for a stored one.
  const seen = new Map<string, true>();
  const remember = (id: string) => {
    seen.delete(id);
    seen.set(id, true);
    if (seen.size > SEEN_IDS_MAX) seen.delete(seen.keys().next().value!);
  };

  async function handle(request: Request, context?: CollectorContext): Promise<Response> {
    const origin = request.headers.get('origin');
    // No Origin: not a browser cross-origin request. Same origin: CORS headers are not needed.
    const crossOrigin = origin !== null && !sameOrigin(origin, request.url);
    const cors = new Headers();
    if (crossOrigin && !isAllowed(origin)) {
      // The refusal mainly stops cross-site text/plain posts (which skip the preflight) from
      // filling the store. It is readable by the page (without credentials, so nothing a cookie
      // unlocks), or the browser would report a network error and the widget retry a hopeless
      // request; a preflight is let through for the same reason, so the POST meets this 403.
      cors.set('access-control-allow-origin', origin);
      cors.set('vary', 'Origin');
      if (request.method === 'OPTIONS') return preflight(request, cors);
      return reply(403, { error: 'origin_not_allowed' }, cors);
    }
    if (crossOrigin) {
      // Echo the origin rather than `*`, and allow credentials: an endpoint configured with
      // `credentials: 'include'` fails CORS without both. The collector reads no cookies, so this
      // exposes nothing. Error answers carry them too, or the browser would see a network error
      // and retry a hopeless 4xx.
      cors.set('access-control-allow-origin', origin);
      cors.set('access-control-allow-credentials', 'true');
      cors.set('vary', 'Origin');
    }

    if (request.method === 'OPTIONS') return preflight(request, cors, crossOrigin);
    if (request.method !== 'POST') {
      const headers = new Headers(cors);
      headers.set('allow', ALLOW_METHODS);
      return reply(405, { error: 'method_not_allowed' }, headers);
    }

    // Counted before the body is read, so a flood costs as little as possible.
    const wait = limiter ? limiter.check(request) : 0;
    if (wait > 0) {
      const headers = new Headers(cors);
      headers.set('retry-after', String(Math.ceil(wait / 1000)));
      // Not a CORS-safelisted response header: without this a cross-origin widget cannot read it.
      if (crossOrigin) headers.set('access-control-expose-headers', 'Retry-After');
      return reply(429, { error: 'rate_limited' }, headers);
    }

    const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!ACCEPTED_TYPES.has(type)) return reply(415, { error: 'unsupported_media_type' }, cors);

    // Refuse a declared oversize body before reading a byte of it.
    const declared = Number(request.headers.get('content-length'));
    if (declared > maxBodyBytes) return reply(413, { error: 'body_too_large', maxBytes: maxBodyBytes }, cors);
    const bytes = await readLimited(request, maxBodyBytes);
    if (!bytes) return reply(413, { error: 'body_too_large', maxBytes: maxBodyBytes }, cors);

    let body: unknown;
    try {
      // `fatal`: invalid UTF-8 is a broken body, not text to store with replacement characters.
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return reply(400, { error: 'invalid_json' }, cors);
    }
    const isEvent = typeof body === 'object' && body !== null && 'kind' in body;
    const result = isEvent
      ? checkZod<CsatEvent>(zodSchemas().event, body, 'event')
      : check<Answer>(schemas().answer, body);
    if (!result.ok) {
      return reply(400, { error: isEvent ? 'invalid_event' : 'invalid_answer', problems: result.problems }, cors);
    }
    const item: StoredItem = result.value;

    if (seen.has(item.id)) {
      remember(item.id);
      return reply(200, { ok: true, duplicate: true }, cors);
    }
    let added: boolean;
    try {
      added = (await store.add(item)) !== false;
    } catch {
      return reply(500, { error: 'store_failed' }, cors);
    }
    remember(item.id);
    if (!added) return reply(200, { ok: true, duplicate: true }, cors);
    if (webhooks.length && !isEvent) {
      const sent = dispatch(webhooks, item as Answer);
      context?.waitUntil?.(sent);
    }
    return reply(201, { ok: true }, cors);
  }

  return async (request, context) => {
    try {
      return await handle(request, context);
    } catch {
      // A throwing `allowOrigins` predicate or a broken body stream: a 5xx the host can log and
      // the browser retries, never an unhandled rejection inside a worker runtime.
      return reply(500, { error: 'internal_error' });
    }
  };
}

/** 204 to a preflight (or a same-origin OPTIONS), with `cors` and what the preflight asked for. */
function preflight(request: Request, cors: Headers, crossOrigin = true): Response {
  const headers = new Headers(cors);
  headers.set('allow', ALLOW_METHODS);
  if (crossOrigin) {
    headers.set('access-control-allow-methods', ALLOW_METHODS);
    headers.set(
      'access-control-allow-headers',
      request.headers.get('access-control-request-headers') || 'content-type',
    );
    headers.set('access-control-max-age', '86400');
  }
  return new Response(null, { status: 204, headers });
}

function originPredicate(allow: CollectorOptions['allowOrigins']): (origin: string) => boolean {
  if (allow === undefined) return () => false;
  if (allow === '*') return () => true;
  if (typeof allow === 'function') return (origin) => allow(origin) === true;
  // Normalised so `'https://Shop.example/'` in a config still matches the browser's `Origin`.
  const set = new Set(allow.map(normalizeOrigin));
  return (origin) => set.has(normalizeOrigin(origin));
}

function normalizeOrigin(origin: string): string {
  try {
    const o = new URL(origin).origin;
    return o === 'null' ? origin : o;
  } catch {
    return origin;
  }
}

/**
 * Compares hosts, not schemes: behind a TLS-terminating proxy the handler often sees `http://`
 * while the page's Origin says `https://`.
 */
function sameOrigin(origin: string, url: string): boolean {
  try {
    return new URL(origin).host === new URL(url).host;
  } catch {
    return false;
  }
}

/** The body, or `null` once it passes `max` bytes: reading stops there, whatever the sender claims. */
async function readLimited(request: Request, max: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      // Fire and forget: some runtimes settle `cancel` only when the sender stops.
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function reply(status: number, body: unknown, extra?: Headers): Response {
  const headers = new Headers(extra);
  headers.set('content-type', 'application/json');
  // Answers are per request; a cached 201 would hide a later store failure from the client.
  headers.set('cache-control', 'no-store');
  headers.set('x-content-type-options', 'nosniff');
  return new Response(JSON.stringify(body), { status, headers });
}

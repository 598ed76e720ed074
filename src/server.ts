/**
 * The reference collector: a Fetch-API handler that receives answers POSTed by the widget.
 *
 * It uses only `Request`/`Response`/`Headers` so the same code runs in Node ≥ 20, Next.js route
 * handlers, Deno, Bun and workers; `toNodeHandler` adapts it to `node:http` and Express.
 * @see README.md#collector
 */
import { check, schemas } from './schema';
import type { Answer } from './types';

/**
 * Where accepted answers go. `add` returns `false` when an answer with the same `id` was already
 * stored, so a database store can rely on a unique constraint instead of a read-then-write race.
 * Anything other than `false` counts as newly stored. A throw (or rejection) is answered with 500,
 * which the browser retries.
 * @see README.md#collector
 */
export interface AnswerStore {
  add(answer: Answer): Promise<boolean> | boolean;
  /** Every stored answer; only needed by callers that read the store back (tests, demos). */
  list?(): Answer[] | Promise<Answer[]>;
}

/**
 * Options of `createCollector`.
 * @see README.md#collector
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
  /** Largest request body accepted, in bytes. @default 16384 (the widget's own cap on one answer) */
  maxBodyBytes?: number;
}

/** Matches the widget's cap on one serialized answer. */
const DEFAULT_MAX_BODY = 16 * 1024;
/** Enough to absorb a burst of retries without the cache itself becoming a memory problem. */
const SEEN_IDS_MAX = 10_000;
const ALLOW_METHODS = 'POST, OPTIONS';
/** `text/plain` is what the widget sends so a cross-origin POST needs no preflight (Fetch standard, CORS). */
const ACCEPTED_TYPES = new Set(['application/json', 'text/plain']);

/**
 * What `memoryStore()` returns: synchronous, so tests can read it back without awaiting.
 * @see README.md#collector
 */
export interface MemoryStore extends AnswerStore {
  add(answer: Answer): boolean;
  /** Stored answers, oldest first. */
  list(): Answer[];
}

/**
 * A store that keeps answers in memory, one per `id`. Lost on restart: for demos and tests.
 * @see README.md#collector
 */
export function memoryStore(): MemoryStore {
  const byId = new Map<string, Answer>();
  return {
    add(answer) {
      if (byId.has(answer.id)) return false;
      byId.set(answer.id, answer);
      return true;
    },
    list: () => [...byId.values()],
  };
}

/**
 * Creates the collector: a `(request: Request) => Promise<Response>` handler.
 *
 * Answers, all JSON with `cache-control: no-store`:
 * - `201 {ok: true}`: a new answer, passed to the store;
 * - `200 {ok: true, duplicate: true}`: an `id` already seen; nothing is stored again, and the
 *   success tells the browser to stop retrying (delivery is at-least-once);
 * - `204`: a CORS preflight from an allowed origin;
 * - `400 {error: 'invalid_json'}` or `{error: 'invalid_answer', problems: [...]}`;
 * - `403 {error: 'origin_not_allowed'}`, `405` (with `Allow`), `413 {error: 'body_too_large'}`,
 *   `415 {error: 'unsupported_media_type'}`;
 * - `500 {error: 'store_failed'}` when the store throws: the browser retries 5xx.
 *
 * @example
 * // Next.js app/api/csat/route.ts
 * const collect = createCollector({ store: myStore, allowOrigins: ['https://shop.example'] });
 * export const POST = collect, OPTIONS = collect;
 * @see README.md#collector
 */
export function createCollector(options: CollectorOptions = {}): (request: Request) => Promise<Response> {
  const store = options.store ?? memoryStore();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
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

  async function handle(request: Request): Promise<Response> {
    const origin = request.headers.get('origin');
    // No Origin: not a browser cross-origin request. Same origin: CORS headers are not needed.
    const crossOrigin = origin !== null && !sameOrigin(origin, request.url);
    if (crossOrigin && !isAllowed(origin)) {
      // Without CORS headers the browser cannot read this anyway; it mainly stops cross-site
      // text/plain posts (which skip the preflight) from filling the store.
      return reply(403, { error: 'origin_not_allowed' });
    }
    const cors = new Headers();
    if (crossOrigin) {
      // Echo the origin rather than `*`, and allow credentials: an endpoint configured with
      // `credentials: 'include'` fails CORS without both. The collector reads no cookies, so this
      // exposes nothing. Error answers carry them too, or the browser would see a network error
      // and retry a hopeless 4xx.
      cors.set('access-control-allow-origin', origin);
      cors.set('access-control-allow-credentials', 'true');
      cors.set('vary', 'Origin');
    }

    if (request.method === 'OPTIONS') {
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
    if (request.method !== 'POST') {
      const headers = new Headers(cors);
      headers.set('allow', ALLOW_METHODS);
      return reply(405, { error: 'method_not_allowed' }, headers);
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
    const result = check(schemas().answer, body);
    if (!result.ok) return reply(400, { error: 'invalid_answer', problems: result.problems }, cors);
    const answer = result.value as Answer;

    if (seen.has(answer.id)) {
      remember(answer.id);
      return reply(200, { ok: true, duplicate: true }, cors);
    }
    let added: boolean;
    try {
      added = (await store.add(answer)) !== false;
    } catch {
      return reply(500, { error: 'store_failed' }, cors);
    }
    remember(answer.id);
    return added ? reply(201, { ok: true }, cors) : reply(200, { ok: true, duplicate: true }, cors);
  }

  return async (request) => {
    try {
      return await handle(request);
    } catch {
      // A throwing `allowOrigins` predicate or a broken body stream: a 5xx the host can log and
      // the browser retries, never an unhandled rejection inside a worker runtime.
      return reply(500, { error: 'internal_error' });
    }
  };
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

/**
 * The part of `node:http`'s `IncomingMessage` (and so Express's `req`) that `toNodeHandler` uses.
 * Typed structurally so the published types need no `@types/node` and the module no `node:` import.
 * @see README.md#collector
 */
export interface NodeRequestLike {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  /** A TLS socket has `encrypted: true`; typed loosely so any socket type is accepted. */
  socket: object | null;
  readableEnded: boolean;
  /** Set by an Express body parser that has already read the stream. */
  body?: unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/**
 * The part of `node:http`'s `ServerResponse` (and so Express's `res`) that `toNodeHandler` uses.
 * @see README.md#collector
 */
export interface NodeResponseLike {
  statusCode: number;
  headersSent: boolean;
  setHeader(name: string, value: string | string[]): unknown;
  end(chunk?: Uint8Array): unknown;
  destroy(error?: Error): unknown;
}

/**
 * Adapts a Fetch-API handler (such as `createCollector()`'s) to `node:http` and Express:
 * `http.createServer(toNodeHandler(collect))` or `app.all('/csat', toNodeHandler(collect))`.
 * The request body is streamed to the handler, so a body limit stops reading early; a body an
 * Express parser has already read is taken from `req.body`. Response bodies are buffered (the
 * collector's are tiny). Never throws: a failing handler is answered with 500.
 * @see README.md#collector
 */
export function toNodeHandler(
  handler: (request: Request) => Response | Promise<Response>,
): (req: NodeRequestLike, res: NodeResponseLike) => void {
  return (req, res) => {
    void serveNode(handler, req, res);
  };
}

async function serveNode(
  handler: (request: Request) => Response | Promise<Response>,
  req: NodeRequestLike,
  res: NodeResponseLike,
): Promise<void> {
  let discard = () => {};
  try {
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!;
      // HTTP/2 pseudo-headers (`:path`) are not valid Fetch header names.
      if (!name.startsWith(':')) headers.append(name, req.rawHeaders[i + 1]!);
    }
    const init: RequestInit & { duplex?: 'half' } = { method, headers };
    if (method !== 'GET' && method !== 'HEAD') {
      if (req.readableEnded && req.body !== undefined) {
        // Mounted after express.json()/express.text(): the stream is spent, the parsed body remains.
        const b = req.body;
        init.body = typeof b === 'string' ? b : b instanceof Uint8Array ? new Uint8Array(b) : JSON.stringify(b);
        headers.delete('content-length');
        headers.delete('transfer-encoding');
      } else {
        const body = nodeBodyStream(req);
        init.body = body.stream;
        init.duplex = 'half'; // required by Node's fetch for a streamed request body
        discard = body.discard;
      }
    }
    const response = await handler(new Request(requestUrl(req), init));
    const payload = new Uint8Array(await response.arrayBuffer());
    res.statusCode = response.status;
    const cookies = response.headers.getSetCookie?.() ?? [];
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') res.setHeader(name, value);
    });
    if (cookies.length) res.setHeader('set-cookie', cookies);
    res.end(payload);
  } catch {
    try {
      if (res.headersSent) {
        res.destroy();
      } else {
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json');
        res.setHeader('cache-control', 'no-store');
        res.end(new TextEncoder().encode('{"error":"internal_error"}'));
      }
    } catch {
      // Nothing left to tell the client.
    }
  } finally {
    // A body the handler stopped reading (413) must still be drained, or the keep-alive
    // connection stalls on the unread bytes.
    discard();
  }
}

function requestUrl(req: NodeRequestLike): string {
  const scheme = (req.socket as { encrypted?: boolean } | null)?.encrypted ? 'https' : 'http';
  const host = typeof req.headers.host === 'string' ? req.headers.host : 'localhost';
  try {
    return new URL(req.url ?? '/', `${scheme}://${host}`).href;
  } catch {
    // A malformed Host header should not turn into a 500; the path is all the collector uses.
    return new URL(req.url ?? '/', `${scheme}://localhost`).href;
  }
}

/** The request body as a web stream that reads only as fast as the handler pulls. */
function nodeBodyStream(req: NodeRequestLike): { stream: ReadableStream<Uint8Array>; discard: () => void } {
  let dropping = false;
  let attached = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!attached) {
          // Attached on first pull, so a request refused before reading (413 by Content-Length)
          // is left untouched and node:http drains it itself.
          attached = true;
          req.on('data', (chunk: Uint8Array | string) => {
            if (dropping) return;
            controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
            if ((controller.desiredSize ?? 0) <= 0) req.pause();
          });
          req.on('end', () => {
            if (!dropping) controller.close();
          });
          req.on('error', (error: Error) => {
            if (!dropping) controller.error(error);
          });
        }
        req.resume();
      },
      cancel() {
        dropping = true;
        req.resume();
      },
    },
    // Nothing is read ahead of the handler: the limit in readLimited decides how much is taken.
    { highWaterMark: 0 },
  );
  return {
    stream,
    discard: () => {
      if (attached && !req.readableEnded) {
        dropping = true;
        req.resume();
      }
    },
  };
}

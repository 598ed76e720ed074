// Real-browser harness: a node:http server on 127.0.0.1 that serves the built IIFE, pages that
// tests register and a collector at /api/csat, plus one Debian Chromium per test file driven by
// playwright-core. Nothing here downloads browsers or touches the network beyond 127.0.0.1.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { CHROMIUM_PATH, launchChromium as launch } from '../../scripts/chromium.mjs';
import { toNodeHandler } from '../../src/server';

export const IIFE_PATH = fileURLToPath(new URL('../../dist/csat-widget.iife.js', import.meta.url));
export const POSITION_PATH = fileURLToPath(new URL('../../dist/csat-widget.position.js', import.meta.url));
export const LOCALES_PATH = fileURLToPath(new URL('../../dist/csat-widget.locales.js', import.meta.url));
export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

/** One request that reached the collector. */
export interface Collected {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** When it arrived (ms since the epoch). */
  at: number;
  /** The status it was answered with, once answered. */
  status?: number;
}

/** A planned answer to one POST: a status, or a status with headers (e.g. Retry-After). */
export type Reply = number | { status: number; headers?: Record<string, string> };

interface Served {
  body: string | (() => string);
  type: string;
  headers: Record<string, string>;
}

/** Reads the built IIFE, or explains how to get it. */
export function readIife(): string {
  if (!existsSync(IIFE_PATH)) {
    throw new Error(`${IIFE_PATH} is missing: run \`npm run build\` before the browser tests.`);
  }
  return readFileSync(IIFE_PATH, 'utf8');
}

export class TestServer {
  /** Every request to /api/csat, in arrival order (POSTs and anything else, e.g. a preflight). */
  readonly requests: Collected[] = [];
  /** The path of every request to this server, in arrival order (pages, scripts, /api/csat). */
  readonly hits: string[] = [];
  /** Status the collector answers with. */
  status = 204;
  /** Answers for the next POSTs, one each, before anything else (e.g. `[503, 503]`). */
  plan: Reply[] = [];
  /** While true, every POST is answered 503: the endpoint is down. */
  down = false;
  /**
   * A real Fetch-API collector (`createCollector()`) answering whatever `plan` and `down` do not,
   * through `toNodeHandler`, instead of the bare `status`.
   */
  collector?: (request: Request) => Promise<Response>;
  /** Milliseconds before each answer from /api/csat: a slow endpoint. */
  delay = 0;
  private readonly routes = new Map<string, Served>();
  private readonly waiters = new Set<() => void>();
  private server!: Server;
  origin = '';

  async start(): Promise<this> {
    readIife(); // fail early and clearly when dist is missing
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.hits.push(path);
      if (path === '/api/csat') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const got: Collected = {
            method: req.method ?? '',
            url: req.url ?? '',
            headers: req.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            at: Date.now(),
          };
          this.requests.push(got);
          res.on('finish', () => {
            got.status = res.statusCode;
            this.notify();
          });
          const planned = req.method === 'POST' && (this.plan.length || this.down) ? (this.plan.shift() ?? 503) : null;
          const collector = this.collector;
          const answer = () => {
            if (planned !== null) {
              const { status, headers } = typeof planned === 'number' ? { status: planned, headers: {} } : planned;
              // Readable from another origin too, so a page there sees the status and Retry-After.
              const origin = req.headers.origin;
              const cors: Record<string, string> = origin
                ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'retry-after' }
                : {};
              res.writeHead(status, { ...cors, ...headers }).end();
            } else if (collector) {
              // The body is read already; toNodeHandler takes it from req.body, as behind express.text().
              (req as typeof req & { body: string }).body = got.body;
              toNodeHandler(collector)(req, res);
            } else res.writeHead(this.status).end();
          };
          if (this.delay) setTimeout(answer, this.delay);
          else answer();
          this.notify();
        });
        return;
      }
      const onDemand: Record<string, string> = {
        '/csat-widget.position.js': POSITION_PATH,
        '/csat-widget.locales.js': LOCALES_PATH,
      };
      if (path === '/csat-widget.iife.js' || onDemand[path]) {
        // Read on every request: the file is rebuilt while tests are written. The full file loads
        // the positioning and languages files from its own directory.
        let code: string;
        try {
          code = path === '/csat-widget.iife.js' ? readIife() : readFileSync(onDemand[path]!, 'utf8');
        } catch (e) {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
          return;
        }
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
        res.end(code);
        return;
      }
      const route = this.routes.get(path);
      if (route) {
        const body = typeof route.body === 'function' ? route.body() : route.body;
        res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store', ...route.headers }).end(body);
        return;
      }
      if (path === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Registers an HTML page; `headers` are sent with it (e.g. a Content-Security-Policy). */
  page(path: string, html: string, headers: Record<string, string> = {}): string {
    this.routes.set(path, { body: html, type: 'text/html; charset=utf-8', headers });
    return this.origin + path;
  }

  /** Registers any other file (a same-origin script for a CSP page, say). */
  file(path: string, body: string, type = 'text/javascript; charset=utf-8', headers: Record<string, string> = {}) {
    this.routes.set(path, { body, type, headers });
    return this.origin + path;
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  /**
   * Resolves once `ready(requests)` holds (checked on every arrival and every answer); rejects
   * after `timeout` ms with `what` in the message.
   */
  waitFor(ready: (requests: Collected[]) => boolean, what: string, timeout = 10_000): Promise<Collected[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!ready(this.requests)) return;
        done();
        resolve(this.requests);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeout} ms waiting for ${what}; got ${this.requests.length} request(s)`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** POSTs received by the collector. */
  get posts(): Collected[] {
    return this.requests.filter((r) => r.method === 'POST');
  }

  /** Resolves once the collector has `count` POSTs; rejects after `timeout` ms. */
  async waitForPosts(count: number, timeout = 5000): Promise<Collected[]> {
    await this.waitFor(() => this.posts.length >= count, `${count} POST(s) at /api/csat`, timeout);
    return this.posts;
  }

  reset(): void {
    this.requests.length = 0;
    this.hits.length = 0;
    this.status = 204;
    this.plan = [];
    this.down = false;
    this.collector = undefined;
    this.delay = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}; install Debian's chromium or set CHROMIUM_PATH.`);
  }
  return launch();
}

/** A page plus what it said on the console. */
export interface Opened {
  page: Page;
  context: BrowserContext;
  /** Console messages, e.g. `{type: 'warning', text: '[csat] …'}`. */
  logs: { type: string; text: string }[];
}

export interface Env {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A fresh context and page, navigated to `path` on the test server. */
  open(path: string): Promise<Opened>;
  /** Another page (tab) in `context`, watched like the first, navigated to `path`. */
  tab(context: BrowserContext, path: string): Promise<Opened>;
  /** Uncaught errors in this test's pages matching `pattern` do not fail it (a page that broke a global on purpose). */
  allowPageErrors(pattern: RegExp): void;
}

/**
 * Starts the server and one Chromium for the calling test file, and gives each test fresh pages.
 * Any uncaught exception in a page (`pageerror`) fails the test that opened it.
 */
export function useBrowser(): Env {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];
  let allowed: RegExp | undefined;

  beforeAll(async () => {
    server = await new TestServer().start();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(() => {
    server?.reset();
    pageErrors = [];
    allowed = undefined;
  });
  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    contexts = [];
    if (pageErrors.length) throw new Error(`uncaught error(s) in the page:\n${pageErrors.join('\n')}`);
  });

  const env: Env = {
    get server() {
      if (!server) throw new Error('server not started (useBrowser() must be called at the top of the file)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('browser not launched');
      return browser;
    },
    async open(path: string) {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 720 } });
      contexts.push(context);
      // Fail fast: a test has 30 s in all, so one missing element must not eat them.
      context.setDefaultTimeout(5000);
      return env.tab(context, path);
    },
    allowPageErrors(pattern: RegExp) {
      allowed = pattern;
    },
    async tab(context: BrowserContext, path: string) {
      const page = await context.newPage();
      const logs: Opened['logs'] = [];
      page.on('console', (m) => logs.push({ type: m.type(), text: m.text() }));
      page.on('pageerror', (e) => {
        if (!allowed?.test(String(e))) pageErrors.push(e.stack || String(e));
      });
      await page.goto(env.server.origin + path);
      return { page, context, logs };
    },
  };
  return env;
}

/**
 * Resolves once the page has handled what was already under way: pending promise jobs, then a
 * rendering frame (requestAnimationFrame, ResizeObserver) and a task after it. A signal rather
 * than a duration, to check that something did NOT happen: the page had its chance to do it.
 */
export function quiet(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0))));
}

/** The widget's host; locators chained from it pierce its open shadow root. */
export function shadow(page: Page): Locator {
  return page.locator('csat-widget');
}

/** What an `ask` made through {@link startAsk} has settled to so far. */
export interface AskState {
  settled: boolean;
  value?: unknown;
  error?: { name: string; message: string };
}

/**
 * Calls `window.csat.ask(options)` in the page and keeps its outcome under `slot`.
 * Options must be JSON (the script tag's data-endpoint supplies the endpoint).
 */
export async function startAsk(page: Page, options: Record<string, unknown>, slot = 'a'): Promise<void> {
  await page.evaluate(
    ([o, s]) => {
      const w = window as unknown as { csat: { ask(o: unknown): Promise<unknown> }; __asks?: Record<string, unknown> };
      const rec: { settled: boolean; value?: unknown; error?: { name: string; message: string } } = { settled: false };
      (w.__asks ??= {})[s] = rec;
      w.csat.ask(o).then(
        (v) => Object.assign(rec, { settled: true, value: v }),
        (e: Error) => Object.assign(rec, { settled: true, error: { name: e?.name, message: e?.message } }),
      );
    },
    [options, slot] as const,
  );
}

/** The current state of an ask, without waiting. */
export function askState(page: Page, slot = 'a'): Promise<AskState> {
  return page.evaluate((s) => (window as unknown as { __asks: Record<string, AskState> }).__asks[s]!, slot);
}

/** Waits for an ask to settle and returns its state. */
export async function askResult(page: Page, slot = 'a', timeout = 10_000): Promise<AskState> {
  await page.waitForFunction(
    (s) => (window as unknown as { __asks?: Record<string, AskState> }).__asks?.[s]?.settled,
    slot,
    { timeout },
  );
  return askState(page, slot);
}

/** The deepest focused element, through shadow roots: tag, role and accessible label. */
export function focused(page: Page): Promise<{ tag: string; role: string | null; name: string; inWidget: boolean }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    let inWidget = false;
    while (el?.shadowRoot?.activeElement) {
      if (el.localName === 'csat-widget') inWidget = true;
      el = el.shadowRoot.activeElement;
    }
    return {
      tag: el?.localName ?? '',
      role: el?.getAttribute('role') ?? null,
      name: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim(),
      inWidget,
    };
  });
}

/** Presses Tab until a rating point has focus (at most `max` presses); returns how many it took. */
export async function tabToScale(page: Page, max = 4): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.inWidget && f.role === 'radio') return i;
  }
  throw new Error(`no rating point got focus within ${max} Tab presses`);
}

/** Minimal HTML document. */
export function html(body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>csat test</title>${head}</head><body>${body}</body></html>`;
}

/** The script tag of the IIFE, with data attributes. */
export function scriptTag(attrs: Record<string, string> = { endpoint: '/api/csat' }): string {
  const data = Object.entries(attrs)
    .map(([k, v]) => ` data-${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join('');
  return `<script src="/csat-widget.iife.js"${data}></script>`;
}

/** The answer fields every answer must carry. */
export const UUID_RE = /^[\da-f]{8}-[\da-f]{4}-[1-8][\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/i;

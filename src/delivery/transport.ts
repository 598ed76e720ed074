// One attempt at sending one answer. Every call into the host's globals is guarded: a page may
// have patched fetch to throw synchronously (posthog-js request.ts) or lack AbortController,
// and neither may surface as an uncaught error or an unhandled rejection.
// @see docs/delivery.md
import type { EndpointOptions } from '../types';
import { win } from '../globals';
import { own } from '../schema';

/**
 * Our share of the 64 KiB that all keepalive requests of a page may have in flight: past it the
 * browser fails the request like a network error (whatwg/fetch#1816). The rest is left to other
 * scripts on the page.
 */
const KEEPALIVE_BUDGET = 48 * 1024;
/** Per attempt; a hung connection would otherwise hold the answer (and its lock) forever. */
const TIMEOUT = 1e4;

/** Bytes of our bodies in flight. */
let inflight = 0;

/**
 * POSTs `body` (JSON) as `text/plain`, which keeps a cross-origin request CORS-simple: no
 * preflight unless the host configured headers. Resolves with the status
 * (0: network error, timeout or blocked) and the `Retry-After` header; never rejects.
 */
export async function post(e: EndpointOptions, body: string, leaving?: boolean): Promise<[number, string | null]> {
  // Own properties only: an entry read back from storage is a plain object again, and a page's
  // Object.prototype.headers or .credentials must not change how answers are sent.
  const { url, headers, credentials } = own(e);
  const size = new Blob([body]).size;
  // keepalive lets the request outlive the page (a navigation right after the pick), within
  // budget. Every body in flight is counted, keepalive or not: simpler, and errs on the safe side.
  const keepalive = (inflight += size) <= KEEPALIVE_BUDGET;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const w = win!;
    const c = w.AbortController && new w.AbortController();
    if (c) timer = setTimeout(() => c.abort(), TIMEOUT);
    let p: Promise<Response>;
    try {
      p = w.fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
        credentials: credentials ?? 'omit',
        referrerPolicy: 'strict-origin',
        keepalive,
        signal: c?.signal,
      });
    } catch (x) {
      // fetch is missing or throws: while the page is hidden or going away the beacon is the last way out.
      // It always sends cookies and cannot carry headers, so only for endpoints without headers;
      // its outcome is unknown, so the answer stays queued and the next page sends it again.
      if (leaving && !headers) w.navigator.sendBeacon?.(url, body);
      throw x;
    }
    const r = await p;
    return [r.status, r.headers.get('retry-after')];
  } catch {
    return [0, null];
  } finally {
    clearTimeout(timer);
    inflight -= size;
  }
}

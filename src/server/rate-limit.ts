// Per-client request limits for the collector: a fixed window per key, in bounded memory.
import { warn } from '../globals';

/**
 * Options of `createCollector({ rateLimit })`.
 * @see docs/collector.md#rate-limiting
 */
export interface RateLimitOptions {
  /** Requests a client may make per window. */
  max: number;
  /** Length of the window in milliseconds. */
  windowMs: number;
  /**
   * The client's key, e.g. a user id or the address your proxy vouches for. Return `null` to leave
   * a request unlimited.
   * @default the socket's remote address, as `toNodeHandler` passes it (never `X-Forwarded-For`,
   * which any client can write); `null` in runtimes where it is not known, so pass `key` there.
   */
  key?: (request: Request) => string | null | undefined;
  /**
   * Most clients tracked at once. Past it, the client whose window started first is forgotten
   * (usually one whose window has ended), so a flood of addresses cannot grow memory.
   * @default 10000
   */
  maxKeys?: number;
}

/** Socket addresses of requests made by `toNodeHandler`: the default rate-limit key. */
const addresses = new WeakMap<Request, string>();

/** Records the client address a request came from (for `toNodeHandler` and other adapters). */
export function setClientAddress(request: Request, address: string | undefined): void {
  if (address) addresses.set(request, address);
}

/** The client address an adapter recorded for this request, if any. */
export function clientAddress(request: Request): string | undefined {
  return addresses.get(request);
}

/**
 * A limiter: `check(request)` returns 0 when the request may go ahead, else the milliseconds until
 * this client's window ends (for `Retry-After`).
 */
export function rateLimiter(options: RateLimitOptions): { check(request: Request): number } {
  const { max, windowMs, maxKeys = 10_000 } = options;
  for (const [name, v] of [
    ['max', max],
    ['windowMs', windowMs],
    ['maxKeys', maxKeys],
  ] as const) {
    if (!Number.isSafeInteger(v) || v <= 0) {
      throw new TypeError(`rateLimit.${name}: expected a positive whole number, got ${String(v)}`);
    }
  }
  const keyOf = options.key ?? clientAddress;
  // Insertion order is window start order: a key is re-inserted when its window restarts.
  const windows = new Map<string, { start: number; count: number }>();
  let warned = false;

  return {
    check(request) {
      const key = keyOf(request);
      if (key == null) {
        if (!warned && !options.key) {
          warned = true;
          warn('rateLimit: no client address for this request, so it is not limited; pass rateLimit.key');
        }
        return 0;
      }
      const now = Date.now();
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        windows.delete(key);
        w = { start: now, count: 0 };
        windows.set(key, w);
        if (windows.size > maxKeys) windows.delete(windows.keys().next().value!);
      }
      w.count++;
      return w.count > max ? w.start + windowMs - now : 0;
    },
  };
}

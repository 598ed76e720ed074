import type { Answer, AskOptions, EndpointOptions } from '../types';
import { warn, win } from '../globals';

/** Browsers refuse keepalive bodies beyond 64 KiB in flight per page; stay well under. */
const KEEPALIVE_MAX = 60_000;

/**
 * POSTs the answer as JSON. `text/plain` keeps a cross-origin request CORS-simple, so no
 * preflight is sent unless the host configured headers (research REL-05).
 */
export async function post(endpoint: string | EndpointOptions, answer: Answer): Promise<void> {
  const e = typeof endpoint === 'string' ? { url: endpoint } : endpoint;
  const body = JSON.stringify(answer);
  // A host page may have patched fetch to throw synchronously; the async wrapper turns that
  // into a rejection instead of an exception in the host's stack (posthog-js request.ts).
  const res = await win!.fetch(e.url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...e.headers },
    credentials: e.credentials ?? 'omit',
    referrerPolicy: 'strict-origin',
    keepalive: body.length < KEEPALIVE_MAX,
  });
  if (!res.ok) throw new Error(`${e.url} answered ${res.status}`);
}

/** Delivers to the endpoint and the callback; reports each failure and resolves either way. */
export async function deliver(
  answer: Answer,
  o: Pick<AskOptions, 'endpoint' | 'onSubmit' | 'onDelivered' | 'onError'>,
): Promise<void> {
  let ok = true;
  // The async wrapper turns a callback that throws synchronously into a rejection too.
  for (const r of await Promise.allSettled([
    o.endpoint && post(o.endpoint, answer),
    (async () => o.onSubmit?.(answer))(),
  ])) {
    if (r.status === 'rejected') {
      ok = false;
      report(o.onError, r.reason);
    }
  }
  if (ok) safely(() => o.onDelivered?.(answer));
}

function report(onError: AskOptions['onError'], reason: unknown): void {
  const error = reason instanceof Error ? reason : new Error(String(reason));
  if (onError) safely(() => onError(error));
  else warn('delivery failed:', error.message);
}

/** Runs a host callback; a throw in it must not break the widget. */
export function safely(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    warn('a callback threw:', e);
  }
}

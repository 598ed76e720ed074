// Signed webhooks: each new answer POSTed to other services in the background, with an
// HMAC-SHA256 signature the receiver checks. Web Crypto only, so it runs in workers too.
import { warn } from '../globals';
import type { Answer } from '../types';

/**
 * One webhook of `createCollector({ webhooks })`.
 * @see docs/collector.md#webhooks
 */
export interface Webhook {
  /** Where to POST. Logged by origin only: a Slack webhook URL is itself a secret. */
  url: string;
  /** Key of the HMAC-SHA256 signature in `x-csat-signature`. */
  secret: string;
  /**
   * The JSON body to send for an answer, e.g. `(a) => ({ text: \`${a.survey}: ${a.score}\` })` for a
   * Slack incoming webhook. Return `null` to send nothing for this answer.
   * @default the answer itself
   */
  format?: (answer: Answer) => unknown;
  /** Attempts per answer, the first included; network errors, 408, 429 and 5xx are retried. @default 5 */
  attempts?: number;
  /** Wait before the first retry; doubled for each next one, with jitter. @default 1000 */
  backoffMs?: number;
}

/** Headers of a signed delivery. */
export const SIGNATURE_HEADER = 'x-csat-signature';
export const TIMESTAMP_HEADER = 'x-csat-timestamp';

const TIMEOUT_MS = 10_000;

/** Test seams: what to fetch with and how to wait. */
export interface DispatchEnv {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `sha256=<hex>`: HMAC-SHA256 with `secret` over `timestamp + "." + body`. The timestamp is
 * signed too, so a receiver that refuses old timestamps cannot be fed a replayed delivery.
 */
export async function signWebhook(secret: string, timestamp: string, body: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(`${timestamp}.${body}`)));
  return 'sha256=' + Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Checks the options once, at `createCollector`, so a typo fails at start-up, not per answer. */
export function checkWebhooks(hooks: readonly Webhook[]): void {
  hooks.forEach((h, i) => {
    let ok = false;
    try {
      ok = /^https?:$/.test(new URL(h.url).protocol);
    } catch {
      // reported below
    }
    if (!ok) throw new TypeError(`webhooks[${i}].url: expected an http(s) URL`);
    if (typeof h.secret !== 'string' || !h.secret)
      throw new TypeError(`webhooks[${i}].secret: expected a non-empty string`);
  });
}

/** Sends one answer to every webhook; resolves when each has succeeded or given up. Never rejects. */
export async function dispatch(hooks: readonly Webhook[], answer: Answer, env: DispatchEnv = {}): Promise<void> {
  await Promise.all(hooks.map((hook) => deliver(hook, answer, env).catch(() => {})));
}

async function deliver(hook: Webhook, answer: Answer, env: DispatchEnv): Promise<void> {
  const send = env.fetch ?? fetch;
  const sleep = env.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts = hook.attempts ?? 5;
  const backoff = hook.backoffMs ?? 1000;
  const where = new URL(hook.url).origin;
  let payload: unknown;
  try {
    payload = hook.format ? hook.format(answer) : answer;
  } catch (e) {
    warn(`webhook to ${where}: format threw for answer ${answer.id}:`, e);
    return;
  }
  if (payload == null) return;
  const body = JSON.stringify(payload);
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    // Signed per attempt, so a retry carries a fresh timestamp.
    const timestamp = String(Math.floor(Date.now() / 1000));
    try {
      const res = await send(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: await signWebhook(hook.secret, timestamp, body),
          // The answer's id: a receiver that sees it twice (a retry after a lost response) keeps one.
          'x-csat-id': answer.id,
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (res.ok) return;
      last = `HTTP ${res.status}`;
      if (!(res.status === 408 || res.status === 429 || res.status >= 500)) break;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    if (attempt < attempts) await sleep(backoff * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
  }
  warn(`webhook to ${where} gave up on answer ${answer.id}: ${last}`);
}

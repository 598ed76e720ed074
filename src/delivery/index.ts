// Delivery: persist first, then send, retry, and resume on the next page (research section A).
//
// Answers for an endpoint go to the localStorage queue (queue.ts) before the first attempt and
// leave it on a 2xx or when they fail for good. One scheduler per page (module state, started by
// the first createCsat, never at import) sends what is due, re-arms one timer for what is not,
// and runs again on `online`, `pageshow` from the back/forward cache and when the page is hidden
// or hides for good. Answers for an `onSubmit` callback follow the same retry policy but live
// in the page only: a function cannot be stored.
// @see README.md#delivery
import type { Answer, AskOptions } from '../types';
import { doc, storage, warn, win } from '../globals';
import { KEY, update, type Entry, type Lost } from './queue';
import { backoff, classify, MAX_ATTEMPTS, retryAfter } from './retry';
import { post } from './transport';

type Done = (error?: Error) => void;
type Handlers = Pick<AskOptions, 'onDelivered' | 'onError'>;

/** Without Web Locks, how long a tab may hold an answer it is sending: one timed-out attempt and a margin. */
const LEASE = 15e3;
/** Longest wait for any entry, whatever its stored times say: a clock set back cannot park an answer (REL-15). */
const MAX_WAIT = 3e5;

/** Deliveries to `onSubmit` callbacks under way. */
let calls = 0;
/** Endpoint deliveries queued by this page, by answer id: whom to tell. */
const waiting = new Map<string, Done>();
/** Answer ids this page is sending right now. */
const busy = new Set<string>();
/** Endpoint URL → time until which a `Retry-After` pauses it. */
const paused: Record<string, number> = {};
/** Defaults of the live instances: told about answers queued by an earlier page. */
const pages: Handlers[] = [];
const idle: (() => void)[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
let listening = false;

const locks = () => win!.navigator.locks;

/**
 * When an entry may be sent. `leaving`: the page is hidden or going away, its last chance, so the
 * backoff (or another tab's lease) is not waited for; a `Retry-After` still is.
 */
const due = (x: Entry, now: number, leaving?: boolean) =>
  Math.min(Math.max(leaving ? 0 : x.t, paused[x.e.url] ?? 0), now + MAX_WAIT);

/** Runs a host callback; a throw in it must not break the widget. */
export function safely(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    warn('a callback threw:', e);
  }
}

/** Tells `onError`, or the console when there is none. */
function report(onError: AskOptions['onError'], error: Error): void {
  if (onError) safely(() => onError(error));
  else warn('delivery failed:', error.message);
}

/** The first live instance's default for `key`: whom to tell about answers queued by an earlier page. */
const handler = <K extends keyof Handlers>(key: K): Handlers[K] => pages.find((h) => h[key])?.[key];

/** The end of an endpoint delivery, told to the page that queued it, else to an instance's defaults. */
const settle: Lost = (id, error, a) => {
  const d = waiting.get(id!);
  waiting.delete(id!);
  if (d) d(error);
  else if (error) report(handler('onError'), error);
  else safely(() => handler('onDelivered')?.(a!));
};

const gaveUp = (why: string, n: number) => Error(`${why}; dropped after ${n} attempts`);

/** One pass: sends what is due, arms the timer for the rest, and resolves flush() when nothing waits. */
function run(leaving?: boolean): void {
  clearTimeout(timer);
  const now = Date.now();
  let next = Infinity;
  const q = update(settle, now);
  if (q.length && !listening) {
    // The page's lifecycle, from the first waiting answer on: a page with nothing waiting carries
    // no listeners. They stay for the page's lifetime, so answers chosen before a destroy() are
    // still sent.
    listening = true;
    const on = (type: string, f: () => void, t: EventTarget = win!) => t.addEventListener(type, f);
    on('online', () => run());
    // A page back from the back/forward cache looks at the queue again.
    on('pageshow', () => run());
    // `hidden` is the last moment a page reliably sees (on the document: older Safari does not let
    // it bubble to the window); pagehide covers browsers that skip it. Never the unload event:
    // unreliable on mobile, and it keeps the page out of the back/forward cache.
    on('visibilitychange', () => run(doc!.hidden), doc);
    on('pagehide', () => run(true));
  }
  for (const x of q) {
    const at = due(x, now, leaving);
    // Offline: no attempt, so none is counted; the `online` event resumes (research REL-25).
    if (busy.has(x.a.id) || !win!.navigator.onLine) continue;
    if (at > now) next = Math.min(next, at);
    else void send(x.a.id, leaving);
  }
  if (next < Infinity) timer = setTimeout(run, next - now);
  if (!q.length && !calls && !busy.size) for (const f of idle.splice(0)) f();
}

/**
 * Sends one queued answer, if this tab can claim it: under a Web Lock named after the answer
 * where the browser has them, else under a lease: its next-attempt time set 15 s ahead in the
 * queue, which other tabs wait for. Another tab holding the lock means a look again in a second.
 * A page that is leaving waits for no lock (the callback could come too late): a duplicate then
 * is possible, and harmless.
 */
async function send(id: string, leaving?: boolean): Promise<void> {
  busy.add(id);
  const go = async () => {
    let x: Entry | undefined;
    let now = Date.now();
    // Read again under the lock: another tab may have sent it, or tried and scheduled it, meanwhile.
    update(settle, now, (q) => {
      x = q.find((y) => y.a.id == id);
      if (x && due(x, now, leaving) <= now) {
        x.n++;
        if (!locks()) x.t = now + LEASE;
      } else x = undefined;
    });
    if (!x) return;
    const { a, e, n } = x;
    const [status, header] = await post(e, JSON.stringify(a), leaving);
    now = Date.now();
    const k = classify(status);
    const wait = k == 1 ? retryAfter(header, now) : 0;
    // A Retry-After holds every answer for that endpoint in this page; the stored `t` holds this one in the next.
    if (wait) paused[e.url] = now + wait;
    let settled = false;
    update(settle, now, (q) => {
      const i = q.findIndex((y) => y.a.id == id);
      if (i < 0) return; // settled by another tab, or evicted meanwhile
      if (k == 1 && n < MAX_ATTEMPTS) {
        q[i]!.t = now + (wait || backoff(n));
      } else {
        q.splice(i, 1);
        settled = true;
      }
    });
    const why = e.url + (status ? ' answered ' + status : ' unreachable');
    if (settled) settle(id, k ? (k == 1 ? gaveUp(why, n) : Error(why)) : undefined, a);
    return true;
  };
  const l = !leaving && locks();
  // Locks are refused to opaque origins (sandboxed frames, file:): then it goes without, and at
  // worst two tabs send it, which `id` dedupes.
  const sent = await (l ? l.request('csat:' + id, { ifAvailable: true }, (lock) => lock && go()) : go()).catch(go);
  busy.delete(id);
  if (sent) run();
  else setTimeout(run, 1e3);
}

/**
 * Delivers to an `onSubmit` callback, retried like an endpoint (a throw or a rejection is a
 * failed attempt), in this page only: a function cannot be stored.
 */
async function call(a: Answer, f: NonNullable<AskOptions['onSubmit']>, d: Done): Promise<void> {
  calls++;
  try {
    for (let n = 1; ; n++) {
      let why = '';
      try {
        await f(a);
      } catch (x) {
        why = `onSubmit failed (${String(x)})`; // String(): a Symbol reason would throw in a template
      }
      if (!why || n == MAX_ATTEMPTS) return d(why ? gaveUp(why, n) : undefined);
      await new Promise((r) => setTimeout(r, backoff(n)));
    }
  } finally {
    calls--;
    run();
  }
}

/**
 * Queues an answer for its endpoint and its `onSubmit` and starts sending. `onDelivered` is
 * called once both have it; `onError` once for each that fails for good.
 */
export function deliver(a: Answer, o: Pick<AskOptions, 'endpoint' | 'onSubmit' | 'onDelivered' | 'onError'>): void {
  let left = +!!o.endpoint + +!!o.onSubmit;
  const d: Done = (error) => {
    // After a failure `left` stays below zero: onDelivered means every destination has it.
    if (error) {
      report(o.onError, error);
      left = -1;
    } else if (!--left) safely(() => o.onDelivered?.(a));
  };
  if (o.endpoint) {
    const e = typeof o.endpoint == 'string' ? { url: o.endpoint } : { ...o.endpoint };
    // Absolute, so a later page with another path (or <base>) sends it to the same place.
    e.url = new URL(e.url, doc!.baseURI).href;
    waiting.set(a.id, d);
    const now = Date.now();
    update(settle, now, (q) => q.push({ a, e, n: 0, t: 0, c: now }));
  }
  if (o.onSubmit) void call(a, o.onSubmit, d);
  run();
}

/**
 * Starts the page's delivery once (the first instance created in a page) and registers an
 * instance's defaults for answers queued by an earlier page.
 */
export function resume(h: Handlers): void {
  if (pages.push(h) == 1 && win) {
    // After load: the page loads first, and instances created by its later scripts are there to
    // hear about earlier pages' answers. An empty queue costs one getItem, nothing more.
    const first = () => {
      try {
        if (storage()!.getItem(KEY)) run();
      } catch {
        // No storage: nothing can be waiting from an earlier page.
      }
    };
    if (doc!.readyState == 'complete') setTimeout(first);
    else win.addEventListener('load', first);
  }
}

/** Resolves once every queued answer has been delivered or has failed for good. */
export const flush = (): Promise<void> =>
  win
    ? new Promise((resolve) => {
        idle.push(resolve);
        run();
      })
    : Promise.resolve();

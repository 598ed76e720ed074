// Delivery: persist first, then send, retry, and resume on the next page (README.md#delivery).
//
// Answers for an endpoint go to the localStorage queue (queue.ts) before the first attempt and
// leave it on a 2xx or when they fail for good; a retriable failure never removes one. A score
// whose comment is still to come is queued too, but held: not sent while its page is open and
// visible, so the comment can still join it, and sent as it stands once the page is hidden or
// left (or, if that page died, by any later page once its hold lapses). One scheduler per page
// (module state, started by the first createCsat, never at import) sends what is due, re-arms
// one timer for what is not, and runs again on `online`, `pageshow` from the back/forward cache
// and when the page is hidden or hides for good. Answers for an `onSubmit` callback follow the
// same retry policy but live in the page only: a function cannot be stored.
// @see README.md#delivery
import type { Answer, AskOptions, EndpointOptions } from '../types';
import { doc, storage, warn, win } from '../globals';
import { KEY, update, type Entry, type Lost } from './queue';
import { backoff, classify, MAX_ATTEMPTS, retryAfter } from './retry';
import { post } from './transport';
import { toJson } from './json';

type Done = (error?: Error) => void;
type Handlers = Pick<AskOptions, 'onDelivered' | 'onError'>;
type Destinations = Pick<AskOptions, 'endpoint' | 'onSubmit' | 'onDelivered' | 'onError'>;

/** Without Web Locks, how long a tab may hold an answer it is sending: one timed-out attempt and a margin. */
const LEASE = 15e3;
/** Longest wait for any entry, whatever its stored times say: a clock set back cannot park an answer. */
const MAX_WAIT = 3e5;
/**
 * How long a held answer stays held without its page renewing the hold (every half of it while
 * the page runs): a page that died during the comment step leaves it to a later page this soon.
 */
const HOLD = 1e4;
/**
 * Without Web Locks: how long a tab waits after writing its claim before it reads the queue again
 * (plus as much again at random). Two tabs may both read an entry before either's claim lands;
 * after the wait both see the same last claim, and only its writer sends.
 */
const SETTLE = 150;

/** Deliveries to `onSubmit` callbacks under way. */
let calls = 0;
/** Endpoint deliveries queued by this page, by answer id: whom to tell. */
const waiting = new Map<string, Done>();
/** Answer ids this page is sending right now. */
const busy = new Set<string>();
/** Answers of this page waiting for their comment, by id: each makes its answer final (as it stands) when called. */
const held = new Map<string, () => void>();
/** True while held answers are being made final: their deliveries wait for the pass that follows. */
let quiet = false;
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
export function safely(f: () => unknown, what = 'a callback threw:'): void {
  try {
    f();
  } catch (e) {
    warn(what, e);
  }
}

/** Tells `onError`, or the console when there is none. */
export function report(onError: AskOptions['onError'], error: Error): void {
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

/** Makes every held answer of this page final as it stands: the page is hidden or going away. */
function release(): void {
  const finals = [...held.values()];
  held.clear();
  quiet = true;
  for (const f of finals) safely(f);
  quiet = false;
}

/** One pass: sends what is due, arms the timer for the rest, and resolves flush() when nothing waits. */
function run(leaving?: boolean): void {
  clearTimeout(timer);
  if (leaving) release();
  const now = Date.now();
  let next = Infinity;
  // This page's held answers: their hold renewed before it lapses, so other tabs leave them be.
  const renew = (q: Entry[]) => {
    for (const x of q) if (held.has(x.a.id) && x.t <= now + HOLD / 2) x.t = now + HOLD;
  };
  const q = update(settle, now, held.size ? renew : undefined);
  if ((q.length || held.size) && !listening) {
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
    const id = x.a.id;
    const at = held.has(id) ? x.t - HOLD / 2 : due(x, now, leaving);
    // Offline: no attempt, so none is counted; the `online` event resumes (as posthog-js does).
    if (busy.has(id) || (!held.has(id) && !win!.navigator.onLine)) continue;
    if (at > now || held.has(id)) next = Math.min(next, Math.max(at, now + 1));
    else void send(id, leaving);
  }
  if (next < Infinity) timer = setTimeout(run, next - now);
  if (!q.length && !calls && !busy.size) for (const f of idle.splice(0)) f();
}

/**
 * Claims one queued answer for sending: counts the attempt and, without Web Locks (or with a lock
 * refused), writes a lease: its next-attempt time 15 s ahead with a random token of this tab,
 * which other tabs wait for. Returns the entry, or nothing when it is not due, held, or gone.
 */
function claim(id: string, leased: boolean, leaving?: boolean): Entry | undefined {
  let x: Entry | undefined;
  const now = Date.now();
  update(settle, now, (q) => {
    x = q.find((y) => y.a.id === id);
    if (x && !held.has(id) && due(x, now, leaving) <= now) {
      x.n++;
      if (leased) {
        x.t = now + LEASE;
        x.k = Math.random();
      }
    } else x = undefined;
  });
  return x;
}

/** Whether a lease still holds after a short wait: another tab may have claimed the entry meanwhile. */
async function kept(x: Entry): Promise<boolean> {
  await new Promise((r) => setTimeout(r, SETTLE * (1 + Math.random())));
  let mine = false;
  update(settle, Date.now(), (q) => {
    mine = q.some((y) => y.a.id === x.a.id && y.k === x.k);
  });
  return mine;
}

/**
 * Sends one queued answer, if this tab can claim it: under a Web Lock named after the answer
 * where the browser has them, else under a lease (see claim). Another tab holding the lock or the
 * lease means a look again in a second. A page that is leaving waits for neither (the callback
 * could come too late): a duplicate then is possible, and harmless.
 */
async function send(id: string, leaving?: boolean): Promise<void> {
  busy.add(id);
  const go = async (leased: boolean) => {
    // Synchronous up to the request when the page is going away: it may not get another task.
    const x = claim(id, leased, leaving);
    if (!x || (leased && !(await kept(x)))) return;
    const { a, e, n } = x;
    const [status, header] = await post(e, toJson(a), leaving);
    const now = Date.now();
    const k = classify(status);
    const wait = k === 1 ? retryAfter(header, now) : 0;
    // A Retry-After holds every answer for that endpoint in this page; the stored `t` holds this one in the next.
    if (wait) paused[e.url] = now + wait;
    let settled = false;
    update(settle, now, (q) => {
      const i = q.findIndex((y) => y.a.id === id);
      if (i < 0) return; // settled by another tab, or evicted meanwhile
      // Retriable: it stays, whatever the count, until delivered or 7 days old.
      if (k === 1) {
        q[i]!.t = now + (wait || backoff(n));
        delete q[i]!.k;
      } else {
        q.splice(i, 1);
        settled = true;
      }
    });
    if (settled) settle(id, k ? Error(e.url + ' answered ' + status) : undefined, a);
    return true;
  };
  const l = !leaving && locks();
  // Locks are refused to opaque origins (sandboxed frames, file:): then the lease claims it.
  const sent = await (
    l ? l.request('csat:' + id, { ifAvailable: true }, (lock) => lock && go(false)) : go(!leaving)
  ).catch(() => go(!leaving));
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

/** The endpoint as stored: its URL absolute, so a later page with another path (or <base>) sends it to the same place. */
function endpointOf(o: Destinations): EndpointOptions {
  const e = typeof o.endpoint === 'string' ? { url: o.endpoint } : { ...o.endpoint! };
  e.url = new URL(e.url, doc!.baseURI).href;
  return e;
}

/** Puts `a` in the queue for `o`'s endpoint, in place of the entry `replaces` (its held version) if that is still there. */
function enqueue(a: Answer, o: Destinations, t: number, replaces = a.id): void {
  const now = Date.now();
  update(settle, now, (q) => {
    const x = q.find((y) => y.a.id === replaces);
    if (x) Object.assign(x, { a, t });
    else q.push({ a, e: endpointOf(o), n: 0, t, c: now });
  });
}

/**
 * Keeps a chosen score whose comment is still to come: queued for the endpoint at once, but held
 * (not sent while this page is open and visible). `final` makes the answer final as it stands
 * (it must end in {@link deliver} or {@link drop}); it is called when the page is hidden or left.
 */
export function hold(a: Answer, o: Destinations, final: () => void): void {
  held.set(a.id, final);
  if (o.endpoint) enqueue(a, o, Date.now() + HOLD);
  run();
}

/** Removes a held answer that will not be sent after all (beforeSend dropped or broke it). */
export function drop(id: string): void {
  held.delete(id);
  update(settle, Date.now(), (q) => {
    const i = q.findIndex((y) => y.a.id === id);
    if (i >= 0) q.splice(i, 1);
  });
}

/**
 * Queues an answer for its endpoint and its `onSubmit` and starts sending; `replaces`: the id of
 * its held version. `onDelivered` is called once both have it; `onError` once for each that
 * fails for good.
 */
export function deliver(a: Answer, o: Destinations, replaces?: string): void {
  let left = +!!o.endpoint + +!!o.onSubmit;
  const d: Done = (error) => {
    // After a failure `left` stays below zero: onDelivered means every destination has it.
    if (error) {
      report(o.onError, error);
      left = -1;
    } else if (!--left) safely(() => o.onDelivered?.(a));
  };
  if (replaces) held.delete(replaces);
  if (o.endpoint) {
    waiting.set(a.id, d);
    enqueue(a, o, 0, replaces);
  }
  if (o.onSubmit) void call(a, o.onSubmit, d);
  // While held answers are being released, the pass that released them sends them.
  if (!quiet) run();
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

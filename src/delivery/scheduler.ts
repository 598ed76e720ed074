// Delivery: persist first, then send, retry, and resume on the next page.
//
// Answers (and events) for an endpoint go to the localStorage queue (queue.ts) before the first
// attempt and leave it on a 2xx or when they fail for good; a retriable failure never removes one.
// A score whose comment is still to come is queued too, but held: not sent while its page is open
// and visible, so the comment can still join it, and sent as it stands once the page is hidden or
// left (or, if that page died, by any later page once its hold lapses). One scheduler per page
// (started by the first createCsat, never at import) sends what is due, re-arms one timer for what
// is not, and runs again on `online`, `pageshow` from the back/forward cache and when the page is
// hidden or hides for good. Answers for an `onSubmit` callback follow the same retry policy but
// live in the page only: a function cannot be stored.
// @see docs/delivery.md
import type { Answer, AskOptions, EndpointOptions } from '../types';
import { isEvent } from '../core/event';
import { doc, storage, warn, win } from '../globals';
import { KEY, update, type Payload, type Waiting } from './queue';
import { backoff, classify, MAX_ATTEMPTS, retryAfter } from './retry';
import { post } from './transport';
import { toJson } from './json';

/** Called once with the end of one delivery: nothing when delivered, else why it failed for good. */
type Done = (error?: Error) => void;
/** An instance's callbacks for answers queued by an earlier page (or by a page whose instance is gone). */
export type Handlers = Pick<AskOptions, 'onDelivered' | 'onError'>;
export type Destinations = Pick<AskOptions, 'endpoint' | 'onSubmit' | 'onDelivered' | 'onError'>;

/** Without Web Locks, how long a tab may hold an answer it is sending: one timed-out attempt and a margin. */
const LEASE_MS = 15e3;
/** Longest wait for any entry, whatever its stored times say: a clock set back cannot park an answer. */
const MAX_WAIT_MS = 3e5;
/**
 * How long a held answer stays held without its page renewing the hold (every half of it while
 * the page runs): a page that died during the comment step leaves it to a later page this soon.
 */
export const HOLD_MS = 1e4;
/**
 * Without Web Locks: how long a tab waits after writing its claim before it reads the queue again
 * (plus as much again at random). Two tabs may both read an entry before either's claim lands;
 * after the wait both see the same last claim, and only its writer sends.
 */
const SETTLE_MS = 150;
/** How soon a tab looks again at an entry that another tab holds (by lock or lease). */
const LOOK_AGAIN_MS = 1e3;

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

const gaveUp = (why: string, attempts: number) => new Error(`${why}; dropped after ${attempts} attempts`);

/** The endpoint as stored: its URL absolute, so a later page with another path (or <base>) sends it to the same place. */
function endpointOf(o: Destinations): EndpointOptions {
  const e = typeof o.endpoint === 'string' ? { url: o.endpoint } : { ...o.endpoint! };
  e.url = new URL(e.url, doc!.baseURI).href;
  return e;
}

export interface Scheduler {
  /**
   * Keeps a chosen score whose comment is still to come: queued for the endpoint at once, but held
   * (not sent while this page is open and visible). `finalise` makes the answer final as it stands
   * (it must end in `_deliver` or `_drop`); it is called when the page is hidden or left.
   */
  _hold(answer: Answer, o: Destinations, finalise: () => void): void;
  /** Removes a held answer that will not be sent after all (beforeSend dropped or broke it). */
  _drop(id: string): void;
  /**
   * Queues an answer for its endpoint and its `onSubmit` and starts sending; `replaces`: the id of
   * its held version. `onDelivered` is called once both have it; `onError` once for each that
   * fails for good.
   */
  _deliver(answer: Answer, o: Destinations, replaces?: string): void;
  /**
   * Queues an event for the endpoint only (never `onSubmit`, never `onDelivered`: events are not
   * answers). A failure for good is a console warning.
   */
  _send(event: Payload, o: Destinations): void;
  /**
   * Adds an instance's callbacks for answers queued by an earlier page, and starts the page's
   * delivery with the first. Returns the unregister.
   */
  _register(handlers: Handlers): () => void;
  /** Removes callbacks added by `_register`: a destroyed instance hears of nothing more. */
  _unregister(handlers: Handlers): void;
  /** Resolves once every queued answer has been delivered or has failed for good. */
  _flush(): Promise<void>;
  /** Drops every answer and event waiting, this page's held ones too (`forget({answers: true})`). */
  _forget(): void;
}

/** The delivery state of one page, in one object: created on first use, never at import. */
export function createScheduler(): Scheduler {
  /** Deliveries to `onSubmit` callbacks under way. */
  let calls = 0;
  /** Endpoint deliveries queued by this page, by payload id: whom to tell. */
  const waiting = new Map<string, Done>();
  /** Payload ids this page is sending right now. */
  const busy = new Set<string>();
  /** Answers of this page waiting for their comment, by id: each makes its answer final (as it stands) when called. */
  const held = new Map<string, () => void>();
  /** True while held answers are being made final: their deliveries wait for the pass that follows. */
  let releasing = false;
  /** Endpoint URL → time until which a `Retry-After` pauses it. */
  const paused = new Map<string, number>();
  /** Callbacks of the live instances: told about answers queued by an earlier page. */
  const registered: Handlers[] = [];
  /** Whether the page's first look at the queue has been arranged (the first register). */
  let started = false;
  /** flush() calls waiting for the queue to empty. */
  const idle: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the page-lifecycle listeners are on (from the first waiting answer on). */
  let listening = false;

  const isHeld = (x: Waiting) => held.has(x._payload.id);

  /**
   * When an entry may be sent. `leaving`: the page is hidden or going away, its last chance, so the
   * backoff (or another tab's lease) is not waited for; a `Retry-After` still is.
   */
  const dueAt = (x: Waiting, now: number, leaving?: boolean) =>
    Math.min(Math.max(leaving ? 0 : x._notBefore, paused.get(x._endpoint.url) ?? 0), now + MAX_WAIT_MS);

  /** The first live instance's callback `key`: whom to tell about answers queued by an earlier page. */
  const handler = <K extends keyof Handlers>(key: K): Handlers[K] => registered.find((h) => h[key])?.[key];

  /** The end of an endpoint delivery, told to the page that queued it, else to an instance's callbacks. */
  const settle = (id: string | undefined, error?: Error, payload?: Payload) => {
    const done = waiting.get(id!);
    waiting.delete(id!);
    // Events are not answers: their failures go to the console, and onDelivered never hears of them.
    const event = payload && isEvent(payload);
    if (done) done(error);
    else if (error) report(event ? undefined : handler('onError'), error);
    else if (!event) safely(() => handler('onDelivered')?.(payload as Answer));
  };

  /** Makes every held answer of this page final as it stands: the page is hidden or going away. */
  function release(): void {
    const finals = [...held.values()];
    held.clear();
    releasing = true;
    for (const finalise of finals) safely(finalise);
    releasing = false;
  }

  /** The page's lifecycle, from the first waiting answer on: a page with nothing waiting carries no listeners. */
  function listen(): void {
    listening = true;
    // They stay for the page's lifetime, so answers chosen before a destroy() are still sent.
    const on = (type: string, f: () => void, target: EventTarget = win!) => target.addEventListener(type, f);
    on('online', () => run());
    // A page back from the back/forward cache looks at the queue again.
    on('pageshow', () => run());
    // `hidden` is the last moment a page reliably sees (on the document: older Safari does not let
    // it bubble to the window); pagehide covers browsers that skip it. Never the unload event:
    // unreliable on mobile, and it keeps the page out of the back/forward cache.
    on('visibilitychange', () => run(doc!.hidden), doc);
    on('pagehide', () => run(true));
  }

  /** One pass: sends what is due, arms the timer for the rest, and resolves flush() when nothing waits. */
  function run(leaving?: boolean): void {
    clearTimeout(timer);
    if (leaving) release();
    const now = Date.now();
    let next = Infinity;
    // This page's held answers: their hold renewed before it lapses, so other tabs leave them be.
    const renew = (q: Waiting[]) => {
      for (const x of q) if (isHeld(x) && x._notBefore <= now + HOLD_MS / 2) x._notBefore = now + HOLD_MS;
    };
    const q = update(settle, now, held.size ? renew : undefined);
    if ((q.length || held.size) && !listening) listen();
    for (const x of q) {
      const id = x._payload.id;
      const at = isHeld(x) ? x._notBefore - HOLD_MS / 2 : dueAt(x, now, leaving);
      // Offline: no attempt, so none is counted; the `online` event resumes.
      if (busy.has(id) || (!isHeld(x) && !win!.navigator.onLine)) continue;
      if (at > now || isHeld(x)) next = Math.min(next, Math.max(at, now + 1));
      else void attempt(id, leaving);
    }
    if (next < Infinity) timer = setTimeout(run, next - now);
    if (!q.length && !calls && !busy.size) for (const resolve of idle.splice(0)) resolve();
  }

  /**
   * Claims one queued entry for sending: counts the attempt and, without Web Locks (or with a lock
   * refused), writes a lease: its next-attempt time 15 s ahead with a random token of this tab,
   * which other tabs wait for. Returns the entry, or nothing when it is not due, held, or gone.
   */
  function claim(id: string, leased: boolean, leaving?: boolean): Waiting | undefined {
    let claimed: Waiting | undefined;
    const now = Date.now();
    update(settle, now, (q) => {
      const x = q.find((y) => y._payload.id === id);
      if (!x || held.has(id) || dueAt(x, now, leaving) > now) return;
      x._attempts++;
      if (leased) {
        x._notBefore = now + LEASE_MS;
        x._lease = Math.random();
      }
      claimed = x;
    });
    return claimed;
  }

  /** Whether a lease still holds after a short wait: another tab may have claimed the entry meanwhile. */
  async function leaseHeld(x: Waiting): Promise<boolean> {
    await new Promise((r) => setTimeout(r, SETTLE_MS * (1 + Math.random())));
    let mine = false;
    update(settle, Date.now(), (q) => {
      mine = q.some((y) => y._payload.id === x._payload.id && y._lease === x._lease);
    });
    return mine;
  }

  /** One attempt at a claimed entry; true when this tab made it (whatever the outcome). */
  async function sendClaimed(id: string, leased: boolean, leaving?: boolean): Promise<boolean> {
    // Synchronous up to the request when the page is going away: it may not get another task.
    const x = claim(id, leased, leaving);
    if (!x || (leased && !(await leaseHeld(x)))) return false;
    const { _payload: payload, _endpoint: endpoint, _attempts: attempts } = x;
    const [status, header] = await post(endpoint, toJson(payload), leaving);
    const now = Date.now();
    const outcome = classify(status);
    const wait = outcome === 'retry' ? retryAfter(header, now) : 0;
    // A Retry-After holds every entry for that endpoint in this page; the stored time holds this one in the next.
    if (wait) paused.set(endpoint.url, now + wait);
    let settled = false;
    update(settle, now, (q) => {
      const i = q.findIndex((y) => y._payload.id === id);
      if (i < 0) return; // settled by another tab, or evicted meanwhile
      // Retriable: it stays, whatever the count, until delivered or 7 days old.
      if (outcome === 'retry') {
        q[i]!._notBefore = now + (wait || backoff(attempts));
        q[i]!._lease = undefined;
      } else {
        q.splice(i, 1);
        settled = true;
      }
    });
    if (settled) settle(id, outcome === 'drop' ? new Error(endpoint.url + ' answered ' + status) : undefined, payload);
    return true;
  }

  /**
   * Sends one queued entry, if this tab can claim it: under a Web Lock named after it where the
   * browser has them, else under a lease (see claim). Another tab holding the lock or the lease
   * means a look again in a second. A page that is leaving waits for neither (the callback could
   * come too late): a duplicate then is possible, and harmless.
   */
  async function attempt(id: string, leaving?: boolean): Promise<void> {
    busy.add(id);
    const locks = !leaving && win!.navigator.locks;
    // Locks are refused to opaque origins (sandboxed frames, file:): then the lease claims it.
    const sent = await (
      locks
        ? locks.request('csat:' + id, { ifAvailable: true }, (lock) => lock && sendClaimed(id, false))
        : sendClaimed(id, !leaving, leaving)
    ).catch(() => sendClaimed(id, !leaving, leaving));
    busy.delete(id);
    if (sent) run();
    else setTimeout(run, LOOK_AGAIN_MS);
  }

  /**
   * Delivers to an `onSubmit` callback, retried like an endpoint (a throw or a rejection is a
   * failed attempt), in this page only: a function cannot be stored.
   */
  async function call(answer: Answer, onSubmit: NonNullable<AskOptions['onSubmit']>, done: Done): Promise<void> {
    calls++;
    try {
      for (let attempts = 1; ; attempts++) {
        let why = '';
        try {
          await onSubmit(answer);
        } catch (x) {
          why = `onSubmit failed (${String(x)})`; // String(): a Symbol reason would throw in a template
        }
        if (!why || attempts === MAX_ATTEMPTS) return done(why ? gaveUp(why, attempts) : undefined);
        await new Promise((r) => setTimeout(r, backoff(attempts)));
      }
    } finally {
      calls--;
      run();
    }
  }

  /** Puts `payload` in the queue for `o`'s endpoint, in place of the entry `replaces` (its held version) if that is still there. */
  function enqueue(payload: Payload, o: Destinations, notBefore: number, replaces = payload.id): void {
    const now = Date.now();
    update(settle, now, (q) => {
      const x = q.find((y) => y._payload.id === replaces);
      if (x) Object.assign(x, { _payload: payload, _notBefore: notBefore });
      else {
        q.push({ _payload: payload, _endpoint: endpointOf(o), _attempts: 0, _notBefore: notBefore, _queuedAt: now });
      }
    });
  }

  function unregister(handlers: Handlers): void {
    const i = registered.indexOf(handlers);
    if (i >= 0) registered.splice(i, 1);
  }

  return {
    _hold(answer, o, finalise) {
      held.set(answer.id, finalise);
      if (o.endpoint) enqueue(answer, o, Date.now() + HOLD_MS);
      run();
    },

    _drop(id) {
      held.delete(id);
      update(settle, Date.now(), (q) => {
        const i = q.findIndex((y) => y._payload.id === id);
        if (i >= 0) q.splice(i, 1);
      });
    },

    _deliver(answer, o, replaces) {
      let left = Number(!!o.endpoint) + Number(!!o.onSubmit);
      const done: Done = (error) => {
        // After a failure `left` stays below zero: onDelivered means every destination has it.
        if (error) {
          report(o.onError, error);
          left = -1;
        } else if (!--left) safely(() => o.onDelivered?.(answer));
      };
      if (replaces) held.delete(replaces);
      if (o.endpoint) {
        waiting.set(answer.id, done);
        enqueue(answer, o, 0, replaces);
      }
      if (o.onSubmit) void call(answer, o.onSubmit, done);
      // While held answers are being released, the pass that released them sends them.
      if (!releasing) run();
    },

    _send(event, o) {
      if (!o.endpoint) return;
      waiting.set(event.id, (error) => error && report(undefined, error));
      enqueue(event, o, 0);
      if (!releasing) run();
    },

    _register(handlers) {
      registered.push(handlers);
      if (!started && win) {
        started = true;
        // After load: the page loads first, and instances created by its later scripts are there to
        // hear about earlier pages' answers. An empty queue costs one getItem, nothing more.
        const first = () => {
          try {
            if (storage()!.getItem(KEY)) run();
          } catch {
            // No storage: nothing can be waiting from an earlier page.
          }
        };
        if (doc!.readyState === 'complete') setTimeout(first);
        else win.addEventListener('load', first);
      }
      return () => unregister(handlers);
    },

    _unregister: unregister,

    _forget() {
      held.clear();
      waiting.clear();
      update(settle, Date.now(), (q) => q.splice(0));
      run();
    },

    _flush() {
      return win
        ? new Promise((resolve) => {
            idle.push(resolve);
            run();
          })
        : Promise.resolve();
    },
  };
}

// The light script tag, dist/csat-widget.loader.js (SPEC.md, "Light entries"): the same
// `window.csat`, data-* defaults, data attributes and async snippet as the full file, without its
// code. It loads the full csat-widget.iife.js from its own directory only when the page needs it
// (a question is asked, a data-csat-* trigger fires, or answers wait from an earlier page); the
// full file then takes over through the hand-off in handoff.ts (embed.ts calls `done`).
// It must stay free of schema, UI and delivery code: test/node/size.test.ts holds it to 4 KB.
import { STORAGE_KEY, VERSION } from './constants';
import { warn } from './globals';
import { type Global, HANDOFF, type Handoff, LOADED, type Queued } from './handoff';
import { loadScript, RefusedError } from './load-script';
import type { AskOptions, Csat, Explanation } from './types';

/** `sha384-…` of the full file, baked in by `vite build --mode loader` (vite.config.ts). */
declare const __CSAT_FULL_INTEGRITY__: string;

const FULL_FILE = 'csat-widget.iife.js';
/** The delivery queue's key (src/delivery/queue.ts): answers from an earlier page wait there. */
const QUEUE_KEY = 'csat:q1';
/** Waits before each retry of a failed load; after the last one, pending questions resolve null. */
const RETRY_MS = [1000, 3000, 9000];
const INLINE = '[data-csat-inline]';

type Window_ = Window & {
  csat?: Partial<Global> & { q?: Queued[] };
  [LOADED]?: Global;
};

/** Longest wait for an idle moment after load before catching up on earlier answers anyway. */
const IDLE_TIMEOUT_MS = 2000;

/**
 * Calls `f` once the page has loaded and then gone idle, so catching up on earlier answers never
 * competes with the page: the first localStorage access of a page costs Chromium 1–3 ms (it opens
 * the origin's storage then; bench/targets.mjs measures it), which must stay off the page's load.
 * Safari has no requestIdleCallback; a task after load is the nearest it offers.
 */
function afterLoadIdle(f: () => void): void {
  const idle = () =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(f, { timeout: IDLE_TIMEOUT_MS }) : setTimeout(f);
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}

function start(w: Window_, me: HTMLScriptElement): void {
  // Resolved when first needed: URL parsing is a tenth of a millisecond this page need not pay up front.
  const fullURL = () => new URL(FULL_FILE, me.src).href;
  const clicked: Element[] = [];
  /** The full file's global once it has taken over. */
  let full: Global | undefined;
  /** The load in progress: resolves with the full file's global, or undefined when it failed for good. */
  let loading: Promise<Global | undefined> | undefined;
  let arrived: (api: Global | undefined) => void = () => {};
  let destroyed = false;

  const load = (): Promise<Global | undefined> => {
    if (full) return Promise.resolve(full);
    if (loading) return loading;
    const pending = (loading = new Promise<Global | undefined>((resolve) => (arrived = resolve)));
    attempt(0);
    return pending;
  };

  const giveUp = (why: string) => {
    warn(`${fullURL()} ${why}; questions asked meanwhile resolve null.`);
    // Clicks from before are not asked by a later, successful load: they are long past.
    clicked.length = 0;
    loading = undefined;
    arrived(undefined);
  };

  const attempt = (n: number) => {
    // The full file reads its defaults from its own data-* attributes (embed.ts), so it gets ours.
    loadScript(fullURL(), __CSAT_FULL_INTEGRITY__, me.nonce ?? '', me).then(
      // It ran, but did not take over: another copy must be in charge without a hand-off.
      () => {
        if (!full) giveUp('loaded but did not take over');
      },
      (e: Error) => {
        if (full) return;
        // Trusted Types required without our policy allowed: no retry can change that.
        if (e instanceof RefusedError) giveUp(`refused by the page: ${e.message}`);
        else if (n < RETRY_MS.length) setTimeout(() => attempt(n + 1), RETRY_MS[n]);
        else giveUp(`failed to load ${n + 1} times (network, HTTP error, integrity or CSP)`);
      },
    );
  };

  /** Runs `use` on the full file once it is here; `otherwise` when it could not be loaded. */
  const forward = <T>(use: (api: Global) => T | Promise<T>, otherwise: T): Promise<T> =>
    load().then((api) => (api && !destroyed ? use(api) : otherwise));

  const onEvent = (e: Event) => {
    const t = e.target as Element;
    // The same elements as triggers.ts: not clicks inside a question, a form only on submit.
    const el = !destroyed && !t.closest?.('csat-widget') && t.closest?.('[data-csat-survey]');
    if (!el) return;
    const form = el.localName === 'form';
    // Pressing a trigger starts the fetch, usually some 100 ms before its click arrives.
    if (e.type === 'pointerdown') {
      if (!form) void load();
    } else if ((e.type === 'submit' || !form) && !clicked.includes(el)) {
      // The full file asks it once it arrives; the event itself goes on untouched.
      clicked.push(el);
      void load();
    }
  };
  const hasInline = (n: Node) =>
    n.nodeType === 1 && ((n as Element).matches(INLINE) || !!(n as Element).querySelector(INLINE));
  const observer = new MutationObserver((records) => {
    for (const r of records) if (hasInline(r.target) || Array.from(r.addedNodes).some(hasInline)) void load();
  });
  // Once the document is parsed, one querySelector; after that, only added or changed elements.
  const watchInline = () => {
    if (destroyed || full) return;
    if (document.querySelector(INLINE)) void load();
    observer.observe(document, { childList: true, subtree: true, attributeFilter: ['data-csat-inline'] });
  };
  const listen = (method: 'addEventListener' | 'removeEventListener') => {
    for (const type of ['pointerdown', 'click', 'submit']) document[method](type, onEvent, true);
  };
  const stop = () => {
    listen('removeEventListener');
    document.removeEventListener('DOMContentLoaded', watchInline);
    observer.disconnect();
  };

  const handoff: Handoff = {
    clicked,
    done(api) {
      full = api;
      stop();
      arrived(api);
      if (destroyed) api.destroy();
    },
  };

  /** What explain() says when the full file could not be loaded: nothing can be shown. */
  const NOT_LOADED: Explanation = { show: false, reason: 'no-dom' };

  const createCsat = (defaults?: Partial<AskOptions>): Csat => {
    if (full) return full.createCsat(defaults);
    // Its defaults are checked when the full file arrives: invalid ones reject the first ask().
    let real: Csat | undefined;
    let gone = false;
    const use = <T>(f: (c: Csat) => T | Promise<T>, otherwise: T) =>
      forward((api) => (gone ? otherwise : f((real ??= api.createCsat(defaults)))), otherwise);
    return {
      ask: (options) => use((c) => c.ask(options), null),
      explain: (options) => use((c) => c.explain(options), NOT_LOADED),
      record: (options) => use((c) => c.record(options), null),
      forget: (options) => use((c) => c.forget(options), undefined),
      flush: () => (real ? real.flush() : api.flush()),
      destroy() {
        gone = true;
        real?.destroy();
      },
    };
  };

  const api: Global & { [HANDOFF]: Handoff } = {
    ask: (options) => forward((a) => a.ask(options), null),
    // Targeting lives in the full file: these load it, like ask.
    explain: (options) => forward((a) => a.explain(options), NOT_LOADED),
    record: (options) => forward((a) => a.record(options), null),
    forget(options) {
      // Wiped here too, so a "forget me" holds even when the full file cannot be loaded.
      try {
        localStorage.removeItem(STORAGE_KEY);
        if (options?.answers) localStorage.removeItem(QUEUE_KEY);
      } catch {
        // No storage: nothing was kept.
      }
      return forward((a) => a.forget(options), undefined);
    },
    createCsat,
    // Answers only wait when the full file is here or on its way (an earlier page's answers start it).
    flush: () => (loading ?? Promise.resolve(full)).then((a) => a?.flush()),
    destroy() {
      destroyed = true;
      clicked.length = 0;
      stop();
      full?.destroy();
    },
    version: VERSION,
    [HANDOFF]: handoff,
  };

  const snippet = w.csat?.q;
  w.csat = w[LOADED] = api;
  // Calls made through the async snippet before this file arrived.
  if (Array.isArray(snippet)) for (const [options, settle] of snippet) settle(api.ask(options));

  listen('addEventListener');
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watchInline);
  else watchInline();

  afterLoadIdle(() => {
    try {
      if (localStorage.getItem(QUEUE_KEY)) void load();
    } catch {
      // No storage (sandboxed frame): nothing can be waiting from an earlier page.
    }
  });
}

if (typeof window !== 'undefined') {
  const w = window as Window_;
  // 0.1 copies set no marker, only window.csat with a version (which no element has).
  const first = w[LOADED] ?? w.csat;
  // document.currentScript is only set during this first run; the fallback covers a loader
  // inserted in ways that leave it null.
  const me = (document.currentScript ??
    document.querySelector('script[src*="csat-widget.loader"]')) as HTMLScriptElement | null;
  if (first?.version) warn(`loaded twice; version ${first.version} stays in charge.`);
  else if (!me?.src) warn('the loader cannot find its own <script src>, so it cannot find the full file.');
  else start(w, me);
}

// ask()/createCsat(): checks options, asks the gate, and wires one question's session (what is
// chosen, held, sent; core/session.ts) to its host (what is on the page; dom/host.ts) and the UI.
import { h, render } from 'preact';
import type { Answer, AskOptions, Csat } from './types';
import { CsatConfigError } from './errors';
import { own, parseOptions } from './schema';
import { doc, warn, win } from './globals';
import { isRtl, messagesFor, pickLocale, shownLocale } from './i18n';
import { resolveScale } from './scales';
import { flush, safely, scheduler } from './delivery';
import { shouldAsk } from './core/gate';
import { createSession, type Session } from './core/session';
import { openHost } from './dom/host';
import { COMMENT_MAX, THANKS_MS } from './constants';
import { Widget } from './ui/Widget';
import { loadPosition } from './position-load';
import { localesFor } from './locales-load';

/**
 * Options merged over defaults: nested objects merge one level deep. Own properties only (see
 * `own`), and defined rather than assigned: assigning `theme` to a plain object throws when a
 * page made Object.prototype.theme read-only.
 */
function merge(defaults: Partial<AskOptions>, options: Partial<AskOptions>): Partial<AskOptions> {
  const [base, over] = [own(defaults), own(options)];
  const nested = (key: 'theme' | 'messages' | 'metadata') => ({ ...base[key], ...over[key] });
  return { ...base, ...over, theme: nested('theme'), messages: nested('messages'), metadata: nested('metadata') };
}

function validate(options: unknown): AskOptions {
  const result = parseOptions<AskOptions>(options);
  if (!result.ok) throw new CsatConfigError(result.problems);
  if (!result.value.endpoint && !result.value.onSubmit) {
    throw new CsatConfigError(['endpoint: expected a URL, or an onSubmit callback, got nothing']);
  }
  return result.value;
}

/** An element in the page from an Element or a selector; null when missing, detached or invalid. */
function resolveTarget(target: Element | string | undefined): Element | null {
  try {
    return typeof target === 'string' ? doc!.querySelector(target) : target?.isConnected ? target : null;
  } catch {
    return null; // Not a valid selector: reported as not found.
  }
}

const domReady = () =>
  new Promise<void>((resolve) => {
    if (doc!.readyState !== 'loading' && doc!.body) resolve();
    else doc!.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
  });

type Display = NonNullable<AskOptions['display']>;

/** Where a question shows: its display (a toast when its anchor or container is missing), anchor, container and corner. */
function placement(o: AskOptions, rtl: boolean) {
  let display: Display = o.display ?? (o.anchor ? 'popover' : 'toast');
  const anchor = display === 'popover' ? resolveTarget(o.anchor) : null;
  const container = display === 'inline' ? resolveTarget(o.container) : null;
  if ((display === 'popover' && !anchor) || (display === 'inline' && !container)) {
    const name = display === 'popover' ? 'anchor' : 'container';
    const target = o[name] as Element | string | undefined;
    // The quoted selector, or the element's tag: an element may carry cyclic expandos (React's
    // fiber), which JSON.stringify throws on.
    warn(name, (target as Element)?.localName ?? JSON.stringify(target ?? null), 'not found; showing a toast instead.');
    display = 'toast';
  }
  // Toast corners are written for left-to-right; right-to-left mirrors them.
  let position = o.position ?? 'bottom-right';
  if (rtl) position = position.replace(/left|right/, (s) => (s === 'left' ? 'right' : 'left')) as typeof position;
  return { display, anchor, container, position };
}

/** Loads the Floating UI glue on demand, so pages that never show a popover never ship it. */
const place = (panel: HTMLElement, anchor: Element, focus: () => void) =>
  loadPosition().then(({ place }) => place(panel, anchor, focus));

/**
 * Creates an instance whose `ask` merges its options over `defaults`.
 * @throws CsatConfigError when `defaults` are invalid.
 * @see README.md#createcsatdefaults
 */
export function createCsat(defaults: Partial<AskOptions> = {}): Csat {
  // Own properties, read once: a page's Object.prototype.onError is no default.
  defaults = own(defaults);
  // No defaults, nothing to check: a script tag without data-* attributes builds no schema at load.
  if (Object.keys(defaults).length) {
    const checked = parseOptions<Partial<AskOptions>>(defaults, true);
    if (!checked.ok) throw new CsatConfigError(checked.problems);
    defaults = checked.value;
  }
  const open = new Set<Session>();
  // Starts delivering answers that earlier pages left waiting; they report to these defaults
  // until destroy().
  const unregister = scheduler()._register(defaults);
  let destroyed = false;

  async function run(options: Partial<AskOptions>): Promise<Answer | null> {
    const o = validate(merge(defaults, options));
    if (!doc || !win || destroyed) return null;
    if (!doc.body || doc.readyState === 'loading') await domReady();
    if (destroyed || o.signal?.aborted) return null;

    return shouldAsk(o, Date.now()) ? show(o) : null;
  }

  function show(o: AskOptions): Promise<Answer | null> {
    const asked = pickLocale(o.locale, doc!.documentElement.lang, win!.navigator.language);
    // Script tag: a language other than English may first need its texts (English never waits).
    const texts = localesFor(asked, o.messages);
    if (texts) return texts.then(() => (destroyed || o.signal?.aborted ? null : show(o)));
    const messages = messagesFor(asked, o.messages);
    // The scale follows the person's culture; lang, dir and the answer follow the language shown.
    const scale = resolveScale(o.scale, asked, messages);
    const locale = shownLocale(asked, o.messages);
    const rtl = isRtl(locale);
    const { display, anchor, container, position } = placement(o, rtl);

    // Toasts wait their turn rather than stack in the same corner (unless the page removed the
    // one showing, which then never closes).
    if (display === 'toast' && toast?.el.isConnected) {
      return toast.closed.then(() => (destroyed || o.signal?.aborted ? null : show(o)));
    }
    let session: Session | undefined;
    const host = openHost({
      display,
      position,
      anchor,
      parent: container ?? doc!.body,
      theme: o.theme,
      zIndex: o.zIndex,
      nonce: o.nonce,
      place,
      onRemoved: () => removed(),
    });
    // Another script may remove the question (a framework re-rendering the body, the page's own
    // cleanup, or an element of the same name that removes itself once connected): it closes as if
    // the page had closed it, so ask settles.
    const removed = () => {
      if (session!._step !== 'thanks')
        warn('the question was removed from the page by another script, so it is closed.');
      session!._close('page');
    };
    const endTurn = display === 'toast' ? takeTurn(host.el) : undefined;
    const closeByPage = () => session!._close('page');

    return new Promise<Answer | null>((resolve) => {
      session = createSession(
        o,
        { scale, locale, messages },
        {
          _settle: resolve,
          _thank: () => host._closeAfterThanks(THANKS_MS, () => session!._close('person')),
          _closed() {
            o.signal?.removeEventListener('abort', closeByPage);
            open.delete(session!);
            endTurn?.();
            host._close(() => render(null, host.root));
          },
        },
      );
      open.add(session);
      o.signal?.addEventListener('abort', closeByPage);

      render(
        h(Widget, {
          scale,
          heading: o.question ?? messages[scale.question],
          m: messages,
          locale,
          rtl,
          display,
          position,
          maxLength: o.commentMaxLength ?? COMMENT_MAX,
          onPick: session._pick,
          onChoose: session._choose,
          onComment: session._comment,
          onClose: () => session!._close('person'),
          panelRef: (el: HTMLElement | null) => el && host._showPanel(el),
        }),
        host.root,
      );
      if (!host.el.isConnected) removed();
      session._show();
    }).catch((e: unknown) => {
      // The question could not be built (a page that broke a global it needs): ask rejects, and
      // nothing is left behind to hold the toast corner.
      o.signal?.removeEventListener('abort', closeByPage);
      safely(() => endTurn?.());
      host._abort();
      throw e;
    });
  }

  return {
    ask(options) {
      // Invalid options reject with their problems; anything else (a page that broke a global
      // the library needs) rejects too, and says so on the console.
      return run(options).catch((e: unknown) => {
        if (!(e instanceof CsatConfigError)) warn('ask failed:', e);
        throw e;
      });
    },
    flush,
    destroy() {
      destroyed = true;
      unregister();
      for (const session of [...open]) session._close('page');
    },
  };
}

/** The toast now showing, shared by every instance on the page: one toast at a time. */
let toast: { el: HTMLElement; closed: Promise<void> } | undefined;

/** Makes `el` the toast now showing; returns the end of its turn. */
function takeTurn(el: HTMLElement): () => void {
  let next!: () => void;
  toast = { el, closed: new Promise<void>((resolve) => (next = resolve)) };
  return () => {
    // Only its own turn: a page that removed it may have another toast showing by now.
    if (toast?.el === el) toast = undefined;
    next();
  };
}

let shared: Csat | undefined;

/**
 * Shows one question. Resolves with the Answer once the person has finished, or `null` when it
 * was dismissed without a score or not shown (sampling, cooldown, already answered, no DOM).
 * Rejects with {@link CsatConfigError} on invalid options, and then shows nothing.
 * @see README.md#askoptions
 */
export function ask(options: AskOptions): Promise<Answer | null> {
  return (shared ??= createCsat()).ask(options);
}

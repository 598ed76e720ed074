// ask()/createCsat(): checks options, asks the gate, and wires one question's session (what is
// chosen, held, sent; core/session.ts) to its host (what is on the page; dom/host.ts) and the UI.
import { h, render } from 'preact';
import type { Answer, AskOptions, Csat, Explanation, ForgetOptions, RecordOptions } from './types';
import { CsatConfigError } from './errors';
import { describe, isText, own, parseOptions, textProblem } from './schema';
import { doc, warn, win } from './globals';
import { isRtl, messagesFor, pickLocale, shownLocale } from './i18n';
import { resolveScale } from './scales';
import { flush, safely, scheduler } from './delivery';
import { answered, decide, forget as forgetTargeting, remember, shown, watch } from './core/gate';
import { buildAnswer } from './core/answer';
import { finalAnswer } from './core/record';
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

/** Not shown: no page to show it on (server-side rendering, or a destroyed instance). */
const NO_DOM: Explanation = { show: false, reason: 'no-dom' };

/** Surveys waiting out their `delay` on this page: a second ask for one of them shows nothing. */
const delayed = new Set<string>();

/** Resolves null for a question not shown; with `debug`, says why on the console. */
function skip(o: AskOptions, why: Explanation | string): null {
  if (o.debug) {
    const { reason, until } = typeof why === 'string' ? { reason: why, until: '' } : why;
    warn(`"${o.survey}" not shown: ${reason}${until ? ' until ' + until : ''}.`);
  }
  return null;
}

/**
 * The scale and language of a question, as `show` works them out (waiting for the script tag's
 * languages file like it): what `record` builds its answer with, for the page's own UI.
 */
async function language(o: AskOptions) {
  const asked = pickLocale(o.locale, doc!.documentElement.lang, win!.navigator.language);
  await localesFor(asked, o.messages);
  return {
    scale: resolveScale(o.scale, asked, messagesFor(asked, o.messages)),
    locale: shownLocale(asked, o.messages),
  };
}

/** `record`'s score and comment, checked against the question's scale and `commentMaxLength`. */
function checkScore(o: AskOptions, scale: { min: number; max: number }, score: unknown, comment: unknown): void {
  const max = o.commentMaxLength ?? COMMENT_MAX;
  const problems = [];
  if (!Number.isInteger(score) || (score as number) < scale.min || (score as number) > scale.max) {
    problems.push(`score: expected a whole number from ${scale.min} to ${scale.max}, got ${describe(score)}`);
  }
  if (comment != null && !isText(max)(comment)) {
    problems.push(`comment: expected null or ${textProblem(max)(comment)}, got ${describe(comment)}`);
  }
  if (problems.length) throw new CsatConfigError(problems);
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
  /** Ends every wait before a question shows (a `delay`, the languages file), for destroy(). */
  const waits = new Set<() => void>();

  /**
   * Resolves with `ready` or as soon as `o.signal` aborts or destroy() runs, whichever comes
   * first: a question closed while it waits settles at once, not when the wait would have ended.
   */
  function untilReadyOrClosed(o: AskOptions, ready: Promise<void>): Promise<void> {
    let stop = () => {};
    const closed = new Promise<void>((resolve) => {
      stop = () => {
        waits.delete(stop);
        o.signal?.removeEventListener('abort', stop);
        resolve();
      };
      waits.add(stop);
      o.signal?.addEventListener('abort', stop);
    });
    return Promise.race([ready, closed]).finally(stop);
  }

  async function run(options: Partial<AskOptions>): Promise<Answer | null> {
    const o = validate(merge(defaults, options));
    if (!doc || !win || destroyed) return skip(o, NO_DOM);
    if (!doc.body || doc.readyState === 'loading') await domReady();
    if (destroyed || o.signal?.aborted) return skip(o, 'closed before it showed');
    if (!o.delay || !decide(o, Date.now()).show) return showIfAsked(o);
    if (delayed.has(o.survey)) return skip(o, 'already waiting out its delay');
    delayed.add(o.survey);
    const waited = await wait(o);
    delayed.delete(o.survey);
    if (!waited) return skip(o, 'the page was hidden or left, the signal aborted or destroy() ran during the delay');
    // Decided again: another question may have been shown meanwhile, reaching the cap.
    return showIfAsked(o);
  }

  /** Shows the question if the gate says this browser is asked now; else resolves null (and says why with `debug`). */
  function showIfAsked(o: AskOptions): Promise<Answer | null> | null {
    const verdict = decide(o, Date.now());
    return verdict.show ? show(o) : skip(o, verdict);
  }

  /** Waits `o.delay` ms; false when the page is hidden or left, the signal aborts or destroy() runs first. */
  function wait(o: AskOptions): Promise<boolean> {
    return new Promise((resolve) => {
      const listeners: [EventTarget | undefined, string, () => void][] = [
        [doc, 'visibilitychange', () => doc!.hidden && end(false)],
        [win, 'pagehide', () => end(false)],
        [o.signal, 'abort', () => end(false)],
      ];
      const end = (waited: boolean) => {
        clearTimeout(timer);
        waits.delete(cancel);
        for (const [target, type, f] of listeners) target?.removeEventListener(type, f);
        resolve(waited && !doc!.hidden && !destroyed);
      };
      const cancel = () => end(false);
      const timer = setTimeout(end, o.delay, true);
      waits.add(cancel);
      for (const [target, type, f] of listeners) target?.addEventListener(type, f);
    });
  }

  async function record(options: Partial<RecordOptions>): Promise<Answer | null> {
    const { score, comment, ...rest } = own(options);
    const o = validate(merge(defaults, rest));
    if (!doc || !win || destroyed) return null;
    const { scale, locale } = await language(o);
    checkScore(o, scale, score, comment);
    if (answered(o)) return skip(o, 'answered-interaction');
    const context = { survey: o.survey, interaction: o.interaction ?? null, scale, locale, metadata: o.metadata ?? {} };
    const answer = finalAnswer(o, buildAnswer(context, score!, comment ?? null, new Date()));
    if (answer) scheduler()._deliver(answer, o);
    // Like an answered question: the cooldown starts, the interaction is marked, the cap counts it.
    const now = Date.now();
    remember(o, now);
    shown(now);
    return answer ?? null;
  }

  function show(o: AskOptions): Promise<Answer | null> {
    const asked = pickLocale(o.locale, doc!.documentElement.lang, win!.navigator.language);
    // Script tag: a language other than English may first need its texts (English never waits).
    const texts = localesFor(asked, o.messages);
    if (texts) return untilReadyOrClosed(o, texts).then(() => (destroyed || o.signal?.aborted ? null : show(o)));
    const messages = messagesFor(asked, o.messages);
    // The scale follows the person's culture; lang, dir and the answer follow the language shown.
    const scale = resolveScale(o.scale, asked, messages);
    const locale = shownLocale(asked, o.messages);
    const rtl = isRtl(locale);
    const { display, anchor, container, position } = placement(o, rtl);

    // Toasts wait their turn rather than stack in the same corner (unless the page removed the
    // one showing, which then never closes).
    if (display === 'toast' && toast?.el.isConnected) {
      // Decided again when its turn comes: the one before may have reached the cap or the cooldown.
      return toast.closed.then(() => (destroyed || o.signal?.aborted ? null : showIfAsked(o)));
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
    const unwatch = watch(o);
    const closeByPage = () => session!._close('page');

    return new Promise<Answer | null>((resolve) => {
      session = createSession(
        o,
        { scale, locale, messages },
        {
          // Settled, the question is answered or dismissed and remembered as such: leaving the
          // page during the thank-you must not write its interaction again (after a forget()).
          _settle(answer) {
            unwatch();
            resolve(answer);
          },
          _thank: () => host._closeAfterThanks(THANKS_MS, () => session!._close('person')),
          _closed() {
            unwatch();
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
      shown(Date.now());
      session._show();
    }).catch((e: unknown) => {
      // The question could not be built (a page that broke a global it needs): ask rejects, and
      // nothing is left behind to hold the toast corner.
      o.signal?.removeEventListener('abort', closeByPage);
      unwatch();
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
    explain(options) {
      return asPromise(() => {
        const o = validate(merge(defaults, options));
        return !doc || destroyed ? NO_DOM : decide(o, Date.now(), false);
      });
    },
    record: (options) => asPromise(() => record(options)),
    forget: (options) => asPromise(() => forgetAll(options)),
    flush,
    destroy() {
      destroyed = true;
      unregister();
      for (const cancel of [...waits]) cancel();
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

/** Runs `f` as a promise: what it throws rejects it. */
const asPromise = async <T>(f: () => T | Promise<T>): Promise<T> => f();

/** Removes every stored targeting record and, with `answers`, the answers still waiting. */
function forgetAll(options?: ForgetOptions): void {
  forgetTargeting();
  if (options?.answers) scheduler()._forget();
}

let shared: Csat | undefined;
const instance = () => (shared ??= createCsat());

/**
 * Shows one question. Resolves with the Answer once the person has finished, or `null` when it
 * was dismissed without a score or not shown (sampling, cooldown, already answered, no DOM).
 * Rejects with {@link CsatConfigError} on invalid options, and then shows nothing.
 * @see README.md#askoptions
 */
export function ask(options: AskOptions): Promise<Answer | null> {
  return instance().ask(options);
}

/**
 * Whether `ask(options)` would show a question now, and why not: `{show, reason, until?}`. Shows
 * nothing and changes nothing stored. Rejects with {@link CsatConfigError} on invalid options.
 * @see README.md#who-is-asked
 */
export function explain(options: AskOptions): Promise<Explanation> {
  return instance().explain(options);
}

/**
 * Builds, checks and delivers the answer chosen in the page's own UI, exactly as the widget
 * would; resolves it, or null when `beforeSend` drops it or `oncePerInteraction` finds the
 * interaction answered. Rejects with {@link CsatConfigError} on invalid options, score or comment.
 * @see README.md#your-own-rating-ui
 */
export function record(options: RecordOptions): Promise<Answer | null> {
  return instance().record(options);
}

/**
 * Removes every stored targeting record (sample rolls, cooldowns, the cap, interactions); with
 * `{answers: true}` also the answers still waiting for delivery.
 * @see README.md#who-is-asked
 */
export function forget(options?: ForgetOptions): Promise<void> {
  return instance().forget(options);
}

import { h, render } from 'preact';
import type { Answer, AskOptions, Csat } from './types';
import { CsatConfigError } from './errors';
import { check, own, parseOptions, schemas } from './schema';
import { doc, warn, win } from './globals';
import { isRtl, messagesFor, pickLocale } from './i18n';
import { isSatisfied, resolveScale } from './scales';
import { buildAnswer } from './answer';
import { deliver, flush, resume, safely } from './delivery';
import { remember, shouldAsk } from './gate';
import { createHost } from './host';
import { COMMENT_MAX, THANKS_MS } from './constants';
import { Widget } from './ui/Widget';
import { loadPosition } from './position-load';

type Display = NonNullable<AskOptions['display']>;

/**
 * Options merged over defaults: nested objects merge one level deep. Own properties only (see
 * `own`), and defined rather than assigned: assigning `theme` to a plain object throws when a
 * page made Object.prototype.theme read-only.
 */
function merge(defaults: Partial<AskOptions>, options: Partial<AskOptions>): Partial<AskOptions> {
  const [d, o] = [own(defaults), own(options)];
  const nested = (k: 'theme' | 'messages' | 'metadata') => ({ ...d[k], ...o[k] });
  return { ...d, ...o, theme: nested('theme'), messages: nested('messages'), metadata: nested('metadata') };
}

function validate(options: unknown): AskOptions {
  const r = parseOptions<AskOptions>(options);
  if (!r.ok) throw new CsatConfigError(r.problems);
  if (!r.value.endpoint && !r.value.onSubmit) {
    throw new CsatConfigError(['endpoint: expected a URL, or an onSubmit callback, got nothing']);
  }
  return r.value;
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

/** One open question on the page. */
interface Session {
  close(): void;
}

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
    const d = parseOptions<Partial<AskOptions>>(defaults, true);
    if (!d.ok) throw new CsatConfigError(d.problems);
    defaults = d.value;
  }
  const open = new Set<Session>();
  // Starts delivering answers that earlier pages left waiting; they report to these defaults.
  resume(defaults);
  let destroyed = false;

  async function run(options: Partial<AskOptions>): Promise<Answer | null> {
    const o = validate(merge(defaults, options));
    if (!doc || !win || destroyed) return null;
    if (!doc.body || doc.readyState === 'loading') await domReady();
    if (destroyed || o.signal?.aborted) return null;

    return shouldAsk(o, Date.now()) ? show(o) : null;
  }

  function show(o: AskOptions): Promise<Answer | null> {
    const locale = pickLocale(o.locale, doc!.documentElement.lang, win!.navigator.language);
    const m = messagesFor(locale, o.messages);
    const scale = resolveScale(o.scale, locale, m);
    const rtl = isRtl(locale);
    const commentMode = o.comment ?? 'unsatisfied';

    let display: Display = o.display ?? (o.anchor ? 'popover' : 'toast');
    const anchor = display === 'popover' ? resolveTarget(o.anchor) : null;
    const container = display === 'inline' ? resolveTarget(o.container) : null;
    if ((display === 'popover' && !anchor) || (display === 'inline' && !container)) {
      const name = display === 'popover' ? 'anchor' : 'container';
      const t = o[name] as Element | string | undefined;
      // The quoted selector, or the element's tag: an element may carry cyclic expandos (React's
      // fiber), which JSON.stringify throws on.
      warn(name, (t as Element)?.localName ?? JSON.stringify(t ?? null), 'not found; showing a toast instead.');
      display = 'toast';
    }
    // Toast corners are written for left-to-right; right-to-left mirrors them.
    let position = o.position ?? 'bottom-right';
    if (rtl) position = position.replace(/left|right/, (s) => (s === 'left' ? 'right' : 'left')) as typeof position;

    const cleanups: (() => void)[] = [];
    // Toasts wait their turn rather than stack in the same corner (unless the page removed the
    // one showing, which then never closes).
    if (display === 'toast' && toast?.[0].isConnected) {
      return toast[1].then(() => (destroyed || o.signal?.aborted ? null : show(o)));
    }
    const host = createHost(container ?? doc!.body, o.theme, o.zIndex, o.nonce);
    if (display === 'toast') {
      let next!: () => void;
      toast = [host.el, new Promise<void>((r) => (next = r))];
      cleanups.push(() => {
        toast = undefined;
        next();
      });
    }

    if (display === 'modal') {
      const style = doc!.documentElement.style;
      const overflow = style.overflow;
      style.overflow = 'hidden';
      cleanups.push(() => (style.overflow = overflow));
    }
    let returnFocus = doc!.activeElement as HTMLElement | null;
    let lifting = false;
    host.el.addEventListener('focusin', (e) => {
      // Focus that enters from the page later (Tab into a toast) goes back there on close.
      const from = e.relatedTarget as HTMLElement | null;
      if (from && from !== host.el) returnFocus = from;
      // The on-screen keyboard covers the bottom of the layout viewport, where a toast sits: once
      // the comment box has focus (the keyboard only opens for it), lift the widget by the part
      // the visual viewport no longer shows (styles.css, --csat-kb).
      const vv = win!.visualViewport;
      if (lifting || !vv || (e.composedPath()[0] as Element).localName != 'textarea') return;
      lifting = true;
      const lift = () =>
        host.el.style.setProperty('--csat-kb', Math.max(0, win!.innerHeight - vv.height - vv.offsetTop) + 'px');
      lift();
      for (const type of ['resize', 'scroll']) {
        vv.addEventListener(type, lift);
        cleanups.push(() => vv.removeEventListener(type, lift));
      }
    });

    return new Promise<Answer | null>((resolve) => {
      let score: number | null = null;
      let finished = false;
      let pickedAt = new Date();
      let closed = false;
      let panel: HTMLElement | null = null;

      // The thank-you closes the widget by itself, but never under the pointer or while keyboard
      // focus is inside it (a mouse click also leaves focus inside, but not :focus-visible).
      const thank = () => {
        let timer: ReturnType<typeof setTimeout>;
        const tick = () => {
          const held = panel?.matches(':hover') || host.root.activeElement?.matches(':focus-visible');
          timer = setTimeout(held ? tick : close, held ? 1000 : 0);
        };
        timer = setTimeout(tick, THANKS_MS);
        cleanups.push(() => clearTimeout(timer));
      };

      const finish = (comment: string | null) => {
        if (score === null || finished) return;
        finished = true;
        let a: Answer | null = buildAnswer(
          { survey: o.survey, interaction: o.interaction ?? null, scale, locale, metadata: o.metadata ?? {} },
          score,
          comment,
          pickedAt,
        );
        if (o.beforeSend) {
          try {
            a = o.beforeSend(a);
          } catch (e) {
            warn('beforeSend threw; the answer is sent unchanged.', e);
          }
        }
        remember(o, Date.now());
        if (a) {
          const r = check<Answer>(schemas().answer, a);
          if (!r.ok) {
            safely(() => o.onError?.(new CsatConfigError(r.problems.map((p) => 'beforeSend result ' + p))));
          } else deliver(r.value, o);
        }
        resolve(a);
        if (!closed) thank();
      };

      // `byPage`: the host closed it (signal, destroy), which is not the person dismissing it, so
      // no cooldown starts and onDismiss is not called (an effect cleanup must not use up the ask).
      const close = (byPage?: boolean) => {
        if (closed) return;
        closed = true;
        // A chosen score is never dropped: closing during the comment step sends it.
        if (score !== null) finish(null);
        else {
          if (!byPage) {
            remember(o, Date.now());
            safely(() => o.onDismiss?.());
          }
          resolve(null);
        }
        for (const c of cleanups.splice(0).reverse()) c();
        open.delete(session);
        // Back to where focus was, when it was taken (popover, modal) or is inside anyway; from
        // a modal only once it is gone, since the page stays inert while it is open.
        const refocus = () => {
          if (returnFocus?.isConnected) returnFocus.focus?.({ preventScroll: true });
        };
        const back = display === 'popover' || display === 'modal' || host.root.activeElement;
        if (back && display !== 'modal') refocus();
        // The exit animation (none under prefers-reduced-motion) plays on an inert copy.
        const remove = () => {
          render(null, host.root);
          host.el.remove();
          if (back && display === 'modal') refocus();
        };
        host.el.inert = true;
        host.el.dataset.out = '';
        const exits = panel?.getAnimations?.() ?? [];
        if (exits.length) Promise.all(exits.map((a) => a.finished)).then(remove, remove);
        else remove();
      };
      const session: Session = { close: () => close(true) };
      const commentPrompt = (s: number) => {
        const happy = isSatisfied(s, scale);
        if (commentMode === 'never' || (commentMode === 'unsatisfied' && happy)) return null;
        return happy ? m.commentAlways : m.commentUnsatisfied;
      };
      open.add(session);

      if (o.signal) {
        const onAbort = () => close(true);
        o.signal.addEventListener('abort', onAbort);
        cleanups.push(() => o.signal!.removeEventListener('abort', onAbort));
      }

      render(
        h(Widget, {
          scale,
          heading: o.question ?? m[scale.question],
          m,
          locale,
          rtl,
          display,
          position,
          maxLength: o.commentMaxLength ?? COMMENT_MAX,
          commentPrompt,
          onPick: (s: number) => {
            score = s;
            pickedAt = new Date();
            // Without a comment step the answer is final at the pick.
            if (!commentPrompt(s)) finish(null);
          },
          onComment: finish,
          onClose: () => close(),
          panelRef: (el: HTMLElement | null) => {
            if (!el || panel) return;
            panel = el;
            // A popover opens on the person's own action, so focus moves into it (once it is
            // placed and visible); toasts and inline questions leave focus where it is.
            if (anchor) attach(el, anchor, cleanups, () => closed);
            // The top layer: above every page overlay whatever its z-index, and positioned against
            // the viewport even when the page has a transformed <body>. z-index is the fallback.
            if (display === 'modal') {
              (el as HTMLDialogElement).showModal?.();
              el.querySelector<HTMLElement>('[tabindex="0"]')?.focus();
            } else if (display !== 'inline') {
              // Entering the top layer recalculates the widget's style at once (about 4 ms):
              // right after ask() returns instead, still before the first paint.
              queueMicrotask(() => el.isConnected && el.showPopover?.());
            }
          },
        }),
        host.root,
      );
      safely(() => o.onShow?.());
    });
  }

  return {
    ask(options) {
      return run(options);
    },
    flush,
    destroy() {
      destroyed = true;
      for (const s of [...open]) s.close();
    },
  };
}

/** Loads the Floating UI glue on demand, so pages that never show a popover never ship it. */
function attach(panel: HTMLElement, anchor: Element, cleanups: (() => void)[], isClosed: () => boolean): void {
  let stop: (() => void) | undefined;
  cleanups.push(() => stop?.());
  loadPosition().then(
    ({ place }) => {
      if (!isClosed()) stop = place(panel, anchor, () => panel.querySelector<HTMLElement>('[tabindex="0"]')?.focus());
    },
    (e) => warn('popover positioning failed to load:', e),
  );
}

let shared: Csat | undefined;
/** Settles when the toast now showing closes; shared by every instance on the page. */
let toast: [HTMLElement, Promise<void>] | undefined;

/**
 * Shows one question. Resolves with the Answer once the person has finished, or `null` when it
 * was dismissed without a score or not shown (sampling, cooldown, already answered, no DOM).
 * Rejects with {@link CsatConfigError} on invalid options, and then shows nothing.
 * @see README.md#askoptions
 */
export function ask(options: AskOptions): Promise<Answer | null> {
  return (shared ??= createCsat()).ask(options);
}

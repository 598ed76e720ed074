import { h, render } from 'preact';
import type { Answer, AskOptions, Csat } from './types';
import { CsatConfigError } from './errors';
import { check, own, parseOptions, schemas } from './schema';
import { doc, warn, win } from './globals';
import { isRtl, messagesFor, pickLocale, shownLocale } from './i18n';
import { isSatisfied, resolveScale } from './scales';
import { buildAnswer, uuid } from './answer';
import { deliver, drop, flush, hold, report, resume, safely } from './delivery';
import { remember, shouldAsk } from './gate';
import { createHost, keepFocusClear } from './host';
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
    const asked = pickLocale(o.locale, doc!.documentElement.lang, win!.navigator.language);
    const m = messagesFor(asked, o.messages);
    // The scale follows the person's culture; lang, dir and the answer follow the language shown.
    const scale = resolveScale(o.scale, asked, m);
    const locale = shownLocale(asked, o.messages);
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
    // A popover's host goes straight to its place after the anchor: one insertion, one mutation.
    const host = createHost(anchor ? null : (container ?? doc!.body), o.theme, o.zIndex, o.nonce);
    if (anchor) placeAfter(host.el, anchor);
    if (display === 'toast') {
      let next!: () => void;
      toast = [host.el, new Promise<void>((r) => (next = r))];
      cleanups.push(() => {
        // Only its own turn: a page that removed it may have another toast showing by now.
        if (toast?.[0] === host.el) toast = undefined;
        next();
      });
    }

    if (display === 'modal') {
      const style = doc!.documentElement.style;
      const overflow = style.overflow;
      style.overflow = 'hidden';
      cleanups.push(() => (style.overflow = overflow));
    }
    if (anchor) cleanups.push(expand(anchor));
    let returnFocus = doc!.activeElement as HTMLElement | null;
    let lifting = false;
    host.el.addEventListener('focusin', (e) => {
      // Focus that enters from the page later (Tab into a toast) goes back there on close.
      const from = e.relatedTarget as HTMLElement | null;
      if (from && from !== host.el) returnFocus = from;
      // The on-screen keyboard covers the bottom of the layout viewport, where a toast sits: once
      // the comment box has focus (the keyboard only opens for it), lift the widget by the part
      // the visual viewport no longer shows (styles.css, --csat-kb).
      if ((e.composedPath()[0] as Element).localName == 'textarea') follow();
    });
    const follow = () => {
      const vv = win!.visualViewport;
      if (lifting || !vv) return;
      lifting = true;
      const lift = () => {
        host.el.style.setProperty('--csat-kb', Math.max(0, win!.innerHeight - vv.height - vv.offsetTop) + 'px');
        host.el.style.setProperty('--csat-vx', vv.offsetLeft + 'px');
      };
      lift();
      for (const type of ['resize', 'scroll']) {
        vv.addEventListener(type, lift);
        cleanups.push(() => vv.removeEventListener(type, lift));
      }
    };
    // On a page wider than the screen the layout viewport grows past the visible part, and a
    // toast pinned to its bottom would be out of sight: a toast follows the visible part always.
    if (display === 'toast') follow();

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

      // One id from the pick on: the held score and the final answer are one answer.
      const id = uuid();
      /** The answer as stored and sent; null when beforeSend drops it, undefined when it cannot be made (reported). */
      const prepare = (comment: string | null): Answer | null | undefined => {
        let a: Answer | null = buildAnswer(
          { survey: o.survey, interaction: o.interaction ?? null, scale, locale, metadata: o.metadata ?? {} },
          score!,
          comment,
          pickedAt,
          id,
        );
        if (o.beforeSend) {
          try {
            a = o.beforeSend(a);
          } catch (e) {
            // beforeSend is there to remove what must not leave the page: fail closed.
            report(o.onError, new Error('beforeSend threw, so the answer was dropped: ' + String(e)));
            return;
          }
        }
        if (!a) return null;
        const r = check<Answer>(schemas().answer, a);
        if (r.ok) return r.value;
        safely(() => o.onError?.(new CsatConfigError(r.problems.map((p) => 'beforeSend result ' + p))));
      };
      /** The held version of this answer: its id, or undefined when none is held (no comment step, or dropped). */
      let held: string | undefined;
      /** beforeSend failed on this answer already: it is not asked again, and nothing is sent. */
      let broken = false;

      const finish = (comment: string | null) => {
        if (score === null || finished) return;
        finished = true;
        let a: Answer | null = null;
        // Whatever breaks here (a page's patched globals), ask settles and the page hears of it.
        safely(() => {
          const r = broken ? undefined : prepare(comment);
          a = r ?? null;
          if (a) deliver(a, o, held);
          else if (held) drop(held);
        }, 'the answer could not be recorded:');
        safely(() => remember(o, Date.now()), 'the answer could not be remembered:');
        resolve(a);
        if (!closed) thank();
      };

      /**
       * At the pick, when a comment step follows, or when a point is checked by keyboard: the
       * score is stored now and held (replaced in place on a later change), and sent as it stands
       * if the page is hidden or left first.
       */
      const keep = () => {
        if (broken) return;
        const r = prepare(null);
        broken = r === undefined;
        if (r) hold(r, o, () => close(true));
        held = r?.id;
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
        // Back to where focus was, but only while it is still inside the widget or lost to
        // <body>: a person who has moved on (clicked a search box while the thank-you shows)
        // keeps their focus. From a modal only once it is gone, since the page stays inert
        // while it is open.
        const refocus = () => {
          if (returnFocus?.isConnected) returnFocus.focus?.({ preventScroll: true });
        };
        const active = doc!.activeElement;
        const lost = (!active || active === doc!.body) && (display === 'popover' || display === 'modal');
        const back = active === host.el || lost;
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
            else safely(keep, 'the score could not be kept:');
          },
          // A point checked by keyboard is the pending answer (SPEC, Behaviour): kept like a
          // picked score whose comment is still to come, so leaving the page records it too.
          onChoose: (s: number) => {
            score = s;
            pickedAt = new Date();
            safely(keep, 'the score could not be kept:');
          },
          onComment: finish,
          onClose: () => close(),
          panelRef: (el: HTMLElement | null) => {
            if (!el || panel) return;
            panel = el;
            // A popover opens on the person's own action, so focus moves into it (once it is
            // placed and visible); toasts and inline questions leave focus where it is.
            if (anchor) attach(el, anchor, cleanups, () => closed);
            if (display === 'toast') cleanups.push(keepFocusClear(el, position.startsWith('top')));
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
      // Another script may remove the question (a framework re-rendering the body, or the page's
      // own cleanup): it closes as if the page had closed it, so ask settles.
      const gone = () => {
        if (closed || host.el.isConnected) return;
        if (!finished) warn('the question was removed from the page by another script, so it is closed.');
        close(true);
      };
      const watcher = new MutationObserver(gone);
      watcher.observe(doc!, { childList: true, subtree: true });
      cleanups.push(() => watcher.disconnect());
      gone();
      safely(() => o.onShow?.());
    }).catch((e: unknown) => {
      // The question could not be built (a page that broke a global it needs): ask rejects, and
      // nothing is left behind to hold the toast corner.
      for (const c of cleanups.splice(0).reverse()) safely(c);
      host.el.remove();
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
      for (const s of [...open]) s.close();
    },
  };
}

/** Elements a widget must not be put inside: interactive content, labels, and SVG (not HTML). */
const ENCLOSING = 'a[href],button,label,summary,select,svg,[contenteditable],[role=button],[role=link]';
/** Parents whose children are restricted (lists, tables, menus), so the widget goes after them. */
const RESTRICTED =
  'ul,ol,menu,dl,table,thead,tbody,tfoot,tr,colgroup,select,optgroup,datalist,hgroup,picture,' +
  '[role=list],[role=listbox],[role=menu],[role=menubar],[role=tablist],[role=tree],[role=grid],[role=table],[role=row]';

/**
 * Moves a popover's host right after its anchor, so Tab from the popover goes on to what follows
 * the anchor and Shift+Tab comes back to it (the top layer keeps it drawn on top). An anchor in a
 * shadow root, inside a link, button or label, or in a list or table is followed from outside
 * those instead; an anchor that is <body> or outside it puts the host at the end of <body>.
 */
function placeAfter(host: HTMLElement, anchor: Element): void {
  let at = anchor;
  for (let root = at.getRootNode(); root instanceof ShadowRoot; root = at.getRootNode()) at = root.host;
  for (let el = at.parentElement; el; el = el.parentElement) if (el.matches(ENCLOSING)) at = el;
  while (at.parentElement?.matches(RESTRICTED)) at = at.parentElement;
  if (at !== doc!.body && doc!.body.contains(at)) {
    // Its own box would add a flex gap or take a grid cell next to the anchor.
    host.dataset.after = '';
    at.after(host);
  } else doc!.body.append(host);
}

/** Marks a popover's anchor as expanded while it is open; returns the restore. */
function expand(anchor: Element): () => void {
  // Only where the role allows aria-expanded (axe aria-allowed-attr).
  if (!anchor.matches('button,summary,a[href],input[type=button],input[type=submit],[role=button],[role=link]')) {
    return () => {};
  }
  const before = anchor.getAttribute('aria-expanded');
  anchor.setAttribute('aria-expanded', 'true');
  return () =>
    before === null ? anchor.removeAttribute('aria-expanded') : anchor.setAttribute('aria-expanded', before);
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

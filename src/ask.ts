import { h, render } from 'preact';
import type { Answer, AskOptions, Csat } from './types';
import { CsatConfigError } from './errors';
import { check, parseOptions, schemas } from './schema';
import { doc, warn, win } from './globals';
import { isRtl, messagesFor, pickLocale } from './i18n';
import { isSatisfied, resolveScale } from './scales';
import { buildAnswer } from './answer';
import { deliver, safely } from './delivery';
import { remember, shouldAsk } from './gate';
import { createHost } from './host';
import { COMMENT_MAX, THANKS_MS } from './constants';
import { Widget } from './ui/Widget';
import { loadPosition } from './position-load';

type Display = NonNullable<AskOptions['display']>;

/** Options merged over defaults: nested objects merge one level deep. */
function merge(defaults: Partial<AskOptions>, options: Partial<AskOptions>): Partial<AskOptions> {
  const out: Record<string, unknown> = { ...defaults, ...options };
  for (const k of ['theme', 'messages', 'metadata'] as const) out[k] = { ...defaults[k], ...options[k] };
  return out;
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
  // No defaults, nothing to check: a script tag without data-* attributes builds no schema at load.
  if (Object.keys(defaults).length) {
    const d = parseOptions(defaults, true);
    if (!d.ok) throw new CsatConfigError(d.problems);
  }
  const open = new Set<Session>();
  const deliveries = new Set<Promise<void>>();
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
      warn(`${name} ${JSON.stringify(o[name] ?? null)} not found; showing a toast instead.`);
      display = 'toast';
    }
    // Toast corners are written for left-to-right; right-to-left mirrors them.
    let position = o.position ?? 'bottom-right';
    if (rtl) position = position.replace(/left|right/, (s) => (s === 'left' ? 'right' : 'left')) as typeof position;

    const host = createHost(container ?? doc!.body, o.theme, o.zIndex, o.nonce);
    const returnFocus = doc!.activeElement as HTMLElement | null;
    const cleanups: (() => void)[] = [];

    return new Promise<Answer | null>((resolve) => {
      let score: number | null = null;
      let finished = false;
      let pickedAt = new Date();
      let closed = false;
      let panel: HTMLElement | null = null;

      // The thank-you closes the widget by itself, but never under the pointer or while focus
      // is inside it.
      const thank = () => {
        let timer: ReturnType<typeof setTimeout>;
        const tick = () => {
          const held = panel && (panel.matches(':hover') || panel.contains(host.root.activeElement));
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
          } else {
            const job = deliver(r.value, o).finally(() => deliveries.delete(job));
            deliveries.add(job);
          }
        }
        resolve(a);
        if (!closed) thank();
      };

      const close = () => {
        if (closed) return;
        closed = true;
        // A chosen score is never dropped: closing during the comment step sends it.
        if (score !== null) finish(null);
        else {
          remember(o, Date.now());
          safely(() => o.onDismiss?.());
          resolve(null);
        }
        for (const c of cleanups.splice(0).reverse()) c();
        render(null, host.root);
        host.el.remove();
        open.delete(session);
        if (display === 'popover' || display === 'modal') {
          if (returnFocus?.isConnected) returnFocus.focus?.();
        }
      };
      const session: Session = { close };
      const commentPrompt = (s: number) => {
        const happy = isSatisfied(s, scale);
        if (commentMode === 'never' || (commentMode === 'unsatisfied' && happy)) return null;
        return happy ? m.commentAlways : m.commentUnsatisfied;
      };
      open.add(session);

      if (o.signal) {
        const onAbort = () => close();
        o.signal.addEventListener('abort', onAbort);
        cleanups.push(() => o.signal!.removeEventListener('abort', onAbort));
      }

      render(
        h(Widget, {
          scale,
          question: o.question ?? m[scale.question],
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
          onClose: close,
          panelRef: (el: HTMLElement | null) => {
            if (!el || panel) return;
            panel = el;
            if (anchor) attach(el, anchor, cleanups, () => closed);
            // The top layer: above every page overlay whatever its z-index, and positioned against
            // the viewport even when the page has a transformed <body>. z-index is the fallback.
            if (display === 'modal') (el as HTMLDialogElement).showModal?.();
            else if (display !== 'inline') el.showPopover?.();
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
    async flush() {
      while (deliveries.size) await Promise.allSettled([...deliveries]);
    },
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
      if (!isClosed()) stop = place(panel, anchor);
    },
    (e) => warn('popover positioning failed to load:', e),
  );
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

import css from '../styles.css?inline';
import { doc, warn, win } from '../globals';
import { textOn, themeProblems } from '../contrast';
import type { ThemeOptions } from '../types';

/** The `<csat-widget>` element, its open shadow root, and the node components render into. */
export interface Host {
  el: HTMLElement;
  root: ShadowRoot;
}

// One constructable sheet shared by every widget on the page: parsed once, adopted many times.
let sheet: CSSStyleSheet | undefined;

function adopt(root: ShadowRoot, nonce: string | undefined): void {
  try {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [sheet];
  } catch {
    // No constructable stylesheets (older Safari): a <style> element, which a strict CSP only
    // allows with the page's nonce .
    const style = doc!.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = css;
    root.append(style);
  }
}

/** Theme options that map onto the `--csat-<name>` custom property of the same name (kebab-case). */
const THEME_VARS = ['accent', 'onAccent', 'background', 'text', 'radius', 'font'] as const;

/** The theme's colours, whose contrast is checked. */
const THEME_COLORS = ['accent', 'onAccent', 'background', 'text'] as const;

/** Contrast warnings already given on this page: each once, not once per question. */
const warned = new Set<string>();

/**
 * Text on a page-chosen accent: black or white, whichever reads better, unless the page chose it
 * too; and a `[csat]` warning for each theme colour pair below WCAG's minimum contrast.
 */
function checkContrast(el: HTMLElement, theme: ThemeOptions): void {
  const on = theme.accent !== undefined && theme.onAccent === undefined && textOn(theme.accent);
  if (on) el.style.setProperty('--csat-on-accent', on);
  // Only pairs with a colour from the page are checked: without one, no media query is asked.
  if (THEME_COLORS.every((key) => theme[key] === undefined)) return;
  const dark =
    theme.colorScheme === 'dark' ||
    (theme.colorScheme !== 'light' && !!win!.matchMedia?.('(prefers-color-scheme: dark)').matches);
  for (const problem of themeProblems(theme, dark)) {
    if (!warned.has(problem)) warn(problem);
    warned.add(problem);
  }
}

/** `parent`: where the host is appended; null when the caller inserts it itself. */
export function createHost(parent: Element | null, theme: ThemeOptions = {}, zIndex?: number, nonce?: string): Host {
  const el = doc!.createElement('csat-widget');
  const root = el.attachShadow({ mode: 'open' });
  adopt(root, nonce);
  // Values go in as custom properties through the CSSOM, never into stylesheet text, so a
  // hostile value cannot add rules; CSP allows CSSOM writes.
  for (const key of THEME_VARS) {
    const v = theme[key];
    const name = '--csat-' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    if (v !== undefined) el.style.setProperty(name, /^[\d.]+$/.test(String(v)) ? v + 'px' : String(v));
  }
  checkContrast(el, theme);
  if (zIndex !== undefined) el.style.setProperty('--csat-z', String(zIndex));
  // 'auto' is left to a media query in the stylesheet, so it follows an OS switch while open.
  el.dataset.scheme = theme.colorScheme ?? 'auto';
  parent?.append(el);
  return { el, root };
}

/**
 * While a toast shows, what gets focus in the page is scrolled clear of it (WCAG 2.4.11 Focus
 * Not Obscured): the page's root gets a scroll-padding as deep as the toast reaches in from its
 * edge of the screen. Returns the cleanup, which gives the page's own inline value back.
 * @see https://www.w3.org/WAI/WCAG22/Understanding/focus-not-obscured-minimum.html
 */
export function keepFocusClear(panel: HTMLElement, top: boolean): () => void {
  const root = doc!.documentElement;
  const style = root.style;
  const prop = top ? 'scroll-padding-top' : 'scroll-padding-bottom';
  const [value, priority, hadStyle] = [
    style.getPropertyValue(prop),
    style.getPropertyPriority(prop),
    root.hasAttribute('style'),
  ];
  const reserve = () => {
    const r = panel.getBoundingClientRect();
    // 8 px for the entrance slide, 8 px of air.
    style.setProperty(prop, Math.ceil(top ? r.bottom + 16 : win!.innerHeight - r.top + 16) + 'px');
  };
  const observer = new ResizeObserver(reserve);
  observer.observe(panel);
  return () => {
    observer.disconnect();
    if (!hadStyle && style.length === 1) {
      // A style attribute only we made goes again. Chromium writes CSSOM changes to the attribute
      // lazily, and a write still pending after the removal would leave `style=""`: reading the
      // attribute settles it first.
      root.getAttribute('style');
      root.removeAttribute('style');
    } else style.setProperty(prop, value, priority);
  };
}

/** Elements a widget must not be put inside: interactive content, labels, and SVG (not HTML). */
const ENCLOSING = 'a[href],button,label,summary,select,svg,[contenteditable],[role=button],[role=link]';
/** Parents whose children are restricted (lists, tables, menus), so the widget goes after them. */
const RESTRICTED =
  'ul,ol,menu,dl,table,thead,tbody,tfoot,tr,colgroup,select,optgroup,datalist,hgroup,picture,' +
  '[role=list],[role=listbox],[role=menu],[role=menubar],[role=tablist],[role=tree],[role=grid],[role=table],[role=row]';
/** Anchors whose role allows aria-expanded (axe aria-allowed-attr). */
const EXPANDABLE = 'button,summary,a[href],input[type=button],input[type=submit],[role=button],[role=link]';
/** While the pointer or keyboard focus holds the thank-you, how often to look again, in ms. */
const THANKS_RECHECK_MS = 1000;
/** The focusable point of the scale (roving tabindex). */
const FOCUS_POINT = '[tabindex="0"]';

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
  if (!anchor.matches(EXPANDABLE)) return () => {};
  const before = anchor.getAttribute('aria-expanded');
  anchor.setAttribute('aria-expanded', 'true');
  return () =>
    before === null ? anchor.removeAttribute('aria-expanded') : anchor.setAttribute('aria-expanded', before);
}

/** A modal keeps the page from scrolling behind it; returns the restore. */
function lockScroll(): () => void {
  const style = doc!.documentElement.style;
  const overflow = style.overflow;
  style.overflow = 'hidden';
  return () => (style.overflow = overflow);
}

/**
 * The on-screen keyboard covers the bottom of the layout viewport, where a toast sits: the widget
 * is lifted by the part the visual viewport no longer shows (styles.css, --csat-kb), and follows
 * the visible part sideways. Returns the cleanup.
 */
function followVisualViewport(el: HTMLElement): () => void {
  const viewport = win!.visualViewport;
  if (!viewport) return () => {};
  const lift = () => {
    el.style.setProperty('--csat-kb', Math.max(0, win!.innerHeight - viewport.height - viewport.offsetTop) + 'px');
    el.style.setProperty('--csat-vx', viewport.offsetLeft + 'px');
  };
  // Read in the next frame, before it is painted: reading the viewport now would lay the page out
  // while the question is still being built (about 0.5–1 ms on the way to its points).
  const frame = win!.requestAnimationFrame(lift);
  const types = ['resize', 'scroll'];
  for (const type of types) viewport.addEventListener(type, lift);
  return () => {
    win!.cancelAnimationFrame(frame);
    types.forEach((type) => viewport.removeEventListener(type, lift));
  };
}

/** Where and how a question is shown. */
export interface HostOptions {
  display: 'popover' | 'toast' | 'modal' | 'inline';
  /** Toast corner, already mirrored for right-to-left. */
  position: string;
  /** A popover's anchor. */
  anchor: Element | null;
  /** Where the host goes: an inline container, else <body>. */
  parent: Element;
  theme?: ThemeOptions | undefined;
  zIndex?: number | undefined;
  nonce?: string | undefined;
  /** Places a popover's panel at its anchor; resolves with the cleanup (loaded on demand). */
  place(panel: HTMLElement, anchor: Element, focus: () => void): Promise<() => void>;
  /** Another script removed the host from the page. */
  onRemoved(): void;
}

/** A host on the page, owning every effect it has on it. */
export interface OpenHost extends Host {
  /** The panel was rendered: the top layer, focus, positioning and the toast's scroll padding. */
  _showPanel(panel: HTMLElement): void;
  /** After the thank-you, closes by itself, but never under the pointer or while keyboard focus is inside. */
  _closeAfterThanks(thanksMs: number, close: () => void): void;
  /** Undoes every effect, plays the exit, then unrenders (`unrender`) and removes the host; focus goes back where the rules say. */
  _close(unrender: () => void): void;
  /** Undoes every effect and removes the host at once: the question could not be built. */
  _abort(): void;
}

/** Creates the host for one question where `o` says, with every effect that display needs. */
export function openHost(o: HostOptions): OpenHost {
  // A popover's host goes straight to its place after the anchor: one insertion, one mutation.
  const host = createHost(o.anchor ? null : o.parent, o.theme, o.zIndex, o.nonce);
  const { el, root } = host;
  const { display, anchor } = o;
  /** Undo of each effect, run last first; one that throws does not keep the others from running. */
  const cleanups: (() => void)[] = [];
  const undo = () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        cleanup();
      } catch (e) {
        warn('a cleanup threw:', e);
      }
    }
  };
  let closed = false;
  let panel: HTMLElement | null = null;
  let lifted = false;
  const liftOnce = () => {
    if (!lifted) cleanups.push(followVisualViewport(el));
    lifted = true;
  };

  if (anchor) placeAfter(el, anchor);
  if (display === 'modal') cleanups.push(lockScroll());
  if (anchor) cleanups.push(expand(anchor));
  let returnFocus = doc!.activeElement as HTMLElement | null;
  el.addEventListener('focusin', (e) => {
    // Focus that enters from the page later (Tab into a toast) goes back there on close.
    const from = e.relatedTarget as HTMLElement | null;
    if (from && from !== el) returnFocus = from;
    // The keyboard only opens for the comment box: lift once it has focus.
    if ((e.composedPath()[0] as Element).localName === 'textarea') liftOnce();
  });
  // On a page wider than the screen the layout viewport grows past the visible part, and a
  // toast pinned to its bottom would be out of sight: a toast follows the visible part always.
  if (display === 'toast') liftOnce();

  // Another script may remove the question later: whoever opened the host hears of it.
  const gone = () => {
    if (!closed && !el.isConnected) o.onRemoved();
  };
  const watcher = new MutationObserver(gone);
  watcher.observe(doc!, { childList: true, subtree: true });
  cleanups.push(() => watcher.disconnect());

  const focusPoint = (p: HTMLElement) => p.querySelector<HTMLElement>(FOCUS_POINT)?.focus();

  return {
    el,
    root,
    _showPanel(p) {
      if (panel) return;
      panel = p;
      // A popover opens on the person's own action, so focus moves into it (once it is placed
      // and visible); toasts and inline questions leave focus where it is.
      if (anchor) {
        let stop: (() => void) | undefined;
        cleanups.push(() => stop?.());
        o.place(p, anchor, () => focusPoint(p)).then(
          (cleanup) => (closed ? cleanup() : (stop = cleanup)),
          (e) => warn('popover positioning failed to load:', e),
        );
      }
      if (display === 'toast') cleanups.push(keepFocusClear(p, o.position.startsWith('top')));
      // The top layer: above every page overlay whatever its z-index, and positioned against
      // the viewport even when the page has a transformed <body>. z-index is the fallback.
      if (display === 'modal') {
        (p as HTMLDialogElement).showModal?.();
        focusPoint(p);
      } else if (display !== 'inline') {
        // Entering the top layer recalculates the widget's style at once (about 4 ms): right
        // after ask() returns instead, still before the first paint.
        queueMicrotask(() => p.isConnected && p.showPopover?.());
      }
    },
    _closeAfterThanks(thanksMs, close) {
      let timer: ReturnType<typeof setTimeout>;
      // A mouse click also leaves focus inside, but not :focus-visible.
      const tick = () => {
        const held = panel?.matches(':hover') || root.activeElement?.matches(':focus-visible');
        timer = setTimeout(held ? tick : close, held ? THANKS_RECHECK_MS : 0);
      };
      timer = setTimeout(tick, thanksMs);
      cleanups.push(() => clearTimeout(timer));
    },
    _close(unrender) {
      closed = true;
      undo();
      // Back to where focus was, but only while it is still inside the widget or lost to <body>:
      // a person who has moved on (clicked a search box while the thank-you shows) keeps their
      // focus. From a modal only once it is gone, since the page stays inert while it is open.
      const refocus = () => {
        if (returnFocus?.isConnected) returnFocus.focus?.({ preventScroll: true });
      };
      const active = doc!.activeElement;
      const lost = (!active || active === doc!.body) && (display === 'popover' || display === 'modal');
      const back = active === el || lost;
      if (back && display !== 'modal') refocus();
      // The exit animation (none under prefers-reduced-motion) plays on an inert copy.
      const remove = () => {
        unrender();
        el.remove();
        if (back && display === 'modal') refocus();
      };
      el.inert = true;
      el.dataset.out = '';
      const exits = panel?.getAnimations?.() ?? [];
      if (exits.length) Promise.all(exits.map((a) => a.finished)).then(remove, remove);
      else remove();
    },
    _abort() {
      closed = true;
      undo();
      el.remove();
    },
  };
}

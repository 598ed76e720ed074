import css from './styles.css?inline';
import { doc, warn, win } from './globals';
import { textOn, themeProblems } from './contrast';
import type { ThemeOptions } from './types';

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
    // allows with the page's nonce (WICG/construct-stylesheets#98).
    const style = doc!.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = css;
    root.append(style);
  }
}

/** Theme options that map onto the `--csat-<name>` custom property of the same name (kebab-case). */
const THEME_VARS = ['accent', 'onAccent', 'background', 'text', 'radius', 'font'] as const;

/** Contrast warnings already given on this page: each once, not once per question. */
const warned = new Set<string>();

/**
 * Text on a page-chosen accent: black or white, whichever reads better, unless the page chose it
 * too; and a `[csat]` warning for each theme colour pair below WCAG's minimum contrast.
 */
function checkContrast(el: HTMLElement, theme: ThemeOptions): void {
  const on = theme.accent !== undefined && theme.onAccent === undefined && textOn(theme.accent);
  if (on) el.style.setProperty('--csat-on-accent', on);
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
  // hostile value cannot add rules (PostHog/posthog-js#1772); CSP allows CSSOM writes.
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

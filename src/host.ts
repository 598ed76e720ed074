import css from './styles.css?inline';
import { doc } from './globals';
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
    // allows with the page's nonce (research SEC-07).
    const style = doc!.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = css;
    root.append(style);
  }
}

/** Theme options that map onto the `--csat-<name>` custom property of the same name. */
const THEME_VARS = ['accent', 'background', 'text', 'radius', 'font'] as const;

export function createHost(parent: Element, theme: ThemeOptions = {}, zIndex?: number, nonce?: string): Host {
  const el = doc!.createElement('csat-widget');
  const root = el.attachShadow({ mode: 'open' });
  adopt(root, nonce);
  // Values go in as custom properties through the CSSOM, never into stylesheet text, so a
  // hostile value cannot add rules (research SEC-04); CSP allows CSSOM writes.
  for (const key of THEME_VARS) {
    const v = theme[key];
    if (v !== undefined) el.style.setProperty('--csat-' + key, /^[\d.]+$/.test(String(v)) ? v + 'px' : String(v));
  }
  if (zIndex !== undefined) el.style.setProperty('--csat-z', String(zIndex));
  // 'auto' is left to a media query in the stylesheet, so it follows an OS switch while open.
  el.dataset.scheme = theme.colorScheme ?? 'auto';
  parent.append(el);
  return { el, root };
}

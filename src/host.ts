import css from './styles.css?inline';
import { doc } from './globals';
import type { ThemeOptions } from './types';

/** The `<csat-widget>` element, its open shadow root, and the node components render into. */
export interface Host {
  el: HTMLElement;
  root: ShadowRoot;
  remove(): void;
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

const THEME_VARS: [keyof ThemeOptions, string][] = [
  ['accent', '--csat-accent'],
  ['background', '--csat-bg'],
  ['text', '--csat-text'],
  ['radius', '--csat-radius'],
  ['font', '--csat-font'],
];

export function createHost(parent: Element, theme: ThemeOptions = {}, zIndex?: number, nonce?: string): Host {
  const el = doc!.createElement('csat-widget');
  const root = el.attachShadow({ mode: 'open' });
  adopt(root, nonce);
  // Values go in as custom properties through the CSSOM, never into stylesheet text, so a
  // hostile value cannot add rules (research SEC-04); CSP allows CSSOM writes.
  for (const [key, prop] of THEME_VARS) {
    const v = theme[key];
    if (v !== undefined) el.style.setProperty(prop, /^[\d.]+$/.test(String(v)) ? v + 'px' : String(v));
  }
  if (zIndex !== undefined) el.style.setProperty('--csat-z', String(zIndex));
  if (theme.colorScheme && theme.colorScheme !== 'auto') el.dataset.scheme = theme.colorScheme;
  parent.append(el);
  return { el, root, remove: () => el.remove() };
}

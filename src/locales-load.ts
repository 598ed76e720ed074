import { doc, warn, win } from './globals';
import { addLocales, localeToLoad, pickLocale } from './i18n';
import { LOCALES_KEY } from './i18n/others';
import { loadScript } from './load-script';
import type { Messages } from './types';

/** True only in the script-tag build (vite.config.ts `define`); the other branch is removed as dead code. */
declare const __CSAT_IIFE__: boolean;
/** `sha384-…` of dist/csat-widget.locales.js, baked into the script-tag file by its build. */
declare const __CSAT_LOCALES_INTEGRITY__: string;

/**
 * The script-tag build; the npm build also when the source is bundled without our config's
 * `define` (test/browser/loader.test.ts bundles src/index.ts as an app would).
 */
const SCRIPT_TAG = typeof __CSAT_IIFE__ === 'boolean' && __CSAT_IIFE__;

const LOCALES_FILE = 'csat-widget.locales.js';

/** Where the script-tag file came from, its nonce and its `data-locale`: the languages file is loaded like it. */
let source: { url: string; nonce: string; locale: string | undefined } | undefined;

/**
 * Called by the script-tag entry (src/embed.ts) during its first run, while
 * document.currentScript is its own <script> (or the one the loader inserted).
 */
export function localesFileBeside(script: HTMLOrSVGScriptElement | null): void {
  const src = (script as HTMLScriptElement | null)?.src;
  if (src)
    source = { url: new URL(LOCALES_FILE, src).href, nonce: script!.nonce ?? '', locale: script!.dataset.locale };
}

let loading: Promise<void> | undefined;
/** Set once the file has been tried, whatever came of it: nothing waits for it again. */
let tried = false;

/** Runs the languages file once and adds its languages; on failure, one warning and English. */
function fromFile(): Promise<void> {
  const registered = () => (win as unknown as Record<symbol, Record<string, Messages> | undefined>)[LOCALES_KEY];
  const load = registered()
    ? Promise.resolve()
    : source
      ? loadScript(source.url, __CSAT_LOCALES_INTEGRITY__, source.nonce)
      : Promise.reject(new Error('the script tag has no src to find it beside'));
  return load
    .then(() => {
      const more = registered();
      if (!more) throw new Error('it ran but left nothing');
      addLocales(more);
    })
    .catch((e: Error) => warn(`${LOCALES_FILE} could not be loaded (${e.message}); questions are shown in English.`))
    .finally(() => (tried = true));
}

/**
 * What a question in `locale` waits for before it renders, or undefined when it can render now.
 * Script tag only: a built-in language other than English comes from dist/csat-widget.locales.js,
 * loaded once per page from the full file's directory and checked against the integrity it was
 * built with. Never rejects, so a failed load shows the question in English rather than losing it.
 * English never waits, so its first question renders in the same task as the ask.
 */
export function localesFor(locale: string, overrides?: Partial<Messages>): Promise<void> | undefined {
  if (!SCRIPT_TAG || tried || !localeToLoad(locale, overrides)) return undefined;
  return (loading ??= fromFile());
}

/**
 * Loads the languages file at idle when this page's language needs it (the tag's `data-locale`,
 * `<html lang>`, then the browser's, as `ask` picks), so its first question does not wait.
 */
export function warmLocales(): void {
  if (SCRIPT_TAG && doc && win)
    void localesFor(pickLocale(source?.locale, doc.documentElement.lang, win.navigator.language));
}

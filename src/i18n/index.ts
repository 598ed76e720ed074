import type { Messages } from '../types';
import { en } from './en';
import { OTHER_NAMES, OTHERS } from './others';

/** True only in the script-tag build (vite.config.ts `define`); the other branch is removed as dead code. */
declare const __CSAT_IIFE__: boolean;

/**
 * Built-in languages, by primary language subtag. The script-tag file starts with English only
 * and gets the others from dist/csat-widget.locales.js ({@link addLocales}) when a question needs
 * one; the npm build has them all.
 */
const LOCALES: Record<string, Messages> =
  // Read at load, so also when the source is bundled without our config's `define`
  // (test/browser/loader.test.ts bundles src/index.ts as an app would): then it is the npm build.
  typeof __CSAT_IIFE__ === 'boolean' && __CSAT_IIFE__ ? { en } : { en, ...OTHERS };

const primary = (locale: string) => locale.toLowerCase().split('-')[0]!;

/** A BCP 47 tag as answers carry it: language, then subtags; at most 35 characters (RFC 5646 §4.4.1). */
export const LOCALE = /^(?=.{2,35}$)[a-z]{2,3}(-[a-z\d]{1,8})*$/i;

/** Languages written right to left. */
const RTL = /^(ar|fa|he|ur)\b/i;

/**
 * The locale to show: the first well-formed tag of the option, `<html lang>` and the browser's,
 * canonicalised (`en_us` → `en-US`), else English. A malformed `<html lang>` must not make the
 * answer fail validation, nor `Intl` throw.
 */
export function pickLocale(...tags: (string | undefined)[]): string {
  for (const tag of tags) {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag?.replace(/_/g, '-'));
      if (canonical && LOCALE.test(canonical)) return canonical;
    } catch {
      // Malformed: try the next one.
    }
  }
  return 'en';
}

/** Adds the languages of dist/csat-widget.locales.js (src/locales-load.ts). */
export function addLocales(more: Record<string, Messages>): void {
  Object.assign(LOCALES, more);
}

/**
 * The built-in language `locale` is shown in that is not here yet (script tag: until
 * dist/csat-widget.locales.js has run), else undefined: English, a language without built-in
 * texts, or `overrides` that give every text need nothing loaded.
 */
export function localeToLoad(locale: string, overrides?: Partial<Messages>): string | undefined {
  const language = primary(locale);
  return LOCALES[language] || !OTHER_NAMES.includes(language) || complete(overrides) ? undefined : language;
}

/** Whether `overrides` give every text, so no built-in one is shown. */
const complete = (overrides?: Partial<Messages>) => !!overrides && messageKeys().every((k) => overrides[k]);

/** Built-in messages for a locale (falling back to English), with the caller's overrides on top. */
export function messagesFor(locale: string, overrides?: Partial<Messages>): Messages {
  const base = LOCALES[primary(locale)] ?? en;
  return overrides ? { ...base, ...overrides } : base;
}

/**
 * The language the texts are actually in, for `lang`, `dir` and the answer's `locale`: `locale`
 * when it is built in or `overrides` give every text, else English, which the texts fell back to
 * (a page in Hebrew must not get English words announced as Hebrew and laid out right to left).
 */
export function shownLocale(locale: string, overrides?: Partial<Messages>): string {
  return LOCALES[primary(locale)] || complete(overrides) ? locale : 'en';
}

export function isRtl(locale: string): boolean {
  return RTL.test(locale);
}

/** Replaces `{name}` placeholders; values are plain text, never HTML. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/**
 * The form of `template` for the count `n`: `one:{n} character left|other:{n} characters left`
 * holds one form per plural category of the locale (Intl.PluralRules: zero, one, two, few, many,
 * other); a template without categories is used as it is.
 */
export function plural(template: string, n: number, locale: string): string {
  const forms = template.split('|');
  const category = new Intl.PluralRules(locale).select(n);
  const form =
    forms.find((f) => f.startsWith(category + ':')) ?? forms.find((f) => f.startsWith('other:')) ?? forms[0]!;
  return form.replace(/^(zero|one|two|few|many|other):/, '');
}

/** Every message key, for validating `messages` overrides. */
export function messageKeys(): (keyof Messages)[] {
  return Object.keys(en) as (keyof Messages)[];
}

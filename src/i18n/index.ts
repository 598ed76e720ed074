import type { Messages } from '../types';
import { en } from './en';
import { nl } from './nl';

/** Built-in languages, by primary language subtag. */
const LOCALES: Record<string, Messages> = { en, nl };

/** A BCP 47 tag as answers carry it: language, then subtags. */
export const LOCALE = /^[a-z]{2,3}(-[a-z\d]{1,8})*$/i;

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

/** Built-in messages for a locale (falling back to English), with the caller's overrides on top. */
export function messagesFor(locale: string, overrides?: Partial<Messages>): Messages {
  const base = LOCALES[locale.toLowerCase().split('-')[0]!] ?? en;
  return overrides ? { ...base, ...overrides } : base;
}

export function isRtl(locale: string): boolean {
  return RTL.test(locale);
}

/** Replaces `{name}` placeholders; values are plain text, never HTML. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** Every message key, for validating `messages` overrides. */
export function messageKeys(): (keyof Messages)[] {
  return Object.keys(en) as (keyof Messages)[];
}

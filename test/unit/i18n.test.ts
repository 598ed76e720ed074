import { describe, expect, it } from 'vitest';
import { ar } from '../../src/i18n/ar';
import { de } from '../../src/i18n/de';
import { en } from '../../src/i18n/en';
import { es } from '../../src/i18n/es';
import { fr } from '../../src/i18n/fr';
import { isRtl, messageKeys, messagesFor, plural } from '../../src/i18n';
import { nl } from '../../src/i18n/nl';

const placeholders = (s: string) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort();
const CATEGORIES = /^(zero|one|two|few|many|other):/;

describe.each([
  ['nl', nl],
  ['de', de],
  ['fr', fr],
  ['es', es],
  ['ar', ar],
])('%s', (locale, lines) => {
  it('has one line per English message, with the same placeholders', () => {
    expect(lines).toHaveLength(messageKeys().length);
    const m = messagesFor(locale);
    expect(m.question).not.toBe(en.question);
    for (const key of messageKeys()) {
      expect(m[key], key).toBeTruthy();
      expect(placeholders(m[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('gives plural forms only in categories the locale has, always with other', () => {
    const rules = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const forms = messagesFor(locale).charsLeft.split('|');
    if (forms.length > 1) {
      expect(forms.every((f) => CATEGORIES.test(f) && rules.includes(f.split(':')[0] as never))).toBe(true);
      expect(forms.some((f) => f.startsWith('other:'))).toBe(true);
    }
  });
});

describe('messagesFor', () => {
  it('uses the primary language subtag and falls back to English', () => {
    expect(messagesFor('de-AT').send).toBe('Senden');
    expect(messagesFor('ES-mx').send).toBe('Enviar');
    expect(messagesFor('sv').send).toBe('Send');
  });

  it('lets overrides replace any text', () => {
    expect(messagesFor('fr', { send: 'Valider' })).toMatchObject({ send: 'Valider', skip: 'Passer' });
  });

  it('marks Arabic right-to-left and the others not', () => {
    expect(['ar', 'ar-EG', 'he', 'fa'].map(isRtl)).toEqual([true, true, true, true]);
    expect(['en', 'nl', 'de', 'fr', 'es', 'arn'].map(isRtl)).toEqual([false, false, false, false, false, false]);
  });
});

describe('plural', () => {
  it.each([
    ['en', 1, '{n} character left'],
    ['en', 0, '{n} characters left'],
    ['en', 7, '{n} characters left'],
    ['fr', 0, '{n} caractère restant'], // French counts 0 as singular
    ['fr', 2, '{n} caractères restants'],
  ])('%s, %i → %s', (locale, n, form) => {
    expect(plural(messagesFor(locale).charsLeft, n, locale)).toBe(form);
  });

  it('covers all six Arabic categories', () => {
    const forms = [0, 1, 2, 5, 11, 100].map((n) => plural(ar[messageKeys().indexOf('charsLeft')]!, n, 'ar'));
    expect(new Set(forms).size).toBe(6);
  });

  it('uses other for a missing category, and a template without forms as it is', () => {
    expect(plural('other:{n} tekens', 1, 'nl')).toBe('{n} tekens');
    expect(plural('Noch {n} Zeichen', 1, 'de')).toBe('Noch {n} Zeichen');
  });
});

import { describe, expect, it } from 'vitest';
import { ar } from '../../src/i18n/ar';
import { de } from '../../src/i18n/de';
import { en } from '../../src/i18n/en';
import { es } from '../../src/i18n/es';
import { fr } from '../../src/i18n/fr';
import { isRtl, messageKeys, messagesFor, plural, shownLocale } from '../../src/i18n';
import { nl } from '../../src/i18n/nl';

const placeholders = (s: string) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort();
const CATEGORIES = /^(zero|one|two|few|many|other):/;

describe.each([
  ['nl', nl],
  ['de', de],
  ['fr', fr],
  ['es', es],
  ['ar', ar],
])('%s', (locale, messages) => {
  it('has every English key and no other, with the same placeholders', () => {
    expect(Object.keys(messages).sort()).toEqual(messageKeys().sort());
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

// Keyed objects rather than lists: a translation under the wrong key (Send and Skip swapped) is
// caught here, where a list would only be checked for its length.
describe('the words on the buttons', () => {
  it.each([
    ['en', 'Send', 'Skip', 'Close feedback', 'Thank you for your feedback!', 'Feedback', 'Change'],
    ['nl', 'Versturen', 'Overslaan', 'Feedback sluiten', 'Bedankt voor uw feedback!', 'Feedback', 'Wijzigen'],
    ['de', 'Senden', 'Überspringen', 'Feedback schließen', 'Vielen Dank für Ihr Feedback!', 'Feedback', 'Ändern'],
    ['fr', 'Envoyer', 'Passer', 'Fermer le questionnaire', 'Merci pour votre avis\u202f!', 'Votre avis', 'Modifier'],
    ['es', 'Enviar', 'Omitir', 'Cerrar la encuesta', '¡Gracias por su opinión!', 'Su opinión', 'Cambiar'],
    ['ar', 'إرسال', 'تخطٍّ', 'إغلاق الاستبيان', 'شكرًا لملاحظاتك!', 'رأيك', 'تغيير'],
  ])('%s: send, skip, close, thanks, name, change', (locale, send, skip, close, thanks, feedback, change) => {
    expect(messagesFor(locale)).toMatchObject({ send, skip, close, thanks, feedback, change });
  });
});

describe('native review', () => {
  it.each([
    ['nl', 'npsQuestion', 'Hoe waarschijnlijk is het dat u ons zou aanbevelen aan een vriend of collega?'],
    ['nl', 'cesQuestion', 'Hoe gemakkelijk was het om vandaag te regelen wat u nodig had?'],
    ['nl', 'cesHigh', 'Zeer gemakkelijk'],
    ['nl', 'charsLeft', 'one:Nog {n} teken over|other:Nog {n} tekens over'],
    ['de', 'npsQuestion', 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen würden?'],
    ['de', 'cesQuestion', 'Wie einfach war es heute, Ihr Anliegen zu erledigen?'],
    ['de', 'charsLeft', 'Noch {n} Zeichen übrig'],
    ['fr', 'cesQuestion', 'A-t-il été facile d’obtenir ce dont vous aviez besoin aujourd’hui\u202f?'],
    ['ar', 'labelled', '{point}، {label}'],
    ['ar', 'cesQuestion', 'كم كان سهلًا عليك الحصول على ما احتجت إليه اليوم؟'],
  ] as const)('%s %s', (locale, key, text) => {
    expect(messagesFor(locale)[key]).toBe(text);
  });

  it('Spanish keeps to one neutral variety: usted, calificar, agregar; no "qué tan" or "añadir"', () => {
    const all = Object.values(es).join(' ');
    expect(all).not.toMatch(/qué tan|añadir|valorar|pulse|vosotros|\btú\b/i);
    expect(es.question).toBe('¿Cómo calificaría su experiencia?');
    expect(es.commentAlways).toBe('¿Desea agregar algo más?');
  });
});

describe('shownLocale: the language the texts are in', () => {
  it.each([
    ['en-GB', undefined, 'en-GB'],
    ['de-AT', undefined, 'de-AT'],
    ['ar-EG', undefined, 'ar-EG'],
    // No texts of their own: English is shown, so English is announced, left to right.
    ['ja', undefined, 'en'],
    ['he', undefined, 'en'],
    ['fa-IR', undefined, 'en'],
    ['it', undefined, 'en'],
    ['it', { send: 'Invia' }, 'en'],
  ])('%s with %j → %s', (locale, overrides, shown) => {
    expect(shownLocale(locale, overrides)).toBe(shown);
  });

  it('keeps a language whose every text the caller gave', () => {
    const all = Object.fromEntries(messageKeys().map((k) => [k, 'テキスト']));
    expect(shownLocale('ja', all)).toBe('ja');
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
    const forms = [0, 1, 2, 5, 11, 100].map((n) => plural(ar.charsLeft, n, 'ar'));
    expect(new Set(forms).size).toBe(6);
  });

  it('uses other for a missing category, and a template without forms as it is', () => {
    expect(plural('other:{n} tekens', 1, 'nl')).toBe('{n} tekens');
    expect(plural('Noch {n} Zeichen', 1, 'de')).toBe('Noch {n} Zeichen');
  });
});

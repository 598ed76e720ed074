import { describe, it, expect } from 'vitest';
import { isSatisfied, normalize, resolveScale } from '../../src/scales';
import { en } from '../../src/i18n/en';
import { messagesFor } from '../../src/i18n';

const nl = messagesFor('nl');
import type { AnswerScale, Scale } from '../../src/types';

const FIVE = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];
/** Labels at both ends only, blanks in between. */
const ends = (count: number, low: string, high: string) =>
  Array.from({ length: count }, (_, i) => (i === 0 ? low : i === count - 1 ? high : ''));

describe('resolveScale', () => {
  it.each<[string, Scale | undefined, object]>([
    ['the default', undefined, { type: 'stars', look: 'stars', min: 1, max: 5, question: 'question', labels: FIVE }],
    ['stars', 'stars', { type: 'stars', look: 'stars', min: 1, max: 5, question: 'question', labels: FIVE }],
    ['smileys', 'smileys', { type: 'smileys', look: 'smileys', min: 1, max: 5, question: 'question', labels: FIVE }],
    [
      'nps',
      'nps',
      {
        type: 'nps',
        look: 'numbers',
        min: 0,
        max: 10,
        question: 'npsQuestion',
        labels: ends(11, 'Not at all likely', 'Extremely likely'),
      },
    ],
    [
      'ces',
      'ces',
      {
        type: 'ces',
        look: 'numbers',
        min: 1,
        max: 7,
        question: 'cesQuestion',
        labels: ends(7, 'Very difficult', 'Very easy'),
      },
    ],
    [
      '7 stars',
      { type: 'stars', points: 7 },
      { type: 'stars', look: 'stars', min: 1, max: 7, labels: ends(7, 'Very dissatisfied', 'Very satisfied') },
    ],
    [
      '3 stars',
      { type: 'stars', points: 3 },
      { type: 'stars', look: 'stars', min: 1, max: 3, labels: ['Dissatisfied', 'Neutral', 'Satisfied'] },
    ],
    [
      '10 stars',
      { type: 'stars', points: 10 },
      { type: 'stars', min: 1, max: 10, labels: ends(10, 'Very dissatisfied', 'Very satisfied') },
    ],
    [
      '3 smileys',
      { type: 'smileys', points: 3 },
      { type: 'smileys', look: 'smileys', min: 1, max: 3, labels: ['Dissatisfied', 'Neutral', 'Satisfied'] },
    ],
    [
      '2 smileys',
      { type: 'smileys', points: 2 },
      { type: 'smileys', look: 'smileys', min: 1, max: 2, labels: ['Dissatisfied', 'Satisfied'] },
    ],
    ['5 smileys', { type: 'smileys', points: 5 }, { type: 'smileys', min: 1, max: 5, labels: FIVE }],
    [
      'numeric 0–10 with labels',
      { type: 'numeric', min: 0, max: 10, lowLabel: 'Awful', highLabel: 'Superb' },
      { type: 'numeric', look: 'numbers', min: 0, max: 10, question: 'question', labels: ends(11, 'Awful', 'Superb') },
    ],
    [
      'numeric 1–4 without labels',
      { type: 'numeric', min: 1, max: 4 },
      { type: 'numeric', look: 'numbers', min: 1, max: 4, labels: ends(4, 'Very dissatisfied', 'Very satisfied') },
    ],
  ])('resolves %s', (_, scale, expected) => {
    expect(resolveScale(scale, 'en', en)).toMatchObject(expected);
  });

  it('gives one label (or blank) per point', () => {
    for (const scale of ['stars', 'smileys', 'numeric', 'nps', 'ces'] as const) {
      const r = resolveScale(scale, 'en', en);
      expect(r.labels).toHaveLength(r.max - r.min + 1);
    }
  });

  // The culture table in README ("Scales and culture").
  it.each([
    ['nl', 1, 10],
    ['nl-NL', 1, 10],
    ['nl-BE', 1, 10],
    ['fr-BE', 1, 10],
    ['NL', 1, 10],
    ['it', 1, 10],
    ['es', 0, 10],
    ['es-MX', 0, 10],
    ['fr', 0, 10],
    ['pt-BR', 0, 10],
    ['en', 1, 5],
    ['en-GB', 1, 5],
    // German and Austrian school grades run 1 (best) to 5 or 6: 1–5 would read upside down.
    ['de', 1, 10],
    ['de-DE', 1, 10],
    ['de-AT', 1, 10],
    ['de-CH', 1, 10],
    ['ar', 1, 5],
  ])("'numeric' in %s runs %i–%i", (locale, min, max) => {
    expect(resolveScale('numeric', locale, en)).toMatchObject({ type: 'numeric', min, max });
  });

  it('German numeric shows its meaning at both ends', () => {
    const de = messagesFor('de');
    const r = resolveScale('numeric', 'de-DE', de);
    expect([r.labels[0], r.labels[9]]).toEqual(['Sehr unzufrieden', 'Sehr zufrieden']);
  });

  it('an explicit numeric range wins over the locale', () => {
    expect(resolveScale({ type: 'numeric', min: 1, max: 5 }, 'nl', nl)).toMatchObject({ min: 1, max: 5 });
    expect(resolveScale({ type: 'numeric', min: 0, max: 10 }, 'en', en)).toMatchObject({ min: 0, max: 10 });
  });

  it('takes its words from the messages given', () => {
    expect(resolveScale('stars', 'nl', nl).labels).toEqual([
      'Zeer ontevreden',
      'Ontevreden',
      'Neutraal',
      'Tevreden',
      'Zeer tevreden',
    ]);
    expect(resolveScale('nps', 'nl', nl).labels[0]).toBe('Zeer onwaarschijnlijk');
    const custom = { ...en, satisfied: 'Happy' };
    expect(resolveScale({ type: 'smileys', points: 2 }, 'en', custom).labels).toEqual(['Dissatisfied', 'Happy']);
  });
});

describe('normalize and isSatisfied', () => {
  const FIVE_POINT: AnswerScale = { type: 'stars', min: 1, max: 5 };
  const TEN_POINT: AnswerScale = { type: 'numeric', min: 1, max: 10 };
  const ZERO_TEN: AnswerScale = { type: 'numeric', min: 0, max: 10 };
  const CES: AnswerScale = { type: 'ces', min: 1, max: 7 };
  const NPS: AnswerScale = { type: 'nps', min: 0, max: 10 };

  it('normalizes to 0..1 from the scale ends', () => {
    expect(normalize(1, FIVE_POINT)).toBe(0);
    expect(normalize(4, FIVE_POINT)).toBe(0.75);
    expect(normalize(5, FIVE_POINT)).toBe(1);
    expect(normalize(0, NPS)).toBe(0);
    expect(normalize(7, ZERO_TEN)).toBeCloseTo(0.7);
    expect(normalize(7, TEN_POINT)).toBeCloseTo(6 / 9);
    expect(normalize(4, CES)).toBe(0.5);
    expect(normalize(2, { type: 'smileys', min: 1, max: 2 })).toBe(1);
  });

  it.each<[AnswerScale, number, boolean]>([
    [FIVE_POINT, 5, true],
    [FIVE_POINT, 4, true],
    [FIVE_POINT, 3, false],
    [FIVE_POINT, 1, false],
    [TEN_POINT, 10, true],
    [TEN_POINT, 7, true],
    [TEN_POINT, 6, false],
    [CES, 5, true],
    [CES, 4, false],
    [NPS, 10, true],
    [NPS, 9, true],
    [NPS, 8, false],
    [NPS, 0, false],
    [{ type: 'stars', min: 1, max: 3 }, 3, true],
    [{ type: 'stars', min: 1, max: 3 }, 2, false],
    [{ type: 'smileys', min: 1, max: 2 }, 2, true],
    [{ type: 'smileys', min: 1, max: 2 }, 1, false],
    // Exactly 0.6 counts as satisfied despite floating point.
    [{ type: 'stars', min: 1, max: 6 }, 4, true],
    [ZERO_TEN, 6, true],
    [ZERO_TEN, 5, false],
  ])('%j: %i is satisfied: %s', (scale, score, satisfied) => {
    expect(isSatisfied(score, scale)).toBe(satisfied);
  });
});

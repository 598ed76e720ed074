import type { AnswerScale, Messages, Scale } from './types';

/** A scale ready to draw: its look, its range and the words for its points. */
export interface ResolvedScale extends AnswerScale {
  /** How the points are drawn. */
  look: 'stars' | 'smileys' | 'numbers';
  /** Question text of the preset (NPS and CES have their own). */
  question: keyof Messages;
  /** Label of each point from min to max; empty strings where a point has none. */
  labels: string[];
}

/** Locales whose usual grade runs 1–10 (school marks), so `'numeric'` follows it. */
const TEN_POINT = /^(nl|be)\b/i;

/** Words for 2, 3 and 5 points, picked from the five satisfaction labels. */
function wordsFor(points: number, m: Messages): string[] | undefined {
  const five = [m.veryDissatisfied, m.dissatisfied, m.neutral, m.satisfied, m.verySatisfied];
  if (points === 5) return five;
  if (points === 3) return [five[1]!, five[2]!, five[3]!];
  if (points === 2) return [five[1]!, five[3]!];
  return undefined;
}

/** Labels only at the two ends. */
function ends(count: number, low: string, high: string): string[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? low : i === count - 1 ? high : ''));
}

export function resolveScale(scale: Scale | undefined, locale: string, m: Messages): ResolvedScale {
  const s = scale ?? 'stars';
  if (s === 'nps') {
    return {
      look: 'numbers',
      type: 'nps',
      min: 0,
      max: 10,
      question: 'npsQuestion',
      labels: ends(11, m.npsLow, m.npsHigh),
    };
  }
  if (s === 'ces') {
    return {
      look: 'numbers',
      type: 'ces',
      min: 1,
      max: 7,
      question: 'cesQuestion',
      labels: ends(7, m.cesLow, m.cesHigh),
    };
  }
  const o =
    s === 'stars' || s === 'smileys'
      ? { type: s, points: 5 }
      : s === 'numeric'
        ? { type: s, min: 1, max: TEN_POINT.test(locale) ? 10 : 5 }
        : s;
  if (o.type === 'numeric') {
    const { min, max } = o as { min: number; max: number };
    const { lowLabel, highLabel } = o as { lowLabel?: string; highLabel?: string };
    return {
      look: 'numbers',
      type: 'numeric',
      min,
      max,
      question: 'question',
      labels: ends(max - min + 1, lowLabel ?? m.veryDissatisfied, highLabel ?? m.verySatisfied),
    };
  }
  const points = (o as { points: number }).points;
  return {
    look: o.type,
    type: o.type,
    min: 1,
    max: points,
    question: 'question',
    labels: wordsFor(points, m) ?? ends(points, m.veryDissatisfied, m.verySatisfied),
  };
}

/** (score − min) / (max − min). */
export function normalize(score: number, s: AnswerScale): number {
  return (score - s.min) / (s.max - s.min);
}

/** Satisfied: normalized ≥ 0.6, except NPS where only promoters (9–10) count. */
export function isSatisfied(score: number, s: AnswerScale): boolean {
  // The epsilon keeps 4 of 1–6 (exactly 0.6) satisfied despite floating point.
  return s.type === 'nps' ? score >= 9 : normalize(score, s) >= 0.6 - 1e-9;
}

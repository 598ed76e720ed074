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

/**
 * The grading scale people know from school, which `'numeric'` follows (README, "Languages and
 * culture"): 1–10 in the Netherlands, Belgium and Italy, 0–10 in Spain, France (a mark out of 20,
 * halved) and Portugal and Brazil; 1–5 elsewhere, as in the UK. German-speaking countries get
 * 1–10 too: their school grades run 1 (best) to 5 or 6, so a 1–5 scale there reads upside down;
 * 1–10 with its end labels in view does not. Answers carry their scale and `normalized`, so they
 * stay comparable.
 */
const ONE_TO_TEN = ['nl', 'it', 'de'];
const ZERO_TO_TEN = ['es', 'fr', 'pt'];

/**
 * The usual grading range of a locale; Belgium's 1–10 wins over French's 0–10 for `fr-BE`.
 * Compared as strings: a regular expression run on every ask would be compiled to machine code
 * that stays in the page's heap (src/ui/Widget.tsx, `numberFormat`).
 */
function grade(locale: string): { min: number; max: number } {
  const [language, ...subtags] = locale.toLowerCase().split('-');
  if (ONE_TO_TEN.includes(language!) || subtags[subtags.length - 1] === 'be') return { min: 1, max: 10 };
  return ZERO_TO_TEN.includes(language!) ? { min: 0, max: 10 } : { min: 1, max: 5 };
}

export function resolveScale(scale: Scale | undefined, locale: string, m: Messages): ResolvedScale {
  const s = scale ?? 'stars';
  const o: { type: string; points?: number; min?: number; max?: number; lowLabel?: string; highLabel?: string } =
    typeof s === 'object' ? s : { type: s, points: 5, ...grade(locale) };
  const type = o.type as AnswerScale['type'];
  const preset = type === 'nps' || type === 'ces' ? type : null;
  const min = preset === 'nps' ? 0 : type === 'numeric' ? o.min! : 1;
  const max = preset === 'nps' ? 10 : preset === 'ces' ? 7 : type === 'numeric' ? o.max! : o.points!;
  const five = [m.veryDissatisfied, m.dissatisfied, m.neutral, m.satisfied, m.verySatisfied];
  // 5, 3 and 2 points of stars or smileys name every point; other scales name their two ends.
  const count = max - min + 1;
  const words =
    type === 'stars' || type === 'smileys'
      ? count === 5
        ? five
        : count === 3
          ? five.slice(1, 4)
          : count === 2
            ? [five[1]!, five[3]!]
            : null
      : null;
  const low = preset ? m[`${preset}Low`] : (o.lowLabel ?? five[0]!);
  const high = preset ? m[`${preset}High`] : (o.highLabel ?? five[4]!);
  return {
    look: type === 'stars' || type === 'smileys' ? type : 'numbers',
    type,
    min,
    max,
    question: preset ? `${preset}Question` : 'question',
    labels: words ?? Array.from({ length: count }, (_, i) => (i ? (i === count - 1 ? high : '') : low)),
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

// The arithmetic behind `summarize` (csat-widget/stats) and `postgresStore().summarize`
// (csat-widget/server): both feed the same accumulator, one answer at a time or one SQL count at a
// time, so the two cannot drift apart. Not a public entry.
import type { AnswerScale } from './types';

/**
 * Figures for a set of answers. Nothing is rounded: format for display yourself.
 * @see docs/stats.md
 */
export interface Summary {
  /** Number of answers. */
  count: number;
  /** Number of answers with `satisfied: true` (for NPS answers: promoters). */
  satisfied: number;
  /** `satisfied / count × 100`, in percent; null when there are no answers. */
  csat: number | null;
  /** Wilson score 95 % interval of `csat`, `[low, high]` in percent; null when there are no answers. */
  csatCi95: [low: number, high: number] | null;
  /**
   * Mean score on the answers' own scale; null when there are no answers or they were given on
   * more than one scale (type, min or max differ), since e.g. a 4 of 5 and a 4 of 10 cannot be averaged.
   */
  mean: number | null;
  /** Mean of `normalized` (0–1), comparable across scales; null when there are no answers. */
  meanNormalized: number | null;
  /**
   * Number of answers per score. With mixed scales the raw scores are still the keys, so a 4 of 5
   * and a 4 of 10 share a key; group by survey (or filter) to keep scales apart.
   */
  distribution: Record<number, number>;
  /**
   * Net Promoter Score in points (−100 to 100): % promoters (9–10) − % detractors (0–6), over the
   * answers given on a 0–10 scale (`nps`, or `numeric` 0–10). Absent when there are none.
   */
  nps?: number;
  /** Customer Effort Score: mean score (1–7) of the `ces` answers. Absent when there are none. */
  ces?: number;
  /** Number of `shown` events. Present (also when 0) only when the input held events. */
  shown?: number;
  /** Number of `dismissed` events (closed without a score). Present only when the input held events. */
  dismissed?: number;
  /**
   * `count / shown × 100`: the share of shown questions that were answered, in percent; null when
   * nothing was shown. Present only when the input held events. Can exceed 100 when some answers
   * came from pages that send no events.
   */
  responseRate?: number | null;
}

const Z = 1.959964;

/** Running totals of one summary: a fixed number of counters plus one per distinct score. */
export interface Accumulator {
  count: number;
  satisfied: number;
  scoreSum: number;
  normalizedSum: number;
  scale: AnswerScale | undefined;
  mixed: boolean;
  distribution: Record<number, number>;
  npsCount: number;
  npsNet: number;
  cesCount: number;
  cesSum: number;
  shown: number;
  dismissed: number;
}

export const accumulator = (): Accumulator => ({
  count: 0,
  satisfied: 0,
  scoreSum: 0,
  normalizedSum: 0,
  scale: undefined,
  mixed: false,
  distribution: {},
  npsCount: 0,
  npsNet: 0,
  cesCount: 0,
  cesSum: 0,
  shown: 0,
  dismissed: 0,
});

/**
 * Adds `count` answers that share a scale and a score, `satisfied` of them satisfied, whose
 * `normalized` values add up to `normalizedSum`: one answer, or one row of a SQL `group by`.
 */
export function addAnswers(
  acc: Accumulator,
  scale: AnswerScale,
  score: number,
  count: number,
  satisfied: number,
  normalizedSum: number,
): void {
  acc.count += count;
  acc.satisfied += satisfied;
  acc.scoreSum += score * count;
  acc.normalizedSum += normalizedSum;
  if (!acc.scale) acc.scale = scale;
  else if (scale.type !== acc.scale.type || scale.min !== acc.scale.min || scale.max !== acc.scale.max)
    acc.mixed = true;
  acc.distribution[score] = (acc.distribution[score] ?? 0) + count;
  if (scale.min === 0 && scale.max === 10 && (scale.type === 'nps' || scale.type === 'numeric')) {
    acc.npsCount += count;
    acc.npsNet += score >= 9 ? count : score <= 6 ? -count : 0;
  }
  if (scale.type === 'ces') {
    acc.cesCount += count;
    acc.cesSum += score * count;
  }
}

/** Adds `count` events of one kind; kinds other than `shown` and `dismissed` are not counted. */
export function addEvents(acc: Accumulator, kind: unknown, count: number): void {
  if (kind === 'shown') acc.shown += count;
  else if (kind === 'dismissed') acc.dismissed += count;
}

/**
 * Wilson score interval as fractions (0–1), which unlike p ± z·SE stays inside 0–1 and is honest
 * for small n: Wilson, "Probable inference…", JASA 22 (1927), https://doi.org/10.2307/2276774.
 */
export function wilson(successes: number, n: number): [number, number] {
  const p = successes / n;
  const z2 = Z * Z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamped because at p = 0 or 1 rounding can leave the bound a hair outside 0–1.
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** The figures of an accumulator; `withEvents` adds `shown`, `dismissed` and `responseRate`. */
export function finish(acc: Accumulator, withEvents: boolean): Summary {
  const { count } = acc;
  const interval = count ? wilson(acc.satisfied, count) : null;
  const summary: Summary = {
    count,
    satisfied: acc.satisfied,
    csat: count ? (acc.satisfied / count) * 100 : null,
    csatCi95: interval && [interval[0] * 100, interval[1] * 100],
    mean: count && !acc.mixed ? acc.scoreSum / count : null,
    meanNormalized: count ? acc.normalizedSum / count : null,
    distribution: acc.distribution,
  };
  if (acc.npsCount) summary.nps = (acc.npsNet / acc.npsCount) * 100;
  if (acc.cesCount) summary.ces = acc.cesSum / acc.cesCount;
  if (withEvents) {
    summary.shown = acc.shown;
    summary.dismissed = acc.dismissed;
    summary.responseRate = acc.shown ? (count / acc.shown) * 100 : null;
  }
  return summary;
}

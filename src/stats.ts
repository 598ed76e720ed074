import type { Answer, AnswerScale } from './types';

// Everything here is accumulated in one pass with a fixed number of counters per summary (plus one
// summary per group), so a summary of millions of answers streamed from a database or a JSONL file
// costs the same memory as one of ten.

type GroupKey = 'survey' | 'locale' | 'interaction';

/**
 * Figures for a set of answers. Nothing is rounded: format for display yourself.
 * @see README.md#stats
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
}

/**
 * Options of {@link summarize}.
 * @see README.md#stats
 */
export interface SummaryOptions {
  /** Also summarize per value of this field; a null `interaction` is grouped under `"(none)"`. */
  by?: GroupKey;
}

/**
 * What {@link summarize} returns with `by`: the overall figures plus one summary per group.
 * @see README.md#stats
 */
export interface GroupedSummary extends Summary {
  /** One summary per value of the `by` field. */
  groups: Record<string, Summary>;
}

const Z = 1.959964;

interface Accumulator {
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
}

const accumulator = (): Accumulator => ({
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
});

function add(acc: Accumulator, answer: Answer): void {
  const { scale, score } = answer;
  acc.count++;
  if (answer.satisfied === true) acc.satisfied++;
  acc.scoreSum += score;
  acc.normalizedSum += answer.normalized;
  if (!acc.scale) acc.scale = scale;
  else if (scale.type !== acc.scale.type || scale.min !== acc.scale.min || scale.max !== acc.scale.max)
    acc.mixed = true;
  acc.distribution[score] = (acc.distribution[score] ?? 0) + 1;
  if (scale.min === 0 && scale.max === 10 && (scale.type === 'nps' || scale.type === 'numeric')) {
    acc.npsCount++;
    acc.npsNet += score >= 9 ? 1 : score <= 6 ? -1 : 0;
  }
  if (scale.type === 'ces') {
    acc.cesCount++;
    acc.cesSum += score;
  }
}

/** Wilson score interval, which unlike p ± z·SE stays inside 0–100 % and is honest for small n. */
function wilson(successes: number, n: number): [number, number] {
  const p = successes / n;
  const z2 = Z * Z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamped because at p = 0 or 1 rounding can leave the bound a hair outside 0–1.
  return [Math.max(0, centre - half) * 100, Math.min(1, centre + half) * 100];
}

function finish(acc: Accumulator): Summary {
  const { count } = acc;
  const summary: Summary = {
    count,
    satisfied: acc.satisfied,
    csat: count ? (acc.satisfied / count) * 100 : null,
    csatCi95: count ? wilson(acc.satisfied, count) : null,
    mean: count && !acc.mixed ? acc.scoreSum / count : null,
    meanNormalized: count ? acc.normalizedSum / count : null,
    distribution: acc.distribution,
  };
  if (acc.npsCount) summary.nps = (acc.npsNet / acc.npsCount) * 100;
  if (acc.cesCount) summary.ces = acc.cesSum / acc.cesCount;
  return summary;
}

function summarizer(by: GroupKey | undefined) {
  const overall = accumulator();
  const groups = new Map<string, Accumulator>();
  return {
    add(answer: Answer) {
      add(overall, answer);
      if (!by) return;
      const key = answer[by] ?? '(none)';
      let group = groups.get(key);
      if (!group) groups.set(key, (group = accumulator()));
      add(group, answer);
    },
    result(): Summary | GroupedSummary {
      const summary = finish(overall);
      if (!by) return summary;
      // fromEntries defines own properties, so a survey named `__proto__` stays an ordinary key.
      return { ...summary, groups: Object.fromEntries([...groups].map(([key, acc]) => [key, finish(acc)])) };
    },
  };
}

/**
 * Summarizes answers in one pass: CSAT with a Wilson 95 % interval, mean scores, the score
 * distribution, and NPS / CES where such answers are present; with `by`, also per survey, locale
 * or interaction. Takes an array or any iterable (returns the summary) or an async iterable, such
 * as a database cursor or a stream of parsed lines (returns a promise). Memory does not grow with
 * the number of answers, only with the number of groups.
 * @example
 * const { csat, csatCi95, groups } = summarize(answers, { by: 'survey' });
 * @see README.md#stats
 */
export function summarize(answers: Iterable<Answer>, options: SummaryOptions & { by: GroupKey }): GroupedSummary;
export function summarize(answers: Iterable<Answer>, options?: SummaryOptions & { by?: undefined }): Summary;
export function summarize(answers: Iterable<Answer>, options?: SummaryOptions): Summary | GroupedSummary;
export function summarize(
  answers: AsyncIterable<Answer>,
  options: SummaryOptions & { by: GroupKey },
): Promise<GroupedSummary>;
export function summarize(
  answers: AsyncIterable<Answer>,
  options?: SummaryOptions & { by?: undefined },
): Promise<Summary>;
export function summarize(answers: AsyncIterable<Answer>, options?: SummaryOptions): Promise<Summary | GroupedSummary>;
export function summarize(
  answers: Iterable<Answer> | AsyncIterable<Answer>,
  options: SummaryOptions = {},
): Summary | GroupedSummary | Promise<Summary | GroupedSummary> {
  const s = summarizer(options.by);
  // Sync first, matching the overload order, for objects that are both.
  if (Symbol.iterator in answers) {
    for (const answer of answers) s.add(answer);
    return s.result();
  }
  return (async () => {
    for await (const answer of answers) s.add(answer);
    return s.result();
  })();
}

// The dashboard's data (`GET /api/summary`): `summarize` from csat-widget/stats over the stored
// answers, with groups per survey and per locale, a daily trend and the latest comments, all from
// one pass over the table. Answers are streamed page by page, so memory depends on the number of
// surveys, locales and days shown, not on the number of answers.
import { summarize, type Summary } from '../../src/stats';
import type { Answer, AnswerScale } from '../../src/types';
import type { DemoStore } from './store';

/** One day of the trend (UTC). */
export interface DailyPoint {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  count: number;
  satisfied: number;
  /** Percent; null on a day without answers. */
  csat: number | null;
}

/** A comment as the dashboard lists it. */
export interface LatestComment {
  text: string;
  survey: string;
  score: number;
  scale: AnswerScale;
  locale: string;
  at: string;
}

/** The answers given on one scale, per score. */
export interface ScaleDistribution {
  scale: AnswerScale;
  count: number;
  /** Number of answers per score on this scale. */
  distribution: Record<number, number>;
}

/** What `/api/summary` returns: the `summarize` figures at the top level, the rest beside them. */
export interface DashboardSummary extends Summary {
  /** The survey the figures are limited to (`?survey=`), or null for all answers. */
  survey: string | null;
  bySurvey: Record<string, Summary>;
  byLocale: Record<string, Summary>;
  /** Per survey, the scale of its most recent answer: lets a chart show scores nobody chose. */
  scales: Record<string, AnswerScale>;
  /** One distribution per scale answers were given on, most answers first: a 4 of 5 and a 4 of 10 kept apart. */
  distributions: ScaleDistribution[];
  /** The last `days` days, oldest first, ending today (UTC); days without answers included. */
  daily: DailyPoint[];
  /** The most recent comments, newest first. */
  comments: LatestComment[];
  /** `'pglite'` or `'postgres'`. */
  store: DemoStore['kind'];
  generatedAt: string;
}

/** Options of {@link dashboardSummary}. */
export interface DashboardOptions {
  survey?: string;
  /** Length of the daily trend. @default 14 */
  days?: number;
  /** How many comments to list. @default 10 */
  comments?: number;
  /** "Today", for tests. @default new Date() */
  now?: Date;
}

const DAY_MS = 864e5;

/** Summarizes the store in one pass. */
export async function dashboardSummary(store: DemoStore, options: DashboardOptions = {}): Promise<DashboardSummary> {
  const days = options.days ?? 14;
  const keepComments = options.comments ?? 10;
  const today = Date.parse((options.now ?? new Date()).toISOString().slice(0, 10));
  const firstDay = today - (days - 1) * DAY_MS;
  const perDay = new Map<string, { count: number; satisfied: number }>();
  const scales: Record<string, AnswerScale> = {};
  const byScale = new Map<string, ScaleDistribution>();
  let comments: LatestComment[] = [];

  // The extra figures are gathered on the way through; `summarize` does the rest.
  async function* observed(): AsyncGenerator<Answer> {
    for await (const a of store.stream({ survey: options.survey })) {
      scales[a.survey] = a.scale;
      const scaleKey = `${a.scale.type} ${a.scale.min}-${a.scale.max}`;
      let sd = byScale.get(scaleKey);
      if (!sd) byScale.set(scaleKey, (sd = { scale: a.scale, count: 0, distribution: {} }));
      sd.count++;
      sd.distribution[a.score] = (sd.distribution[a.score] ?? 0) + 1;
      const t = Date.parse(a.at);
      if (t >= firstDay && t < today + DAY_MS) {
        const day = new Date(t).toISOString().slice(0, 10);
        const d = perDay.get(day) ?? { count: 0, satisfied: 0 };
        d.count++;
        if (a.satisfied) d.satisfied++;
        perDay.set(day, d);
      }
      if (a.comment) {
        comments.push({
          text: a.comment,
          survey: a.survey,
          score: a.score,
          scale: a.scale,
          locale: a.locale,
          at: a.at,
        });
        // Trimmed now and then rather than kept sorted: linear overall, and bounded.
        if (comments.length > keepComments * 4) comments = comments.slice(-keepComments);
      }
      yield a;
    }
  }

  // Two groupings from one read of the table: each summarize pulls from its own branch of a tee.
  const [forSurveys, forLocales] = tee(observed(), 2);
  const [bySurvey, byLocale] = await Promise.all([
    summarize(forSurveys!, { by: 'survey' }),
    summarize(forLocales!, { by: 'locale' }),
  ]);
  const { groups, ...overall } = bySurvey;

  const daily: DailyPoint[] = [];
  for (let t = firstDay; t <= today; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    const d = perDay.get(day) ?? { count: 0, satisfied: 0 };
    daily.push({ day, ...d, csat: d.count ? (d.satisfied / d.count) * 100 : null });
  }

  return {
    ...overall,
    survey: options.survey ?? null,
    bySurvey: groups,
    byLocale: byLocale.groups,
    scales,
    distributions: [...byScale.values()].sort((a, b) => b.count - a.count),
    daily,
    comments: newest(comments, keepComments),
    store: store.kind,
    generatedAt: new Date().toISOString(),
  };
}

/**
 * The last `n` to arrive, newest first. The stream is in arrival order (`seq`), which the browser's
 * `at` is not: an answer dated 9999 would otherwise stay on top for good.
 */
function newest(list: LatestComment[], n: number): LatestComment[] {
  return list.slice(-n).reverse();
}

/**
 * Splits one async iterable into `n` that each see every item, reading the source once. Each item
 * is kept until every branch has read it; branches consumed side by side (as two `summarize`
 * calls under `Promise.all` are) keep that to a handful.
 */
export function tee<T>(source: AsyncIterable<T>, n: number): AsyncIterable<T>[] {
  const it = source[Symbol.asyncIterator]();
  const pending = new Map<number, { result: Promise<IteratorResult<T>>; reads: number }>();
  const branch = (): AsyncIterable<T> => {
    let i = 0;
    return {
      [Symbol.asyncIterator]: () => ({
        next() {
          let entry = pending.get(i);
          // An async generator queues calls to next(), so asking ahead is safe.
          if (!entry) pending.set(i, (entry = { result: it.next(), reads: 0 }));
          if (++entry.reads === n) pending.delete(i);
          i++;
          return entry.result;
        },
      }),
    };
  };
  return Array.from({ length: n }, branch);
}

// The dashboard's data (`GET /api/summary`): the figures of `summarize` from csat-widget/stats,
// computed by the database through `postgresStore().summarize` (SQL aggregates: a few rows per
// scale and score, never the answers themselves), with groups per survey and per locale capped at
// the `TOP_GROUPS` largest plus an "other" row, a daily trend, last week against the week before,
// and the latest comments. What crosses from the database and goes out as JSON is bounded however
// many answers or distinct survey ids were posted.
import { compare, type Comparison, type Summary } from '../../src/stats';
import type { TopGroupedSummary } from '../../src/server';
import type { AnswerScale } from '../../src/types';
import type { DemoStore } from './store';

/** Surveys (and locales) listed one by one; the rest are added up in one "other" row. */
export const TOP_GROUPS = 50;

/** One row of `bySurvey` / `byLocale`: a survey or locale and its figures. */
export interface GroupRow extends Summary {
  /** The survey id or locale; `'other'` on the row that adds up the rest. */
  key: string;
  /** Only on the last row, which adds up every survey (or locale) beyond the first `TOP_GROUPS`. */
  other?: true;
  /** On the "other" row: how many surveys (or locales) it adds up. */
  folded?: number;
}

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

/** What `/api/summary` returns: the `summarize` figures at the top level, the rest beside them. */
export interface DashboardSummary extends Summary {
  /** The survey the figures are limited to (`?survey=`), or null for all answers. */
  survey: string | null;
  /** The `TOP_GROUPS` surveys with most answers, most first, then one `other` row if any are left. */
  bySurvey: GroupRow[];
  /** The same per locale. */
  byLocale: GroupRow[];
  /** Per listed survey, the scale of its most recent answer: lets a chart show scores nobody chose. */
  scales: Record<string, AnswerScale>;
  /** One score distribution per scale (a survey may have changed its scale), most answers first. */
  distributions: ScaleDistribution[];
  /** The last `days` days, oldest first, ending today (UTC); days without answers included. */
  daily: DailyPoint[];
  /** The last 7 days (today included, UTC) against the 7 before: `compare()` from csat-widget/stats. */
  compare: Comparison;
  /** The most recent comments by arrival, newest first. */
  comments: LatestComment[];
  /** `'pglite'` or `'postgres'`. */
  store: DemoStore['kind'];
  generatedAt: string;
}

/** The answers of one scale, counted per score. */
export interface ScaleDistribution {
  scale: AnswerScale;
  count: number;
  /** Score → number of answers. */
  distribution: Record<number, number>;
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

/** Computations under way or just done, per store and query: requests meanwhile share them. */
const shared = new WeakMap<DemoStore, Map<string, { result: Promise<DashboardSummary>; done?: number }>>();

/**
 * How long a finished summary is reused on PGlite, whose single connection runs in the server's
 * own thread: a dashboard polling every 2.5 s sees no difference, and summaries asked for back to
 * back (ten open tabs, or a script) cannot keep the collector's inserts waiting. PostgreSQL runs
 * summaries in its own processes, so there only concurrent requests share one.
 */
export const PGLITE_REUSE_MS = 1000;

/**
 * Summarizes the store with a handful of aggregate queries. Concurrent calls for the same query
 * share one computation (a dashboard open in ten tabs costs one), and on PGlite a result is reused
 * for `maxAgeMs`; a call with `now` (tests) always computes its own.
 */
export function dashboardSummary(
  store: DemoStore,
  options: DashboardOptions & { maxAgeMs?: number } = {},
): Promise<DashboardSummary> {
  if (options.now) return compute(store, options);
  const maxAge = options.maxAgeMs ?? (store.kind === 'pglite' ? PGLITE_REUSE_MS : 0);
  let entries = shared.get(store);
  if (!entries) shared.set(store, (entries = new Map()));
  const key = JSON.stringify([options.survey, options.days, options.comments]);
  const entry = entries.get(key);
  if (entry && (entry.done === undefined || performance.now() - entry.done < maxAge)) return entry.result;
  const fresh: { result: Promise<DashboardSummary>; done?: number } = {
    result: compute(store, options).finally(() => {
      fresh.done = performance.now();
      // Dropped once too old, so any number of distinct `?survey=` values cannot pile up here.
      const drop = () => entries.get(key) === fresh && entries.delete(key);
      if (maxAge > 0) setTimeout(drop, maxAge).unref();
      else drop();
    }),
  };
  entries.set(key, fresh);
  return fresh.result;
}

async function compute(store: DemoStore, options: DashboardOptions): Promise<DashboardSummary> {
  const { survey } = options;
  const days = options.days ?? 14;
  const today = Date.parse((options.now ?? new Date()).toISOString().slice(0, 10));
  const tomorrow = new Date(today + DAY_MS);
  const weekAgo = new Date(today - 6 * DAY_MS);
  const twoWeeksAgo = new Date(today - 13 * DAY_MS);

  // In sequence: PGlite has one connection, and a pg Pool of 4 is shared with the collector.
  const bySurvey = await store.summarize({ survey, by: 'survey', top: TOP_GROUPS });
  const byLocale = await store.summarize({ survey, by: 'locale', top: TOP_GROUPS });
  const lastWeek = await store.summarize({ survey, from: weekAgo, to: tomorrow });
  const weekBefore = await store.summarize({ survey, from: twoWeeksAgo, to: weekAgo });
  const daily = await dailyTrend(store, survey, new Date(today - (days - 1) * DAY_MS), tomorrow);
  const distributions = await scaleDistributions(store, survey);
  const { groups, other, otherGroups, ...overall } = bySurvey;
  const surveyRows = rows(bySurvey);
  const scales = await latestScales(
    store,
    surveyRows.filter((r) => !r.other).map((r) => r.key),
  );
  return {
    ...overall,
    survey: survey ?? null,
    bySurvey: surveyRows,
    byLocale: rows(byLocale),
    scales,
    distributions,
    daily,
    compare: compare(weekBefore, lastWeek),
    comments: await latestComments(store, survey, options.comments ?? 10),
    store: store.kind,
    generatedAt: new Date().toISOString(),
  };
}

/** The groups as rows, most answers first (ties by name), then the "other" row. */
function rows(s: TopGroupedSummary): GroupRow[] {
  const list: GroupRow[] = Object.entries(s.groups)
    .map(([key, summary]) => ({ key, ...summary }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (s.other) list.push({ key: 'other', other: true, folded: s.otherGroups, ...s.other });
  return list;
}

/** Counts per scale and score, from the store's running totals: a handful of rows at any size. */
async function scaleDistributions(store: DemoStore, survey: string | undefined): Promise<ScaleDistribution[]> {
  const params: unknown[] = [];
  const bySurvey = survey === undefined ? '' : `where survey = $${params.push(survey)}`;
  const { rows } = await store.sql.query(
    `select scale_type, scale_min, scale_max, score, sum(n)::float8 as n
     from csat_answer_totals ${bySurvey} group by 1, 2, 3, 4`,
    params,
  );
  const out = new Map<string, ScaleDistribution>();
  for (const r of rows as {
    scale_type: AnswerScale['type'];
    scale_min: number;
    scale_max: number;
    score: number;
    n: number;
  }[]) {
    const key = `${r.scale_type} ${r.scale_min}-${r.scale_max}`;
    let d = out.get(key);
    if (!d) {
      d = {
        scale: { type: r.scale_type, min: Number(r.scale_min), max: Number(r.scale_max) },
        count: 0,
        distribution: {},
      };
      out.set(key, d);
    }
    d.count += Number(r.n);
    d.distribution[Number(r.score)] = (d.distribution[Number(r.score)] ?? 0) + Number(r.n);
  }
  return [...out.values()].sort((a, b) => b.count - a.count);
}

async function dailyTrend(store: DemoStore, survey: string | undefined, from: Date, to: Date): Promise<DailyPoint[]> {
  const params: unknown[] = [from.toISOString().slice(0, 10), to.toISOString().slice(0, 10)];
  const bySurvey = survey === undefined ? '' : `and survey = $${params.push(survey)}`;
  // From the store's running totals per UTC day (see src/server/postgres-store.ts).
  const { rows } = await store.sql.query(
    `select to_char(day, 'YYYY-MM-DD') as day, sum(n)::float8 as count, sum(satisfied)::float8 as satisfied
     from csat_answer_totals where day >= $1::text::date and day < $2::text::date ${bySurvey}
     group by 1`,
    params,
  );
  const perDay = new Map((rows as { day: string; count: number; satisfied: number }[]).map((r) => [r.day, r]));
  const out: DailyPoint[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    const count = Number(perDay.get(day)?.count ?? 0);
    const satisfied = Number(perDay.get(day)?.satisfied ?? 0);
    out.push({ day, count, satisfied, csat: count ? (satisfied / count) * 100 : null });
  }
  return out;
}

async function latestScales(store: DemoStore, surveys: string[]): Promise<Record<string, AnswerScale>> {
  if (!surveys.length) return {};
  // One backwards index lookup per listed survey (index on survey, seq).
  const { rows } = await store.sql.query(
    `select s.survey, a.scale_type, a.scale_min, a.scale_max
     from jsonb_array_elements_text($1::text::jsonb) as s(survey)
     cross join lateral (select scale_type, scale_min, scale_max from csat_answers
       where survey = s.survey order by seq desc limit 1) as a`,
    [JSON.stringify(surveys)],
  );
  type Row = { survey: string; scale_type: AnswerScale['type']; scale_min: number; scale_max: number };
  return Object.fromEntries(
    (rows as Row[]).map((r) => [r.survey, { type: r.scale_type, min: Number(r.scale_min), max: Number(r.scale_max) }]),
  );
}

async function latestComments(store: DemoStore, survey: string | undefined, n: number): Promise<LatestComment[]> {
  const params: unknown[] = [String(n)];
  const bySurvey = survey === undefined ? '' : `and survey = $${params.push(survey)}`;
  // By arrival, not by the answer's own `at`: a client's clock (or an answer dated 9999) cannot pin
  // a comment to the top.
  const { rows } = await store.sql.query(
    `select comment as text, survey, score, scale_type, scale_min, scale_max, locale, answer->>'at' as at
     from csat_answers where comment is not null ${bySurvey} order by seq desc limit $1::text::int`,
    params,
  );
  type Row = Omit<LatestComment, 'scale'> & { scale_type: AnswerScale['type']; scale_min: number; scale_max: number };
  return (rows as Row[]).map((r) => ({
    text: r.text,
    survey: r.survey,
    score: Number(r.score),
    scale: { type: r.scale_type, min: Number(r.scale_min), max: Number(r.scale_max) },
    locale: r.locale,
    at: r.at,
  }));
}

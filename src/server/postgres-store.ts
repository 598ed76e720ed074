// A store for PostgreSQL: answers and events in two tables, one row per id, and summaries computed
// by the database. Works with any client that has `query(text, params)`: `pg`'s Pool or Client,
// and PGlite (PostgreSQL compiled to WebAssembly), which is why every statement is a single one
// and every parameter goes in as text and is cast in SQL (PGlite would otherwise serialize by
// the inferred type: a string bound to jsonb would be JSON-encoded a second time).
import { accumulator, addAnswers, addEvents, finish, type Accumulator, type Summary } from '../stats-core';
import type { GroupedSummary, GroupKey, SummaryEvent } from '../stats';
import type { Answer, AnswerScale } from '../types';
import type { AnswerStore } from './store';

/**
 * What `postgresStore` needs from a database client: `pg`'s `Pool` and `Client` and PGlite have it.
 * @see docs/collector.md
 */
export interface SqlClient {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** An event as stored (SPEC "Events"): the fields `summarize` reads, plus its id and time. */
export type StoredEvent = SummaryEvent & { id: string; at: string };

/**
 * Which rows `summarize` reads. Times are the answers' (and events') own `at`.
 * @see docs/collector.md
 */
export interface PostgresSummaryQuery {
  /** Only this survey. */
  survey?: string;
  /** From this time on (inclusive): a `Date` or an ISO 8601 string. */
  from?: Date | string;
  /** Before this time (exclusive). */
  to?: Date | string;
  /** Also one summary per survey, locale or interaction, as `summarize` from csat-widget/stats. */
  by?: GroupKey;
  /**
   * With `by`: keep the `top` groups with the most answers and add up the rest in `other`, so the
   * result stays small however many distinct surveys or locales were posted.
   */
  top?: number;
}

/**
 * What `summarize` returns with `by` and `top`: the groups kept, plus the rest added up.
 * @see docs/collector.md
 */
export interface TopGroupedSummary extends GroupedSummary {
  /** Every group beyond the `top` added up; absent when nothing was left out. */
  other?: Summary;
  /** Number of groups added up in `other` (0 when none). */
  otherGroups: number;
}

/**
 * What `postgresStore()` returns: an `AnswerStore` for `createCollector`, with summaries.
 * @see docs/collector.md
 */
export interface PostgresStore extends AnswerStore {
  /** Stores an answer or an event; `false` when one with this id was already stored. */
  add(item: Answer | StoredEvent): Promise<boolean>;
  /** Creates the tables now (otherwise the first call does); safe to call again. */
  init(): Promise<void>;
  /** Answers, oldest first (by arrival), optionally of one survey: for tests and small exports. */
  list(filter?: { survey?: string }): Promise<Answer[]>;
  /**
   * The figures `summarize` from csat-widget/stats gives for the same answers and events,
   * computed with SQL aggregates: a few rows per scale and score cross the wire, not the answers.
   */
  summarize(query: PostgresSummaryQuery & { by: GroupKey; top: number }): Promise<TopGroupedSummary>;
  summarize(query: PostgresSummaryQuery & { by: GroupKey }): Promise<GroupedSummary>;
  summarize(query?: PostgresSummaryQuery & { by?: undefined }): Promise<Summary>;
  summarize(query?: PostgresSummaryQuery): Promise<Summary | GroupedSummary>;
}

/**
 * The tables, created when missing. Columns for everything filtered, grouped or counted (so the
 * summaries are SQL aggregates), and the whole item as `jsonb`, which is what is read back: a field
 * added later needs no migration. `seq` orders by arrival. The primary key on `id` is what makes a
 * repeated delivery a no-op.
 */
const SCHEMA = [
  `create table if not exists csat_answers (
    seq bigint generated always as identity unique,
    id uuid primary key,
    survey text not null,
    interaction text,
    locale text not null,
    scale_type text not null,
    scale_min smallint not null,
    scale_max smallint not null,
    score smallint not null,
    normalized double precision not null,
    satisfied boolean not null,
    comment text,
    at timestamptz not null,
    received_at timestamptz not null default now(),
    answer jsonb not null
  )`,
  `create table if not exists csat_events (
    seq bigint generated always as identity unique,
    id uuid primary key,
    kind text not null,
    survey text not null,
    interaction text,
    locale text not null,
    at timestamptz not null,
    received_at timestamptz not null default now(),
    event jsonb not null
  )`,
];

const INDEXES = [
  'create index if not exists csat_answers_survey_seq on csat_answers (survey, seq)',
  'create index if not exists csat_answers_at on csat_answers (at)',
  'create index if not exists csat_events_at on csat_events (at)',
];

/**
 * Running totals per survey, locale, UTC day, scale and score (and per event kind), kept by
 * statement-level triggers in the inserting transaction: a summary adds up these few rows instead
 * of scanning every answer, so it takes milliseconds at a million answers and, on PGlite (one
 * connection, in the server's own thread), never holds up the inserts behind it for long. Created
 * in one transaction with the triggers and filled from rows already there, so nothing inserted
 * meanwhile is missed or counted twice.
 */
const TOTALS = `do $do$ begin
  if to_regclass('csat_answer_totals') is not null and to_regclass('csat_event_totals') is not null then return; end if;
  lock table csat_answers, csat_events in share row exclusive mode;
  create table if not exists csat_answer_totals (
    survey text not null, locale text not null, day date not null,
    scale_type text not null, scale_min smallint not null, scale_max smallint not null, score smallint not null,
    n bigint not null, satisfied bigint not null, normalized_sum double precision not null,
    primary key (survey, locale, day, scale_type, scale_min, scale_max, score));
  create table if not exists csat_event_totals (
    survey text not null, locale text not null, day date not null, kind text not null, n bigint not null,
    primary key (survey, locale, day, kind));
  create or replace function csat_count_answers() returns trigger language plpgsql as $fn$ begin
    insert into csat_answer_totals as t
    select survey, locale, (at at time zone 'UTC')::date, scale_type, scale_min, scale_max, score,
      count(*), count(*) filter (where satisfied), sum(normalized)
    from new_rows group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7
    on conflict (survey, locale, day, scale_type, scale_min, scale_max, score) do update
    set n = t.n + excluded.n, satisfied = t.satisfied + excluded.satisfied,
      normalized_sum = t.normalized_sum + excluded.normalized_sum;
    return null;
  end $fn$;
  create or replace function csat_count_events() returns trigger language plpgsql as $fn$ begin
    insert into csat_event_totals as t
    select survey, locale, (at at time zone 'UTC')::date, kind, count(*)
    from new_rows group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (survey, locale, day, kind) do update set n = t.n + excluded.n;
    return null;
  end $fn$;
  truncate csat_answer_totals, csat_event_totals;
  insert into csat_answer_totals
    select survey, locale, (at at time zone 'UTC')::date, scale_type, scale_min, scale_max, score,
      count(*), count(*) filter (where satisfied), sum(normalized)
    from csat_answers group by 1, 2, 3, 4, 5, 6, 7;
  insert into csat_event_totals
    select survey, locale, (at at time zone 'UTC')::date, kind, count(*) from csat_events group by 1, 2, 3, 4;
  create or replace trigger csat_count_answers after insert on csat_answers
    referencing new table as new_rows for each statement execute function csat_count_answers();
  create or replace trigger csat_count_events after insert on csat_events
    referencing new table as new_rows for each statement execute function csat_count_events();
end $do$`;

/**
 * A `csat_answers` table made by csat-widget's demo before 0.3 lacks the scale columns: they are
 * added and filled from the stored `jsonb` once, then required like in a new table.
 */
const UPGRADE = [
  `alter table csat_answers add column if not exists scale_type text,
    add column if not exists scale_min smallint, add column if not exists scale_max smallint,
    add column if not exists normalized double precision`,
  `update csat_answers set scale_type = answer->'scale'->>'type',
    scale_min = (answer->'scale'->>'min')::smallint, scale_max = (answer->'scale'->>'max')::smallint,
    normalized = (answer->>'normalized')::double precision where scale_type is null`,
  `alter table csat_answers alter column scale_type set not null, alter column scale_min set not null,
    alter column scale_max set not null, alter column normalized set not null`,
];

const INSERT_ANSWER = `
insert into csat_answers (id, survey, interaction, locale, scale_type, scale_min, scale_max, score, normalized, satisfied, comment, at, answer)
values ($1::text::uuid, $2, $3, $4, $5, $6::text::smallint, $7::text::smallint, $8::text::smallint,
  $9::text::double precision, $10::text::boolean, $11, $12::text::timestamptz, $13::text::jsonb)
on conflict (id) do nothing
returning 1`;

const INSERT_EVENT = `
insert into csat_events (id, kind, survey, interaction, locale, at, event)
values ($1::text::uuid, $2, $3, $4, $5, $6::text::timestamptz, $7::text::jsonb)
on conflict (id) do nothing
returning 1`;

/** Group columns, never taken from input: `by` is checked against this list before it reaches SQL. */
const GROUP_COLUMNS: Record<GroupKey, string> = {
  survey: 'survey',
  locale: 'locale',
  // `summarize` groups a null interaction under "(none)"; so does the SQL.
  interaction: `coalesce(interaction, '(none)')`,
};

interface BucketRow {
  key?: string | null;
  scale_type: AnswerScale['type'];
  scale_min: number;
  scale_max: number;
  score: number;
  n: number;
  satisfied: number;
  normalized_sum: number;
}

interface EventRow {
  key?: string | null;
  kind: string;
  n: number;
}

const isEvent = (item: Answer | StoredEvent): item is StoredEvent => (item as { kind?: unknown }).kind !== undefined;

const iso = (t: Date | string) => (typeof t === 'string' ? new Date(t) : t).toISOString();

/** Absent, or midnight UTC. */
const wholeDay = (t: Date | string | undefined) => t === undefined || iso(t).endsWith('T00:00:00.000Z');

/**
 * A store that keeps answers and events in PostgreSQL through `client` (`pg`'s `Pool`, or PGlite),
 * creating its tables `csat_answers` and `csat_events` on first use.
 * @example
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = postgresStore(pool);
 * const collect = createCollector({ store });
 * const { csat, csatCi95, responseRate } = await store.summarize({ from: lastWeek });
 * @see docs/collector.md
 */
export function postgresStore(client: SqlClient): PostgresStore {
  let ready: Promise<void> | undefined;
  const init = () => {
    // A failed start (database down) is tried again on the next call rather than remembered.
    ready ??= createTables(client).catch((e: unknown) => {
      ready = undefined;
      throw e;
    });
    return ready;
  };
  const query = async <Row>(text: string, params: unknown[] = []): Promise<Row[]> => {
    await init();
    return (await client.query(text, params)).rows as Row[];
  };

  async function add(item: Answer | StoredEvent): Promise<boolean> {
    const rows = isEvent(item)
      ? await query(INSERT_EVENT, [
          item.id,
          item.kind,
          item.survey,
          item.interaction,
          item.locale,
          item.at,
          JSON.stringify(item),
        ])
      : await query(INSERT_ANSWER, [
          item.id,
          item.survey,
          item.interaction,
          item.locale,
          item.scale.type,
          String(item.scale.min),
          String(item.scale.max),
          String(item.score),
          String(item.normalized),
          String(item.satisfied),
          item.comment,
          item.at,
          JSON.stringify(item),
        ]);
    return rows.length === 1;
  }

  async function list(filter: { survey?: string } = {}): Promise<Answer[]> {
    const params: unknown[] = [];
    const where = filter.survey === undefined ? '' : `where survey = $${params.push(filter.survey)}`;
    const rows = await query<{ answer: Answer | string }>(
      `select answer from csat_answers ${where} order by seq`,
      params,
    );
    // Both drivers parse jsonb; the string case covers a driver configured not to.
    return rows.map((r) => (typeof r.answer === 'string' ? (JSON.parse(r.answer) as Answer) : r.answer));
  }

  async function summarize(q: PostgresSummaryQuery = {}): Promise<Summary | GroupedSummary | TopGroupedSummary> {
    if (q.by !== undefined && !Object.hasOwn(GROUP_COLUMNS, q.by)) {
      throw new TypeError(`[csat] summarize: by must be 'survey', 'locale' or 'interaction', got ${String(q.by)}`);
    }
    // The running totals answer whole UTC days per survey and locale; anything finer (a time of
    // day, or interactions) is counted from the rows themselves.
    const totals = q.by !== 'interaction' && wholeDay(q.from) && wholeDay(q.to);
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (q.survey !== undefined) conditions.push(`survey = $${params.push(q.survey)}`);
    const time = totals ? 'day' : 'at';
    const cast = totals ? 'date' : 'timestamptz';
    const bound = (t: Date | string) => (totals ? iso(t).slice(0, 10) : iso(t));
    if (q.from !== undefined) conditions.push(`${time} >= $${params.push(bound(q.from))}::text::${cast}`);
    if (q.to !== undefined) conditions.push(`${time} < $${params.push(bound(q.to))}::text::${cast}`);
    const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
    const answers = totals ? 'csat_answer_totals' : 'csat_answers';
    const events = totals ? 'csat_event_totals' : 'csat_events';
    const count = totals ? 'sum(n)' : 'count(*)';
    const satisfied = totals ? 'sum(satisfied)' : 'count(*) filter (where satisfied)';
    const normalized = totals ? 'sum(normalized_sum)' : 'sum(normalized)';

    let key = q.by === undefined ? undefined : GROUP_COLUMNS[q.by];
    let kept: Set<string> | undefined;
    let groupCount = 0;
    if (key !== undefined && q.top !== undefined) {
      // The groups with most answers, ties by name so the cut is the same on every call; the
      // window count is taken after grouping and before the limit: the number of groups in all.
      const top = await query<{ key: string; groups: number }>(
        `select ${key} as key, (count(*) over ())::int as groups from ${answers} ${where}
         group by 1 order by ${count} desc, 1 limit $${params.length + 1}`,
        [...params, String(Math.max(0, Math.floor(q.top)))],
      );
      kept = new Set(top.map((r) => r.key));
      groupCount = top.length ? Number(top[0]!.groups) : 0;
      // Everything else becomes null, added up as `other`.
      const keys = `$${params.push(JSON.stringify([...kept]))}::text::jsonb`;
      key = `case when ${key} in (select jsonb_array_elements_text(${keys})) then ${key} end`;
    }
    const keyColumn = key === undefined ? '' : `${key} as key,`;
    const groupKey = key === undefined ? '' : 'key,';
    // One row per group, scale and score: a few dozen rows per group, whatever the number of answers.
    // Counts go out as float8: exact up to 2^53, and a number in both drivers (bigint would be text).
    const [buckets, eventRows] = await Promise.all([
      query<BucketRow>(
        `select ${keyColumn} scale_type, scale_min, scale_max, score, (${count})::float8 as n,
           (${satisfied})::float8 as satisfied, ${normalized} as normalized_sum
         from ${answers} ${where} group by ${groupKey} scale_type, scale_min, scale_max, score`,
        params,
      ),
      query<EventRow>(
        `select ${keyColumn} kind, (${count})::float8 as n from ${events} ${where} group by ${groupKey} kind`,
        params,
      ),
    ]);

    const overall = accumulator();
    const groups = new Map<string, Accumulator>();
    let other: Accumulator | undefined;
    const groupOf = (k: string | null | undefined): Accumulator | undefined => {
      if (key === undefined) return undefined;
      if (k === null || k === undefined) return (other ??= accumulator());
      let group = groups.get(k);
      if (!group) groups.set(k, (group = accumulator()));
      return group;
    };
    for (const r of buckets) {
      const scale = { type: r.scale_type, min: Number(r.scale_min), max: Number(r.scale_max) };
      const args = [Number(r.score), Number(r.n), Number(r.satisfied), Number(r.normalized_sum)] as const;
      addAnswers(overall, scale, ...args);
      const group = groupOf(r.key);
      if (group) addAnswers(group, scale, ...args);
    }
    for (const r of eventRows) {
      addEvents(overall, r.kind, Number(r.n));
      const group = groupOf(r.key);
      if (group) addEvents(group, r.kind, Number(r.n));
    }
    const withEvents = eventRows.some((r) => Number(r.n) > 0);
    const summary = finish(overall, withEvents);
    if (key === undefined) return summary;
    const result: GroupedSummary = {
      ...summary,
      // fromEntries defines own properties, so a survey named `__proto__` stays an ordinary key.
      groups: Object.fromEntries([...groups].map(([k, acc]) => [k, finish(acc, withEvents)])),
    };
    if (!kept) return result;
    return {
      ...result,
      ...(other && { other: finish(other, withEvents) }),
      otherGroups: Math.max(0, groupCount - kept.size),
    };
  }

  return { add, init, list, summarize: summarize as PostgresStore['summarize'] };
}

async function createTables(client: SqlClient): Promise<void> {
  for (const statement of SCHEMA) await client.query(statement);
  const { rows } = await client.query(
    `select 1 from information_schema.columns
     where table_schema = current_schema() and table_name = 'csat_answers' and column_name = 'scale_type'`,
  );
  if (rows.length === 0) for (const statement of UPGRADE) await client.query(statement);
  for (const statement of INDEXES) await client.query(statement);
  await client.query(TOTALS);
}

// Where the demo keeps answers: one SQL module, two drivers. With no configuration, PGlite
// (PostgreSQL compiled to WebAssembly, an npm package with no install step or native build) keeps
// a real Postgres data directory under `.csat-data/`. With `DATABASE_URL=postgres://…` the same
// statements run on a PostgreSQL server through `pg`: the path for a collector that outgrows one
// machine. Either way the table is created on start, and the answer's `id` is the primary key, so
// a repeated delivery is a no-op that `add` reports as `false` (what `createCollector` expects).
import type { AnswerStore } from '../../src/server';
import type { Answer } from '../../src/types';

/** How to open the store. */
export interface StoreOptions {
  /** `postgres://…`: use that PostgreSQL server instead of the embedded database. */
  databaseUrl?: string;
  /** Directory of the embedded database. @default '.csat-data' (relative to the working directory) */
  dataDir?: string;
}

/** What a store may be asked to read back. */
export interface StreamFilter {
  /** Only answers to this survey. */
  survey?: string;
}

/** The demo's answer store: `createCollector`'s `AnswerStore`, plus reading back and closing. */
export interface DemoStore extends AnswerStore {
  /** `false` when an answer with this id was already stored. */
  add(answer: Answer): Promise<boolean>;
  /** Every stored answer, oldest first. Fine for tests; dashboards should use `stream`. */
  list(filter?: StreamFilter): Promise<Answer[]>;
  /**
   * Stored answers, oldest first, read in pages of `STREAM_PAGE` rows so memory does not grow with
   * the table (keyset paging on `seq`: each page is one indexed range scan).
   */
  stream(filter?: StreamFilter): AsyncIterable<Answer>;
  /** Which database: `'pglite'` or `'postgres'`. */
  readonly kind: 'pglite' | 'postgres';
  /** Where, for logs: the data directory, or the server URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

/** The little both drivers have in common. */
interface Sql {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Runs several statements without parameters (the simple query protocol). */
  exec(text: string): Promise<unknown>;
  end(): Promise<void>;
}

/** Rows per page when streaming: small enough to keep memory flat, large enough to need few round trips. */
export const STREAM_PAGE = 500;

/**
 * The schema, created on every start. Columns for what one filters and groups by (so SQL reports
 * and indexes work), and the whole answer as `jsonb`, which is what is read back: a field added to
 * the answer later needs no migration. `seq` orders answers by arrival for paging.
 */
export const SCHEMA = `
create table if not exists csat_answers (
  seq bigint generated always as identity unique,
  id uuid primary key,
  survey text not null,
  interaction text,
  locale text not null,
  score smallint not null,
  satisfied boolean not null,
  comment text,
  at timestamptz not null,
  received_at timestamptz not null default now(),
  answer jsonb not null
);
create index if not exists csat_answers_survey_seq on csat_answers (survey, seq);
`;

// Every parameter goes in as text and is cast in SQL: `pg` sends strings as text anyway, and
// PGlite would otherwise serialize by the inferred type (a string bound to jsonb would be
// JSON-encoded a second time).
const INSERT = `
insert into csat_answers (id, survey, interaction, locale, score, satisfied, comment, at, answer)
values ($1::text::uuid, $2, $3, $4, $5::text::smallint, $6::text::boolean, $7, $8::text::timestamptz, $9::text::jsonb)
on conflict (id) do nothing
returning id`;

/** Opens (and if needed creates) the store: PostgreSQL when `databaseUrl` is set, else PGlite. */
export async function openStore(options: StoreOptions = {}): Promise<DemoStore> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
    const sql: Sql = {
      query: async <Row>(text: string, params?: unknown[]) => ({
        rows: (await pool.query(text, params)).rows as Row[],
      }),
      exec: (text) => pool.query(text),
      end: () => pool.end(),
    };
    return sqlStore(sql, 'postgres', redact(options.databaseUrl));
  }
  const dir = options.dataDir ?? '.csat-data';
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dir);
  const sql: Sql = {
    query: async <Row>(text: string, params?: unknown[]) => ({ rows: (await db.query<Row>(text, params)).rows }),
    exec: (text) => db.exec(text),
    end: () => db.close(),
  };
  return sqlStore(sql, 'pglite', dir);
}

async function sqlStore(sql: Sql, kind: DemoStore['kind'], location: string): Promise<DemoStore> {
  try {
    await sql.exec(SCHEMA);
  } catch (e) {
    await sql.end().catch(() => {});
    throw e;
  }

  async function* stream(filter: StreamFilter = {}): AsyncGenerator<Answer> {
    let after = '0';
    for (;;) {
      const params: unknown[] = [after, STREAM_PAGE];
      const bySurvey = filter.survey === undefined ? '' : `and survey = $${params.push(filter.survey)}`;
      // `seq` goes out as text (pg would return a bigint as a string anyway), under another name:
      // an output column named `seq` would be what `order by seq` sorts, as text.
      const { rows } = await sql.query<{ cursor: string; answer: Answer | string }>(
        `select seq::text as cursor, answer from csat_answers where seq > $1::text::bigint ${bySurvey} order by seq limit $2`,
        params,
      );
      // Both drivers parse jsonb; the string case covers a driver configured not to.
      for (const row of rows) yield typeof row.answer === 'string' ? (JSON.parse(row.answer) as Answer) : row.answer;
      if (rows.length < STREAM_PAGE) return;
      after = rows[rows.length - 1]!.cursor;
    }
  }

  return {
    kind,
    location,
    async add(a) {
      const { rows } = await sql.query(INSERT, [
        a.id,
        a.survey,
        a.interaction,
        a.locale,
        String(a.score),
        String(a.satisfied),
        a.comment,
        a.at,
        JSON.stringify(a),
      ]);
      return rows.length === 1;
    },
    async list(filter) {
      const out: Answer[] = [];
      for await (const a of stream(filter)) out.push(a);
      return out;
    },
    stream,
    close: () => sql.end(),
  };
}

/** The URL without its password, for logs. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return 'postgres (unparsable DATABASE_URL)';
  }
}

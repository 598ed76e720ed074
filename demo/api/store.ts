// Where the demo keeps answers and events: `postgresStore` from csat-widget/server on one of two
// clients. With no configuration, PGlite (PostgreSQL compiled to WebAssembly, an npm package with
// no install step or native build) keeps a real Postgres data directory under `.csat-data/`. With
// `DATABASE_URL=postgres://…` the same store runs on a PostgreSQL server through `pg`'s Pool: the
// path for a collector that outgrows one machine. Either way the tables are created on start.
import { postgresStore, type PostgresStore, type SqlClient } from '../../src/server';
import type { Answer } from '../../src/types';

/** How to open the store. */
export interface StoreOptions {
  /** `postgres://…`: use that PostgreSQL server instead of the embedded database. */
  databaseUrl?: string;
  /** Directory of the embedded database. @default '.csat-data' (relative to the working directory) */
  dataDir?: string;
}

/** The demo's store: `postgresStore`, plus the client (for the dashboard's own queries) and closing. */
export interface DemoStore extends PostgresStore {
  /** The client the store runs on, for the dashboard's trend and comments queries. */
  readonly sql: SqlClient;
  /** Which database: `'pglite'` or `'postgres'`. */
  readonly kind: 'pglite' | 'postgres';
  /** Where, for logs: the data directory, or the server URL without its password. */
  readonly location: string;
  close(): Promise<void>;
  /** The stored answers in arrival order, read a page at a time so memory stays flat (CSV export). */
  stream(filter?: { survey?: string | undefined }): AsyncIterable<Answer>;
}

/** Rows per page when streaming: few round trips, bounded memory. */
const PAGE_ROWS = 500;

/** Opens (and if needed creates) the store: PostgreSQL when `databaseUrl` is set, else PGlite. */
export async function openStore(options: StoreOptions = {}): Promise<DemoStore> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
    return opened(pool, 'postgres', redact(options.databaseUrl), () => pool.end());
  }
  const dir = options.dataDir ?? '.csat-data';
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dir);
  return opened(db, 'pglite', dir, () => db.close());
}

async function opened(
  sql: SqlClient,
  kind: DemoStore['kind'],
  location: string,
  close: () => Promise<void>,
): Promise<DemoStore> {
  const store = postgresStore(sql);
  try {
    await store.init();
  } catch (e) {
    await close().catch(() => {});
    throw e;
  }
  // Keyset pages on the arrival sequence: each page is an index range scan, whatever the offset.
  async function* stream(filter: { survey?: string | undefined } = {}): AsyncGenerator<Answer> {
    for (let after = 0; ;) {
      const params: unknown[] = [after, PAGE_ROWS];
      const bySurvey = filter.survey === undefined ? '' : `and survey = $${params.push(filter.survey)}`;
      const { rows } = await sql.query(
        `select seq::float8 as seq, answer from csat_answers where seq > $1::text::bigint ${bySurvey}
         order by seq limit $2::text::int`,
        params.map(String),
      );
      const page = rows as { seq: number; answer: Answer | string }[];
      for (const r of page) yield typeof r.answer === 'string' ? (JSON.parse(r.answer) as Answer) : r.answer;
      if (page.length < PAGE_ROWS) return;
      after = page[page.length - 1]!.seq;
    }
  }
  return Object.assign(store, { sql, kind, location, close, stream });
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

// The DATABASE_URL path against a real PostgreSQL server: Debian's `postgresql` package, started
// for this file on 127.0.0.1 (see postgres-cluster.ts). Without the package this file fails with
// the command that installs it, rather than skipping: .ci/run installs it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type DemoStore } from '../../demo/api/store';
import { postgresStore } from '../../src/server';
import { startDemo, type Demo } from '../demo-server';
import { largestAnswer, UNSTORABLE } from '../answer-limits';
import { validAnswer } from '../fixtures';
import { startPostgres, type Cluster } from './postgres-cluster';
import { storeContract } from './store-contract';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(() => cluster?.stop());

describe('demo store on PostgreSQL', () => {
  let store: DemoStore;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: cluster.url });
  });
  afterAll(() => store?.close());

  it('creates its table on start and keeps the password out of its location', async () => {
    expect(store.kind).toBe('postgres');
    expect(store.location).toBe(cluster.url);
    const redacted = await openStore({ databaseUrl: cluster.url.replace('postgres@', 'postgres:secret@') });
    expect(redacted.location).not.toContain('secret');
    await redacted.close();
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns where table_name = 'csat_answers' order by ordinal_position`,
      );
      expect(Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]))).toMatchObject({
        id: 'uuid',
        survey: 'text',
        at: 'timestamp with time zone',
        answer: 'jsonb',
      });
    } finally {
      await client.end();
    }
  });

  it.each(UNSTORABLE)('refuses %s itself: what the schema now refuses first', async (_, fields) => {
    await expect(store.add(validAnswer({ survey: 'pg-unstorable', ...fields }))).rejects.toThrow();
  });

  it('stores the largest valid answer and reads it back unchanged', async () => {
    const a = { ...largestAnswer(), survey: 'pg-largest' };
    expect(await store.add(a)).toBe(true);
    expect(await store.list({ survey: 'pg-largest' })).toEqual([a]);
  });

  storeContract(
    () => store,
    async () => {
      await store.close();
      return (store = await openStore({ databaseUrl: cluster.url }));
    },
  );
});

describe('postgresStore on a database the old demo wrote to', () => {
  it('adds the columns and totals it needs, filled from the answers already there', async () => {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database old_demo');
    await admin.end();
    const pool = new pg.Pool({ connectionString: cluster.url.replace(/\/postgres$/, '/old_demo') });
    try {
      // The table as demo/api/store.ts created it before postgresStore.
      await pool.query(`create table csat_answers (
        seq bigint generated always as identity unique, id uuid primary key, survey text not null,
        interaction text, locale text not null, score smallint not null, satisfied boolean not null,
        comment text, at timestamptz not null, received_at timestamptz not null default now(), answer jsonb not null)`);
      const old = validAnswer({ survey: 'old', score: 2, normalized: 0.25, satisfied: false });
      await pool.query(
        `insert into csat_answers (id, survey, interaction, locale, score, satisfied, comment, at, answer)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [old.id, old.survey, old.interaction, old.locale, old.score, old.satisfied, old.comment, old.at, old],
      );
      const store = postgresStore(pool);
      expect(await store.add(old)).toBe(false);
      const next = validAnswer({ survey: 'old', score: 5, normalized: 1, satisfied: true });
      expect(await store.add(next)).toBe(true);
      expect(await store.summarize({ survey: 'old' })).toMatchObject({ count: 2, satisfied: 1, mean: 3.5, csat: 50 });
      expect(await store.list({ survey: 'old' })).toEqual([old, next]);
    } finally {
      await pool.end();
    }
  });
});

describe('demo server with DATABASE_URL', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo({ DATABASE_URL: cluster.url });
  }, 60_000);
  afterAll(() => demo?.stop());

  it('says it stores in PostgreSQL, collects into it and summarizes from it', async () => {
    const survey = 'server-pg';
    const a = validAnswer({ survey, score: 2, normalized: 0.25, satisfied: false, comment: 'Slow delivery' });
    const post = () =>
      fetch(`${demo.origin}/api/csat`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify(a),
      });
    expect((await post()).status).toBe(201);
    const again = await post();
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    expect((await post2(validAnswer({ survey, score: 5, normalized: 1, satisfied: true }))).status).toBe(201);

    const res = await fetch(`${demo.origin}/api/summary?survey=${survey}`);
    expect(res.status).toBe(200);
    const s = await res.json();
    expect(s).toMatchObject({ store: 'postgres', survey, count: 2, satisfied: 1, csat: 50, mean: 3.5 });
    expect(s.comments).toEqual([expect.objectContaining({ text: 'Slow delivery', survey, score: 2 })]);

    // It said where it stores (once the store was open, which the requests above waited for).
    expect(demo.output()).toContain('answers stored in PostgreSQL postgres://postgres@127.0.0.1:');
    // The rows are in the server's table, once each.
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const { rows } = await client.query('select count(*)::int as n from csat_answers where survey = $1', [survey]);
      expect(rows[0].n).toBe(2);
    } finally {
      await client.end();
    }

    function post2(answer: unknown) {
      return fetch(`${demo.origin}/api/csat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(answer),
      });
    }
    // The first request compiles demo/api/ through Vite: seconds on a busy machine.
  }, 30_000);

  const post = (body: unknown) =>
    fetch(`${demo.origin}/api/csat`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(body),
    });

  it.each(UNSTORABLE)(
    'answers %s with 400 naming the field, not a 500 the widget retries',
    async (_, fields, field) => {
      const res = await post(validAnswer({ survey: 'server-pg-unstorable', ...fields }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { problems: string[] }).problems).toEqual([expect.stringContaining(field)]);
    },
  );

  it('stores the largest valid answer, and an id in upper case once, in lower case', async () => {
    const big = { ...largestAnswer(), survey: 'server-pg-limits' };
    expect((await post(big)).status).toBe(201);
    const a = validAnswer({ survey: 'server-pg-limits' });
    expect((await post({ ...a, id: a.id.toUpperCase() })).status).toBe(201);
    const again = await post(a);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; answer: { id: string; comment: string } }>(
        'select id::text, answer from csat_answers where survey = $1 order by seq',
        ['server-pg-limits'],
      );
      expect(rows.map((r) => [r.id, r.answer.id])).toEqual([
        [big.id, big.id],
        [a.id, a.id],
      ]);
      expect(rows[0]!.answer.comment).toBe(big.comment);
    } finally {
      await client.end();
    }
  });
});

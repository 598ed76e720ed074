// `npm run bench:summary`: the summary and ingestion targets of issue 13, measured and printed as a
// table. A measurement, not a test: it exits 0 and marks figures over target.
//
//   (a) summary over 1,000,000 answers on PostgreSQL: Debian's server, started here like the node
//       tests' cluster (test/node/postgres-cluster.ts); rows made by generate_series in the server.
//       Timed: `postgresStore().summarize()` (every figure; median of RUNS) and, printed beside it,
//       the whole dashboard summary (`/api/summary`'s body).
//   (b) the same on PGlite (a temporary data directory).
//   (c) p99 of POST /api/csat while summaries run back to back: the demo API (demo/api/app.ts)
//       served in-process on 127.0.0.1, on the 1M-answer PostgreSQL database and on the 1M-answer
//       PGlite one; a client loop requests /api/summary back to back while another POSTs answers.
//   (d) server memory (RSS and heap of this process) sampled during (c).
//   (e) demo ingestion on PGlite: 2000 answers POSTed 50 at a time (a tenth of them twice), then the
//       table is counted: none lost, none stored twice.
//
// Env: BENCH_ROWS (default 1,000,000), BENCH_RUNS (default 5), BENCH_SECONDS (length of (c), default 10).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = Number(process.env.BENCH_ROWS) || 1_000_000;
const RUNS = Number(process.env.BENCH_RUNS) || 5;
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS) || 10;
const TARGETS = { postgresMs: 200, pgliteMs: 1000, postP99Ms: 100 };

// The demo's TypeScript (and the library source it imports) loaded the way demo/server.mjs does.
const vite = await createViteServer({
  root,
  configFile: false,
  logLevel: 'error',
  server: { middlewareMode: true, hmr: false, watch: null },
  appType: 'custom',
  cacheDir: join(tmpdir(), 'csat-bench-vite'),
});
const load = (path) => vite.ssrLoadModule(path);
const { createDemoApi } = await load('/demo/api/app.ts');
const { dashboardSummary } = await load('/demo/api/summary.ts');
const { startPostgres } = await load('/test/node/postgres-cluster.ts');

const temp = mkdtempSync(join(tmpdir(), 'csat-bench-'));
const rows = [];
const row = (measure, value, target, pass) => rows.push({ measure, value, target, pass });
const ms = (t) => `${t.toFixed(t < 10 ? 1 : 0)} ms`;
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Median duration of `runs` calls of `fn`, after one warm-up call. */
async function median(fn, runs = RUNS) {
  await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

// 1M answers in 20 surveys, 12 locales, 60 days; 1 in 10 on an NPS scale, the rest 1–5 stars; and
// one shown event per 2 answers. Made inside the database: no rows cross the wire.
const FILL_ANSWERS = `
insert into csat_answers (id, survey, interaction, locale, scale_type, scale_min, scale_max, score, normalized, satisfied, comment, at, answer)
select id, survey, null, locale, t, lo, hi, score, (score - lo)::float8 / (hi - lo),
  case when t = 'nps' then score >= 9 else (score - lo)::float8 / (hi - lo) >= 0.6 end,
  case when i % 50 = 0 then 'comment ' || i end, at,
  jsonb_build_object('v', 1, 'id', id, 'survey', survey, 'interaction', null, 'locale', locale,
    'scale', jsonb_build_object('type', t, 'min', lo, 'max', hi), 'score', score, 'at', at, 'metadata', '{}'::jsonb)
from (
  select i, md5('a' || i)::uuid as id, 'survey-' || (i % 20) as survey,
    (array['en','nl-NL','de','fr','ar','ja','es','it','pt-BR','sv','pl','tr'])[1 + i % 12] as locale,
    case when i % 10 = 0 then 'nps' else 'stars' end as t,
    case when i % 10 = 0 then 0 else 1 end as lo, case when i % 10 = 0 then 10 else 5 end as hi,
    case when i % 10 = 0 then (i * 7) % 11 else 1 + (i * 7) % 5 end as score,
    now() - ((i % 60) || ' days')::interval - ((i % 86400) || ' seconds')::interval as at
  from generate_series(1, $1::text::int) as i
) as g`;
const FILL_EVENTS = `
insert into csat_events (id, kind, survey, interaction, locale, at, event)
select md5('e' || i)::uuid, 'shown', 'survey-' || (i % 20), null, 'en', now() - ((i % 60) || ' days')::interval, '{}'::jsonb
from generate_series(1, $1::text::int / 2) as i`;

async function fill(sql) {
  const t = performance.now();
  await sql.query(FILL_ANSWERS, [String(ROWS)]);
  await sql.query(FILL_EVENTS, [String(ROWS)]);
  await sql.query('analyze');
  return performance.now() - t;
}

/** Times the store's summary and the dashboard's; returns the store's median. */
async function timeSummaries(api, label) {
  const { store } = api;
  const { rows: counted } = await store.sql.query('select count(*)::int as n from csat_answers');
  const summary = await median(() => store.summarize());
  const bySurvey = await median(() => store.summarize({ by: 'survey', top: 50 }));
  const dashboard = await median(() => dashboardSummary(store, { maxAgeMs: 0 }));
  // A window that does not start at midnight UTC is counted from the rows: the cost without totals.
  const rowScan = await median(() => store.summarize({ from: new Date(Date.UTC(2000, 0, 1, 1)) }), 1);
  console.log(
    `[bench] ${label}: ${counted[0].n} answers; summarize() ${ms(summary)}, by survey (top 50) ${ms(bySurvey)}, whole /api/summary body ${ms(dashboard)}; counted from the rows ${ms(rowScan)}`,
  );
  return { summary, bySurvey, dashboard, rowScan };
}

/** Serves the demo API on 127.0.0.1; resolves to its origin. */
function serve(api) {
  const server = createServer((req, res) => {
    if (!api.handle(req, res)) res.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${server.address().port}`, server })),
  );
}

const answer = (i) => ({
  v: 1,
  id: crypto.randomUUID(),
  survey: 'bench-load',
  interaction: null,
  scale: { type: 'stars', min: 1, max: 5 },
  score: 1 + (i % 5),
  normalized: (i % 5) / 4,
  satisfied: i % 5 >= 3,
  comment: null,
  locale: 'en',
  page: 'https://shop.example/checkout/done',
  at: new Date().toISOString(),
  metadata: {},
});
const post = (origin, body) =>
  fetch(`${origin}/api/csat`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify(body),
  });

/**
 * POSTs answers one after another (one at a time, 20 ms apart, like visitors) while a second
 * client asks for /api/summary back to back; bounded by LOAD_SECONDS. Samples memory meanwhile.
 */
async function postsDuringSummaries(api, label) {
  const { origin, server } = await serve(api);
  const deadline = performance.now() + LOAD_SECONDS * 1000;
  const latencies = [];
  let summaries = 0;
  let failed = 0;
  const memory = { rssMin: Infinity, rssMax: 0, heapMax: 0 };
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    memory.rssMin = Math.min(memory.rssMin, m.rss);
    memory.rssMax = Math.max(memory.rssMax, m.rss);
    memory.heapMax = Math.max(memory.heapMax, m.heapUsed);
  }, 50);
  const summaryLoop = (async () => {
    while (performance.now() < deadline && summaries < 1_000_000) {
      const res = await fetch(`${origin}/api/summary`);
      await res.arrayBuffer();
      summaries++;
    }
  })();
  const postLoop = (async () => {
    for (let i = 0; performance.now() < deadline && i < 100_000; i++) {
      const t = performance.now();
      const res = await post(origin, answer(i));
      latencies.push(performance.now() - t);
      if (res.status !== 201) failed++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await Promise.all([summaryLoop, postLoop]);
  clearInterval(sample);
  server.close();
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  console.log(
    `[bench] ${label}: ${latencies.length} POSTs (${failed} not 201) during ${summaries} summaries; ` +
      `p50 ${ms(p(0.5))}, p99 ${ms(p(0.99))}, max ${ms(latencies[latencies.length - 1])}; ` +
      `RSS ${mb(memory.rssMin)}–${mb(memory.rssMax)}, heap max ${mb(memory.heapMax)}`,
  );
  return { p99: p(0.99), failed, summaries, posts: latencies.length, memory };
}

/** 2000 answers, 50 requests in flight, a tenth sent twice; then counts what was stored. */
async function ingestion(api) {
  const { origin, server } = await serve(api);
  const answers = Array.from({ length: 2000 }, (_, i) => ({ ...answer(i), survey: 'bench-ingest' }));
  const sends = [...answers, ...answers.filter((_, i) => i % 10 === 0)];
  const statuses = { 201: 0, 200: 0, other: 0 };
  let next = 0;
  const t = performance.now();
  const worker = async () => {
    while (next < sends.length) {
      const res = await post(origin, sends[next++]);
      await res.arrayBuffer();
      if (res.status === 201 || res.status === 200) statuses[res.status]++;
      else statuses.other++;
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  const elapsed = performance.now() - t;
  server.close();
  const { rows: counted } = await api.store.sql.query(
    `select count(*)::int as n, count(distinct id)::int as ids from csat_answers where survey = 'bench-ingest'`,
  );
  const { n, ids } = counted[0];
  const sent = new Set(answers.map((a) => a.id));
  const stored = await api.store.list({ survey: 'bench-ingest' });
  const lost = [...sent].filter((id) => !stored.some((a) => a.id === id)).length;
  console.log(
    `[bench] ingestion: ${sends.length} POSTs (2000 answers, 200 repeats) at 50 concurrent in ${ms(elapsed)} ` +
      `(${Math.round((sends.length / elapsed) * 1000)}/s): ${statuses[201]}×201, ${statuses[200]}×200 duplicate, ${statuses.other} other; ` +
      `stored ${n} rows, ${ids} ids, ${lost} lost`,
  );
  return { elapsed, n, ids, lost, statuses };
}

const cluster = await startPostgres();
try {
  // (a) PostgreSQL
  const pgApi = await createDemoApi({ databaseUrl: cluster.url });
  console.log(`[bench] PostgreSQL: filled ${ROWS} answers in ${ms(await fill(pgApi.store.sql))}`);
  const pg = await timeSummaries(pgApi, 'PostgreSQL');
  row('summary over 1M answers, PostgreSQL', ms(pg.summary), '≤ 200 ms', pg.summary <= TARGETS.postgresMs);
  row('  the whole /api/summary body, PostgreSQL', ms(pg.dashboard), '(printed)', null);
  row('  summary counted from the rows (no daily totals), PostgreSQL', ms(pg.rowScan), '(printed)', null);
  const pgLoad = await postsDuringSummaries(pgApi, 'PostgreSQL load');
  await pgApi.close();

  // (b) PGlite
  const pgliteApi = await createDemoApi({ dataDir: join(temp, 'pglite') });
  console.log(`[bench] PGlite: filled ${ROWS} answers in ${ms(await fill(pgliteApi.store.sql))}`);
  const lite = await timeSummaries(pgliteApi, 'PGlite');
  row('summary over 1M answers, PGlite', ms(lite.summary), '≤ 1 s', lite.summary <= TARGETS.pgliteMs);
  row('  the whole /api/summary body, PGlite', ms(lite.dashboard), '(printed)', null);
  row('  summary counted from the rows (no daily totals), PGlite', ms(lite.rowScan), '(printed)', null);

  // (c), (d)
  const liteLoad = await postsDuringSummaries(pgliteApi, 'PGlite load');
  await pgliteApi.close();
  for (const [name, load] of [
    ['PostgreSQL', pgLoad],
    ['PGlite', liteLoad],
  ]) {
    row(
      `p99 POST /api/csat during summaries, ${name} (1M)`,
      `${ms(load.p99)} (${load.posts} POSTs, ${load.summaries} summaries)`,
      '≤ 100 ms',
      load.p99 <= TARGETS.postP99Ms && load.failed === 0,
    );
    row(
      `server memory during summaries, ${name}`,
      `RSS ${mb(load.memory.rssMin)}–${mb(load.memory.rssMax)}, heap ≤ ${mb(load.memory.heapMax)}`,
      'flat (printed)',
      null,
    );
  }

  // (e) a fresh PGlite, as `npm run demo` starts
  const fresh = await createDemoApi({ dataDir: join(temp, 'pglite-fresh') });
  const ingest = await ingestion(fresh);
  await fresh.close();
  row(
    'demo ingestion, 2000 answers at 50 concurrent, PGlite',
    `${ms(ingest.elapsed)}, ${ingest.n} stored, ${ingest.lost} lost, ${ingest.n - ingest.ids} twice`,
    'none lost, none twice',
    ingest.n === 2000 && ingest.ids === 2000 && ingest.lost === 0,
  );
} finally {
  await cluster.stop();
  await vite.close();
  rmSync(temp, { recursive: true, force: true });
}

const width = (key) => Math.max(key.length, ...rows.map((r) => String(r[key]).length));
const [wm, wv, wt] = [width('measure'), width('value'), width('target')];
console.log(`\n| ${'measure'.padEnd(wm)} | ${'value'.padEnd(wv)} | ${'target'.padEnd(wt)} | ok |`);
console.log(`|${'-'.repeat(wm + 2)}|${'-'.repeat(wv + 2)}|${'-'.repeat(wt + 2)}|----|`);
for (const r of rows) {
  const ok = r.pass === null ? '  ' : r.pass ? '✓ ' : '✗ ';
  console.log(`| ${r.measure.padEnd(wm)} | ${r.value.padEnd(wv)} | ${r.target.padEnd(wt)} | ${ok} |`);
}
process.exit(0);

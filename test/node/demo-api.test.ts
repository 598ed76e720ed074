// The demo's API as a visitor (or an attacker) reaches it: a node:http server in front of
// createDemoApi with PGlite in a temporary directory. CSV export, the Host check, latest comments
// by arrival; and the data-directory lock of demo/server.mjs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoApi, hostAllowed, type DemoApi } from '../../demo/api/app';
import { csvCell, keep } from '../../demo/api/csv';
import { DataDirLocked, LOCK_FILE, lockDataDir } from '../../demo/data-lock.mjs';
import type { Answer } from '../../src/types';
import { startDemo } from '../demo-server';
import { validAnswer } from '../fixtures';

const SERVER = fileURLToPath(new URL('../../demo/server.mjs', import.meta.url));

/** GET or POST with an explicit Host header (fetch would not let a test set it). */
function call(
  url: string,
  { method = 'GET', host, body }: { method?: string; host?: string; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        // A connection per request: a kept-alive socket the server closes after its 5 s idle
        // timeout (while a slow test fills the store) races the next request and resets it.
        agent: false,
        headers: { host: host ?? u.host, ...(body ? { 'content-type': 'text/plain' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A small RFC 4180 reader, to check the file as a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(cell), (cell = ''));
    else if (c === '\r' && text[i + 1] === '\n') (row.push(cell), rows.push(row), (row = []), (cell = ''), i++);
    else cell += c;
  }
  return rows;
}

describe('demo API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csat-demo-api-'));
  let api: DemoApi;
  let server: Server;
  let origin: string;
  const post = (a: object) => call(`${origin}/api/csat`, { method: 'POST', body: JSON.stringify(a) });

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!api.handle(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    origin = `http://127.0.0.1:${port}`;
    api = await createDemoApi({
      dataDir: dir,
      allowedHosts: () => [`127.0.0.1:${port}`, `localhost:${port}`, 'dash.example'],
    });
  }, 60_000);
  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses API requests whose Host is not one of its names (DNS rebinding), reads and writes alike', async () => {
    const a = validAnswer({ survey: 'rebinding' });
    for (const host of ['evil.example', `evil.example:${new URL(origin).port}`, '127.0.0.1:1', 'localhost.evil']) {
      const read = await call(`${origin}/api/summary`, { host });
      expect(read.status, host).toBe(403);
      expect(JSON.parse(read.text)).toMatchObject({ error: 'host_not_allowed' });
      expect((await call(`${origin}/api/answers.csv`, { host })).status).toBe(403);
      expect((await call(`${origin}/api/csat`, { method: 'POST', host, body: JSON.stringify(a) })).status).toBe(403);
    }
    expect((await call(`${origin}/api/summary?survey=rebinding`)).text).toContain('"count":0');
    // Its own names, and a configured one on any port.
    expect((await call(`${origin}/api/summary`, { host: `localhost:${new URL(origin).port}` })).status).toBe(200);
    expect((await call(`${origin}/api/summary`, { host: 'DASH.example:8443' })).status).toBe(200);
  });

  it('hostAllowed: a bare name allows any port, name:port only that port; junk is refused', () => {
    expect(hostAllowed('[::1]:5173', ['[::1]:5173'])).toBe(true);
    expect(hostAllowed('[::1]:5174', ['[::1]:5173'])).toBe(false);
    expect(hostAllowed('localhost:9', ['localhost'])).toBe(true);
    expect(hostAllowed('localhost:80', ['localhost:80'])).toBe(true);
    expect(hostAllowed(undefined, ['localhost'])).toBe(false);
    expect(hostAllowed('localhost/x', ['localhost'])).toBe(false);
    expect(hostAllowed('user@localhost', ['localhost'])).toBe(false);
  });

  it('lists the latest comments by arrival: an answer dated 9999 does not stay on top', async () => {
    const survey = 'arrival';
    expect(
      (await post(validAnswer({ survey, comment: 'from the future', at: '9999-12-31T00:00:00.000Z' }))).status,
    ).toBe(201);
    expect((await post(validAnswer({ survey, comment: 'just now', at: '2026-11-20T10:00:00.000Z' }))).status).toBe(201);
    const s = JSON.parse((await call(`${origin}/api/summary?survey=${survey}`)).text) as {
      comments: { text: string }[];
    };
    expect(s.comments.map((c) => c.text)).toEqual(['just now', 'from the future']);
  });

  it('exports answers as CSV: quoted, formulas neutralised, filtered by survey and days, events left out', async () => {
    const survey = 'csv-export';
    const answers: Answer[] = [
      validAnswer({ survey, comment: '=HYPERLINK("http://evil.example","click")', at: '2026-11-01T08:00:00.000Z' }),
      validAnswer({ survey, comment: 'Line one\nline "two", three', at: '2026-11-02T23:59:59.000Z' }),
      validAnswer({ survey, comment: '@SUM(A1)', interaction: '+31 6 1234', at: '2026-11-03T00:00:00.000Z' }),
      validAnswer({ survey, comment: '-2+3', metadata: { plan: '=1+1' }, at: '2026-11-02T12:00:00.000Z' }),
      validAnswer({ survey: 'other', comment: 'not this survey', at: '2026-11-02T12:00:00.000Z' }),
    ];
    for (const a of answers) expect((await post(a)).status).toBe(201);
    // Events (items with `kind`) are not answers: never a row. (Stored by the demo store once it keeps events.)
    expect(keep({ kind: 'shown', at: '2026-11-02T12:00:00.000Z' } as never, {})).toBe(false);

    const res = await call(`${origin}/api/answers.csv?survey=${survey}&from=2026-11-02&to=2026-11-02`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="csat-answers-csv-export.csv"');
    // Streamed: no length known up front.
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(res.text.slice(1));
    expect(rows[0]).toEqual([
      'id',
      'at',
      'survey',
      'interaction',
      'scale',
      'score',
      'normalized',
      'satisfied',
      'comment',
      'locale',
      'page',
      'metadata',
    ]);
    // 2 Nov only (the whole UTC day), in arrival order; the 1 and 3 Nov answers and the other survey are not there.
    expect(rows.slice(1).map((r) => r[8])).toEqual(['Line one\nline "two", three', "'-2+3"]);
    expect(rows[2]![11]).toBe('{"plan":"=1+1"}');
    expect(rows[1]).toEqual([
      answers[1]!.id,
      '2026-11-02T23:59:59.000Z',
      survey,
      'order-1234',
      'stars 1-5',
      '4',
      '0.75',
      'true',
      'Line one\nline "two", three',
      'nl-NL',
      'https://shop.example/checkout/done',
      '',
    ]);

    const all = parseCsv((await call(`${origin}/api/answers.csv?survey=${survey}`)).text.slice(1));
    expect(all.slice(1).map((r) => [r[3], r[8]])).toEqual([
      ['order-1234', `'=HYPERLINK("http://evil.example","click")`],
      ['order-1234', 'Line one\nline "two", three'],
      ["'+31 6 1234", "'@SUM(A1)"],
      ['order-1234', "'-2+3"],
    ]);
    expect((await call(`${origin}/api/answers.csv?from=last-week`)).status).toBe(400);
  });

  it('pages through the store for a long export', async () => {
    const survey = 'csv-long';
    for (let i = 0; i < 1100; i++) await api.store.add(validAnswer({ survey, comment: `#${i}` }));
    const rows = parseCsv((await call(`${origin}/api/answers.csv?survey=${survey}`)).text.slice(1));
    expect(rows).toHaveLength(1101);
    expect(rows.at(-1)![8]).toBe('#1099');
  }, 60_000);

  it('csvCell neutralises every formula starter (=, +, -, @, tab, CR) and quotes what needs it', () => {
    expect(['=1', '+1', '-1', '@a', '\tx', '\rx', 'ok', '', null].map(csvCell)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@a",
      "'\tx",
      `"'\rx"`,
      'ok',
      '',
      '',
    ]);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });
});

describe('data directory lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csat-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second holder with a message naming CSAT_DATA_DIR and PORT; release frees it', () => {
    const first = lockDataDir(dir);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const other = process.pid + 1;
    let error: unknown;
    try {
      lockDataDir(dir, other);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirLocked);
    expect(String((error as Error).message)).toMatch(
      /in use by another demo server \(pid \d+\).*CSAT_DATA_DIR=.*PORT=/,
    );
    first.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a stale lock whose process is gone', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.once('exit', resolve));
    lockDataDir(dir, gone.pid!); // left behind, as by a crash
    const mine = lockDataDir(dir);
    mine.release();
  });

  it('demo/server.mjs exits with the message when another server holds its directory', async () => {
    const held = lockDataDir(dir);
    try {
      const child = spawn(process.execPath, [SERVER], {
        env: { ...process.env, PORT: '0', DATABASE_URL: '', CSAT_DATA_DIR: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stderr.on('data', (c: Buffer) => (out += c));
      child.stdout.on('data', (c: Buffer) => (out += c));
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(out).toContain(`[demo] the data directory ${dir} is in use by another demo server (pid ${process.pid})`);
    } finally {
      held.release();
    }
  }, 30_000);

  it('names PORT and CSAT_DATA_DIR when the port is in use', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    try {
      await expect(startDemo({ PORT: String(port) })).rejects.toThrow(
        new RegExp(`port ${port} is in use.*PORT=${port + 1} CSAT_DATA_DIR=\\.csat-data-${port + 1} npm run demo`),
      );
    } finally {
      busy.close();
    }
  }, 90_000);
});

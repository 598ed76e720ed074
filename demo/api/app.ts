// The demo's HTTP API, mounted by demo/server.mjs in front of the pages:
//   POST /api/csat         the collector from csat-widget/server, storing in the demo store
//   GET  /api/summary      the dashboard's figures (`?survey=` limits them to one survey)
//   GET  /api/answers.csv  the answers as a spreadsheet (`?survey=&from=&to=`), streamed
// Every route first checks the Host header (see `hostAllowed`).
// Loaded through Vite (ssrLoadModule), so it imports the library's TypeScript source directly:
// in an app these imports are 'csat-widget/server' and 'csat-widget/stats'.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCollector, toNodeHandler } from '../../src/server';
import type { Answer } from '../../src/types';
import { answerRow, CSV_COLUMNS, csvRow, keep, parseBound, type CsvFilter } from './csv';
import { openStore, type DemoStore, type StoreOptions } from './store';
import { dashboardSummary } from './summary';

/** The mounted API. */
export interface DemoApi {
  readonly store: DemoStore;
  /** Answers requests under `/api/`; returns false for anything else, which the caller serves. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  close(): Promise<void>;
}

/** How to open the API. */
export interface DemoApiOptions extends StoreOptions {
  /**
   * The `Host` values the API answers to: `name:port` for that port only, a bare name for any
   * port. Read on every request (the server learns its port after the store starts opening).
   * @default localhost, 127.0.0.1 and [::1], any port
   */
  allowedHosts?: () => readonly string[];
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Whether a request's `Host` is one of the server's own names. A DNS-rebinding page (evil.example
 * re-pointed at 127.0.0.1) reaches this server with `Host: evil.example`, and is refused here, so it
 * can neither read the figures and comments nor post answers as if it were the shop.
 */
export function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  // A name or an IP literal and an optional port; anything else (paths, credentials) is refused.
  const parse = (h: string) => {
    const m = /^([a-z\d.-]+|\[[\da-f:.]+\])(?::(\d{1,5}))?$/i.exec(h);
    return m ? { hostname: m[1]!.toLowerCase(), port: m[2] ?? '' } : null;
  };
  const h = host && parse(host);
  if (!h) return false;
  return allowed.some((entry) => {
    const a = parse(entry);
    return a !== null && a.hostname === h.hostname && (a.port === '' || a.port === h.port);
  });
}

/** Opens the store and returns the request handler. */
export async function createDemoApi(options: DemoApiOptions): Promise<DemoApi> {
  const store = await openStore(options);
  const collect = toNodeHandler(createCollector({ store }));
  const allowedHosts = options.allowedHosts ?? (() => LOOPBACK);

  async function summary(url: URL, res: ServerResponse): Promise<void> {
    const survey = url.searchParams.get('survey') || undefined;
    const days = Number(url.searchParams.get('days')) || undefined;
    if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 366)) {
      return json(res, 400, { error: 'days: expected a whole number from 1 to 366' });
    }
    try {
      json(res, 200, await dashboardSummary(store, { survey, days }));
    } catch (e) {
      console.error('[demo] /api/summary failed:', e);
      json(res, 500, { error: 'summary_failed' });
    }
  }

  async function answersCsv(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const survey = url.searchParams.get('survey') || undefined;
    const filter: CsvFilter = {
      survey,
      from: parseBound(url.searchParams.get('from'), false),
      to: parseBound(url.searchParams.get('to'), true),
    };
    if (Number.isNaN(filter.from) || Number.isNaN(filter.to)) {
      return json(res, 400, { error: 'from, to: expected a day (2026-11-23) or an ISO time' });
    }
    const name = `csat-answers${survey ? '-' + survey.replace(/[^\w.-]/g, '_') : ''}.csv`;
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return void res.end();
    // The byte order mark makes Excel read the file as UTF-8 rather than the system's code page.
    res.write('\uFEFF' + csvRow([...CSV_COLUMNS]));
    try {
      for await (const item of store.stream({ survey })) {
        if (res.destroyed) break; // the client went away: stop reading the table
        if (!keep(item as Answer, filter)) continue;
        // Waits while the client reads slowly, so rows do not pile up in memory.
        if (!res.write(answerRow(item as Answer))) await drained(res);
      }
      res.end();
    } catch (e) {
      console.error('[demo] /api/answers.csv failed:', e);
      res.destroy(); // a cut-off download, not a file that looks complete
    }
  }

  return {
    store,
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith('/api/')) return false;
      const readOnly = req.method === 'GET' || req.method === 'HEAD';
      if (!hostAllowed(req.headers.host, allowedHosts())) {
        json(res, 403, {
          error: 'host_not_allowed',
          message: `Host ${JSON.stringify(req.headers.host ?? '')} is not a name of this server; add it to CSAT_ALLOWED_HOSTS`,
        });
      } else if (url.pathname === '/api/csat') {
        collect(req, res);
      } else if (url.pathname === '/api/summary') {
        if (readOnly) void summary(url, res);
        else json(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
      } else if (url.pathname === '/api/answers.csv') {
        if (readOnly) void answersCsv(url, req, res);
        else json(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
      } else {
        json(res, 404, { error: 'not_found' });
      }
      return true;
    },
    close: () => store.close(),
  };
}

/** Resolves when the response can take more, or is closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

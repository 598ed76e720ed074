// The demo's HTTP API, mounted by demo/server.mjs in front of the pages:
//   POST /api/csat      the collector from csat-widget/server, storing in the demo store
//   GET  /api/summary   the dashboard's figures (`?survey=` limits them to one survey)
// Loaded through Vite (ssrLoadModule), so it imports the library's TypeScript source directly:
// in an app these imports are 'csat-widget/server' and 'csat-widget/stats'.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCollector, toNodeHandler } from '../../src/server';
import { openStore, type DemoStore, type StoreOptions } from './store';
import { dashboardSummary } from './summary';

/** The mounted API. */
export interface DemoApi {
  readonly store: DemoStore;
  /** Answers requests under `/api/`; returns false for anything else, which the caller serves. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  close(): Promise<void>;
}

/** Opens the store and returns the request handler. */
export async function createDemoApi(options: StoreOptions): Promise<DemoApi> {
  const store = await openStore(options);
  const collect = toNodeHandler(createCollector({ store }));

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

  return {
    store,
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith('/api/')) return false;
      if (url.pathname === '/api/csat') {
        collect(req, res);
      } else if (url.pathname === '/api/summary') {
        if (req.method === 'GET' || req.method === 'HEAD') void summary(url, res);
        else json(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
      } else {
        json(res, 404, { error: 'not_found' });
      }
      return true;
    },
    close: () => store.close(),
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

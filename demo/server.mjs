// `npm run demo`: one Node process on one port (PORT, default 5173) serving
//   /api/csat, /api/summary   the collector and the dashboard's data (demo/api/, loaded through Vite)
//   /csat-widget.iife.js      the built script-tag file from dist/ (run `npm run build` first)
//   /csat-widget.position.js  its popover positioning file, from dist/ too
//   /csat-widget.locales.js   its languages other than English, from dist/ too
//   /script-tag               demo/script-tag.html as it is on disk: a plain page, no dev tooling
//   everything else           Vite in middleware mode: the playground, shop, help and dashboard
//                             pages, compiled from source with hot reload
// Answers go to PGlite under .csat-data/ (CSAT_DATA_DIR), or to PostgreSQL with DATABASE_URL.
// The PGlite directory is locked (demo/data-lock.mjs): a second server on it refuses to start.
// API routes answer only requests whose Host is one of this server's names (127.0.0.1, localhost,
// [::1] with its port, plus CSAT_ALLOWED_HOSTS), so a DNS-rebinding page cannot read them.
// Written as plain JavaScript because Node 20 runs no TypeScript; the rest is TypeScript via Vite.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer } from 'vite';
import { DataDirLocked, lockDataDir } from './data-lock.mjs';

const started = performance.now();
const DEMO = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(DEMO, '..');
const SCRIPT_TAG_PAGE = resolve(DEMO, 'script-tag.html');

const port = process.env.PORT ? Number(process.env.PORT) : 5173;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`[demo] PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = resolve(ROOT, process.env.CSAT_DATA_DIR || '.csat-data');
/** Host names (with a port: that port only) the API also answers to, e.g. a LAN address. */
const extraHosts = (process.env.CSAT_ALLOWED_HOSTS ?? '')
  .split(',')
  .map((h) => h.trim())
  .filter(Boolean);

// Before anything else: a second server must not touch a directory the first one writes.
let lock;
if (!databaseUrl) {
  try {
    lock = lockDataDir(dataDir);
  } catch (e) {
    console.error(e instanceof DataDirLocked ? `[demo] ${e.message}` : `[demo] cannot lock ${dataDir}: ${e}`);
    process.exit(1);
  }
  process.on('exit', () => lock.release());
}

const server = createServer();
const vite = await createViteServer({
  configFile: resolve(DEMO, 'vite.config.ts'),
  // The HMR websocket shares the one port.
  server: { middlewareMode: true, hmr: { server } },
  appType: 'mpa',
});

// The store opens while the pages are already served (a new PGlite directory takes seconds to
// create); requests to /api/ wait for it.
const apiReady = (async () => {
  const { createDemoApi } = await vite.ssrLoadModule('/api/app.ts');
  const opened = performance.now();
  /** @type {import('./api/app').DemoApi} */
  const api = await createDemoApi({ databaseUrl, dataDir, allowedHosts });
  const ms = Math.round(performance.now() - opened);
  const where = api.store.kind === 'pglite' ? `PGlite at ${api.store.location}` : `PostgreSQL ${api.store.location}`;
  console.log(`[demo] answers stored in ${where} (opened in ${ms} ms)`);
  return api;
})();
apiReady.catch((e) => {
  console.error(`[demo] could not open the answer store${databaseUrl ? ' (DATABASE_URL)' : ` in ${dataDir}`}:`, e);
  void shutdown(1);
});

/** This server's own names with the port it listens on, and CSAT_ALLOWED_HOSTS. */
function allowedHosts() {
  const address = server.address();
  const own = address && typeof address === 'object' ? [`:${address.port}`] : [];
  return [...['localhost', '127.0.0.1', '[::1]'].flatMap((name) => own.map((p) => name + p)), ...extraHosts];
}

/** @param {import('node:http').ServerResponse} res */
async function sendFile(res, file, type, missing) {
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  } catch {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(missing);
  }
}

server.on('request', (req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path.startsWith('/api/')) {
    // The body waits unread in the paused request stream meanwhile.
    apiReady.then(
      (ready) => ready.handle(req, res),
      () => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"store_unavailable"}'),
    );
  } else if (['/csat-widget.iife.js', '/csat-widget.position.js', '/csat-widget.locales.js'].includes(path)) {
    // Read on every request, so a rebuild shows up on reload. The full file loads the positioning
    // file from its own directory for popovers.
    const file = resolve(ROOT, 'dist' + path);
    void sendFile(res, file, 'text/javascript; charset=utf-8', `${file} is missing: run \`npm run build\`.`);
  } else if (path === '/script-tag' || path === '/script-tag.html') {
    void sendFile(res, SCRIPT_TAG_PAGE, 'text/html; charset=utf-8', 'script-tag.html is missing');
  } else {
    vite.middlewares(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found. Pages: / /shop /help /script-tag /dashboard');
    });
  }
});

server.on('error', (e) => {
  const code = /** @type {NodeJS.ErrnoException} */ (e).code;
  console.error(
    code === 'EADDRINUSE'
      ? `[demo] port ${port} is in use. A second demo server needs its own port and its own data directory ` +
          `(two servers on one directory corrupt it): PORT=${port + 1} CSAT_DATA_DIR=.csat-data-${port + 1} npm run demo`
      : `[demo] ${e.message}`,
  );
  void shutdown(1);
});

server.listen(port, '127.0.0.1', () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const ms = Math.round(performance.now() - started);
  // Tests read the port from this line.
  console.log(`[demo] csat-widget demo at http://localhost:${address.port}/ (ready in ${ms} ms)`);
  console.log('[demo] pages: / (playground)  /shop  /help  /script-tag  /dashboard');
});

let closing = false;
async function shutdown(code = 0) {
  if (closing) return;
  closing = true;
  server.closeAllConnections();
  server.close();
  // Closing PGlite flushes its data directory, so a store still opening is waited for and closed too.
  await Promise.allSettled([vite.close(), apiReady.then((ready) => ready.close())]);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

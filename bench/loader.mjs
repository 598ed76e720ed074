// `node bench/loader.mjs` (after `npm run build`): what the light script tag costs a page that
// never asks, and how long a question takes through it while the full file is not loaded yet.
// Each run uses a fresh browser context and page; medians of RUNS runs are compared with the
// targets of issue 12. A measurement, not a test: it always exits 0 and marks figures over target.
//
//   size   — dist/csat-widget.loader.js, gzip -9 (target ≤ 4 KB)
//   eval   — the loader's text run as an inline <script>: performance.now() around
//            head.append(script), beside an empty inline script on the same kind of page
//            (target ≤ 2× the empty one). document.currentScript is pointed at a detached
//            <script src> first, so the loader finds its directory as from a real tag.
//   heap   — JS heap after a forced GC, a page with the loader minus the same page without it
//            (target ≤ 60 KB)
//   ask    — csat.ask() through the loader → [role=radio] in the DOM, the full file fetched,
//            evaluated and shown in between, served from 127.0.0.1 (target ≤ 60 ms)
//
// Env: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_RUNS (default 15).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { median, round } from './figures.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const LOADER = join(root, 'dist/csat-widget.loader.js');
const IIFE = join(root, 'dist/csat-widget.iife.js');
const RUNS = Number(process.env.BENCH_RUNS) || 15;

if (!existsSync(LOADER) || !existsSync(IIFE)) {
  console.error('bench/loader: dist/ is missing; run `npm run build` first.');
  process.exit(0);
}
const loader = readFileSync(LOADER, 'utf8');

const server = createServer((req, res) => {
  if (req.url === '/csat-widget.iife.js') {
    res
      .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' })
      .end(readFileSync(IIFE));
  } else if (req.url === '/api/csat') {
    res.writeHead(204).end();
  } else if (req.url === '/') {
    res
      // Cross-origin isolated, so performance.now() resolves 5 µs instead of 100 µs.
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      })
      .end(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body><p>bench</p></body></html>',
      );
  } else res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

/** Runs `code` as an inline script, as if it came from <script src="/csat-widget.loader.js" data-endpoint>. */
const evaluate = (page, code) =>
  page.evaluate((src) => {
    const tag = document.createElement('script');
    tag.setAttribute('src', '/csat-widget.loader.js');
    tag.dataset.endpoint = '/api/csat';
    Object.defineProperty(document, 'currentScript', { configurable: true, get: () => tag });
    const script = document.createElement('script');
    script.textContent = src;
    const t0 = performance.now();
    document.head.append(script);
    const ms = performance.now() - t0;
    delete document.currentScript;
    return ms;
  }, code);

const samples = { emptyEvalMs: [], loaderEvalMs: [], heapKB: [], askMs: [] };
const errors = [];
let browser;
try {
  browser = await launchChromium();
  for (let i = 0; i < RUNS; i++) {
    for (const which of ['empty', 'loader']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(origin + '/');
      const cdp = await context.newCDPSession(page);
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize;
      };
      const before = await heap();
      const ms = await evaluate(page, which === 'empty' ? '' : loader);
      // Let the after-load check for waiting answers run, as on a real page.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
      const after = await heap();
      if (which === 'empty') {
        samples.emptyEvalMs.push(ms);
        samples.heapKB.push(-(after - before) / 1024);
      } else {
        samples.loaderEvalMs.push(ms);
        samples.heapKB[samples.heapKB.length - 1] += (after - before) / 1024;
        samples.askMs.push(
          await page.evaluate(
            () =>
              new Promise((resolve, reject) => {
                const t0 = performance.now();
                window.csat.ask({ survey: 'bench' }).catch(reject);
                const tick = new MessageChannel();
                const check = () => {
                  if (document.querySelector('csat-widget')?.shadowRoot?.querySelector('[role=radio]')) {
                    resolve(performance.now() - t0);
                  } else if (performance.now() - t0 > 5000) reject(new Error('no [role=radio] within 5 s'));
                  else tick.port2.postMessage(0);
                };
                tick.port1.onmessage = check;
                check();
              }),
          ),
        );
      }
      await context.close();
    }
  }
} catch (e) {
  errors.push(e?.stack || String(e));
} finally {
  await browser?.close().catch(() => {});
  server.close();
}

const gzip = gzipSync(loader, { level: 9 }).length;
const emptyEval = median(samples.emptyEvalMs);
const rows = [
  ['loader, gzip -9', `${(gzip / 1024).toFixed(2)} KB`, '≤ 4 KB', gzip <= 4096],
  [
    'loader evaluation',
    `${round(median(samples.loaderEvalMs), 3)} ms (empty script ${round(emptyEval, 3)} ms, ` +
      `${round(median(samples.loaderEvalMs) / emptyEval, 1)}×)`,
    '≤ 2× empty',
    median(samples.loaderEvalMs) <= 2 * emptyEval,
  ],
  [
    'heap retained, never asks',
    `${round(median(samples.heapKB), 1)} KB over the empty page`,
    '≤ 60 KB',
    median(samples.heapKB) <= 60,
  ],
  [
    'ask() → points, full file not loaded',
    `${round(median(samples.askMs), 1)} ms (min ${round(Math.min(...samples.askMs), 1)}, max ${round(Math.max(...samples.askMs), 1)})`,
    '≤ 60 ms',
    median(samples.askMs) <= 60,
  ],
];
console.log(`csat-widget loader bench — ${samples.askMs.length} run(s), ${CHROMIUM_PATH}`);
for (const [name, figure, target, ok] of rows) {
  console.log(`${name.padEnd(38)} ${figure.padEnd(52)} target ${target}${ok ? '' : '  ⚠ over target'}`);
}
for (const e of errors) console.log('error: ' + e);
process.exit(0);

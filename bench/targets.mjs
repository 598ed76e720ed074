// `npm run bench` (after `npm run build`): issue 12's targets, each figure beside its baseline and
// its target. One Chromium, a fresh context and page per sample, medians of RUNS samples; pages are
// served from 127.0.0.1. A measurement, not a test: it always exits 0 and marks figures over target.
//
// Baselines, measured in the same run on the same kind of page:
//   empty page  — <script>window.bench = 1</script> and nothing else
//   own element — the empty page plus a script file that reads its own <script> element
//                 (document.currentScript.src) and nothing more: the first access to any element
//                 makes Chromium build the DOM's JavaScript bindings (0.3–2 ms, ~65 KB of heap),
//                 which every script-tag library that reads its own data-* attributes pays
//   vanilla     — a hand-written 5-star question (VANILLA below: a shadow root, a heading, five
//                 role=radio buttons, a few CSS rules), the least a question can cost
// Measures:
//   script evaluation — CDP Performance.getMetrics ScriptDuration once the page has loaded: all
//                       script compiled and run by the page (the same trivial inline script is in
//                       every page, so the empty page's figure is the floor)
//   heap              — CDP Runtime.getHeapUsage after a forced GC, minus the empty page's at the
//                       same point (loader: once loaded; full file: once idle, after the evaluates)
//   ask → points      — csat.ask() (vanilla: vanilla.ask()) → a [role=radio] in the shadow root,
//                       checked synchronously and then after every task (MessageChannel)
//   first ask         — on a page whose script has loaded and which has been idle since
//                       (requestIdleCallback after load, so the full file's idle warm-up has run)
//   second ask        — the first question closed (AbortSignal) and gone, a second ask() on that page
//
// Env: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_RUNS (default 15).
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { median, round } from './figures.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const LOADER = join(root, 'dist/csat-widget.loader.js');
const IIFE = join(root, 'dist/csat-widget.iife.js');
const COLLECTOR_BENCH = join(root, 'bench/collector.mjs');
const RUNS = Number(process.env.BENCH_RUNS) || 15;

if (!existsSync(LOADER) || !existsSync(IIFE)) {
  console.error('bench: dist/ is missing; run `npm run build` first.');
  process.exit(0);
}

/** The baseline question: what five stars cost without any library. */
const VANILLA = `window.vanilla = {
  ask: function (o) {
    var host = document.createElement('div');
    var root = host.attachShadow({ mode: 'open' });
    var style = document.createElement('style');
    style.textContent = '.p{position:fixed;right:16px;bottom:16px;padding:16px;background:#fff;border:1px solid #888;border-radius:12px;font:16px system-ui}button{font-size:24px;border:0;background:none;cursor:pointer}';
    var panel = document.createElement('div');
    panel.className = 'p';
    var h = document.createElement('p');
    h.id = 'q';
    h.textContent = 'How would you rate your experience?';
    var group = document.createElement('div');
    group.setAttribute('role', 'radiogroup');
    group.setAttribute('aria-labelledby', 'q');
    for (var i = 1; i <= 5; i++) {
      var b = document.createElement('button');
      b.setAttribute('role', 'radio');
      b.setAttribute('aria-checked', 'false');
      b.setAttribute('aria-label', i + ' of 5');
      b.textContent = '\\u2605';
      b.onclick = (function (score) { return function () { o.onSubmit(score); host.remove(); }; })(i);
      group.append(b);
    }
    panel.append(h, group);
    root.append(style, panel);
    document.body.append(host);
    if (o.signal) o.signal.addEventListener('abort', function () { host.remove(); });
  },
};`;

const TRIVIAL = '<script>window.bench = 1</script>';
const PAGES = {
  '/empty': TRIVIAL,
  '/own-element': TRIVIAL + '<script src="/own-element.js"></script>',
  '/loader': TRIVIAL + '<script src="/csat-widget.loader.js" data-endpoint="/api/csat"></script>',
  '/full': TRIVIAL + '<script src="/csat-widget.iife.js" data-endpoint="/api/csat"></script>',
  '/vanilla': TRIVIAL + '<script src="/vanilla.js"></script>',
};

const server = createServer((req, res) => {
  const js = (body) =>
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  if (req.url === '/csat-widget.iife.js') js(readFileSync(IIFE));
  else if (req.url === '/csat-widget.loader.js') js(readFileSync(LOADER));
  else if (req.url === '/vanilla.js') js(VANILLA);
  else if (req.url === '/own-element.js') js('window.me = document.currentScript.src;');
  else if (req.url === '/api/csat') res.writeHead(204).end();
  else if (PAGES[req.url] !== undefined) {
    res
      // Cross-origin isolated, so performance.now() resolves 5 µs instead of 100 µs.
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      })
      .end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>${PAGES[req.url]}</head>` +
          '<body><p>bench</p></body></html>',
      );
  } else res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

/** In the page: ask() (global `api`), resolve with the ms until a [role=radio] is in the shadow root. */
function askToPoints([api, survey]) {
  return new Promise((resolve, reject) => {
    const has = () =>
      [...document.querySelectorAll('body > *')].some((e) => e.shadowRoot?.querySelector('[role=radio]'));
    const abort = new AbortController();
    window.__abort = abort;
    const t0 = performance.now();
    const asked = window[api].ask({ survey, onSubmit() {}, signal: abort.signal });
    asked?.catch?.(reject);
    const tick = new MessageChannel();
    const check = () => {
      if (has()) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 10_000) reject(new Error('no [role=radio] within 10 s'));
      else tick.port2.postMessage(0);
    };
    tick.port1.onmessage = check;
    check();
  });
}

/** In the page: closes the open question and resolves once it has left the DOM. */
function closeQuestion() {
  window.__abort.abort();
  return new Promise((resolve) => {
    const gone = () =>
      [...document.querySelectorAll('body > *')].some((e) => e.shadowRoot) ? requestAnimationFrame(gone) : resolve();
    gone();
  });
}

/** In the page: resolves once the page has loaded and then been idle. */
const idle = () =>
  new Promise((resolve) => {
    const wait = () => requestIdleCallback(() => setTimeout(() => requestIdleCallback(resolve)), { timeout: 2000 });
    if (document.readyState === 'complete') wait();
    else addEventListener('load', wait);
  });

const samples = {
  emptyScriptMs: [],
  ownScriptMs: [],
  ownHeapKB: [],
  loaderScriptMs: [],
  loaderHeapKB: [],
  fullFirstMs: [],
  fullSecondMs: [],
  vanillaFirstMs: [],
  vanillaSecondMs: [],
  loaderAskMs: [],
  fullHeapKB: [],
};
const errors = [];
let browser;

/** A fresh page at `path`, loaded (not yet idle), with a CDP session for metrics. */
async function open(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${path}: ${e}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(origin + path);
  const heapKB = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1024;
  };
  const scriptMs = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration').value * 1000;
  return { page, context, heapKB, scriptMs };
}

try {
  browser = await launchChromium();
  for (let i = 0; i < RUNS; i++) {
    const empty = await open('/empty');
    samples.emptyScriptMs.push(await empty.scriptMs());
    const emptyHeap = await empty.heapKB();
    // The full file's heap is read after page.evaluate calls, and Playwright's first evaluate puts
    // its own utility script in the page (about 60 KB of heap): its baseline is the empty page
    // after the same idle wait, so that script is in both.
    await empty.page.evaluate(idle);
    const emptyIdleHeap = await empty.heapKB();
    await empty.context.close();

    const own = await open('/own-element');
    samples.ownScriptMs.push(await own.scriptMs());
    samples.ownHeapKB.push((await own.heapKB()) - emptyHeap);
    await own.context.close();

    const loader = await open('/loader');
    samples.loaderScriptMs.push(await loader.scriptMs());
    samples.loaderHeapKB.push((await loader.heapKB()) - emptyHeap);
    samples.loaderAskMs.push(await loader.page.evaluate(askToPoints, ['csat', 'first']));
    await loader.context.close();

    for (const [path, api, first, second] of [
      ['/full', 'csat', samples.fullFirstMs, samples.fullSecondMs],
      ['/vanilla', 'vanilla', samples.vanillaFirstMs, samples.vanillaSecondMs],
    ]) {
      const o = await open(path);
      await o.page.evaluate(idle);
      first.push(await o.page.evaluate(askToPoints, [api, 'first']));
      if (path === '/full') samples.fullHeapKB.push((await o.heapKB()) - emptyIdleHeap);
      await o.page.evaluate(closeQuestion);
      second.push(await o.page.evaluate(askToPoints, [api, 'second']));
      await o.context.close();
    }
  }
} catch (e) {
  errors.push(e?.stack || String(e));
} finally {
  await browser?.close().catch(() => {});
  server.close();
}

/** The collector's figure comes from bench/collector.mjs (`--json` prints { perRequestMs }), when present. */
function collectorFigure() {
  if (!existsSync(COLLECTOR_BENCH)) return { note: 'skipped: bench/collector.mjs is not in this tree' };
  const run = spawnSync(process.execPath, [COLLECTOR_BENCH, '--json'], { encoding: 'utf8' });
  try {
    return { ms: JSON.parse(run.stdout.trim().split('\n').pop()).perRequestMs };
  } catch {
    return { note: `bench/collector.mjs gave no JSON figure (exit ${run.status})` };
  }
}

const m = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;
const collector = collectorFigure();
const ms = (x) => `${round(x)} ms`;
const kb = (x) => `${round(x, 1)} KB`;
const rows = [
  ['loader, gzip -9', kb(gz(LOADER)), '', gz(LOADER), 4, '≤ 4 KB'],
  [
    'loader evaluation (page ScriptDuration)',
    `${ms(m.loaderScriptMs)} vs empty page ${ms(m.emptyScriptMs)}`,
    `${round(m.loaderScriptMs / m.emptyScriptMs, 1)}×`,
    m.loaderScriptMs / m.emptyScriptMs,
    2,
    '≤ 2× empty page',
  ],
  [
    '  the same, against a script reading its own tag',
    `${ms(m.loaderScriptMs)} vs ${ms(m.ownScriptMs)}`,
    `${round(m.loaderScriptMs / m.ownScriptMs, 1)}×`,
    NaN,
    NaN,
    '(floor, no target)',
  ],
  [
    'heap retained by the loader, never asks',
    `+${kb(m.loaderHeapKB)} over the empty page`,
    '',
    m.loaderHeapKB,
    60,
    '≤ +60 KB',
  ],
  [
    '  a script reading its own tag, never asks',
    `+${kb(m.ownHeapKB)} over the empty page`,
    '',
    NaN,
    NaN,
    '(floor, no target)',
  ],
  [
    'first ask() → points (full file, idle)',
    `${ms(m.fullFirstMs)} vs vanilla ${ms(m.vanillaFirstMs)}`,
    `${round(m.fullFirstMs / m.vanillaFirstMs, 1)}×`,
    m.fullFirstMs / m.vanillaFirstMs,
    3,
    '≤ 3× vanilla',
  ],
  [
    'second ask() → points',
    `${ms(m.fullSecondMs)} vs vanilla ${ms(m.vanillaSecondMs)}`,
    `${round(m.fullSecondMs / m.vanillaSecondMs, 1)}×`,
    m.fullSecondMs / m.vanillaSecondMs,
    1.5,
    '≤ 1.5× vanilla',
  ],
  [
    'ask() through the loader, full file not loaded',
    `${ms(m.loaderAskMs)} (min ${ms(Math.min(...samples.loaderAskMs))}, max ${ms(Math.max(...samples.loaderAskMs))})`,
    '',
    m.loaderAskMs,
    60,
    '≤ 60 ms',
  ],
  ['full file, gzip -9', kb(gz(IIFE)), '', gz(IIFE), 28, '≤ 28 KB'],
  [
    'heap with a question shown (full file)',
    `+${kb(m.fullHeapKB)} over the empty page`,
    '',
    m.fullHeapKB,
    450,
    '≤ 450 KB',
  ],
  collector.ms === undefined
    ? ['collector, one valid answer per request', collector.note, '', NaN, 0.1, '≤ 0.1 ms']
    : [
        'collector, one valid answer per request',
        `${round(collector.ms, 4)} ms (loop of 10,000)`,
        '',
        collector.ms,
        0.1,
        '≤ 0.1 ms',
      ],
];

console.log(`csat-widget bench (issue 12 targets) — ${samples.fullFirstMs.length} run(s), medians, ${CHROMIUM_PATH}`);
console.log(['measure'.padEnd(48), 'figure'.padEnd(44), 'ratio'.padEnd(6), 'target'.padEnd(16)].join(' '));
for (const [name, figure, ratio, value, limit, target] of rows) {
  const mark = Number.isNaN(value) ? '' : value <= limit ? 'ok' : '⚠ over target';
  console.log([name.padEnd(48), figure.padEnd(44), ratio.padEnd(6), target.padEnd(16), mark].join(' '));
}
for (const e of errors) console.log('error: ' + e);
process.exit(0);

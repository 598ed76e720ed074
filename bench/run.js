// `npm run bench`: how much the script-tag build costs a page, measured in Debian's Chromium.
// Each run uses a fresh browser context and page. Medians of RUNS runs are compared with targets.
// A measurement, not a test: it always exits 0 and marks figures that are over target.
//
//   (a) eval   — the IIFE run as an inline <script>: performance.now() around head.append(script)
//   (b) ask    — csat.ask() call → [role=radio] present in the shadow root (checked synchronously
//                right after the call, then on every animation frame)
//   (c) paint  — csat.ask() call → next painted frame (rAF, then a MessageChannel tick)
//   (b′) the same for a second ask on the same page (first-use work already done); informative
//   (d) heap   — JS heap retained by loading the script and showing one question (after a forced
//                GC before and after, CDP Runtime.getHeapUsage)
//
// Env: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_RUNS (default 20).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { median, round } from './figures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const IIFE = join(root, 'dist/csat-widget.iife.js');
const RESULTS = join(root, 'bench/results/latest.json');
const RUNS = Number(process.env.BENCH_RUNS) || 20;
const TARGETS = { evalMs: 8, askToPointsMs: 10, heapKB: 500 };

if (!existsSync(IIFE)) {
  console.error(`bench: ${IIFE} is missing; run \`npm run build\` first.`);
  process.exit(0);
}

// A local server: a blank page without any CSP (so an inline script may run) and the IIFE.
const server = createServer((req, res) => {
  if (req.url === '/csat-widget.iife.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(readFileSync(IIFE));
  } else if (req.url === '/') {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body><p>bench</p></body></html>',
      );
  } else res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

let browser;
const samples = {
  evalMs: [],
  askToPointsMs: [],
  warmAskMs: [],
  heapLoadKB: [],
  paintMs: [],
  heapKB: [],
  pointsSync: 0,
};
const errors = [];
try {
  // The IIFE's text, fetched the way a page would get it.
  const code = await (await fetch(origin + '/csat-widget.iife.js')).text();
  browser = await launchChromium();

  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(origin + '/');
    const cdp = await context.newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };

    const heapBefore = await heap();

    // (a) evaluation of the script.
    const evalMs = await page.evaluate((src) => {
      const script = document.createElement('script');
      script.textContent = src;
      const t0 = performance.now();
      document.head.append(script);
      return performance.now() - t0;
    }, code);

    // Heap after loading only, so (d) can be split into "script loaded" and "question shown".
    const heapLoaded = await heap();

    // (b) ask → points, (c) ask → next painted frame.
    const r = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const out = { points: -1, paint: -1, sync: false };
          const done = () => out.points >= 0 && out.paint >= 0 && resolve(out);
          const hasPoints = () => !!document.querySelector('csat-widget')?.shadowRoot?.querySelector('[role=radio]');
          const t0 = performance.now();
          window.csat.ask({ survey: 'b', onSubmit() {} }).catch(reject);
          if (hasPoints()) {
            out.points = performance.now() - t0;
            out.sync = true;
          } else {
            const poll = () => {
              if (hasPoints()) {
                out.points = performance.now() - t0;
                done();
              } else if (performance.now() - t0 > 5000) reject(new Error('no [role=radio] within 5 s'));
              else requestAnimationFrame(poll);
            };
            requestAnimationFrame(poll);
          }
          requestAnimationFrame(() => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => {
              out.paint = performance.now() - t0;
              done();
            };
            ch.port2.postMessage(0);
          });
        }),
    );

    // (d) heap retained with the question on screen.
    const heapAfter = await heap();

    // (b′) a second ask on the same page: what is left once first-use work (Intl.NumberFormat,
    // schemas, the stylesheet) is done.
    const warm = await page.evaluate(() => {
      const t0 = performance.now();
      window.csat.ask({ survey: 'b2', onSubmit() {} });
      const n = document.querySelectorAll('csat-widget').length;
      const ok = !!document.querySelectorAll('csat-widget')[n - 1]?.shadowRoot?.querySelector('[role=radio]');
      return ok ? performance.now() - t0 : -1;
    });
    if (warm >= 0) samples.warmAskMs.push(warm);

    samples.evalMs.push(evalMs);
    samples.askToPointsMs.push(r.points);
    samples.paintMs.push(r.paint);
    samples.heapKB.push((heapAfter - heapBefore) / 1024);
    samples.heapLoadKB.push((heapLoaded - heapBefore) / 1024);
    if (r.sync) samples.pointsSync++;
    await context.close();
  }
} catch (e) {
  errors.push(e?.stack || String(e));
} finally {
  await browser?.close().catch(() => {});
  server.close();
}

const rows = [
  ['(a) script evaluation', 'ms', samples.evalMs, TARGETS.evalMs],
  ['(b) ask → points', 'ms', samples.askToPointsMs, TARGETS.askToPointsMs],
  ["(b') 2nd ask → points", 'ms', samples.warmAskMs, undefined],
  ['(c) ask → next paint', 'ms', samples.paintMs, undefined],
  ['(d) heap retained', 'KB', samples.heapKB, TARGETS.heapKB],
  ["(d') of which: loaded", 'KB', samples.heapLoadKB, undefined],
];
const summary = {};
const lines = [];
lines.push(
  `csat-widget bench — ${samples.evalMs.length} run(s), ${(readFileSync(IIFE).length / 1024).toFixed(1)} KB IIFE, ` +
    `${CHROMIUM_PATH}`,
);
lines.push(
  ['metric'.padEnd(24), 'median'.padStart(9), 'min'.padStart(9), 'max'.padStart(9), 'target'.padStart(9), ''].join(' '),
);
for (const [name, unit, xs, target] of rows) {
  if (!xs.length) continue;
  const med = median(xs);
  const over = target !== undefined && med > target;
  summary[name] = {
    unit,
    median: round(med),
    min: round(Math.min(...xs)),
    max: round(Math.max(...xs)),
    target: target ?? null,
    overTarget: over,
    samples: xs.map((x) => round(x, 3)),
  };
  lines.push(
    [
      name.padEnd(24),
      `${round(med)} ${unit}`.padStart(9),
      `${round(Math.min(...xs))}`.padStart(9),
      `${round(Math.max(...xs))}`.padStart(9),
      (target === undefined ? '—' : `≤ ${target}`).padStart(9),
      over ? '⚠ over target' : '',
    ].join(' '),
  );
}
if (samples.evalMs.length) {
  lines.push(`points present synchronously after ask(): ${samples.pointsSync}/${samples.askToPointsMs.length} runs`);
}
for (const e of errors) lines.push('error: ' + e);
console.log(lines.join('\n'));

mkdirSync(dirname(RESULTS), { recursive: true });
writeFileSync(
  RESULTS,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      runs: samples.evalMs.length,
      chromium: CHROMIUM_PATH,
      iifeBytes: readFileSync(IIFE).length,
      targets: TARGETS,
      pointsSynchronous: samples.pointsSync,
      results: summary,
      errors,
    },
    null,
    2,
  ) + '\n',
);
console.log(`written ${RESULTS}`);
process.exit(0);

// What `csat-widget` and `csat-widget/lazy` add to a Vite + React app's main chunk.
// Builds one tiny app three times with Vite's JS API (no csat import, the main entry, the lazy
// entry) against the built dist/ files and prints the main chunk's gzip size (level 9) and the
// difference from the app without us. Run after `npm run build`: `node bench/lazy-size.mjs`.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
if (!existsSync(join(dist, 'lazy.js'))) {
  console.error('bench/lazy-size: dist/lazy.js is missing; run `npm run build` first.');
  process.exit(1);
}
// Inside the repository, so react and our dependencies resolve from its node_modules.
const dir = join(root, 'node_modules/.cache/csat-lazy-size');

const app = (entry) => `import { createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
${entry ? `import { ask } from '${entry}';` : 'const ask = (o) => Promise.resolve(o);'}
function App() {
  const [answer, setAnswer] = useState(null);
  return createElement('main', null,
    createElement('h1', null, 'Order placed'),
    createElement('button', { onClick: () => ask({ survey: 'checkout', endpoint: '/api/csat' }).then(setAnswer) }, 'Rate us'),
    createElement('p', null, answer ? 'Thanks' : ''));
}
createRoot(document.getElementById('root')).render(createElement(App));
`;

const gz = (code) => gzipSync(code, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

async function measure(name, entry) {
  const main = join(dir, `${name}.js`);
  writeFileSync(main, app(entry));
  const [out] = [].concat(
    await build({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      resolve: {
        alias: [
          { find: /^csat-widget\/lazy$/, replacement: join(dist, 'lazy.js') },
          { find: /^csat-widget$/, replacement: join(dist, 'csat-widget.js') },
        ],
      },
      build: { write: false, target: 'es2022', rollupOptions: { input: main } },
    }),
  );
  const chunks = out.output.filter((o) => o.type === 'chunk');
  const entryChunk = chunks.find((c) => c.isEntry);
  const rest = chunks.filter((c) => !c.isEntry).reduce((n, c) => n + gz(c.code), 0);
  return { main: gz(entryChunk.code), lazyChunks: rest };
}

mkdirSync(dir, { recursive: true });
try {
  const base = await measure('baseline', null);
  const eager = await measure('main-entry', 'csat-widget');
  const lazy = await measure('lazy-entry', 'csat-widget/lazy');
  console.log(`Vite + React app, main chunk gzip -9 (react + react-dom + app): ${base.main} B (${kb(base.main)})`);
  for (const [label, r] of [
    ["import { ask } from 'csat-widget'", eager],
    ["import { ask } from 'csat-widget/lazy'", lazy],
  ]) {
    console.log(
      `${label}: main chunk ${r.main} B, adds ${r.main - base.main} B (${kb(r.main - base.main)}); ` +
        `loaded on first use: ${r.lazyChunks} B (${kb(r.lazyChunks)})`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Size budget and forbidden APIs of the built files. Run after `npm run build`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');
const IIFE = join(DIST, 'csat-widget.iife.js');
const ESM = join(DIST, 'csat-widget.js');
/** The script-tag file's budget, gzip -9. */
const IIFE_BUDGET = 24 * 1024;

const built = existsSync(IIFE) && existsSync(ESM);
if (!built && process.env.CI) {
  throw new Error('dist/ is missing: CI must run `npm run build` before the size test.');
}

const gzip9 = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

/**
 * APIs the shipped code must never use: HTML parsing of strings, eval-like code creation (blocked
 * by a strict CSP), cookies (answers are sent without credentials), and unload handlers (they
 * break the back/forward cache; `pagehide`/`visibilitychange` are the replacements).
 */
const MUST_NOT_APPEAR: [string, RegExp][] = [
  ['insertAdjacentHTML', /insertAdjacentHTML/],
  ['document.write', /document\.write/],
  ['new Function', /new\s+Function\s*\(/],
  ['eval(', /(^|[^\w$])eval\s*\(/],
  ['document.cookie', /document\.cookie/],
  ["'unload'", /(['"`])unload\1|onunload/],
  ['beforeunload', /beforeunload/],
];

function filesUnder(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe.skipIf(!built)('bundle size', () => {
  it(`dist/csat-widget.iife.js is at most ${IIFE_BUDGET / 1024} KB gzipped (level 9)`, () => {
    const iife = gzip9(IIFE);
    const esm = gzip9(ESM);
    console.log(
      `gzip -9: csat-widget.iife.js ${iife} B (${kb(iife)}, budget ${kb(IIFE_BUDGET)}); ` +
        `csat-widget.js ${esm} B (${kb(esm)}, dependencies external)`,
    );
    expect(
      iife,
      `dist/csat-widget.iife.js is ${kb(iife)} gzipped, over the ${kb(IIFE_BUDGET)} budget by ${iife - IIFE_BUDGET} B. ` +
        'To see where the bytes go: `npx vite build --mode embed --sourcemap` then `node scripts/size-report.mjs` ' +
        '(gzipped bytes per source file and dependency).',
    ).toBeLessThanOrEqual(IIFE_BUDGET);
  });
});

describe.skipIf(!built)('forbidden APIs in dist/*.js', () => {
  const files = built ? filesUnder(DIST, (n) => n.endsWith('.js')) : [];
  it.each(MUST_NOT_APPEAR)('%s does not appear', (name, re) => {
    expect(files.length).toBeGreaterThan(0);
    const hits = files.filter((f) => re.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(hits, `${name} found in ${hits.join(', ')}`).toEqual([]);
  });
});

describe('forbidden APIs in src/', () => {
  // `innerHTML` is checked in our own sources only, not in dist: preact's renderer contains
  // `innerHTML` for `dangerouslySetInnerHTML`, which our code never passes. Checking src/ (where
  // `dangerouslySetInnerHTML` is banned too) keeps config and answer strings from being parsed as HTML.
  const sources = filesUnder(join(ROOT, 'src'), (n) => /\.(ts|tsx|js|jsx|mjs)$/.test(n));
  it.each([
    ['innerHTML', /innerHTML/],
    ['outerHTML', /outerHTML/],
    ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/],
    ['createContextualFragment', /createContextualFragment/],
    ...MUST_NOT_APPEAR,
  ] as [string, RegExp][])('%s does not appear', (name, re) => {
    expect(sources.length).toBeGreaterThan(0);
    const hits = sources.filter((f) => re.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(hits, `${name} found in ${hits.join(', ')}`).toEqual([]);
  });
});

if (!built) {
  it('bundle size and forbidden APIs in dist/', (ctx) => {
    ctx.skip('dist/ is missing: run `npm run build` to check the size budget and forbidden APIs in dist.');
  });
}

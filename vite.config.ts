/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * Takes preact's `dangerouslySetInnerHTML` support out of its minified dist: the prop is ignored
 * like an unknown one and both `innerHTML` writes go. We never pass that prop, but its branch is
 * the only HTML string sink in the script-tag file, and a sink that ships is one a page's Trusted
 * Types audit (and our dist grep, test/node/size.test.ts) has to take on trust (research SEC-01).
 * Throws when preact's text no longer matches, so an upgrade cannot quietly bring the sink back.
 */
export function stripPreactHtml(code: string): string {
  const out = code
    // `"dangerouslySetInnerHTML"==s?h=y:` in the old- and new-props loops: remember nothing.
    .replace(/("dangerouslySetInnerHTML"==\w)\?\w=\w:/g, '$1?0:')
    // `if(h)…innerHTML=h.__html…;else if(p&&(u.innerHTML=""),diffChildren(…),…)`: h and p are now
    // always undefined, so only the diffChildren branch is left.
    .replace(
      /if\((\w)\)\w\|\|\w&&\(\1\.__html==\w\.__html\|\|\1\.__html==\w\.innerHTML\)\|\|\(\w\.innerHTML=\1\.__html\),\w\.__k=\[\];else if\(\w&&\(\w\.innerHTML=""\),/,
      'if(',
    );
  if (/innerHTML|__html/.test(out)) {
    throw new Error("stripPreactHtml: preact's dist no longer matches; update the patterns in vite.config.ts");
  }
  return out;
}

/** Applies {@link stripPreactHtml} to preact's module in the self-contained script-tag build. */
const noPreactHtml = (): Plugin => ({
  name: 'csat:no-preact-html',
  transform(code, id) {
    return /[\\/]preact[\\/]dist[\\/]preact\.(mjs|module\.js)$/.test(id) ? stripPreactHtml(code) : undefined;
  },
});

/**
 * Private property names are shortened at build time, as preact does with its mangle.json
 * (https://github.com/preactjs/preact/blob/main/mangle.json): a name with one leading underscore
 * (`_panel`, `_later`) is private to the bundle, so the source keeps readable names and the file
 * does not pay for them. Public names (options, answer fields, `window.csat`, `::part`s, data-*
 * attributes, CSS custom properties) never start with one; test/node/size.test.ts checks that they
 * all survive in the built file. zod's `_zod` is left alone: zod defines it through a string
 * (`Object.defineProperty(schema, "_zod", …)`) and other libraries read it.
 */
export const MANGLE_PROPS = { include: /^_[^_]/, reserved: ['_zod'] };

/**
 * Subresource Integrity of a built file, which the file that loads it puts on the <script> it
 * inserts: https://developer.mozilla.org/docs/Web/Security/Subresource_Integrity. The loader
 * carries the full file's, the full file those of the positioning and languages files, so the builds
 * run in that order: position, locales, embed, loader (package.json "build").
 */
export function integrity(file: string): string {
  return 'sha384-' + createHash('sha384').update(readFileSync(file)).digest('base64');
}
const distFile = (name: string) => fileURLToPath(new URL('dist/' + name, import.meta.url));
export const fullIntegrity = (file = distFile('csat-widget.iife.js')) => integrity(file);
export const positionIntegrity = (file = distFile('csat-widget.position.js')) => integrity(file);
export const localesIntegrity = (file = distFile('csat-widget.locales.js')) => integrity(file);

/**
 * The files the script-tag file loads on demand from its own directory, each an IIFE that leaves
 * what it holds on a registered symbol:
 * - `vite build --mode position`: dist/csat-widget.position.js, Floating UI and src/position.ts,
 *   loaded the first time a popover is shown (src/position-load.ts);
 * - `vite build --mode locales`: dist/csat-widget.locales.js, the built-in languages other than
 *   English, loaded the first time a question needs one (src/locales-load.ts).
 */
const onDemandBuild = (mode: 'position' | 'locales') => ({
  build: {
    emptyOutDir: false,
    target: 'es2022',
    lib: {
      entry: `src/${mode}-file.ts`,
      formats: ['iife' as const],
      // Required by Vite for IIFE builds; the entry exports nothing.
      name: mode === 'position' ? '__csatPosition' : '__csatLocales',
      fileName: () => `csat-widget.${mode}.js`,
    },
  },
});

/** `vite build --mode loader`: the light script tag, dist/csat-widget.loader.js (src/loader.ts). */
const loaderBuild = () => ({
  define: { __CSAT_FULL_INTEGRITY__: JSON.stringify(fullIntegrity()) },
  build: {
    emptyOutDir: false,
    target: 'es2022',
    lib: {
      entry: 'src/loader.ts',
      formats: ['iife' as const],
      // Required by Vite for IIFE builds; loader.ts exports nothing.
      name: '__csatLoader',
      fileName: () => 'csat-widget.loader.js',
    },
  },
});

// One config for the demo dev server, the two library builds and the test projects.
// `vite build` writes the ESM entries (dependencies external); `vite build --mode position` and
// `--mode locales` the script tags' positioning and languages files next to them, `vite build --mode embed` the full IIFE for script
// tags, `vite build --mode loader` the light loader.
export default defineConfig(async ({ mode }): Promise<UserConfig> =>
  mode === 'loader'
    ? loaderBuild()
    : mode === 'position' || mode === 'locales'
      ? onDemandBuild(mode)
      : {
          plugins: mode === 'embed' ? [noPreactHtml()] : [],
          // Compile-time flags; the branch not taken is removed as dead code (src/position-load.ts).
          define: {
            __CSAT_IIFE__: JSON.stringify(mode === 'embed'),
            __CSAT_POSITION_INTEGRITY__: JSON.stringify(mode === 'embed' ? positionIntegrity() : ''),
            __CSAT_LOCALES_INTEGRITY__: JSON.stringify(mode === 'embed' ? localesIntegrity() : ''),
          },
          // Classic JSX with preact's h: the automatic runtime would add jsx-runtime next to h, which render() needs anyway.
          oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment', development: false } },
          build:
            mode === 'embed'
              ? {
                  emptyOutDir: false,
                  target: 'es2022',
                  // The stylesheet is written for every supported browser as it is; newer CSS targets only
                  // keep the minifier from adding a light-dark() polyfill and -moz- prefixes we do not need.
                  cssTarget: ['chrome123', 'firefox120', 'safari17.5'],
                  lib: {
                    entry: 'src/embed.ts',
                    formats: ['iife'],
                    // Required by Vite for IIFE builds; embed.ts exports nothing, so the variable stays empty.
                    name: '__csat',
                    fileName: () => 'csat-widget.iife.js',
                  },
                  rolldownOptions: { output: { minify: { compress: true, mangle: true, mangleProps: MANGLE_PROPS } } },
                }
              : {
                  target: 'es2022',
                  minify: false,
                  lib: {
                    entry: {
                      'csat-widget': 'src/index.ts',
                      lazy: 'src/lazy.ts',
                      stats: 'src/stats.ts',
                      schema: 'src/schema-entry.ts',
                      server: 'src/server/index.ts',
                    },
                    formats: ['es'],
                  },
                  rollupOptions: {
                    external: [/^preact/, /^@floating-ui\//, /^zod/, /^node:/],
                  },
                },
          server: { port: Number(process.env.PORT) || 5173, host: '127.0.0.1' },
          test: {
            // Most of a browser test's time is spent waiting on Chromium and local servers, not on
            // the CPU: two files at a time on a 2-core machine (vitest would use one: cores − 1).
            maxWorkers: 2,
            // Only vitest runs in mode 'test'; the builds need not load vitest/node.
            ...(mode === 'test' && { sequence: { sequencer: (await import('./test/longest-first')).LongestFirst } }),
            projects: [
              {
                extends: true,
                test: {
                  name: 'unit',
                  include: ['test/unit/**/*.test.{ts,tsx}'],
                  environment: 'happy-dom',
                  setupFiles: ['test/unit/setup.ts'],
                },
              },
              {
                extends: true,
                test: {
                  name: 'node',
                  include: ['test/node/**/*.test.ts'],
                  environment: 'node',
                },
              },
              {
                extends: true,
                test: {
                  name: 'browser',
                  include: ['test/browser/**/*.test.ts'],
                  environment: 'node',
                  testTimeout: 30_000,
                  hookTimeout: 60_000,
                },
              },
            ],
          },
        },
);

// Vite settings of the demo pages, used by demo/server.mjs in middleware mode. The pages import
// 'csat-widget' as an app does, so their code can be copied as it is; the alias below points that
// name at src/, so an edit there reloads them (tsconfig.json's "paths" does the same for tsc).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    // Exact names only: 'csat-widget' must not also match 'csat-widget/stats' as a prefix.
    alias: [
      { find: /^csat-widget$/, replacement: src('index.ts') },
      { find: /^csat-widget\/stats$/, replacement: src('stats.ts') },
    ],
  },
  // Classic preact JSX, as in the library build, for src/ui/*.tsx. The React shop opts into
  // React's automatic runtime per file, with `@jsxRuntime`/`@jsxImportSource` pragmas that both
  // oxc and TypeScript read, so one config and one tsconfig serve both.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment', development: false } },
  // Apart from the repo's own cache, so `vite` at the top level and the demo do not invalidate each
  // other; tests that run demo servers side by side give each its own (CSAT_DEMO_CACHE_DIR).
  cacheDir: process.env.CSAT_DEMO_CACHE_DIR || fileURLToPath(new URL('../node_modules/.vite/demo', import.meta.url)),
  clearScreen: false,
  optimizeDeps: {
    // Everything the pages import, pre-bundled at start: a dependency found later would make Vite
    // reload the open page mid-use.
    entries: ['*.html'],
    include: [
      'preact',
      'preact/hooks',
      '@floating-ui/dom',
      '@floating-ui/core',
      'zod/mini',
      'react',
      'react/jsx-runtime',
      'react-dom/client',
    ],
  },
});

/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// One config for the demo dev server, the two library builds and the test projects.
// `vite build` writes the ESM entries (dependencies external); `vite build --mode embed` writes the
// self-contained IIFE for script tags next to them.
export default defineConfig(({ mode }) => ({
  resolve:
    mode === 'embed'
      ? {
          alias: [
            {
              find: /^\.\/position-load$/,
              replacement: fileURLToPath(new URL('src/position-static.ts', import.meta.url)),
            },
          ],
        }
      : undefined,
  // Classic JSX with preact's h: the automatic runtime would add jsx-runtime next to h, which render() needs anyway.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment', development: false } },
  build:
    mode === 'embed'
      ? {
          emptyOutDir: false,
          target: 'es2022',
          lib: {
            entry: 'src/embed.ts',
            formats: ['iife'],
            // Required by Vite for IIFE builds; embed.ts exports nothing, so the variable stays empty.
            name: '__csat',

            fileName: () => 'csat-widget.iife.js',
          },
        }
      : {
          target: 'es2022',
          minify: false,
          lib: {
            entry: {
              'csat-widget': 'src/index.ts',
              stats: 'src/stats.ts',
              schema: 'src/schema-entry.ts',
              server: 'src/server.ts',
            },
            formats: ['es'],
          },
          rollupOptions: {
            external: [/^preact/, /^@floating-ui\//, /^zod/, /^node:/],
          },
        },
  server: { port: Number(process.env.PORT) || 5173, host: '127.0.0.1' },
  test: {
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
          // One Chromium per file is plenty on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
}));

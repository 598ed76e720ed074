// Server-side rendering: the package is imported in Node (Next.js, Astro, …) where there is no
// window or document. Importing must not throw, and `ask` must quietly resolve null.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ESM = fileURLToPath(new URL('../../dist/csat-widget.js', import.meta.url));
const built = existsSync(ESM);
if (!built && process.env.CI) throw new Error('dist/ is missing: CI must run `npm run build` before the node tests.');

it('runs without a DOM', () => {
  // The node project must really be DOM-free, or these tests prove nothing.
  expect(typeof window).toBe('undefined');
  expect(typeof document).toBe('undefined');
  expect(typeof localStorage).toBe('undefined');
});

describe.each([
  ['source', () => import('../../src/index'), true],
  // The built file is what SSR frameworks load; it exists only after `npm run build` (CI builds
  // first). Locally, without a build, this half is skipped.
  ['dist/csat-widget.js', () => import(/* @vite-ignore */ ESM) as Promise<typeof import('../../src/index')>, built],
])('%s', (_, load, available) => {
  it.skipIf(!available)('imports without touching the DOM', async () => {
    await expect(load()).resolves.toBeTruthy();
  });

  it.skipIf(!available)('ask resolves null instead of showing anything', async () => {
    const { ask } = await load();
    await expect(ask({ survey: 'checkout', onSubmit() {} })).resolves.toBeNull();
    await expect(
      ask({ survey: 'checkout', endpoint: '/api/csat', scale: 'nps', interaction: 'o-1' }),
    ).resolves.toBeNull();
  });

  it.skipIf(!available)('createCsat works: ask resolves null, flush and destroy are no-ops', async () => {
    const { createCsat } = await load();
    const csat = createCsat({ endpoint: '/api/csat' });
    await expect(csat.ask({ survey: 'checkout' })).resolves.toBeNull();
    await expect(csat.flush()).resolves.toBeUndefined();
    expect(() => csat.destroy()).not.toThrow();
  });

  it.skipIf(!available)('invalid options still reject with CsatConfigError', async () => {
    const { ask, CsatConfigError } = await load();
    const error = await ask({ survey: 'checkout', onSubmit() {}, scale: { type: 'numeric', min: 1, max: 12 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CsatConfigError);
    expect((error as Error).message).toBe('scale.max: expected a whole number from 2 to 10, got 12');
    await expect(ask({ survey: 'checkout' })).rejects.toBeInstanceOf(CsatConfigError);
  });
});

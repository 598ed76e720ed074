// The demo's embedded store: postgresStore on PGlite in a temporary data directory, and a check
// that no demo source builds HTML from strings.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type DemoStore } from '../../demo/api/store';
import { dashboardSummary } from '../../demo/api/summary';
import { validAnswer } from '../fixtures';
import { storeContract } from './store-contract';

describe('demo store on PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csat-pglite-'));
  let store: DemoStore;

  // A new PGlite data directory is initialised on first open: a few seconds.
  beforeAll(async () => {
    store = await openStore({ dataDir: dir });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says where it keeps the answers', () => {
    expect(store.kind).toBe('pglite');
    expect(store.location).toBe(dir);
  });

  it('shares one computation between dashboard summaries asked for at the same time', async () => {
    await store.add(validAnswer({ survey: 'shared' }));
    const summarize = vi.spyOn(store, 'summarize');
    try {
      const asked = [dashboardSummary(store), dashboardSummary(store), dashboardSummary(store)];
      const other = dashboardSummary(store, { survey: 'shared' });
      const [a, b, c] = await Promise.all(asked);
      expect(b).toBe(a);
      expect(c).toBe(a);
      expect((await other).count).toBe(1);
      // Two computations (all surveys, and one survey) of four store summaries each.
      expect(summarize).toHaveBeenCalledTimes(8);
      // On PGlite a result is reused for a moment; after that (here: asked not to reuse it) the
      // next request computes afresh and sees an answer stored since.
      await store.add(validAnswer({ survey: 'shared' }));
      expect(await dashboardSummary(store)).toBe(a);
      expect((await dashboardSummary(store, { maxAgeMs: 0 })).count).toBe(a!.count + 1);
    } finally {
      summarize.mockRestore();
    }
  });

  it('gives one distribution per scale, so a survey that changed its scale loses no answers', async () => {
    // Two scales under one survey: 4 and 5 of 5 stars, and 9 of 10 (issue 13, dashboard fixes).
    await store.add(validAnswer({ survey: 'two-scales', score: 4 }));
    await store.add(validAnswer({ survey: 'two-scales', score: 5, normalized: 1 }));
    await store.add(
      validAnswer({
        survey: 'two-scales',
        scale: { type: 'numeric', min: 1, max: 10 },
        score: 9,
        normalized: 8 / 9,
      }),
    );
    const s = await dashboardSummary(store, { survey: 'two-scales', maxAgeMs: 0 });
    expect(s.distributions).toEqual([
      { scale: { type: 'stars', min: 1, max: 5 }, count: 2, distribution: { 4: 1, 5: 1 } },
      { scale: { type: 'numeric', min: 1, max: 10 }, count: 1, distribution: { 9: 1 } },
    ]);
  });

  storeContract(
    () => store,
    async () => {
      // One PGlite per data directory at a time: close before opening it again.
      await store.close();
      return (store = await openStore({ dataDir: dir }));
    },
  );
});

describe('demo sources', () => {
  const demo = fileURLToPath(new URL('../../demo', import.meta.url));
  const files = readdirSync(demo, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mjs|html)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));

  it('never parse strings as HTML (comments and survey names are shown with textContent)', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(
        /innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write/,
      );
    }
  });
});

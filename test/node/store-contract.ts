// What every demo store must do, run against PGlite (demo-store.test.ts) and a real PostgreSQL
// server (postgres.test.ts): the same SQL module behind both.
import { expect, it } from 'vitest';
import { STREAM_PAGE, type DemoStore } from '../../demo/api/store';
import { dashboardSummary } from '../../demo/api/summary';
import { validAnswer } from '../fixtures';

/** Registers the shared tests; `store()` is the store opened by the caller's beforeAll. */
export function storeContract(store: () => DemoStore, reopen: () => Promise<DemoStore>): void {
  it('stores an answer and reads it back as it was sent', async () => {
    const a = validAnswer({ survey: 'contract-roundtrip', comment: 'Ça va — "quotes", <b>tags</b>, emoji 🎉' });
    expect(await store().add(a)).toBe(true);
    expect(await store().list({ survey: 'contract-roundtrip' })).toEqual([a]);
  });

  it('keeps one answer per id: a repeat is reported as not added', async () => {
    const a = validAnswer({ survey: 'contract-dup' });
    expect(await store().add(a)).toBe(true);
    expect(await store().add({ ...a, score: 1, normalized: 0, satisfied: false })).toBe(false);
    expect(await store().list({ survey: 'contract-dup' })).toEqual([a]);
  });

  it('streams more answers than one page, oldest first, filtered by survey', async () => {
    const n = STREAM_PAGE * 2 + 7;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const a = validAnswer({ survey: 'contract-many', interaction: `i-${i}` });
      ids.push(a.id);
      await store().add(a);
    }
    await store().add(validAnswer({ survey: 'contract-other' }));
    const seen: string[] = [];
    for await (const a of store().stream({ survey: 'contract-many' })) seen.push(a.id);
    expect(seen).toEqual(ids);
  });

  it('summarizes for the dashboard: figures, groups, daily trend and latest comments', async () => {
    const survey = 'contract-summary';
    const now = new Date('2026-11-23T15:00:00Z');
    const stars = (score: number, extra: Record<string, unknown> = {}) =>
      validAnswer({ survey, score, normalized: (score - 1) / 4, satisfied: score >= 4, ...extra });
    await store().add(stars(5, { locale: 'en', at: '2026-11-23T09:00:00.000Z' }));
    await store().add(stars(4, { locale: 'nl-NL', at: '2026-11-22T09:00:00.000Z' }));
    await store().add(stars(2, { locale: 'nl-NL', at: '2026-11-22T10:00:00.000Z', comment: 'Too slow' }));
    await store().add(stars(1, { locale: 'en', at: '2026-10-01T10:00:00.000Z', comment: 'Old news' }));

    const s = await dashboardSummary(store(), { survey, now, days: 3 });
    expect(s).toMatchObject({
      survey,
      count: 4,
      satisfied: 2,
      csat: 50,
      mean: 3,
      distribution: { 1: 1, 2: 1, 4: 1, 5: 1 },
      scales: { [survey]: { type: 'stars', min: 1, max: 5 } },
    });
    expect(s.csatCi95![0]).toBeCloseTo(15, 0);
    expect(s.csatCi95![1]).toBeCloseTo(85, 0);
    expect(Object.keys(s.bySurvey)).toEqual([survey]);
    expect(s.byLocale['nl-NL']).toMatchObject({ count: 2, csat: 50 });
    expect(s.byLocale.en).toMatchObject({ count: 2, csat: 50 });
    expect(s.daily).toEqual([
      { day: '2026-11-21', count: 0, satisfied: 0, csat: null },
      { day: '2026-11-22', count: 2, satisfied: 1, csat: 50 },
      { day: '2026-11-23', count: 1, satisfied: 1, csat: 100 },
    ]);
    // Newest arrival first, whatever the answers' own `at` says.
    expect(s.comments.map((c) => [c.text, c.score])).toEqual([
      ['Old news', 1],
      ['Too slow', 2],
    ]);

    // Without a filter every survey is there, each in its own group.
    const all = await dashboardSummary(store(), { now });
    expect(all.bySurvey[survey]).toMatchObject({ count: 4, csat: 50 });
    expect(all.count).toBe(Object.values(all.bySurvey).reduce((n, g) => n + g.count, 0));
  });

  it('keeps answers across a restart, and creating the schema again is harmless', async () => {
    const a = validAnswer({ survey: 'contract-restart' });
    await store().add(a);
    const again = await reopen();
    expect(await again.list({ survey: 'contract-restart' })).toEqual([a]);
    expect(await again.add(a)).toBe(false);
  });
}

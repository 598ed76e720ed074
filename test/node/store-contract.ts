// What `postgresStore` (csat-widget/server) must do, and what the demo builds on it, run against
// PGlite (demo-store.test.ts) and a real PostgreSQL server (postgres.test.ts): the same SQL on both.
import { expect, it } from 'vitest';
import type { DemoStore } from '../../demo/api/store';
import { dashboardSummary, TOP_GROUPS } from '../../demo/api/summary';
import { summarize, type Summary, type SummaryItem } from '../../src/stats';
import type { StoredEvent } from '../../src/server';
import type { Answer, AnswerScale } from '../../src/types';
import { validAnswer } from '../fixtures';

/** Every kind of scale the widget sends, with the NPS-like and CES special cases. */
const SCALES: AnswerScale[] = [
  { type: 'stars', min: 1, max: 5 },
  { type: 'stars', min: 1, max: 3 },
  { type: 'stars', min: 1, max: 10 },
  { type: 'smileys', min: 1, max: 2 },
  { type: 'smileys', min: 1, max: 3 },
  { type: 'smileys', min: 1, max: 5 },
  { type: 'numeric', min: 0, max: 10 },
  { type: 'numeric', min: 1, max: 5 },
  { type: 'numeric', min: 1, max: 10 },
  { type: 'nps', min: 0, max: 10 },
  { type: 'ces', min: 1, max: 7 },
];

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An answer on `scale` as the widget builds it: normalized and satisfied follow from the score. */
function answerOn(scale: AnswerScale, score: number, extra: Partial<Answer>): Answer {
  const normalized = (score - scale.min) / (scale.max - scale.min);
  const satisfied = scale.type === 'nps' ? score >= 9 : normalized >= 0.6;
  return validAnswer({ scale, score, normalized, satisfied, ...extra });
}

function eventOf(kind: 'shown' | 'dismissed', extra: Partial<StoredEvent>): StoredEvent {
  return {
    v: 1,
    kind,
    id: crypto.randomUUID(),
    survey: 'checkout',
    interaction: null,
    locale: 'en',
    page: 'https://shop.example/checkout/done',
    at: '2026-11-23T10:00:00.000Z',
    ...extra,
  } as StoredEvent;
}

/**
 * Random answers and events inside [start, start + 30 days): surveys each on one scale or on
 * several, locales, interactions (some null), shown and dismissed events.
 */
function randomItems(seed: number, n: number, start: number, prefix: string): SummaryItem[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const surveys = SCALES.map((scale, i) => ({ name: `${prefix}-${scale.type}-${i}`, scales: [scale] }));
  surveys.push({ name: `${prefix}-mixed`, scales: SCALES });
  surveys.push({ name: `${prefix}-stars-and-nps`, scales: [SCALES[0]!, SCALES[9]!] });
  const locales = ['en', 'nl-NL', 'ar', 'fr-CA'];
  const interactions = [null, 'order-1', 'order-2', 'ticket-9'];
  const items: SummaryItem[] = [];
  for (let i = 0; i < n; i++) {
    const survey = pick(surveys);
    const common = {
      survey: survey.name,
      locale: pick(locales),
      interaction: pick(interactions),
      at: new Date(start + Math.floor(rnd() * 30 * 864e5)).toISOString(),
    };
    const r = rnd();
    if (r < 0.25) items.push(eventOf('shown', common));
    else if (r < 0.35) items.push(eventOf('dismissed', common));
    else {
      const scale = pick(survey.scales);
      const score = scale.min + Math.floor(rnd() * (scale.max - scale.min + 1));
      items.push(answerOn(scale, score, common));
    }
  }
  return items;
}

/** The figures with `meanNormalized` to 9 places: a float sum's last bits depend on its order. */
function comparable(s: Summary & { groups?: Record<string, Summary> }): unknown {
  const round = (x: Summary) => ({
    ...x,
    meanNormalized: x.meanNormalized === null ? null : Number(x.meanNormalized.toFixed(9)),
  });
  return s.groups
    ? { ...round(s), groups: Object.fromEntries(Object.entries(s.groups).map(([k, g]) => [k, round(g)])) }
    : round(s);
}

/** Registers the shared tests; `store()` is the store opened by the caller's beforeAll. */
export function storeContract(store: () => DemoStore, reopen: () => Promise<DemoStore>): void {
  it('stores an answer and reads it back as it was sent', async () => {
    const a = validAnswer({ survey: 'contract-roundtrip', comment: 'Ça va — "quotes", <b>tags</b>, emoji 🎉' });
    expect(await store().add(a)).toBe(true);
    expect(await store().list({ survey: 'contract-roundtrip' })).toEqual([a]);
  });

  it('keeps one row per id, answers and events alike: a repeat is reported as not added', async () => {
    const a = validAnswer({ survey: 'contract-dup' });
    expect(await store().add(a)).toBe(true);
    expect(await store().add({ ...a, score: 1, normalized: 0, satisfied: false })).toBe(false);
    expect(await store().list({ survey: 'contract-dup' })).toEqual([a]);
    const e = eventOf('shown', { survey: 'contract-dup' });
    expect(await store().add(e)).toBe(true);
    expect(await store().add(e)).toBe(false);
    expect(await store().add({ ...e, kind: 'dismissed' })).toBe(false);
    // The event is not an answer; it counts once as shown.
    expect(await store().list({ survey: 'contract-dup' })).toEqual([a]);
    expect(await store().summarize({ survey: 'contract-dup' })).toMatchObject({
      count: 1,
      shown: 1,
      dismissed: 0,
      responseRate: 100,
    });
  });

  it('gives the same figures as summarize from csat-widget/stats on random data: every scale, mixed scales, events', async () => {
    // A time window of its own, so the other tests' rows stay out.
    const start = Date.parse('2031-03-01T00:00:00Z');
    const items = randomItems(13, 1500, start, 'rand');
    for (const item of items) expect(await store().add(item as Answer)).toBe(true);
    const from = new Date(start);
    const to = new Date(start + 30 * 864e5);
    const inWindow = { from, to };

    expect(comparable(await store().summarize(inWindow))).toEqual(comparable(summarize(items)));
    for (const by of ['survey', 'locale', 'interaction'] as const) {
      expect(comparable(await store().summarize({ ...inWindow, by })), by).toEqual(
        comparable(summarize(items, { by })),
      );
    }
    // One survey on each scale, and the mixed one: mean only where the scale is one.
    for (const survey of ['rand-nps-9', 'rand-ces-10', 'rand-mixed', 'rand-stars-and-nps']) {
      const mine = items.filter((i) => i.survey === survey);
      const s = await store().summarize({ ...inWindow, survey });
      expect(comparable(s), survey).toEqual(comparable(summarize(mine)));
      expect(s.count).toBeGreaterThan(10);
    }
    expect((await store().summarize({ ...inWindow, survey: 'rand-mixed' })).mean).toBeNull();
    expect((await store().summarize({ ...inWindow, survey: 'rand-nps-9' })).nps).toEqual(expect.any(Number));

    // Within a day (counted from the rows, not the daily totals): the same figures again.
    const [t1, t2] = [start + 5400_000, start + 10 * 864e5 + 7 * 3600_000];
    const inHours = items.filter((i) => Date.parse((i as Answer).at) >= t1 && Date.parse((i as Answer).at) < t2);
    expect(comparable(await store().summarize({ from: new Date(t1), to: new Date(t2), by: 'locale' }))).toEqual(
      comparable(summarize(inHours, { by: 'locale' })),
    );
    expect(inHours.length).toBeGreaterThan(100);

    // `from` is inclusive, `to` exclusive, on the items' own times; strings work like dates.
    const mid = new Date(start + 10 * 864e5).toISOString();
    const firstPart = items.filter((i) => Date.parse((i as Answer).at) < Date.parse(mid));
    expect(comparable(await store().summarize({ from: from.toISOString(), to: mid, by: 'survey' }))).toEqual(
      comparable(summarize(firstPart, { by: 'survey' })),
    );
  }, 60_000);

  it('keeps the `top` groups with most answers and adds up the rest as `other`', async () => {
    const start = Date.parse('2032-01-01T00:00:00Z');
    const at = new Date(start).toISOString();
    const sizes = { 'top-a': 5, 'top-b': 4, 'top-c': 3, 'top-d': 2, 'top-e': 1 };
    const items: SummaryItem[] = [];
    for (const [survey, n] of Object.entries(sizes)) {
      for (let i = 0; i < n; i++) items.push(answerOn(SCALES[0]!, 1 + (i % 5), { survey, at }));
      items.push(eventOf('shown', { survey, at }));
    }
    for (const item of items) await store().add(item as Answer);
    const s = await store().summarize({ from: new Date(start), to: new Date(start + 1000), by: 'survey', top: 2 });
    expect(Object.keys(s.groups).sort()).toEqual(['top-a', 'top-b']);
    expect(comparable(s.groups['top-a']!)).toEqual(comparable(summarize(items.filter((i) => i.survey === 'top-a'))));
    const rest = items.filter((i) => !['top-a', 'top-b'].includes(i.survey));
    expect(comparable(s.other!)).toEqual(comparable(summarize(rest)));
    expect(s.otherGroups).toBe(3);
    expect(s.count).toBe(15);
    const all = await store().summarize({ from: new Date(start), to: new Date(start + 1000), by: 'survey', top: 10 });
    expect(all.other).toBeUndefined();
    expect(all.otherGroups).toBe(0);
  });

  it('summarizes for the dashboard: figures, groups, daily trend, last week against the week before, comments', async () => {
    const survey = 'contract-summary';
    const now = new Date('2026-11-23T15:00:00Z');
    const stars = (score: number, extra: Record<string, unknown> = {}) =>
      validAnswer({ survey, score, normalized: (score - 1) / 4, satisfied: score >= 4, ...extra });
    await store().add(stars(5, { locale: 'en', at: '2026-11-23T09:00:00.000Z' }));
    await store().add(stars(1, { locale: 'en', at: '2026-10-01T10:00:00.000Z', comment: 'Old news' }));
    await store().add(stars(4, { locale: 'nl-NL', at: '2026-11-22T09:00:00.000Z' }));
    await store().add(stars(2, { locale: 'nl-NL', at: '2026-11-15T10:00:00.000Z', comment: 'Too slow' }));
    await store().add(eventOf('shown', { survey, at: '2026-11-23T08:59:00.000Z' }));

    const s = await dashboardSummary(store(), { survey, now, days: 3 });
    expect(s).toMatchObject({
      survey,
      count: 4,
      satisfied: 2,
      csat: 50,
      mean: 3,
      distribution: { 1: 1, 2: 1, 4: 1, 5: 1 },
      shown: 1,
      responseRate: 400,
      scales: { [survey]: { type: 'stars', min: 1, max: 5 } },
    });
    expect(s.csatCi95![0]).toBeCloseTo(15, 0);
    expect(s.csatCi95![1]).toBeCloseTo(85, 0);
    expect(s.bySurvey.map((g) => g.key)).toEqual([survey]);
    expect(s.byLocale.map((g) => [g.key, g.count, g.csat])).toEqual([
      ['en', 2, 50],
      ['nl-NL', 2, 50],
    ]);
    expect(s.daily).toEqual([
      { day: '2026-11-21', count: 0, satisfied: 0, csat: null },
      { day: '2026-11-22', count: 1, satisfied: 1, csat: 100 },
      { day: '2026-11-23', count: 1, satisfied: 1, csat: 100 },
    ]);
    // Last 7 days (17–23 November): 2 of 2; the 7 before (10–16): 0 of 1.
    expect(s.compare).toMatchObject({ diff: 100, before: { count: 1, csat: 0 }, after: { count: 2, csat: 100 } });
    expect(s.compare.ci95![1]).toBe(100);
    // By arrival, newest first: 'Too slow' arrived last though it is dated earlier.
    expect(s.comments.map((c) => [c.text, c.score])).toEqual([
      ['Too slow', 2],
      ['Old news', 1],
    ]);

    // Without a filter every survey is there, each in its own row, most answers first.
    const all = await dashboardSummary(store(), { now });
    expect(all.bySurvey.find((g) => g.key === survey)).toMatchObject({ count: 4, csat: 50 });
    expect(all.count).toBe(all.bySurvey.reduce((n, g) => n + g.count, 0));
    const counts = all.bySurvey.filter((g) => !g.other).map((g) => g.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it(`lists at most ${TOP_GROUPS} surveys and locales plus one "other" row, however many were posted`, async () => {
    const at = '2033-05-05T10:00:00.000Z';
    for (let i = 0; i < TOP_GROUPS + 20; i++) {
      // Survey i gets one answer, the first ones a second: they are the top.
      await store().add(validAnswer({ survey: `many-${i}`, locale: `x-${i}`, at }));
      if (i < 5) await store().add(validAnswer({ survey: `many-${i}`, locale: `x-${i}`, at }));
    }
    const s = await dashboardSummary(store(), { now: new Date(at) });
    for (const rows of [s.bySurvey, s.byLocale]) {
      expect(rows).toHaveLength(TOP_GROUPS + 1);
      const other = rows[TOP_GROUPS]!;
      expect(other).toMatchObject({ key: 'other', other: true });
      expect(other.folded).toBeGreaterThanOrEqual(20);
      expect(rows.reduce((n, g) => n + g.count, 0)).toBe(s.count);
    }
    // The surveys with two answers are listed; some with one are not.
    const listed = s.bySurvey.map((g) => g.key);
    for (let i = 0; i < 5; i++) expect(listed).toContain(`many-${i}`);
    expect(Object.keys(s.scales).length).toBeLessThanOrEqual(TOP_GROUPS);
  });

  it('keeps answers across a restart, and creating the schema again is harmless', async () => {
    const a = validAnswer({ survey: 'contract-restart' });
    await store().add(a);
    const again = await reopen();
    expect(await again.list({ survey: 'contract-restart' })).toEqual([a]);
    expect(await again.add(a)).toBe(false);
  });
}

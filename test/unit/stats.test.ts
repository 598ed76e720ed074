import { describe, it, expect, expectTypeOf } from 'vitest';
import { compare, summarize, type GroupedSummary, type Summary, type SummaryEvent } from '../../src/stats';
import type { Answer, AnswerScale } from '../../src/types';

const STARS: AnswerScale = { type: 'stars', min: 1, max: 5 };
const NPS: AnswerScale = { type: 'nps', min: 0, max: 10 };
const NUMERIC_0_10: AnswerScale = { type: 'numeric', min: 0, max: 10 };
const CES: AnswerScale = { type: 'ces', min: 1, max: 7 };

let nextId = 0;
/** An answer as the widget would build it: normalized and satisfied follow from score and scale. */
function answer(score: number, scale: AnswerScale = STARS, extra: Partial<Answer> = {}): Answer {
  const normalized = (score - scale.min) / (scale.max - scale.min);
  return {
    v: 1,
    id: `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`,
    survey: 'checkout',
    interaction: null,
    scale,
    score,
    normalized,
    satisfied: scale.type === 'nps' ? score >= 9 : normalized >= 0.6,
    comment: null,
    locale: 'en',
    page: 'https://shop.example/checkout',
    at: '2025-01-01T12:00:00Z',
    metadata: {},
    ...extra,
  };
}

const many = (scores: number[], scale?: AnswerScale, extra?: Partial<Answer>) =>
  scores.map((score) => answer(score, scale, extra));

describe('summarize', () => {
  it('gives nulls and an empty distribution for no answers', () => {
    expect(summarize([])).toEqual({
      count: 0,
      satisfied: 0,
      csat: null,
      csatCi95: null,
      mean: null,
      meanNormalized: null,
      distribution: {},
    });
  });

  it('summarizes one answer', () => {
    const s = summarize([answer(5)]);
    expect(s).toMatchObject({ count: 1, satisfied: 1, csat: 100, mean: 5, meanNormalized: 1, distribution: { 5: 1 } });
    // n = 1, p = 1: centre = (1 + z²/2) / (1 + z²) = 2.920730 / 4.841459 = 0.603274,
    // half = z / (1 + z²) · √(z²/4) = 0.404828 · 0.979982 = 0.396724 → [20.65, 100].
    expect(s.csatCi95?.[0]).toBeCloseTo(20.65, 2);
    expect(s.csatCi95?.[1]).toBe(100);
    expect(s).not.toHaveProperty('nps');
    expect(s).not.toHaveProperty('ces');
  });

  it('keeps the interval inside 0–100 when nobody or everybody is satisfied', () => {
    // n = 5, p = 1: centre = (1 + 0.384146) / 1.768292 = 0.782758, half = 0.217241 → [56.55, 100].
    const all = summarize(many([4, 5, 5, 4, 5]));
    expect(all.csat).toBe(100);
    expect(all.csatCi95?.[0]).toBeCloseTo(56.55, 2);
    expect(all.csatCi95?.[1]).toBe(100);
    // n = 1, p = 0: the mirror image of the single satisfied answer → [0, 79.35].
    const none = summarize([answer(1)]);
    expect(none.csat).toBe(0);
    expect(none.csatCi95?.[0]).toBe(0);
    expect(none.csatCi95?.[1]).toBeCloseTo(79.35, 2);
  });

  it('computes CSAT, the Wilson interval, means and the distribution of a 1–5 set', () => {
    // 4 and 5 are satisfied (normalized ≥ 0.6): 8 of 10.
    const s = summarize(many([5, 5, 4, 4, 4, 4, 4, 4, 2, 1]));
    expect(s.count).toBe(10);
    expect(s.satisfied).toBe(8);
    expect(s.csat).toBe(80);
    // p = 0.8, n = 10, z² = 3.841459, 1 + z²/n = 1.384146
    // centre = (0.8 + 0.192073) / 1.384146 = 0.716738
    // half = (1.959964 / 1.384146) · √(0.016 + 0.009604) = 1.416010 · 0.160011 = 0.226577
    // → [49.02, 94.33]
    expect(s.csatCi95?.[0]).toBeCloseTo(49.02, 2);
    expect(s.csatCi95?.[1]).toBeCloseTo(94.33, 2);
    // (2·5 + 6·4 + 2 + 1) / 10 = 37 / 10
    expect(s.mean).toBeCloseTo(3.7, 10);
    // (3.7 − 1) / 4
    expect(s.meanNormalized).toBeCloseTo(0.675, 10);
    expect(s.distribution).toEqual({ 1: 1, 2: 1, 4: 6, 5: 2 });
  });

  it('gives no mean for mixed scales but still a normalized mean', () => {
    const s = summarize([answer(4), answer(8, NUMERIC_0_10)]);
    expect(s.mean).toBeNull();
    // (0.75 + 0.8) / 2
    expect(s.meanNormalized).toBeCloseTo(0.775, 10);
    expect(s.distribution).toEqual({ 4: 1, 8: 1 });
    // Same range but another type is another scale too.
    expect(summarize([answer(8, NPS), answer(8, NUMERIC_0_10)]).mean).toBeNull();
  });

  it('computes NPS over the 0–10 answers only', () => {
    // Promoters 10, 10, 9, 9, 9 (5); passives 8, 7 (2); detractors 6, 2, 0 (3): 50 % − 30 % = 20.
    const s = summarize(many([10, 10, 9, 9, 9, 8, 7, 6, 2, 0], NPS));
    expect(s.nps).toBeCloseTo(20, 10);
    expect(s.satisfied).toBe(5);
    expect(s.mean).toBeCloseTo(7, 10);
    // A numeric 0–10 answer counts (a detractor: 1 promoter, 1 detractor → 0); a 1–5 star does not.
    const mixed = summarize([answer(9, NPS), answer(3, NUMERIC_0_10), answer(5)]);
    expect(mixed.nps).toBe(0);
    expect(summarize([answer(5)]).nps).toBeUndefined();
    expect(summarize(many([0, 6], NPS)).nps).toBe(-100);
  });

  it('computes the CES mean over the ces answers only', () => {
    // (7 + 6 + 5 + 2) / 4 = 5; the star answer is left out.
    const s = summarize([...many([7, 6, 5, 2], CES), answer(1)]);
    expect(s.ces).toBe(5);
    expect(s.mean).toBeNull();
    expect(s).not.toHaveProperty('nps');
  });

  it('groups by survey with the overall figures at the top level', () => {
    const s = summarize(
      [...many([5, 4, 1], STARS, { survey: 'checkout' }), ...many([9, 10], NPS, { survey: 'support' })],
      {
        by: 'survey',
      },
    );
    expectTypeOf(s).toEqualTypeOf<GroupedSummary>();
    expect(s.count).toBe(5);
    expect(s.satisfied).toBe(4);
    expect(s.csat).toBe(80);
    expect(s.mean).toBeNull();
    expect(s.nps).toBe(100);
    expect(Object.keys(s.groups).sort()).toEqual(['checkout', 'support']);
    expect(s.groups.checkout).toMatchObject({
      count: 3,
      satisfied: 2,
      mean: 10 / 3,
      distribution: { 1: 1, 4: 1, 5: 1 },
    });
    expect(s.groups.checkout).not.toHaveProperty('nps');
    expect(s.groups.support).toMatchObject({ count: 2, satisfied: 2, csat: 100, mean: 9.5, nps: 100 });
  });

  it('groups a null interaction under "(none)" and keeps odd keys as plain keys', () => {
    const s = summarize([answer(5, STARS, { interaction: 'A-1' }), answer(2), answer(3)], { by: 'interaction' });
    expect(s.groups['(none)']?.count).toBe(2);
    expect(s.groups['A-1']?.count).toBe(1);
    const odd = summarize([answer(5, STARS, { survey: '__proto__' })], { by: 'survey' });
    expect(Object.keys(odd.groups)).toEqual(['__proto__']);
    expect(odd.groups['__proto__']?.count).toBe(1);
  });

  it('accepts any iterable synchronously and an async iterable with a promise', async () => {
    const scores = [5, 5, 4, 4, 4, 4, 4, 4, 2, 1];
    const fromArray = summarize(many(scores));
    const fromSet = summarize(new Set(many(scores)));
    expectTypeOf(fromSet).toEqualTypeOf<Summary>();
    expect(fromSet).toEqual(fromArray);

    async function* stream() {
      for (const a of many(scores)) {
        await Promise.resolve();
        yield a;
      }
    }
    const pending = summarize(stream());
    expectTypeOf(pending).toEqualTypeOf<Promise<Summary>>();
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toEqual(fromArray);
    const grouped = summarize(stream(), { by: 'locale' });
    expectTypeOf(grouped).toEqualTypeOf<Promise<GroupedSummary>>();
    expect((await grouped).groups.en?.count).toBe(10);
  });

  it('streams 100 000 answers from a generator', () => {
    function* generate() {
      for (let i = 0; i < 100_000; i++) yield answer((i % 5) + 1);
    }
    const s = summarize(generate());
    expect(s.count).toBe(100_000);
    // Scores 4 and 5 are satisfied: two in five.
    expect(s.satisfied).toBe(40_000);
    expect(s.csat).toBe(40);
    expect(s.mean).toBe(3);
    expect(s.distribution).toEqual({ 1: 20_000, 2: 20_000, 3: 20_000, 4: 20_000, 5: 20_000 });
  });
});

/** An event as the widget sends it (SPEC "Events"). */
function event(kind: 'shown' | 'dismissed', extra: Partial<SummaryEvent> = {}): SummaryEvent {
  return {
    v: 1,
    kind,
    id: `00000000-0000-4000-9000-${String(nextId++).padStart(12, '0')}`,
    survey: 'checkout',
    interaction: null,
    locale: 'en',
    page: 'https://shop.example/checkout',
    at: '2025-01-01T12:00:00Z',
    ...extra,
  } as SummaryEvent;
}
const events = (kind: 'shown' | 'dismissed', n: number, extra?: Partial<SummaryEvent>) =>
  Array.from({ length: n }, () => event(kind, extra));

describe('summarize with events', () => {
  it('never counts events as answers, and reports shown, dismissed and the response rate', () => {
    // 8 shown, 3 dismissed, 4 answered (3 satisfied): response rate 4 / 8 = 50 %.
    const items = [...events('shown', 8), ...many([5, 4, 4, 1]), ...events('dismissed', 3)];
    const s = summarize(items);
    expect(s).toMatchObject({ count: 4, satisfied: 3, csat: 75, mean: 3.5, distribution: { 1: 1, 4: 2, 5: 1 } });
    expect(s.shown).toBe(8);
    expect(s.dismissed).toBe(3);
    expect(s.responseRate).toBe(50);
    // The answers alone give the same answer figures, without the event fields.
    const { shown, dismissed, responseRate, ...answerFigures } = s;
    expect(answerFigures).toEqual(summarize(many([5, 4, 4, 1])));
    expect(summarize(many([5, 4]))).not.toHaveProperty('shown');
  });

  it('gives a null response rate when nothing was shown, and events alone give no CSAT', () => {
    const onlyDismissed = summarize([...events('dismissed', 2), answer(5)]);
    expect(onlyDismissed).toMatchObject({ shown: 0, dismissed: 2, responseRate: null, count: 1 });
    const onlyEvents = summarize(events('shown', 3));
    expect(onlyEvents).toMatchObject({ count: 0, csat: null, csatCi95: null, mean: null, shown: 3, responseRate: 0 });
  });

  it('splits events into the same groups as answers, with the event fields on every group', () => {
    const s = summarize(
      [
        ...events('shown', 4, { survey: 'checkout' }),
        ...many([5, 2], STARS, { survey: 'checkout' }),
        ...events('shown', 1, { survey: 'help' }),
        ...events('dismissed', 1, { survey: 'help' }),
        answer(9, NPS, { survey: 'nps-only' }),
      ],
      { by: 'survey' },
    );
    expect(s).toMatchObject({ count: 3, shown: 5, dismissed: 1, responseRate: 60 });
    expect(s.groups.checkout).toMatchObject({ count: 2, shown: 4, dismissed: 0, responseRate: 50 });
    expect(s.groups.help).toMatchObject({ count: 0, csat: null, shown: 1, dismissed: 1, responseRate: 0 });
    expect(s.groups['nps-only']).toMatchObject({ count: 1, shown: 0, responseRate: null });
  });

  it('reads a stream mixing answers and events in one pass', async () => {
    async function* stream() {
      for (let i = 0; i < 1000; i++) {
        yield event('shown');
        if (i % 4 === 0) yield answer(5);
      }
    }
    const s = await summarize(stream());
    expect(s).toMatchObject({ count: 250, shown: 1000, responseRate: 25 });
  });
});

describe('compare', () => {
  /** `x` satisfied answers out of `n` (4 of 5 stars satisfied, 1 of 5 not). */
  const set = (x: number, n: number) => [...many(Array(x).fill(4)), ...many(Array(n - x).fill(1))];

  // Newcombe (1998), "Interval estimation for the difference between independent proportions",
  // Statistics in Medicine 17:873–890, Table II, method 10 (the hybrid score interval), for
  // proportion 1 − proportion 2; compare(before, after) is after − before, so proportion 1 goes
  // in `after`. Every pair is also recomputed below from the formula.
  it.each([
    // [x1, n1, x2, n2, low, high]
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
  ])('matches Newcombe for %i/%i − %i/%i: %f to %f', (x1, n1, x2, n2, low, high) => {
    const c = compare(set(x2, n2), set(x1, n1));
    expect(c.diff).toBeCloseTo((x1 / n1 - x2 / n2) * 100, 10);
    expect(c.ci95![0]).toBeCloseTo(low * 100, 2);
    expect(c.ci95![1]).toBeCloseTo(high * 100, 2);
    expect(c.significant).toBe(low > 0);
  });

  it('is the transparent formula: after − before with each side widened by the Wilson distances', () => {
    // 56/70 against 48/80, the Wilson bounds of each side from summarize's own csatCi95.
    const before = summarize(set(48, 80));
    const after = summarize(set(56, 70));
    const [l1, u1] = before.csatCi95!;
    const [l2, u2] = after.csatCi95!;
    const p1 = before.csat!;
    const p2 = after.csat!;
    const c = compare(before, after);
    expect(c.diff).toBeCloseTo(20, 10);
    expect(c.ci95![0]).toBeCloseTo(p2 - p1 - Math.hypot(p2 - l2, u1 - p1), 10);
    expect(c.ci95![1]).toBeCloseTo(p2 - p1 + Math.hypot(u2 - p2, p1 - l1), 10);
  });

  it('accepts answers or summaries, mirrors when swapped, and returns both summaries', () => {
    const a = set(56, 70);
    const b = set(48, 80);
    const fromAnswers = compare(b, a);
    expect(compare(summarize(b), summarize(a))).toEqual(fromAnswers);
    expect(fromAnswers.before).toEqual(summarize(b));
    expect(fromAnswers.after).toEqual(summarize(a));
    const swapped = compare(a, b);
    expect(swapped.diff).toBeCloseTo(-20, 10);
    expect(swapped.ci95![0]).toBeCloseTo(-fromAnswers.ci95![1], 10);
    expect(swapped.ci95![1]).toBeCloseTo(-fromAnswers.ci95![0], 10);
    expect(swapped.significant).toBe(true);
  });

  it('says "not significant" for a change the data cannot tell from chance', () => {
    // 6 of 10 against 7 of 10: up 10 points, but the interval spans 0.
    const c = compare(set(6, 10), set(7, 10));
    expect(c.diff).toBeCloseTo(10, 10);
    expect(c.ci95![0]).toBeLessThan(0);
    expect(c.ci95![1]).toBeGreaterThan(0);
    expect(c.significant).toBe(false);
  });

  it('gives no difference when either side has no answers (events alone are not answers)', () => {
    expect(compare([], set(5, 10))).toMatchObject({ diff: null, ci95: null, significant: false });
    expect(compare(set(5, 10), events('shown', 5))).toMatchObject({ diff: null, ci95: null, significant: false });
    expect(compare([], [])).toMatchObject({ diff: null, ci95: null, before: { count: 0 }, after: { count: 0 } });
  });

  it('stays inside −100 to +100 at 0 % and 100 %', () => {
    const up = compare(set(0, 30), set(30, 30));
    expect(up.diff).toBe(100);
    expect(up.ci95![1]).toBe(100);
    expect(up.ci95![0]).toBeGreaterThan(80);
    const same = compare(set(20, 20), set(20, 20));
    expect(same.diff).toBe(0);
    expect(same.ci95![0]).toBeGreaterThan(-20);
    expect(same.ci95![0]).toBeLessThan(0);
    expect(same.ci95![1]).toBeCloseTo(-same.ci95![0], 10);
    expect(same.significant).toBe(false);
  });
});

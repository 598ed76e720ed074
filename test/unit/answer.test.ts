import { afterEach, describe, it, expect } from 'vitest';
import { buildAnswer, currentPage, uuid, type AnswerContext } from '../../src/core/answer';
import { resolveScale } from '../../src/scales';
import { parseAnswer } from '../../src/schema-entry';
import { en } from '../../src/i18n/en';
import type { Scale } from '../../src/types';

const UUID_V4 = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;
const START_URL = location.href;
/** happy-dom's own API for navigating without a reload; not in the DOM typings. */
const setURL = (url: string) => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
const AT = new Date('2026-11-23T10:00:00.000Z');

afterEach(() => {
  setURL(START_URL);
});

const context = (scale: Scale = 'stars', extra: Partial<AnswerContext> = {}): AnswerContext => ({
  survey: 'checkout',
  interaction: 'order-1234',
  scale: resolveScale(scale, 'en', en),
  locale: 'nl-NL',
  metadata: { plan: 'pro' },
  ...extra,
});

describe('uuid', () => {
  it('is a version-4 UUID, unique per call', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uuid()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });
});

describe('page', () => {
  it('is origin + path, without query string or fragment', () => {
    setURL('https://shop.example/checkout/done?email=jan%40example.nl&token=abc#order=1234');
    expect(currentPage()).toBe('https://shop.example/checkout/done');
    expect(buildAnswer(context(), 4, null, AT).page).toBe('https://shop.example/checkout/done');
  });

  it('keeps a non-default port', () => {
    setURL('http://localhost:8080/a/b?x=1');
    expect(currentPage()).toBe('http://localhost:8080/a/b');
  });
});

describe('buildAnswer', () => {
  it('builds the documented payload', () => {
    setURL('https://shop.example/checkout/done?q=1');
    const a = buildAnswer(context(), 4, null, AT);
    expect(a).toEqual({
      v: 1,
      id: expect.stringMatching(UUID_V4),
      survey: 'checkout',
      interaction: 'order-1234',
      scale: { type: 'stars', min: 1, max: 5 },
      score: 4,
      normalized: 0.75,
      satisfied: true,
      comment: null,
      locale: 'nl-NL',
      page: 'https://shop.example/checkout/done',
      at: '2026-11-23T10:00:00.000Z',
      metadata: { plan: 'pro' },
    });
    // The body a collector receives passes the shared schema.
    expect(parseAnswer(JSON.parse(JSON.stringify(a)))).toEqual({ ok: true, value: a });
  });

  it('carries only type, min and max of the scale', () => {
    expect(Object.keys(buildAnswer(context('nps'), 9, null, AT).scale).sort()).toEqual(['max', 'min', 'type']);
  });

  it('gives a new id to every answer', () => {
    expect(buildAnswer(context(), 4, null, AT).id).not.toBe(buildAnswer(context(), 4, null, AT).id);
  });

  it.each<[Scale, number, number, boolean]>([
    ['stars', 3, 0.5, false],
    ['stars', 5, 1, true],
    ['nps', 8, 0.8, false],
    ['nps', 9, 0.9, true],
    ['ces', 5, 4 / 6, true],
    ['ces', 4, 0.5, false],
    [{ type: 'numeric', min: 1, max: 10 }, 7, 6 / 9, true],
    [{ type: 'numeric', min: 1, max: 10 }, 6, 5 / 9, false],
    [{ type: 'numeric', min: 0, max: 10 }, 0, 0, false],
  ])('%j score %i: normalized %d, satisfied %s', (scale, score, normalized, satisfied) => {
    const a = buildAnswer(context(scale), score, null, AT);
    expect(a.normalized).toBeCloseTo(normalized, 10);
    expect(a.satisfied).toBe(satisfied);
  });

  it.each([
    ['  Quick delivery \n', 'Quick delivery'],
    ['', null],
    ['   \n\t ', null],
    [null, null],
    ['Line one\nline two', 'Line one\nline two'],
  ])('comment %j becomes %j', (comment, expected) => {
    expect(buildAnswer(context(), 2, comment, AT).comment).toBe(expected);
  });

  it('stamps the time the score was chosen, in ISO 8601 UTC', () => {
    const at = new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 6));
    expect(buildAnswer(context(), 4, null, at).at).toBe('2030-01-02T03:04:05.006Z');
  });

  it('keeps a null interaction and empty metadata', () => {
    const a = buildAnswer(context('stars', { interaction: null, metadata: {} }), 1, null, AT);
    expect(a.interaction).toBeNull();
    expect(a.metadata).toEqual({});
  });
});

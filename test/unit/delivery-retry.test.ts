import { describe, expect, it } from 'vitest';
import { backoff, classify, MAX_ATTEMPTS, retryAfter } from '../../src/delivery/retry';

// The retry policy is pure: every case is a row, with time and randomness passed in.

describe('classify', () => {
  const DELIVERED = [200, 201, 202, 204, 299];
  const RETRY = [0, 408, 425, 429, 500, 502, 503, 504, 507, 508, 511, 599, 600];
  const DROP = [100, 301, 302, 304, 400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 426, 451, 499, 501, 505];

  it.each(DELIVERED)('%i: delivered', (status) => expect(classify(status)).toBe('delivered'));
  it.each(RETRY)('%i: retried', (status) => expect(classify(status)).toBe('retry'));
  it.each(DROP)('%i: dropped', (status) => expect(classify(status)).toBe('drop'));

  it('covers every status from 0 to 599 with one verdict each', () => {
    const verdicts = Array.from({ length: 600 }, (_, s) => classify(s));
    expect(verdicts.filter((v) => v === 'delivered')).toHaveLength(100); // 200–299
    // 0, 408, 425, 429, and 98 of the 100 5xx (not 501, 505)
    expect(verdicts.filter((v) => v === 'retry')).toHaveLength(4 + 98);
  });
});

describe('backoff', () => {
  // [attempt, delay with r = 0, with r = 0.5, with r → 1]: 1 s doubling to 60 s, then 5 min, ±50 %.
  const rows: [number, number, number, number][] = [
    [1, 500, 1000, 1500],
    [2, 1000, 2000, 3000],
    [3, 2000, 4000, 6000],
    [4, 4000, 8000, 12000],
    [5, 8000, 16000, 24000],
    [6, 16000, 32000, 48000],
    [7, 30000, 60000, 90000], // 64 s is capped at 60 s
    [9, 30000, 60000, 90000],
    [MAX_ATTEMPTS - 1, 30000, 60000, 90000],
    // From the tenth on, every 5 minutes: a long outage never drops an answer.
    [MAX_ATTEMPTS, 150000, 300000, 450000],
    [500, 150000, 300000, 450000],
  ];
  it.each(rows)('after attempt %i: from %i ms, %i ms in the middle, up to %i ms', (n, low, mid, high) => {
    expect(backoff(n, 0)).toBe(low);
    expect(backoff(n, 0.5)).toBe(mid);
    expect(backoff(n, 1 - Number.EPSILON)).toBeCloseTo(high, 6);
  });

  it('stays within ±50 % of the base for any random number', () => {
    for (let n = 1; n <= MAX_ATTEMPTS; n++) {
      const base = n < MAX_ATTEMPTS ? Math.min(60_000, 1000 * 2 ** (n - 1)) : 300_000;
      for (const r of [0, 0.1, 0.25, 0.5, 0.75, 0.999]) {
        const d = backoff(n, r);
        expect(d).toBeGreaterThanOrEqual(base * 0.5);
        expect(d).toBeLessThan(base * 1.5);
      }
    }
  });

  it('allows ten attempts', () => expect(MAX_ATTEMPTS).toBe(10));
});

describe('retryAfter', () => {
  const NOW = Date.parse('2026-11-23T10:00:00.000Z');
  const rows: [string, string | null | undefined, number | undefined][] = [
    ['delta-seconds', '120', 120_000],
    ['one second', '1', 1000],
    ['zero: at least 1 s', '0', 1000],
    ['over five minutes: clamped', '999999', 300_000],
    ['exactly five minutes', '300', 300_000],
    ['HTTP date 10 s ahead', 'Mon, 23 Nov 2026 10:00:10 GMT', 10_000],
    ['HTTP date an hour ahead: clamped', 'Mon, 23 Nov 2026 11:00:00 GMT', 300_000],
    ['HTTP date in the past: 1 s', 'Sun, 22 Nov 2026 10:00:00 GMT', 1000],
    ['RFC 850 date', 'Monday, 23-Nov-26 10:00:30 GMT', 30_000],
    ['missing', null, undefined],
    ['undefined', undefined, undefined],
    ['empty', '', undefined],
    ['garbage', 'soon', undefined],
    ['a decimal', '1.5', undefined],
    ['a negative number', '-5', undefined],
  ];
  it.each(rows)('%s (%j) → %j ms', (_, header, expected) => {
    expect(retryAfter(header, NOW)).toBe(expected);
  });

  it('reads the asctime form too, clamped like the others', () => {
    // Date.parse reads asctime as local time, so only the clamped range is asserted.
    const ms = retryAfter('Mon Nov 23 10:00:45 2026', NOW);
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThanOrEqual(300_000);
  });
});

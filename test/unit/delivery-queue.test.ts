import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Entry } from '../../src/delivery/queue';
import { validAnswer } from '../fixtures';

// The stored queue: bounds on every write, defensive reads, and the memory fallback. Each test
// loads a fresh copy of the module, so the fallback switched on by one test does not leak.

const KEY = 'csat:q1';
const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const DAY = 864e5;
const URL_ = 'https://collect.example/csat';

type Queue = typeof import('../../src/delivery/queue');
/**
 * The queue's update() seen in the stored format (short keys), which is what these tests pin: the
 * scheduler's readable entries are mapped to and from it at the storage boundary.
 */
let update: (lost: Parameters<Queue['update']>[0], now: number, change?: (q: Entry[]) => void) => Entry[];
const lost = vi.fn<(id: string | undefined, error?: Error) => void>();

const entry = (overrides: Partial<Entry> = {}, answer: Record<string, unknown> = {}): Entry => ({
  a: validAnswer(answer),
  e: { url: URL_ },
  n: 0,
  t: 0,
  c: NOW,
  ...overrides,
});
const stored = (): Entry[] | null => JSON.parse(localStorage.getItem(KEY) ?? 'null');
const store = (value: unknown) => localStorage.setItem(KEY, typeof value === 'string' ? value : JSON.stringify(value));
const reasons = () => lost.mock.calls.map(([, e]) => e?.message);

beforeEach(async () => {
  vi.resetModules();
  const queue = await import('../../src/delivery/queue');
  update = (lost, now, change) =>
    queue
      .update(
        lost,
        now,
        change &&
          ((q) => {
            const stored = q.map(queue.toStored);
            change(stored);
            q.splice(0, q.length, ...stored.map(queue.fromStored));
          }),
      )
      .map(queue.toStored);
  lost.mockReset();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the stored queue', () => {
  it('writes under its own key, leaves csat:v1 alone, and removes the key once empty', () => {
    localStorage.setItem('csat:v1', '{"s":{},"i":{}}');
    const x = entry();
    update(lost, NOW, (q) => q.push(x));
    expect(stored()).toEqual([x]);
    expect(localStorage.getItem('csat:v1')).toBe('{"s":{},"i":{}}');
    update(lost, NOW, (q) => q.splice(0));
    expect(localStorage.getItem(KEY)).toBeNull();
    expect(lost).not.toHaveBeenCalled();
  });

  it('keeps the endpoint headers and credentials with the answer', () => {
    const x = entry({ e: { url: URL_, headers: { 'x-api-key': 'k1' }, credentials: 'include' } });
    update(lost, NOW, (q) => q.push(x));
    expect(stored()![0]!.e).toEqual({ url: URL_, headers: { 'x-api-key': 'k1' }, credentials: 'include' });
  });

  it('keeps at most 100 answers, evicting the oldest through the callback', () => {
    const old = Array.from({ length: 100 }, (_, i) => entry({ c: NOW - 1000 + i }));
    store(old);
    const fresh = entry();
    const q = update(lost, NOW, (q) => q.push(fresh));
    expect(q).toHaveLength(100);
    expect(stored()!.map((x) => x.a.id)).toEqual([...old.slice(1), fresh].map((x) => x.a.id));
    expect(lost).toHaveBeenCalledOnce();
    expect(lost).toHaveBeenCalledWith(old[0]!.a.id, expect.objectContaining({ message: 'evicted: queue full' }));
  });

  it('keeps at most 256 KiB of JSON, evicting the oldest', () => {
    // About 13 KB each: a 5000-character comment and 16 metadata values of 490 characters (8 KiB, the most allowed).
    const metadata = Object.fromEntries(Array.from({ length: 16 }, (_, i) => ['k' + i, String(i).padEnd(490, 'x')]));
    const big = () => entry({}, { comment: 'c'.repeat(5000), metadata, score: 2, normalized: 0.25, satisfied: false });
    const n = Math.floor((256 * 1024) / (JSON.stringify(big()).length + 1));
    const full = Array.from({ length: n }, big);
    store(full);
    expect(JSON.stringify(full).length).toBeLessThan(256 * 1024);
    update(lost, NOW, (q) => q.push(big()));
    const after = localStorage.getItem(KEY)!;
    expect(after.length).toBeLessThanOrEqual(256 * 1024);
    expect(reasons()).toEqual(['evicted: queue full']);
    expect(lost.mock.calls[0]![0]).toBe(full[0]!.a.id);
    expect(stored()).toHaveLength(n);
  });

  it('drops answers older than 7 days through the callback', () => {
    const old = entry({ c: NOW - 7 * DAY - 1 });
    const edge = entry({ c: NOW - 7 * DAY });
    store([old, edge]);
    expect(update(lost, NOW).map((x) => x.a.id)).toEqual([edge.a.id]);
    expect(lost).toHaveBeenCalledWith(old.a.id, expect.objectContaining({ message: 'dropped: expired after 7 days' }));
    expect(stored()!.map((x) => x.a.id)).toEqual([edge.a.id]);
  });

  it.each<[string, (good: Entry) => unknown[]]>([
    ['an answer that fails the schema', (good) => [good, entry({}, { score: 12 })]],
    ['a field added to the answer', (good) => [good, entry({}, { email: 'a@b.c' })]],
    ['an endpoint that is not http(s)', (good) => [good, entry({ e: { url: 'javascript:alert(1)' } })]],
    ['an attempt count that is not a number', (good) => [good, { ...entry(), n: '1' }]],
    ['a next-attempt time that is not a number', (good) => [good, { ...entry(), t: null }]],
    ['null', (good) => [null, good]],
    ['a string', (good) => ['x', good]],
  ])('drops %s, reports it, and keeps the rest', (_, make) => {
    const good = entry();
    store(make(good));
    expect(update(lost, NOW)).toEqual([good]);
    expect(reasons()).toEqual(['dropped: invalid']);
    expect(stored()).toEqual([good]);
  });

  it.each([
    ['text that is not JSON', '{"a":'],
    ['an object instead of a list', '{"a":1}'],
  ])('drops %s as one invalid entry', (_, raw) => {
    store(raw);
    expect(update(lost, NOW)).toEqual([]);
    expect(lost).toHaveBeenCalledOnce();
    expect(lost).toHaveBeenCalledWith(undefined, expect.objectContaining({ message: 'dropped: invalid' }));
    expect(localStorage.getItem(KEY)).toBeNull();
  });
});

describe('a read that changes nothing', () => {
  it('writes nothing, not even the same entries in its own spelling', () => {
    // Two tabs read and write the queue in separate processes: a tab writing back what it read
    // could bring back an entry the other had just delivered and removed (a duplicate POST, found
    // by test/browser/never-lose.test.ts with two tabs opening on an answer another writer left).
    const raw = JSON.stringify([entry()], null, 2);
    store(raw);
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    expect(update(lost, NOW)).toHaveLength(1);
    expect(setItem).not.toHaveBeenCalled();
    expect(localStorage.getItem(KEY)).toBe(raw);
    // A change is written, in the queue's own spelling.
    update(lost, NOW, (q) => void (q[0]!.n = 1));
    expect(stored()).toMatchObject([{ n: 1 }]);
  });
});

describe('getItem that throws (a page patched Storage.prototype)', () => {
  it('goes on in memory with one warning, and never overwrites what earlier pages stored', () => {
    const earlier = [entry()];
    store(earlier);
    const before = localStorage.getItem(KEY);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // On the instance: happy-dom's localStorage does not reach Storage.prototype (the browser test patches that).
    const getItem = vi.spyOn(localStorage, 'getItem').mockImplementation(() => {
      throw new Error('patched');
    });
    const a = entry();
    const b = entry();
    update(lost, NOW, (q) => q.push(a));
    update(lost, NOW, (q) => q.push(b));
    expect(update(lost, NOW)).toEqual([a, b]);
    expect(warn).toHaveBeenCalledExactlyOnceWith('[csat]', expect.stringMatching(/^no localStorage/));
    getItem.mockRestore();
    // The earlier page's answer is still there for the next page to send.
    expect(localStorage.getItem(KEY)).toBe(before);
  });
});

describe('junk under the key', () => {
  it('20,000 invalid entries written by another script: dropped with one report', () => {
    store(Array.from({ length: 20_000 }, (_, i) => ({ junk: i })));
    const good = entry();
    update(lost, NOW, (q) => q.push(good));
    expect(reasons()).toEqual(['dropped: 20000 invalid entries']);
    expect(stored()).toEqual([good]);
  });
});

describe('serialization on a page with a toJSON of its own', () => {
  it.each([
    ['Array.prototype.toJSON (Prototype.js returns a string)', Array.prototype],
    ['Object.prototype.toJSON', Object.prototype],
  ])('%s does not change what is stored', (_, proto) => {
    Object.defineProperty(proto, 'toJSON', {
      value: function () {
        return 'hijacked';
      },
      configurable: true,
      writable: true,
    });
    const a = entry({}, { comment: 'quote " backslash \\ newline \n tab \t nul-free ✓ 😀' });
    try {
      update(lost, NOW, (q) => q.push(a));
    } finally {
      delete (proto as { toJSON?: unknown }).toJSON;
    }
    expect(stored()).toEqual([a]);
    expect(update(lost, NOW)).toEqual([a]);
    expect(lost).not.toHaveBeenCalled();
  });
});

describe('without localStorage', () => {
  it('keeps going in memory when a write throws (quota), with one warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const a = entry();
    const b = entry();
    update(lost, NOW, (q) => q.push(a));
    update(lost, NOW, (q) => q.push(b));
    expect(update(lost, NOW)).toEqual([a, b]);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]).toEqual(['[csat]', expect.stringMatching(/^no localStorage/)]);
    expect(lost).not.toHaveBeenCalled();
  });

  it('keeps going in memory when localStorage cannot even be read (disabled, sandboxed)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    // Nothing queued: nothing to warn about.
    expect(update(lost, NOW)).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
    const a = entry();
    update(lost, NOW, (q) => q.push(a));
    expect(update(lost, NOW)).toEqual([a]);
    expect(warn).toHaveBeenCalledOnce();
    // Bounds hold in memory too.
    update(lost, NOW + 8 * DAY);
    expect(update(lost, NOW + 8 * DAY)).toEqual([]);
    expect(reasons()).toEqual(['dropped: expired after 7 days']);
  });
});

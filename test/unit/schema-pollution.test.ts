import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../src/types';
import { validAnswer } from '../fixtures';

// A page that changed Object.prototype before the widget ran: an enumerable key (a careless
// polyfill, `Object.prototype.polluted = 1`) or non-enumerable "gadgets" named like our options.
// The first test must build the schemas for the first time with the key in place (zod installs its
// methods then), so nothing in this file imports the library before it: each test imports it.

const proto = Object.prototype as unknown as Record<string, unknown>;
const shown = () => document.querySelector('csat-widget')?.shadowRoot ?? null;
const pick = (label: string) =>
  (shown()!.querySelector(`[role=radio][aria-label^="${label}"]`) as HTMLElement | null)!.click();

/** Runs `f` with `keys` defined on Object.prototype, removed again afterwards whatever happens. */
async function withPrototype(keys: Record<string, unknown>, enumerable: boolean, f: () => Promise<void>) {
  for (const [key, value] of Object.entries(keys)) {
    // Read-only when not enumerable, as `Object.defineProperty(Object.prototype, key, { value })` makes it.
    Object.defineProperty(Object.prototype, key, { value, enumerable, configurable: true, writable: enumerable });
  }
  try {
    await f();
  } finally {
    for (const key of Object.keys(keys)) delete proto[key];
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(proto.endpoint).toBeUndefined();
});

describe('an enumerable Object.prototype key', () => {
  it('does not stop the schemas from being built, nor ask, nor the answer from being checked', async () => {
    await withPrototype({ polluted: 1 }, true, async () => {
      const { ask, createCsat } = await import('../../src/index');
      const onSubmit = vi.fn();
      expect(() => createCsat({ endpoint: '/api/csat', sampleRate: 1 })).not.toThrow();
      const answer = ask({ survey: 'polluted', onSubmit, comment: 'never', metadata: { plan: 'pro' } });
      expect(shown()).not.toBeNull();
      pick('4 of 5');
      const a = (await answer) as Answer;
      expect(a).toMatchObject({ survey: 'polluted', score: 4, metadata: { plan: 'pro' } });
      expect(Object.keys(a.metadata)).toEqual(['plan']);
      await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith(a));
    });
  });

  it('is not an unknown key of options, triggers or answers', async () => {
    await withPrototype({ polluted: 1 }, true, async () => {
      const { parseOptions } = await import('../../src/schema');
      const { parseAnswer } = await import('../../src/schema-entry');
      const { createCollector } = await import('../../src/server');
      expect(parseOptions({ survey: 'x', scale: { type: 'stars', points: 5 }, endpoint: { url: '/e' } })).toMatchObject(
        {
          ok: true,
        },
      );
      expect(parseOptions({ survey: 'x' }, true)).toMatchObject({ ok: true });
      const a = validAnswer();
      expect(parseAnswer(JSON.parse(JSON.stringify(a)))).toEqual({ ok: true, value: a });
      const res = await createCollector()(
        new Request('https://collect.test/csat', {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify(a),
        }),
      );
      expect(res.status).toBe(201);
    });
  });
});

describe('non-enumerable gadgets named like options', () => {
  const GADGETS = {
    endpoint: 'https://evil.example/steal',
    credentials: 'include',
    headers: { 'x-evil': '1' },
    question: 'Evil question?',
    sampleRate: 0,
    onSubmit: () => {},
    theme: { accent: 'red' },
    comment: 'never',
  };

  it('change neither where nor how an answer is sent, nor what is asked', async () => {
    const fetch = vi.fn(async (..._: unknown[]) => new Response(null, { status: 201 }));
    vi.stubGlobal('fetch', fetch);
    await withPrototype(GADGETS, false, async () => {
      const { createCsat } = await import('../../src/index');
      const csat = createCsat({ endpoint: '/api/csat' });
      const answer = csat.ask({ survey: 'gadgets' });
      const root = shown()!;
      expect(root, 'sampleRate 0 would not show it').not.toBeNull();
      expect(root.textContent).toContain('How would you rate your experience?');
      expect(root.textContent).not.toContain('Evil');
      expect((root.host as HTMLElement).style.getPropertyValue('--csat-accent')).toBe('');
      pick('5 of 5');
      expect(await answer).toMatchObject({ survey: 'gadgets', score: 5 });
      await vi.waitFor(() => expect(fetch).toHaveBeenCalledOnce());
      const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
      expect(url).toBe(new URL('/api/csat', document.baseURI).href);
      expect(init.credentials).toBe('omit');
      expect(init.headers).toEqual({ 'content-type': 'text/plain;charset=UTF-8' });
      csat.destroy();
    });
  });

  it('do not make an endpoint of options without one', async () => {
    await withPrototype(GADGETS, false, async () => {
      const { ask, CsatConfigError } = await import('../../src/index');
      await expect(ask({ survey: 'no-endpoint' } as never)).rejects.toBeInstanceOf(CsatConfigError);
      expect(shown()).toBeNull();
    });
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ask, createCsat, CsatConfigError } from '../../src/index';
import { answerSchema, parseAnswer } from '../../src/schema-entry';
import type { AskOptions } from '../../src/types';
import { validAnswer } from '../fixtures';

// Options from a hostile or careless caller: getters that change their answer, prototype keys from
// JSON, huge strings, cycles, traps that throw, frozen objects. Each is rejected with a readable
// CsatConfigError or read once and safely; nothing pollutes Object.prototype and nothing hangs.

const shown = () => document.querySelector('csat-widget')?.shadowRoot ?? null;
const closeIt = () => shown()!.querySelector<HTMLButtonElement>('button.x')!.click();
const fail = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as Error,
  );

afterEach(() => {
  vi.restoreAllMocks();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

describe('getters', () => {
  it('are read once, and what was validated is what is shown', async () => {
    const reads = { question: 0, accent: 0, tier: 0 };
    const options = {
      survey: 'getters',
      onSubmit() {},
      get question() {
        return reads.question++ ? '<img src=x onerror=alert(1)>' + 'x'.repeat(10_000) : 'Fine?';
      },
      theme: {
        get accent() {
          return reads.accent++ ? 'red;}*{display:none' : '#087';
        },
      },
      metadata: {
        get tier() {
          return reads.tier++ ? { nested: 'object' } : 'gold';
        },
      },
    };
    const answer = ask(options as unknown as AskOptions);
    const root = shown()!;
    expect(root.textContent).toContain('Fine?');
    expect(root.querySelector('img')).toBeNull();
    expect((root.host as HTMLElement).style.getPropertyValue('--csat-accent')).toBe('#087');
    (root.querySelector('[role=radio]:last-of-type') as HTMLElement).click();
    expect(await answer).toMatchObject({ metadata: { tier: 'gold' } });
    expect(reads).toEqual({ question: 1, accent: 1, tier: 1 });
  });

  it('a getter or proxy trap that throws rejects the ask; nothing is shown and nothing throws synchronously', async () => {
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    for (const options of [trap, { survey: 'x', onSubmit() {}, metadata: trap }, { survey: 'x', theme: trap }]) {
      let p: Promise<unknown> | undefined;
      expect(() => (p = ask(options as AskOptions))).not.toThrow();
      await expect(p).rejects.toThrow();
    }
    expect(shown()).toBeNull();
  });
});

describe('prototype keys from JSON', () => {
  it.each([
    ['options', '{"survey":"x","onSubmit":null,"__proto__":{"polluted":1}}', /^__proto__: unknown option/],
    ['theme', '{"survey":"x","theme":{"__proto__":{"polluted":1}}}', /^theme\.__proto__: unknown option/],
    ['messages', '{"survey":"x","messages":{"__proto__":{"polluted":1}}}', /^messages\.__proto__: unknown option/],
    [
      'metadata',
      '{"survey":"x","metadata":{"__proto__":{"polluted":1}}}',
      /^metadata: expected keys other than __proto__/,
    ],
    ['constructor', '{"survey":"x","constructor":{"prototype":{"polluted":1}}}', /^constructor: unknown option/],
    [
      'scale',
      '{"survey":"x","scale":{"type":"stars","points":5,"__proto__":{"polluted":1}}}',
      /__proto__: unknown option/,
    ],
  ])('in %s: rejected, naming the key', async (_, json, message) => {
    const options = { ...JSON.parse(json), onSubmit() {} };
    const error = await fail(ask(options));
    expect(error).toBeInstanceOf(CsatConfigError);
    expect(error.message).toMatch(message);
    expect(shown()).toBeNull();
  });

  // zod never writes a `__proto__` key into what it parses into (it would set the prototype of a
  // plain object), so the schema refuses one instead of dropping it silently; other keys named
  // like Object.prototype's are plain data.
  it('a flat metadata key named __proto__ is refused; one named constructor is plain data', async () => {
    const error = await fail(ask({ survey: 'proto-data', onSubmit() {}, metadata: JSON.parse('{"__proto__":"x"}') }));
    expect((error as CsatConfigError).problems).toEqual([
      'metadata: expected keys other than __proto__, got an object',
    ]);
    const body = JSON.parse(JSON.stringify(validAnswer()).replace('"metadata":{}', '"metadata":{"__proto__":"x"}'));
    expect(parseAnswer(body)).toEqual({
      ok: false,
      problems: ['metadata: expected keys other than __proto__, got an object'],
    });
    expect(answerSchema.safeParse(body).success).toBe(false);
    const metadata = JSON.parse('{"constructor":"y","ok":1}');
    const answer = ask({ survey: 'proto-data', onSubmit() {}, metadata });
    (shown()!.querySelector('[role=radio]:last-of-type') as HTMLElement).click();
    const a = (await answer)!;
    expect(Object.getPrototypeOf(a.metadata)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(a.metadata))).toEqual({ constructor: 'y', ok: 1 });
  });

  it('createCsat defaults are checked the same way', () => {
    expect(() => createCsat(JSON.parse('{"endpoint":"/e","__proto__":{"polluted":1}}'))).toThrow(CsatConfigError);
  });
});

describe('size and shape', () => {
  it('a 10 MB question is rejected at once, with a short message', async () => {
    const huge = 'q'.repeat(10 * 1024 * 1024);
    const start = performance.now();
    const error = await fail(ask({ survey: 'x', onSubmit() {}, question: huge }));
    expect(performance.now() - start).toBeLessThan(200);
    expect(error.message).toBe(`question: expected text of at most 500 characters, got "${'q'.repeat(40)}..."`);
  });

  it('cyclic and deeply nested values are rejected without hanging', async () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { deep };
    const start = performance.now();
    for (const extra of [
      { metadata: cyclic },
      { metadata: deep },
      { scale: { type: 'stars', points: deep } },
      { endpoint: { url: '/e', headers: cyclic } },
      { theme: deep },
      { messages: cyclic },
      { anchor: cyclic },
    ]) {
      const error = await fail(ask({ survey: 'x', onSubmit() {}, ...(extra as object) }));
      expect(error, JSON.stringify(Object.keys(extra))).toBeInstanceOf(CsatConfigError);
      expect(error.message.length).toBeLessThan(300);
    }
    expect(performance.now() - start).toBeLessThan(500);
    expect(shown()).toBeNull();
  });

  it('a detached anchor with cyclic expandos (an unmounted React node) falls back to a toast', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const anchor = document.createElement('button');
    Object.assign(anchor, { __reactFiber$x: { stateNode: anchor } });
    const answer = ask({ survey: 'detached', onSubmit() {}, anchor });
    expect(shown()!.querySelector('[data-display]')!.getAttribute('data-display')).toBe('toast');
    expect(warn.mock.calls).toEqual([['[csat]', 'anchor', 'button', 'not found; showing a toast instead.']]);
    closeIt();
    expect(await answer).toBeNull();
  });

  it('frozen options are never written to, valid or not', async () => {
    const scale = Object.freeze({ type: 'stars', points: 5 } as const);
    const good = Object.freeze({ survey: 'frozen', onSubmit() {}, scale });
    const answer = ask(good);
    closeIt();
    expect(await answer).toBeNull();
    const bad = Object.freeze({ survey: 'frozen', endpoint: Object.freeze({ url: '/e' }), scale, bogus: 1 });
    expect(() => createCsat(bad as object)).toThrow(CsatConfigError);
    await expect(ask(bad as unknown as AskOptions)).rejects.toBeInstanceOf(CsatConfigError);
  });
});

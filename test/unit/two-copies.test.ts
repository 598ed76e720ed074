import { afterEach, describe, expect, it, vi } from 'vitest';

// A page with two copies: a script tag and a bundled npm copy, in either order. One works, the
// other says so once and stands aside (the npm copy passes its calls on, so they still ask).

const LOADED = Symbol.for('csat-widget');
const w = window as unknown as { csat?: { destroy?(): void }; [LOADED]?: unknown };

afterEach(() => {
  w.csat?.destroy?.();
  delete w.csat;
  delete w[LOADED];
  vi.restoreAllMocks();
});

describe('script tag first, then the npm copy', () => {
  it('the npm copy warns once and hands ask and createCsat to the tag', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tag = { ask: vi.fn(async () => null), createCsat: vi.fn(() => 'instance'), version: '9.9.9' };
    w[LOADED] = tag;
    vi.resetModules();
    const npm = await import('../../src/index');
    await npm.ask({ survey: 's', onSubmit() {} });
    await npm.ask({ survey: 't', onSubmit() {} });
    expect(tag.ask).toHaveBeenCalledTimes(2);
    expect(npm.createCsat({ survey: 'u' })).toBe('instance');
    expect(warn.mock.calls.map((c) => c.join(' '))).toEqual([
      '[csat] loaded twice; version 9.9.9 stays in charge, this copy passes its calls on.',
    ]);
    expect(document.querySelector('csat-widget')).toBeNull();
  });
});

describe('script tag first: explain, record and forget', () => {
  it("the npm copy hands them to the tag, whose memory (explain's roll) is the one that counts", async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const explanation = { show: false, reason: 'sampled-out' };
    const tag = {
      ask: vi.fn(async () => null),
      createCsat: vi.fn(),
      version: '9.9.9',
      explain: vi.fn(async () => explanation),
      record: vi.fn(async () => null),
      forget: vi.fn(async () => {}),
    };
    w[LOADED] = tag;
    vi.resetModules();
    const npm = await import('../../src/index');
    const options = { survey: 's', onSubmit() {} };
    expect(await npm.explain(options)).toBe(explanation);
    await npm.record({ ...options, score: 3 });
    await npm.forget({ answers: true });
    expect(tag.explain).toHaveBeenCalledWith(options);
    expect(tag.record).toHaveBeenCalledWith({ ...options, score: 3 });
    expect(tag.forget).toHaveBeenCalledWith({ answers: true });
  });

  it('a tag from before 0.3 without them: the npm copy answers itself', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    w[LOADED] = { ask: vi.fn(async () => null), createCsat: vi.fn(), version: '0.2.0' };
    vi.resetModules();
    const npm = await import('../../src/index');
    expect(await npm.explain({ survey: 's', onSubmit() {} })).toEqual({ show: true, reason: 'ok' });
  });
});

describe('npm copy first, then the script tag', () => {
  it('the tag warns and does nothing: no window.csat of its own, no triggers', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.resetModules();
    const npm = await import('../../src/index');
    npm.createCsat({ onSubmit() {} });
    expect((w[LOADED] as { version: string }).version).toMatch(/^\d+\.\d+\.\d+/);
    vi.resetModules();
    await import('../../src/embed');
    expect(w.csat).toBeUndefined();
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]!.join(' '))).toMatch(/^\[csat\] loaded twice; version .* stays in charge/);
    // A data-csat-survey click asks nothing: the tag installed no listener.
    const b = document.createElement('button');
    b.dataset.csatSurvey = 'x';
    document.body.append(b);
    b.click();
    await new Promise((r) => setTimeout(r, 0));
    expect(document.querySelector('csat-widget')).toBeNull();
    b.remove();
  });
});

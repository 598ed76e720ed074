import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fireEvent, within } from '@testing-library/preact';

// The script-tag entry as the page sees it: window.csat, defaults from the tag's data-*, the async
// snippet's queue, a second copy, destroy(). Each test loads a fresh copy of src/embed.ts, which
// runs at import like the IIFE does.

const LOADED = Symbol.for('csat-widget');
type Global = {
  ask(o: object): Promise<Record<string, unknown> | null>;
  createCsat: unknown;
  flush(): Promise<void>;
  destroy(): void;
  version: string;
};
const w = window as unknown as { csat?: unknown; [LOADED]?: unknown };
const g = () => w.csat as Global;

/** Loads the entry as if from `<script data-…>` with these attributes (none: no current script). */
async function load(attrs?: Record<string, string>) {
  let script: HTMLScriptElement | null = null;
  if (attrs) {
    script = document.createElement('script');
    for (const [k, v] of Object.entries(attrs)) script.setAttribute('data-' + k, v);
    document.head.append(script);
  }
  Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
  vi.resetModules();
  await import('../../src/embed');
  Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
}

const widget = () => document.querySelector<HTMLElement>('csat-widget');
const inWidget = () => within(widget()!.shadowRoot as unknown as HTMLElement);

let warn: MockInstance<typeof console.warn>;
let fetch: ReturnType<typeof vi.fn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  fetch = vi.fn(async () => new Response(null, { status: 204 }));
  vi.stubGlobal('fetch', fetch);
});
afterEach(() => {
  (w[LOADED] as Global | undefined)?.destroy();
  delete w.csat;
  delete w[LOADED];
  document.head.replaceChildren();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const warnings = () => warn.mock.calls.map((c: unknown[]) => c.map(String).join(' '));
const body = (i = 0) => JSON.parse(String((fetch.mock.calls[i] as [string, RequestInit])[1].body));

describe('window.csat', () => {
  it('has ask, createCsat, explain, record, forget, flush, destroy and version', async () => {
    await load({ endpoint: '/api/csat' });
    expect(Object.keys(g()).sort()).toEqual([
      'ask',
      'createCsat',
      'destroy',
      'explain',
      'flush',
      'forget',
      'record',
      'version',
    ]);
    expect(g().version).toMatch(/^\d+\.\d+\.\d+/);
    expect(warn).not.toHaveBeenCalled();
  });

  it('takes its defaults from the tag: endpoint, locale, theme, and text that looks like a number', async () => {
    await load({ endpoint: '/api/csat', locale: 'nl', 'theme-accent': '#087', interaction: '1234', comment: 'never' });
    const answer = g().ask({ survey: 'tag' });
    expect(widget()!.style.getPropertyValue('--csat-accent')).toBe('#087');
    fireEvent.click(inWidget().getByRole('radio', { name: '4 van 5, Tevreden' }));
    expect(await answer).toMatchObject({ survey: 'tag', interaction: '1234', locale: 'nl', score: 4 });
    await g().flush();
    expect(fetch.mock.calls[0]![0]).toBe(new URL('/api/csat', location.href).href); // made absolute when queued
    expect(body()).toMatchObject({ interaction: '1234', score: 4 });
    expect(warn).not.toHaveBeenCalled();
  });

  it('parses numbers and booleans: data-sample-rate="0" asks nobody', async () => {
    await load({ endpoint: '/api/csat', 'sample-rate': '0', 'once-per-interaction': 'false' });
    expect(await g().ask({ survey: 'sampled' })).toBeNull();
    expect(widget()).toBeNull();
  });

  it('reads data-frequency="1/30" as {max: 1, days: 30} and data-cooldown-days="30/7" as {answered, dismissed}', async () => {
    await load({ endpoint: '/api/csat', frequency: '1/30', 'cooldown-days': '30/7', delay: '0', debug: '' });
    const explain = (survey: string) => (g() as unknown as { explain(o: object): Promise<object> }).explain({ survey });
    expect(await explain('first')).toEqual({ show: true, reason: 'ok' });
    const answer = g().ask({ survey: 'first' });
    fireEvent.click(inWidget().getByRole('radio', { name: '5 of 5, Very satisfied' }));
    await answer;
    // One question shown in 30 days: no other survey is asked; the answered one waits 30 days.
    expect(await explain('second')).toMatchObject({ show: false, reason: 'frequency' });
    expect(await explain('first')).toMatchObject({ show: false, reason: 'cooldown' });
    expect(warnings()).toEqual([]);
  });

  it('names the part of a data-frequency pair that is wrong', async () => {
    await load({ endpoint: '/api/csat', frequency: '0/30', 'cooldown-days': 'week' });
    expect(warnings()).toEqual([
      '[csat] data-frequency="0/30" ignored: frequency.max: expected a whole number from 1 to 100, got 0',
      '[csat] data-cooldown-days="week" ignored: cooldownDays: expected a number from 0 to 3650 or {answered, dismissed}, got "week"',
    ]);
  });

  it('warns about each bad attribute by name and value, and uses the rest', async () => {
    await load({ endpoint: '/api/csat', 'theme-accent': 'red;}*{x', 'sample-rate': '2', colour: 'blue' });
    expect(warnings()).toEqual([
      '[csat] data-theme-accent="red;}*{x" ignored: theme.accent: expected a CSS colour, got "red;}*{x"',
      '[csat] data-sample-rate="2" ignored: sampleRate: expected a number from 0 to 1, got 2',
      '[csat] data-colour="blue" ignored: colour: unknown option',
    ]);
    const answer = g().ask({ survey: 'rest' });
    fireEvent.click(inWidget().getByRole('radio', { name: '5 of 5, Very satisfied' }));
    expect(await answer).toMatchObject({ score: 5 });
    await g().flush();
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('without a current script (bundled, or loaded as a module) it still works, with no defaults', async () => {
    await load();
    await expect(g().ask({ survey: 'x' })).rejects.toThrow(/endpoint/);
    const answer = g().ask({ survey: 'x', endpoint: '/e' });
    fireEvent.click(inWidget().getByRole('radio', { name: '5 of 5, Very satisfied' }));
    expect(await answer).toMatchObject({ score: 5 });
  });
});

describe('the async snippet', () => {
  it('answers every call queued before the file arrived, in order', async () => {
    const results: unknown[] = [];
    const stub = {
      q: [] as unknown[],
      ask(o: object) {
        return new Promise((r) => stub.q.push([o, r]));
      },
    };
    w.csat = stub;
    stub.ask({ survey: 'early', interaction: 'o-1' }).then((v) => results.push(v));
    stub.ask({ survey: 'bad id!' }).then(
      (v) => results.push(v),
      (e: Error) => results.push(e.name),
    );
    await load({ endpoint: '/api/csat' });
    expect(g()).not.toBe(stub);
    fireEvent.click(inWidget().getByRole('radio', { name: '4 of 5, Satisfied' }));
    await vi.waitFor(() => expect(results).toHaveLength(2));
    expect(results).toEqual([
      'CsatConfigError',
      expect.objectContaining({ survey: 'early', interaction: 'o-1', score: 4 }),
    ]);
  });

  it('is not fooled by an element that the browser exposes as window.csat', async () => {
    // `<div id="csat">` makes window.csat that element (named access), with no queue and no version.
    w.csat = document.createElement('div');
    await load({ endpoint: '/api/csat' });
    expect(warn).not.toHaveBeenCalled();
    expect(typeof g().ask).toBe('function');
  });
});

describe('loaded twice', () => {
  it('the second copy warns once and does nothing: same global, one trigger per click', async () => {
    await load({ endpoint: '/api/csat' });
    const first = g();
    await load({ endpoint: '/other', locale: 'nl' });
    expect(g()).toBe(first);
    expect(warnings()).toEqual([`[csat] loaded twice; version ${first.version} stays in charge.`]);

    const b = document.createElement('button');
    b.setAttribute('data-csat-survey', 'twice');
    document.body.append(b);
    b.click();
    expect(document.querySelectorAll('csat-widget')).toHaveLength(1);
    // The first copy's defaults apply: English, and its endpoint.
    fireEvent.click(inWidget().getByRole('radio', { name: '5 of 5, Very satisfied' }));
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledOnce());
    expect(fetch.mock.calls[0]![0]).toBe(new URL('/api/csat', location.href).href); // made absolute when queued
  });

  it('defers to an older copy that set window.csat without the marker', async () => {
    const older = { version: '0.1.0', ask: () => Promise.resolve(null) };
    w.csat = older;
    await load({ endpoint: '/api/csat' });
    expect(w.csat).toBe(older);
    expect(w[LOADED]).toBeUndefined();
    expect(warnings()).toEqual(['[csat] loaded twice; version 0.1.0 stays in charge.']);
  });
});

describe('destroy', () => {
  it('closes the open question and stops the data attributes', async () => {
    await load({ endpoint: '/api/csat' });
    const b = document.createElement('button');
    b.setAttribute('data-csat-survey', 'd');
    document.body.append(b);
    b.click();
    expect(widget()).not.toBeNull();
    g().destroy();
    expect(widget()).toBeNull();
    b.click();
    const inline = document.createElement('div');
    inline.setAttribute('data-csat-inline', 'i');
    document.body.append(inline);
    await new Promise((r) => setTimeout(r, 0));
    expect(widget()).toBeNull();
    await expect(g().ask({ survey: 'after' })).resolves.toBeNull();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { declared, scaleOf, startTriggers } from '../../src/triggers';
import type { Answer, AskOptions, Csat } from '../../src/types';

// The data-csat-* triggers against a stand-in instance: what is asked, when, and how often. The
// real widget behind them is exercised in Chromium (test/browser/triggers.test.ts).

/** A Csat whose asks stay open until the test settles them. */
function fakeCsat() {
  const pending: { options: Partial<AskOptions>; settle(v: Answer | null): void; fail(e: Error): void }[] = [];
  const csat: Csat = {
    ask: vi.fn(
      (options: Partial<AskOptions>) =>
        new Promise<Answer | null>((settle, fail) => pending.push({ options, settle, fail })),
    ),
    flush: async () => {},
    destroy: vi.fn(),
    explain: vi.fn(),
    record: vi.fn(),
    forget: vi.fn(),
  };
  return { csat, pending, asked: () => pending.map((p) => p.options) };
}

const settled = () => new Promise((r) => setTimeout(r, 0));

/** Appends the element written in `html` to the body (test markup only; the library parses none). */
function el(html: string): HTMLElement {
  const t = document.createElement('template');
  t.innerHTML = html;
  const node = t.content.firstElementChild as HTMLElement;
  document.body.append(node);
  return node;
}

let warn: MockInstance<typeof console.warn>;
let stop: (() => void) | undefined;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  stop?.();
  stop = undefined;
  vi.restoreAllMocks();
});

const warnings = () => warn.mock.calls.map((c: unknown[]) => c.map(String).join(' '));

describe('data-csat-scale', () => {
  it.each<[string, unknown]>([
    ['stars', 'stars'],
    ['smileys', 'smileys'],
    ['numeric', 'numeric'],
    ['nps', 'nps'],
    ['ces', 'ces'],
    ['numeric:0-10', { type: 'numeric', min: 0, max: 10 }],
    ['numeric:1-7', { type: 'numeric', min: 1, max: 7 }],
    ['numeric:10', { type: 'numeric', min: 1, max: 10 }],
    ['stars:7', { type: 'stars', points: 7 }],
    ['smileys:3', { type: 'smileys', points: 3 }],
    ['stars:1-5', 'stars:1-5'],
    ['bogus', 'bogus'],
  ])('%s', (text, scale) => {
    expect(scaleOf(text)).toEqual(scale);
  });
});

describe('declared options', () => {
  it('reads the survey and every refinement', () => {
    const b = el(
      '<button data-csat-survey="checkout" data-csat-question="How was paying?" data-csat-scale="numeric:0-10" ' +
        'data-csat-interaction="order-7" data-csat-display="modal" data-csat-comment="always">Pay</button>',
    );
    expect(declared(b, 'data-csat-survey')).toEqual({
      survey: 'checkout',
      question: 'How was paying?',
      scale: { type: 'numeric', min: 0, max: 10 },
      interaction: 'order-7',
      display: 'modal',
      comment: 'always',
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('leaves out a bad refinement with one warning naming the attribute, and keeps the rest', () => {
    const b = el('<button data-csat-survey="checkout" data-csat-scale="stars:99" data-csat-comment="never">x</button>');
    expect(declared(b, 'data-csat-survey')).toEqual({ survey: 'checkout', comment: 'never' });
    expect(warnings()).toEqual([
      '[csat] data-csat-scale="stars:99" ignored: scale.points: expected a whole number from 3 to 10, got 99',
    ]);
  });

  it('names every bad attribute once', () => {
    const b = el(
      '<a data-csat-survey="x" data-csat-display="sidebar" data-csat-scale="hearts" data-csat-comment="maybe">x</a>',
    );
    expect(declared(b, 'data-csat-survey')).toEqual({ survey: 'x' });
    const w = warnings();
    expect(w).toHaveLength(3);
    expect(w[0]).toMatch(/^\[csat\] data-csat-scale="hearts" ignored: scale: expected 'stars', /);
    expect(w[1]).toMatch(/^\[csat\] data-csat-display="sidebar" ignored: display: expected 'popover', /);
    expect(w[2]).toMatch(/^\[csat\] data-csat-comment="maybe" ignored: comment: expected /);
  });

  it('gives nothing for an invalid survey id, with a warning', () => {
    const b = el('<button data-csat-survey="no spaces allowed" data-csat-scale="nps">x</button>');
    expect(declared(b, 'data-csat-survey')).toBeUndefined();
    expect(warnings()).toEqual([
      '[csat] data-csat-survey="no spaces allowed" ignored: survey: expected 1 to 100 characters of A-Za-z0-9._:-, got "no spaces allowed"',
    ]);
  });

  it('clips a huge attribute value in the warning', () => {
    const b = el(`<button data-csat-survey="s" data-csat-question="${'q'.repeat(100_000)}">x</button>`);
    expect(declared(b, 'data-csat-survey')).toEqual({ survey: 's' });
    expect(warnings()[0]!.length).toBeLessThan(200);
  });
});

describe('click and submit', () => {
  it('a click asks once, anchored to the element, refined by its attributes', async () => {
    const { csat, asked } = fakeCsat();
    stop = startTriggers(csat);
    const b = el('<button data-csat-survey="help" data-csat-scale="smileys:3"><span>Rate us</span></button>');
    b.querySelector('span')!.click();
    expect(asked()).toEqual([{ anchor: b, container: b, survey: 'help', scale: { type: 'smileys', points: 3 } }]);
  });

  it('a double click does not stack a second question; once the first settles, a click asks again', async () => {
    const { csat, pending } = fakeCsat();
    stop = startTriggers(csat);
    const b = el('<button data-csat-survey="help">Rate</button>');
    b.click();
    b.click();
    b.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    expect(pending).toHaveLength(1);
    pending[0]!.settle(null);
    await settled();
    b.click();
    expect(pending).toHaveLength(2);
  });

  it('two triggers are independent', () => {
    const { csat, asked } = fakeCsat();
    stop = startTriggers(csat);
    const a = el('<button data-csat-survey="a">a</button>');
    const b = el('<button data-csat-survey="b">b</button>');
    a.click();
    b.click();
    expect(asked().map((o) => o.survey)).toEqual(['a', 'b']);
  });

  it('asks for a form on submit, not on clicks inside it, and never prevents the submit', () => {
    const { csat, asked } = fakeCsat();
    stop = startTriggers(csat);
    const form = el(
      '<form data-csat-survey="signup" data-csat-interaction="u-1"><input name="e"><button>Go</button></form>',
    );
    form.querySelector('input')!.click();
    expect(asked()).toEqual([]);
    const submit = new Event('submit', { bubbles: true, cancelable: true });
    form.dispatchEvent(submit);
    expect(submit.defaultPrevented).toBe(false);
    expect(asked()).toEqual([{ anchor: form, container: form, survey: 'signup', interaction: 'u-1' }]);
  });

  it('still asks when the page prevents the submit itself (a single-page app) or stops propagation', () => {
    const { csat, asked } = fakeCsat();
    stop = startTriggers(csat);
    const form = el('<form data-csat-survey="spa"><button>Go</button></form>');
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      e.stopPropagation();
    });
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(asked()).toHaveLength(1);
  });

  it('works for elements added after start, and ignores clicks elsewhere', () => {
    const { csat, asked } = fakeCsat();
    stop = startTriggers(csat);
    el('<p>plain</p>').click();
    const later = el('<div data-csat-survey="late" role="button">late</div>');
    later.click();
    expect(asked().map((o) => o.survey)).toEqual(['late']);
  });

  it('an invalid survey id asks nothing', () => {
    const { csat, asked } = fakeCsat();
    stop = startTriggers(csat);
    el('<button data-csat-survey="">x</button>').click();
    expect(asked()).toEqual([]);
    expect(warnings()).toHaveLength(1);
  });

  it('a rejected ask (say, no endpoint configured) is a warning, not an error in the page', async () => {
    const { csat, pending } = fakeCsat();
    stop = startTriggers(csat);
    const b = el('<button data-csat-survey="x">x</button>');
    b.click();
    pending[0]!.fail(new Error('endpoint: expected a URL, or an onSubmit callback, got nothing'));
    await settled();
    expect(warnings()).toEqual([
      '[csat] data-csat-survey: endpoint: expected a URL, or an onSubmit callback, got nothing',
    ]);
    b.click();
    expect(pending).toHaveLength(2);
  });

  it('never throws into the page, even for events dispatched on the document itself', () => {
    const { csat, asked } = fakeCsat();
    stop = startTriggers(csat);
    expect(() => document.dispatchEvent(new Event('click'))).not.toThrow();
    expect(() => window.dispatchEvent(new Event('submit'))).not.toThrow();
    expect(asked()).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('data-csat-inline', () => {
  it('asks inline for elements present at start, added later, or given the attribute later; each once', async () => {
    const first = el('<section data-csat-inline="article-1" data-csat-scale="stars:7"></section>');
    const { csat, asked } = fakeCsat();
    stop = startTriggers(csat);
    expect(asked()).toEqual([
      { anchor: first, container: first, survey: 'article-1', scale: { type: 'stars', points: 7 }, display: 'inline' },
    ]);

    const wrapper = el('<div><aside data-csat-inline="article-2" data-csat-display="toast"></aside></div>');
    const later = el('<div id="later"></div>');
    await settled();
    later.setAttribute('data-csat-inline', 'article-3');
    await settled();
    expect(asked().slice(1)).toEqual([
      // Inline is what the attribute says, whatever data-csat-display adds.
      expect.objectContaining({ survey: 'article-2', container: wrapper.firstElementChild, display: 'inline' }),
      expect.objectContaining({ survey: 'article-3', container: later, display: 'inline' }),
    ]);

    // Moving an element, or touching its attribute again, does not ask a second time.
    document.body.append(first);
    later.setAttribute('data-csat-inline', 'article-3b');
    await settled();
    expect(asked()).toHaveLength(3);
  });

  it('destroy stops everything: no clicks, no submits, no inline elements', async () => {
    const { csat, asked } = fakeCsat();
    startTriggers(csat)();
    el('<button data-csat-survey="x">x</button>').click();
    el('<form data-csat-survey="y"></form>').dispatchEvent(new Event('submit', { bubbles: true }));
    el('<div data-csat-inline="z"></div>');
    await settled();
    expect(asked()).toEqual([]);
  });

  it('waits for the DOM when started while the page is still loading', async () => {
    const state = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
    el('<div data-csat-inline="early"></div>');
    const { csat, asked } = fakeCsat();
    stop = startTriggers(csat);
    expect(asked()).toEqual([]);
    state.mockReturnValue('interactive');
    document.dispatchEvent(new Event('DOMContentLoaded'));
    expect(asked().map((o) => o.survey)).toEqual(['early']);
  });
});

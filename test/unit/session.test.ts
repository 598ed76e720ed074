import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer, AskOptions } from '../../src/types';
import { en } from '../../src/i18n/en';
import { resolveScale } from '../../src/scales';

// The session of one question without a DOM: its steps, the comment decision, the held answer,
// who closed it, and the events. Each test loads a fresh copy of the modules, so the page's
// delivery scheduler does not carry over.

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
let sessions: typeof import('../../src/core/session');
let n = 0;

beforeEach(async () => {
  vi.useFakeTimers({ now: NOW });
  vi.resetModules();
  sessions = await import('../../src/core/session');
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
});

/** A session on 1–5 stars with spies for its effects and callbacks. */
function start(options: Partial<AskOptions> = {}) {
  const o = { survey: `session-${++n}`, onSubmit: vi.fn<(a: Answer) => void>(), ...options } as AskOptions;
  const effects = { _settle: vi.fn<(a: Answer | null) => void>(), _thank: vi.fn(), _closed: vi.fn() };
  const scale = resolveScale('stars', 'en', en);
  const session = sessions.createSession(o, { scale, locale: 'en', messages: en }, effects);
  return { session, effects, o };
}

describe('the comment decision', () => {
  const scale = () => resolveScale('stars', 'en', en);
  it.each([
    ['unsatisfied', 2, en.commentUnsatisfied],
    ['unsatisfied', 4, null],
    [undefined, 2, en.commentUnsatisfied],
    ['always', 5, en.commentAlways],
    ['always', 1, en.commentUnsatisfied],
    ['never', 1, null],
  ] as const)('comment %s after %i: %s', (mode, score, prompt) => {
    expect(sessions.commentPrompt(score, scale(), mode, en)).toBe(prompt);
  });

  it('is made once, at the pick, and returned to whoever shows the question', () => {
    const { session, effects } = start();
    expect(session._pick(2)).toBe(en.commentUnsatisfied);
    expect(session._step).toBe('comment');
    expect(effects._settle).not.toHaveBeenCalled();
    expect(start().session._pick(5)).toBeNull();
  });
});

describe('steps', () => {
  it('rating → thanks → closed without a comment step; the answer is final at the pick', async () => {
    const { session, effects, o } = start();
    expect(session._step).toBe('rating');
    session._pick(5);
    expect(session._step).toBe('thanks');
    expect(effects._thank).toHaveBeenCalledOnce();
    expect(effects._settle).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ score: 5, comment: null }));
    await vi.advanceTimersByTimeAsync(0);
    expect(o.onSubmit).toHaveBeenCalledOnce();
    session._close('person');
    expect(session._step).toBe('closed');
    expect(effects._closed).toHaveBeenCalledOnce();
    // Settled once, whatever closes it afterwards.
    expect(effects._settle).toHaveBeenCalledOnce();
  });

  it('rating → comment → thanks: the comment joins the same answer', async () => {
    const { session, effects, o } = start();
    session._pick(2);
    session._comment('slow checkout');
    expect(session._step).toBe('thanks');
    expect(effects._settle).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ score: 2, comment: 'slow checkout' }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(o.onSubmit).toHaveBeenCalledOnce();
  });

  it('a score checked by keyboard is the pending answer: closing sends it, with no thank-you', async () => {
    const { session, effects, o } = start({ onDismiss: vi.fn() });
    session._choose(3);
    expect(session._score).toBe(3);
    session._close('person');
    expect(effects._settle).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ score: 3, comment: null }));
    expect(effects._thank).not.toHaveBeenCalled();
    expect(o.onDismiss).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(o.onSubmit).toHaveBeenCalledOnce();
  });
});

describe('before the first pick', () => {
  it('opening a question makes no answer id: the random bytes wait for the pick, and then one id is kept', async () => {
    const random = vi.spyOn(crypto, 'getRandomValues');
    const { session, effects, o } = start();
    expect(random).not.toHaveBeenCalled();
    session._pick(2);
    expect(random).toHaveBeenCalledOnce();
    session._comment('slow');
    expect(random).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(0);
    // The held score and the final answer are one answer, with that one id.
    expect(o.onSubmit).toHaveBeenCalledExactlyOnceWith(effects._settle.mock.calls[0]![0]);
  });
});

describe('closing without a score', () => {
  it('by the person: onDismiss, the cooldown starts, ask settles null', () => {
    const { session, effects, o } = start({ onDismiss: vi.fn(), cooldownDays: 30 });
    session._close('person');
    expect(o.onDismiss).toHaveBeenCalledOnce();
    expect(effects._settle).toHaveBeenCalledExactlyOnceWith(null);
    expect(effects._closed).toHaveBeenCalledOnce();
    expect(localStorage.getItem('csat:v1')).toContain(o.survey);
  });

  it('by the page: no onDismiss and no cooldown', () => {
    const { session, effects, o } = start({ onDismiss: vi.fn(), cooldownDays: 30 });
    session._close('page');
    session._close('person'); // closed once
    expect(o.onDismiss).not.toHaveBeenCalled();
    expect(effects._settle).toHaveBeenCalledExactlyOnceWith(null);
    expect(effects._closed).toHaveBeenCalledOnce();
    expect(localStorage.getItem('csat:v1')).toBeNull();
  });
});

describe('beforeSend', () => {
  it('fails closed: a throw drops the answer and tells onError once', async () => {
    const onError = vi.fn();
    const beforeSend = vi.fn(() => {
      throw new Error('oops');
    });
    const { session, effects, o } = start({ beforeSend, onError });
    session._pick(2); // held: beforeSend asked at the pick
    session._comment('text');
    expect(beforeSend).toHaveBeenCalledOnce();
    expect(effects._settle).toHaveBeenCalledExactlyOnceWith(null);
    expect(onError).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(0);
    expect(o.onSubmit).not.toHaveBeenCalled();
  });
});

describe('events', () => {
  const sent = () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response('{}'));
    vi.stubGlobal('fetch', fetch);
    return () => fetch.mock.calls.map(([, init]) => JSON.parse(init.body as string).kind ?? 'answer');
  };

  it('shown, then dismissed when the person closes without a score', async () => {
    const kinds = sent();
    const { session } = start({ endpoint: 'https://collect.example/csat', events: true });
    session._show();
    session._close('person');
    await vi.advanceTimersByTimeAsync(1000);
    expect(kinds().sort()).toEqual(['dismissed', 'shown']);
  });

  it('no dismissed event once a score is chosen', async () => {
    const kinds = sent();
    const { session } = start({ endpoint: 'https://collect.example/csat', events: true, comment: 'never' });
    session._show();
    session._pick(4);
    session._close('person');
    await vi.advanceTimersByTimeAsync(1000);
    expect(kinds().sort()).toEqual(['answer', 'shown']);
  });

  it('none without events, and none without an endpoint', async () => {
    const kinds = sent();
    const off = start({ endpoint: 'https://collect.example/csat' }).session;
    off._show();
    off._close('person');
    const noEndpoint = start({ events: true }).session;
    noEndpoint._show();
    noEndpoint._close('person');
    await vi.advanceTimersByTimeAsync(1000);
    expect(kinds()).toEqual([]);
  });
});

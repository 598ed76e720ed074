import { describe, it, expect, expectTypeOf } from 'vitest';
import { check, parseOptions, schemas, storable } from '../../src/schema';
import { checkZod, zodSchemas } from '../../src/schema-zod';
import { answerSchema, optionsSchema, parseAnswer } from '../../src/schema-entry';
import { ask, CsatConfigError } from '../../src/index';
import type { Answer, AskOptions } from '../../src/types';
import { validAnswer } from '../fixtures';

/**
 * The problems `parseOptions` reports, or [] when the options are valid. The widget checks with
 * lean predicates (schema.ts) and `csat-widget/schema` exports real zod types (schema-zod.ts):
 * every case here holds both to the same rules and the same messages.
 */
function problems(options: unknown): string[] {
  const r = parseOptions(options);
  const exported = checkZod(zodSchemas().options, options, 'options');
  expect(exported.ok ? [] : exported.problems, 'optionsSchema says the same').toEqual(r.ok ? [] : r.problems);
  return r.ok ? [] : r.problems;
}

/** A valid answer, as the widget builds it. */
const answer = (extra: Record<string, unknown> = {}) => validAnswer(extra);

/** The problems `parseAnswer` reports; the widget's own answer check says the same. */
const answerProblems = (value: unknown) => {
  const r = parseAnswer(value);
  const widget = check(schemas().answer, value, '', 'answer');
  expect(widget.ok ? [] : widget.problems, "the widget's answer check says the same").toEqual(r.ok ? [] : r.problems);
  return r.ok ? [] : r.problems;
};

describe('options: valid input', () => {
  it.each([
    ['stars'],
    ['smileys'],
    ['numeric'],
    ['nps'],
    ['ces'],
    [{ type: 'stars', points: 7 }],
    [{ type: 'stars', points: 3 }],
    [{ type: 'stars', points: 10 }],
    [{ type: 'smileys', points: 2 }],
    [{ type: 'smileys', points: 3 }],
    [{ type: 'smileys', points: 5 }],
    [{ type: 'numeric', min: 0, max: 10, lowLabel: 'Bad', highLabel: 'Great' }],
    [{ type: 'numeric', min: 1, max: 2 }],
  ])('accepts scale %j and returns it unchanged', (scale) => {
    const r = parseOptions<AskOptions>({ survey: 'checkout', scale });
    expect(r).toEqual({ ok: true, value: { survey: 'checkout', scale } });
  });

  it('accepts every documented option at once', () => {
    const options = {
      survey: 'checkout.v2:nl_NL-1',
      question: 'How was checkout?',
      scale: 'stars',
      comment: 'always',
      commentMaxLength: 5000,
      display: 'popover',
      anchor: '#buy',
      container: document.createElement('div'),
      position: 'top-left',
      endpoint: { url: 'https://collect.example/csat', headers: { 'x-key': 'k' }, credentials: 'include' },
      onSubmit() {},
      interaction: 'order-1234',
      metadata: { plan: 'pro', seats: 3, trial: false, ref: null },
      locale: 'nl-BE',
      messages: { thanks: 'Dank!' },
      theme: {
        accent: '#0a7',
        background: 'rgb(0 0 0 / 50%)',
        text: 'white',
        radius: 8,
        font: 'Inter, sans-serif',
        colorScheme: 'dark',
      },
      sampleRate: 0.25,
      cooldownDays: { answered: 30, dismissed: 7 },
      oncePerInteraction: false,
      frequency: { max: 2, days: 30 },
      delay: 1500,
      debug: true,
      signal: new AbortController().signal,
      beforeSend: (a: Answer) => a,
      nonce: 'abc',
      zIndex: 10,
      onShow() {},
      onDismiss() {},
      onDelivered() {},
      onError() {},
    };
    expect(problems(options)).toEqual([]);
  });

  it.each(['/api/csat', './csat', '../csat', 'https://collect.example/csat', 'http://localhost:8080/csat'])(
    'accepts endpoint %s',
    (endpoint) => {
      expect(problems({ survey: 'x', endpoint })).toEqual([]);
      expect(problems({ survey: 'x', endpoint: { url: endpoint } })).toEqual([]);
    },
  );

  it('lets createCsat defaults leave out the survey, but not add unknown keys', () => {
    expect(parseOptions({}, true)).toEqual({ ok: true, value: {} });
    expect(parseOptions({ scle: 'stars' }, true)).toEqual({ ok: false, problems: ['scle: unknown option'] });
  });
});

describe('options: messages name the path, the expectation and the input', () => {
  it.each([
    [{ type: 'numeric', min: 1, max: 12 }, 'scale.max: expected a whole number from 2 to 10, got 12'],
    [{ type: 'numeric', min: 1, max: 2.5 }, 'scale.max: expected a whole number from 2 to 10, got 2.5'],
    [{ type: 'numeric', min: 2, max: 5 }, 'scale.min: expected 0 or 1, got 2'],
    [{ type: 'smileys', points: 4 }, 'scale.points: expected 2, 3 or 5, got 4'],
    [{ type: 'stars', points: 11 }, 'scale.points: expected a whole number from 3 to 10, got 11'],
    [{ type: 'stars' }, 'scale.points: expected a whole number from 3 to 10, got nothing'],
    [{ type: 'stars', points: 5, colour: 'gold' }, 'scale.colour: unknown option'],
  ])('scale %j', (scale, message) => {
    expect(problems({ survey: 'x', scale })).toEqual([message]);
  });

  it('names an unknown scale and shows what was given', () => {
    expect(problems({ survey: 'x', scale: 'hearts' })).toEqual([
      expect.stringMatching(/^scale: expected .*'stars'.*, got "hearts"$/),
    ]);
    expect(problems({ survey: 'x', scale: { type: 'hearts' } })).toEqual([
      expect.stringMatching(/^scale: expected .*, got /),
    ]);
  });

  it('reports an unknown key as an unknown option', () => {
    expect(problems({ survey: 'x', scle: 'stars' })).toEqual(['scle: unknown option']);
    expect(problems({ survey: 'x', messages: { thankyou: 'Thanks' } })).toEqual(['messages.thankyou: unknown option']);
    expect(problems({ survey: 'x', theme: { accnt: 'red' } })).toEqual(['theme.accnt: unknown option']);
  });

  it.each([
    [{}, /^survey: expected .*, got nothing$/],
    [{ survey: '' }, /^survey: expected 1 to 100 characters of A-Za-z0-9\._:-, got ""$/],
    [{ survey: 'bad id!' }, /^survey: expected 1 to 100 characters of A-Za-z0-9\._:-, got "bad id!"$/],
    [{ survey: 'x'.repeat(101) }, /^survey: expected 1 to 100 characters/],
    [{ survey: 'café' }, /^survey: expected 1 to 100 characters/],
    [{ survey: 42 }, /^survey: expected .*, got 42$/],
  ])('rejects survey in %j', (options, message) => {
    expect(problems(options)).toEqual([expect.stringMatching(message)]);
  });

  it('reports every problem, not only the first', () => {
    expect(problems({ survey: 'x', sampleRate: 2, cooldownDays: -1, comment: 'sometimes' })).toEqual(
      expect.arrayContaining([
        'sampleRate: expected a number from 0 to 1, got 2',
        expect.stringMatching(/^cooldownDays: expected a number from 0 to \d+, got -1$/),
        expect.stringMatching(/^comment: expected .*'unsatisfied'.*, got "sometimes"$/),
      ]),
    );
  });

  it('says what it expected when the options are not an object at all', () => {
    for (const bad of [null, 'checkout', 42, ['survey']]) {
      const [message] = problems(bad);
      expect(message).toMatch(/^options: expected /);
    }
  });

  it('range-checks numbers', () => {
    expect(problems({ survey: 'x', commentMaxLength: 5001 })).toEqual([
      'commentMaxLength: expected a whole number from 1 to 5000, got 5001',
    ]);
    expect(problems({ survey: 'x', zIndex: 1.5 })).toEqual([
      expect.stringMatching(/^zIndex: expected a whole number .*, got 1\.5$/),
    ]);
    expect(problems({ survey: 'x', sampleRate: -0.1 })).toEqual([
      'sampleRate: expected a number from 0 to 1, got -0.1',
    ]);
  });
});

describe('options: who is asked (frequency, cooldownDays, delay, debug)', () => {
  it.each([
    { frequency: { max: 1, days: 30 } },
    { frequency: { max: 100, days: 0.5 } },
    { cooldownDays: 7 },
    { cooldownDays: { answered: 30, dismissed: 7 } },
    { cooldownDays: { answered: 0, dismissed: 3650 } },
    { delay: 0 },
    { delay: 3_600_000 },
    { debug: true },
    { debug: false },
  ])('accepts %j', (extra) => {
    expect(problems({ survey: 'x', ...extra })).toEqual([]);
  });

  it.each([
    [{ frequency: { max: 0, days: 30 } }, 'frequency.max: expected a whole number from 1 to 100, got 0'],
    [{ frequency: { max: 1.5, days: 30 } }, 'frequency.max: expected a whole number from 1 to 100, got 1.5'],
    [{ frequency: { max: 1, days: 4000 } }, 'frequency.days: expected a number from 0 to 3650, got 4000'],
    [{ frequency: { max: 1 } }, 'frequency.days: expected a number from 0 to 3650, got nothing'],
    [{ frequency: { max: 1, days: 1, per: 'survey' } }, 'frequency.per: unknown option'],
    [{ frequency: '1/30' }, 'frequency: expected {max, days}, got "1/30"'],
    [{ cooldownDays: -1 }, 'cooldownDays: expected a number from 0 to 3650, got -1'],
    [{ cooldownDays: 'week' }, 'cooldownDays: expected a number from 0 to 3650 or {answered, dismissed}, got "week"'],
    [{ cooldownDays: { answered: 30 } }, 'cooldownDays.dismissed: expected a number from 0 to 3650, got nothing'],
    [
      { cooldownDays: { answered: -1, dismissed: 7 } },
      'cooldownDays.answered: expected a number from 0 to 3650, got -1',
    ],
    [{ cooldownDays: { answered: 1, dismissed: 1, shown: 1 } }, 'cooldownDays.shown: unknown option'],
    [{ delay: -1 }, 'delay: expected a whole number from 0 to 3600000, got -1'],
    [{ delay: 1.5 }, 'delay: expected a whole number from 0 to 3600000, got 1.5'],
    [{ debug: 'yes' }, 'debug: expected true or false, got "yes"'],
  ])('rejects %j, saying what was expected', (extra, message) => {
    expect(problems({ survey: 'x', ...extra })).toEqual([message]);
  });
});

describe('options: unsafe values are refused', () => {
  it.each([
    'javascript:alert(1)',
    ' javascript:alert(1)',
    'data:text/plain,hi',
    'ftp://files.example/csat',
    '//evil.example/csat',
    'api/csat',
  ])('rejects endpoint %j', (endpoint) => {
    const expected = 'expected an http(s) URL without credentials, or a relative one (/, ./, ../) on this origin';
    expect(problems({ survey: 'x', endpoint })).toEqual([`endpoint: ${expected}, got ${JSON.stringify(endpoint)}`]);
    expect(problems({ survey: 'x', endpoint: { url: endpoint } })).toEqual([
      `endpoint.url: ${expected}, got ${JSON.stringify(endpoint)}`,
    ]);
  });

  it.each([
    // The URL parser drops tabs and newlines: these are `//evil.example/…`, another origin.
    '/\t/evil.example/csat',
    '/\n/evil.example/csat',
    '/\r\n/user:pw@evil.example/csat',
    '/\\\t\\evil.example/csat',
  ])('rejects the "relative" endpoint %j that leads to another origin', (endpoint) => {
    expect(new URL(endpoint, 'https://shop.example/checkout/').origin).not.toBe('https://shop.example');
    expect(problems({ survey: 'x', endpoint })).toEqual([
      expect.stringMatching(/^endpoint: expected an http\(s\) URL/),
    ]);
    expect(problems({ survey: 'x', endpoint: { url: endpoint } })).toHaveLength(1);
  });

  it('rejects an absolute endpoint whose credentials appear once tabs and newlines are dropped', () => {
    expect(new URL('https://\n/user:pw@evil.example/x').username).toBe('user');
    expect(problems({ survey: 'x', endpoint: 'https://\n/user:pw@evil.example/x' })).toHaveLength(1);
  });

  it.each([
    [{ 'x-key': 'a\r\nSet-Cookie: x=1' }, 'endpoint.headers.x-key: expected a header value'],
    [{ 'x-key': 'a\nb' }, 'endpoint.headers.x-key: expected a header value'],
    [{ 'x-key': 'a\u0000' }, 'endpoint.headers.x-key: expected a header value'],
    [{ 'x-key': 'k€y' }, 'endpoint.headers.x-key: expected a header value'],
    [{ 'x key': 'a' }, 'endpoint.headers: expected header names of letters, digits'],
    [{ 'x-key:': 'a' }, 'endpoint.headers: expected header names of letters, digits'],
    [{ 'x-kéy': 'a' }, 'endpoint.headers: expected header names of letters, digits'],
    [{ '': 'a' }, 'endpoint.headers: expected header names of letters, digits'],
  ])('rejects the header %j, naming the option path', (headers, message) => {
    expect(problems({ survey: 'x', endpoint: { url: '/api', headers } })).toEqual([expect.stringContaining(message)]);
  });

  it('accepts ordinary headers, Latin-1 values and the empty value', () => {
    const headers = { 'X-Api-Key': 'k1', authorization: 'Bearer abc.def', 'x-note': 'café  ok\t', 'x-empty': '' };
    expect(problems({ survey: 'x', endpoint: { url: '/api', headers } })).toEqual([]);
  });

  it.each([
    ['question', { question: 'How was it?\u0000' }],
    ['messages.thanks', { messages: { thanks: 'Thanks\uD800' } }],
    ['scale.lowLabel', { scale: { type: 'numeric', min: 0, max: 10, lowLabel: 'Bad\u0000' } }],
    ['interaction', { interaction: '\uDC00' }],
    ['metadata.plan', { metadata: { plan: 'pro\u0000' } }],
  ])('rejects NUL and unpaired surrogates in option %s', (path, extra) => {
    expect(problems({ survey: 'x', ...extra })).toEqual([
      expect.stringMatching(new RegExp(`^${path}: expected .*without control characters`)),
    ]);
  });

  it('rejects a locale over 35 characters', () => {
    expect(problems({ survey: 'x', locale: 'en-' + 'abcdefgh-'.repeat(4) + 'x' })).toHaveLength(1);
    expect(problems({ survey: 'x', locale: 'abc-12345678-12345678-12345678-1234' })).toEqual([]);
  });

  it('rejects an endpoint with credentials in it', () => {
    expect(problems({ survey: 'x', endpoint: 'https://user:secret@collect.example/csat' })).toHaveLength(1);
    expect(problems({ survey: 'x', endpoint: 'https://token@collect.example/csat' })).toHaveLength(1);
    expect(problems({ survey: 'x', endpoint: { url: 'https://user:secret@collect.example/csat' } })).toHaveLength(1);
  });

  it('rejects a "relative" endpoint that a browser reads as another host with credentials', () => {
    // Browsers treat `\` as `/` in http(s) URLs: `/\user:pw@evil.example` is `//user:pw@evil.example`.
    expect(new URL('/\\user:pw@evil.example/csat', 'https://shop.example').host).toBe('evil.example');
    expect(problems({ survey: 'x', endpoint: '/\\user:pw@evil.example/csat' })).toHaveLength(1);
  });

  it('rejects bad endpoint credentials and headers', () => {
    expect(problems({ survey: 'x', endpoint: { url: '/api', credentials: 'all' } })).toEqual([
      expect.stringMatching(/^endpoint\.credentials: expected .*'omit'.*, got "all"$/),
    ]);
    expect(problems({ survey: 'x', endpoint: { url: '/api', headers: { 'x-n': 1 } } })).toEqual([
      expect.stringMatching(/^endpoint\.headers\.x-n: expected a header value .*, got 1$/),
    ]);
  });

  it.each([
    ['accent', 'red;}*{display:none}'],
    ['accent', 'url(https://evil.example/x.png)'],
    ['background', 'expression(alert(1))'],
    ['font', 'a;}*{display:none'],
    ['radius', '8px;}'],
  ])('rejects theme.%s %j', (key, value) => {
    expect(problems({ survey: 'x', theme: { [key]: value } })).toEqual([
      expect.stringMatching(
        new RegExp(`^theme\\.${key}: expected .*, got ${JSON.stringify(value).replace(/[()*{}.;[\]]/g, '\\$&')}$`),
      ),
    ]);
  });

  it.each([
    [
      '51 keys',
      Object.fromEntries(Array.from({ length: 51 }, (_, i) => ['k' + i, i])),
      'metadata: expected at most 50 entries',
    ],
    ['a nested object', { cart: { items: 3 } }, 'metadata.cart: expected null, a boolean, a finite number or text'],
    ['an array value', { tags: ['a'] }, 'metadata.tags: expected null, a boolean, a finite number or text'],
    [
      'a value over 500 characters',
      { note: 'x'.repeat(501) },
      'metadata.note: expected null, a boolean, a finite number or text of at most 500 characters',
    ],
    ['NaN', { n: NaN }, 'metadata.n: expected null, a boolean, a finite number or text'],
    ['an array', [1, 2], 'metadata: expected a flat object'],
    [
      'a key over 100 characters',
      { ['k'.repeat(101)]: 1 },
      'metadata: expected keys of text of at most 100 characters',
    ],
    [
      'more than 8 KiB of JSON',
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => ['k' + i, 'v'.repeat(500)])),
      'metadata: expected at most 8192 bytes as JSON (UTF-8)',
    ],
  ])('rejects metadata with %s', (_, metadata, message) => {
    expect(problems({ survey: 'x', metadata })).toEqual([expect.stringContaining(message)]);
  });

  it('accepts metadata with exactly 50 keys and 8 KiB of JSON', () => {
    // 50 entries of `"kNN":"…"` plus commas and braces: 10 bytes each besides the value.
    const metadata = Object.fromEntries(Array.from({ length: 50 }, (_, i) => ['k' + String(i).padStart(2, '0'), '']));
    const value = 'v'.repeat((8192 - JSON.stringify(metadata).length) / 50);
    for (const k in metadata) metadata[k] = value;
    expect(new TextEncoder().encode(JSON.stringify(metadata)).length).toBeLessThanOrEqual(8192);
    expect(problems({ survey: 'x', metadata })).toEqual([]);
  });

  it('keeps messages short when the input is huge', () => {
    const huge = 'y'.repeat(100_000);
    const all = [
      ...problems({ survey: huge }),
      ...problems({ survey: 'x', question: huge }),
      ...problems({ survey: 'x', theme: { accent: ';' + huge } }),
      ...problems({ survey: 'x', endpoint: huge }),
      ...problems({ survey: 'x', [huge]: 1 }),
      ...problems({ survey: 'x', scale: { type: 'stars', points: 5, [huge]: 1 } }),
      ...problems({ survey: 'x', messages: { [huge]: 'hi' } }),
    ];
    expect(all).toHaveLength(7);
    for (const p of all) expect(p.length, p.slice(0, 80)).toBeLessThan(300);
  });

  it('does not let __proto__ keys pollute Object.prototype', async () => {
    const evil = JSON.parse(
      '{"survey":"x","onSubmit":null,"__proto__":{"polluted":true},"theme":{"__proto__":{"polluted":true}},"metadata":{"__proto__":{"polluted":true}}}',
    );
    expect(problems(evil)).toEqual(expect.arrayContaining(['__proto__: unknown option']));
    await expect(ask(evil)).rejects.toBeInstanceOf(CsatConfigError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('returns only values it has validated, even from getters that change', () => {
    let reads = 0;
    const options = {
      survey: 'x',
      get scale() {
        reads++;
        return reads === 1 ? { type: 'stars', points: 1000 } : { type: 'stars', points: 5 };
      },
    };
    const r = parseOptions<AskOptions>(options);
    // Either outcome is fine, as long as what comes back would pass validation itself.
    if (r.ok) expect(parseOptions({ survey: 'x', scale: r.value.scale }).ok).toBe(true);
  });

  it('does not draw a scale larger than validated when a getter changes after validation', async () => {
    let reads = 0;
    const scale = {
      type: 'stars' as const,
      get points() {
        return ++reads === 1 ? 5 : 1000;
      },
    };
    const p = ask({ survey: 'getter-scale', scale, onSubmit() {} }).catch((e: unknown) => e);
    const root = document.querySelector('csat-widget')?.shadowRoot;
    if (root) {
      expect(root.querySelectorAll('[role=radio]').length).toBeLessThanOrEqual(10);
      (root.querySelector('button.x') as HTMLButtonElement).click();
    }
    expect(await p).not.toBeInstanceOf(Promise);
  });

  it('rejects (does not throw synchronously) when a getter throws', async () => {
    const options = {
      survey: 'x',
      onSubmit() {},
      get scale(): 'stars' {
        throw new Error('getter exploded');
      },
    };
    let p: Promise<unknown> | undefined;
    expect(() => (p = ask(options))).not.toThrow();
    await expect(p).rejects.toThrow();
    expect(document.querySelector('csat-widget')).toBeNull();
  });
});

describe('ask() rejects invalid options with CsatConfigError and shows nothing', () => {
  it('rejects with the readable message and the problems list', async () => {
    const error = await ask({
      survey: 'checkout',
      onSubmit() {},
      scale: { type: 'numeric', min: 1, max: 12 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsatConfigError);
    expect(error).toBeInstanceOf(Error);
    expect((error as CsatConfigError).name).toBe('CsatConfigError');
    expect((error as CsatConfigError).message).toBe('scale.max: expected a whole number from 2 to 10, got 12');
    expect((error as CsatConfigError).problems).toEqual(['scale.max: expected a whole number from 2 to 10, got 12']);
    expect(document.querySelector('csat-widget')).toBeNull();
  });

  it('joins several problems into one message', async () => {
    const error = (await ask({ survey: 'bad id!', onSubmit() {}, scle: 1 } as unknown as AskOptions).catch(
      (e: unknown) => e,
    )) as CsatConfigError;
    expect(error.problems).toHaveLength(2);
    expect(error.message).toContain('scle: unknown option');
    expect(error.message).toContain('survey: ');
    expect(document.querySelector('csat-widget')).toBeNull();
  });

  it('rejects when neither endpoint nor onSubmit is given', async () => {
    const error = (await ask({ survey: 'checkout' }).catch((e: unknown) => e)) as CsatConfigError;
    expect(error).toBeInstanceOf(CsatConfigError);
    expect(error.message).toMatch(/^endpoint: .*onSubmit.*, got nothing$/);
    expect(document.querySelector('csat-widget')).toBeNull();
  });
});

describe('storable', () => {
  it('removes NUL, other control characters and unpaired surrogates; keeps tabs, newlines and pairs', () => {
    expect(storable('a\u0000b\u0007c\u001f\td\r\ne\uD800f\uDC00😀')).toBe('abc\td\r\nef😀');
  });
});

describe('answer schema', () => {
  it('accepts a valid answer and returns it', () => {
    const a = answer();
    expect(parseAnswer(a)).toEqual({ ok: true, value: a });
    expect(answerSchema.safeParse(answer()).success).toBe(true);
    for (const a of [
      answer({ scale: { type: 'nps', min: 0, max: 10 }, score: 0, normalized: 0, satisfied: false }),
      answer({ scale: { type: 'ces', min: 1, max: 7 }, score: 7, normalized: 1, satisfied: true }),
      answer({ interaction: null, comment: 'Quick delivery', metadata: { plan: 'pro' } }),
    ]) {
      expect(answerProblems(a)).toEqual([]);
    }
  });

  it.each([
    ['score above the scale', { score: 6 }, /^score: expected a score within the scale.*, got 6$/],
    ['score below the scale', { score: 0, normalized: 0, satisfied: false }, /^score: .*got 0$/],
    ['a fractional score', { score: 3.5 }, /^score: /],
    ['a bad uuid', { id: 'not-a-uuid' }, /^id: expected a UUID, got "not-a-uuid"$/],
    ['a non-v4-ish uuid variant', { id: '0f8c0000-0000-1000-0000-000000000000' }, /^id: expected a UUID/],
    ['an extra key', { secret: 'x' }, /^secret: unknown/],
    ['an extra scale key', { scale: { type: 'stars', min: 1, max: 5, colour: 'gold' } }, /^scale\.colour: unknown/],
    ['version 2', { v: 2 }, /^v: expected 1, got 2$/],
    ['a bad time', { at: 'yesterday' }, /^at: expected an ISO 8601 time such as .*, got "yesterday"$/],
    ['a bad survey id', { survey: 'a b' }, /^survey: /],
    ['nested metadata', { metadata: { a: { b: 1 } } }, /^metadata\.a: expected .*, got an object$/],
  ])('rejects %s, naming the path', (_, extra, message) => {
    expect(answerProblems(answer(extra))).toEqual([expect.stringMatching(message)]);
  });

  it('gives the id in lower case, so stores comparing strings keep one answer per id', () => {
    const a = answer({ id: 'A1B2C3D4-E5F6-4A1B-8C2D-1234567890AB' });
    expect(parseAnswer(a)).toEqual({ ok: true, value: { ...a, id: 'a1b2c3d4-e5f6-4a1b-8c2d-1234567890ab' } });
    expect(answerSchema.safeParse(a).data?.id).toBe('a1b2c3d4-e5f6-4a1b-8c2d-1234567890ab');
  });

  it('gives ordinary objects, as server code expects', () => {
    const parsed = parseAnswer(answer({ metadata: { plan: 'pro' } }));
    const data = answerSchema.safeParse(answer({ metadata: { plan: 'pro' } })).data!;
    for (const a of [parsed.ok && parsed.value, data] as Answer[]) {
      expect([a, a.scale, a.metadata].map(Object.getPrototypeOf)).toEqual([
        Object.prototype,
        Object.prototype,
        Object.prototype,
      ]);
    }
  });

  it.each([
    '2024-02-30T10:00:00.000Z',
    '2023-02-29T10:00:00.000Z',
    '1900-02-29T10:00:00.000Z',
    '2024-04-31T10:00:00.000Z',
    '2024-13-01T10:00:00.000Z',
    '2024-00-10T10:00:00.000Z',
    '2024-01-00T10:00:00.000Z',
    '2024-01-01T24:00:00.000Z',
    '2024-01-01T10:60:00.000Z',
    '2024-01-01T10:00:60.000Z',
    '2024-01-01T10:00:00.000+99:99',
    '2024-01-01T10:00:00.000+15:00',
    '2024-01-01T10:00:00.000+01:60',
    '0000-01-01T10:00:00.000Z',
    '2024-01-01T10:00:00.0000000001Z',
    `2024-01-01T10:00:00.${'1'.repeat(1000)}Z`,
    '2024-01-01 10:00:00Z',
    '2024-01-01T10:00:00',
  ])('rejects the impossible or unusual time %s', (at) => {
    expect(answerProblems(answer({ at }))).toEqual([expect.stringMatching(/^at: expected an ISO 8601 time/)]);
  });

  it.each([
    '2024-02-29T10:00:00.000Z',
    '2000-02-29T10:00:00Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999999999+14:00',
    '2026-11-23T10:00:00-12:00',
    '2026-11-23T10:00:00.5+05:45',
  ])('accepts the real time %s', (at) => {
    expect(answerProblems(answer({ at }))).toEqual([]);
  });

  it.each([
    ['comment', { comment: 'Slow\u0000' }],
    ['comment', { comment: '\uD83D slow' }],
    ['comment', { comment: 'bell \u0007' }],
    ['interaction', { interaction: 'order\u0000' }],
    ['page', { page: 'https://shop.example/\uDFFF' }],
    ['metadata', { metadata: { 'a\u0000': 1 } }],
    ['metadata', { metadata: { '\uD800': 1 } }],
    ['metadata.a', { metadata: { a: 'x\u0000' } }],
  ])('rejects text a database cannot store in %s, naming it', (path, extra) => {
    const [problem, ...more] = answerProblems(answer(extra));
    expect(more).toEqual([]);
    expect(problem!.startsWith(path + ': expected ')).toBe(true);
    // Readable: the bad character is shown escaped.
    expect(problem).toMatch(/without control characters .* got .*\\u/);
  });

  it('accepts tabs, newlines, quotes, emoji and other scripts', () => {
    const text = 'a\tb\r\nc "d" \\ 😀 👩‍👩‍👧 مرحبا 你好 \u2028';
    expect(
      answerProblems(answer({ comment: text, interaction: text, metadata: { [text.slice(0, 9)]: text } })),
    ).toEqual([]);
  });

  it('rejects a missing id', () => {
    const { id: _, ...rest } = answer();
    expect(answerProblems(rest)).toEqual(['id: expected a UUID, got nothing']);
  });

  it('rejects a comment over the limit', () => {
    expect(answerProblems(answer({ comment: 'x'.repeat(5001) }))).toEqual([expect.stringMatching(/^comment: /)]);
  });

  // Stats trust `normalized` and `satisfied`; a collector validating with this schema should not
  // store an answer whose figures contradict its score (it would skew CSAT %).
  it('rejects normalized and satisfied that do not follow from the score', () => {
    expect(answerProblems(answer({ score: 1, normalized: 0.75, satisfied: true }))).not.toEqual([]);
    expect(answerProblems(answer({ score: 1, normalized: 0, satisfied: true }))).not.toEqual([]);
    expect(
      answerProblems(answer({ scale: { type: 'nps', min: 0, max: 10 }, score: 8, normalized: 0.8, satisfied: true })),
    ).not.toEqual([]);
  });

  it('says what it expected when the body is not an object', () => {
    const [message] = answerProblems(null);
    expect(message).toMatch(/expected /);
  });

  it('exposes the options schema for tooling', () => {
    expect(optionsSchema.safeParse({ survey: 'checkout' }).success).toBe(true);
    expect(optionsSchema.safeParse({ survey: 'bad id!' }).success).toBe(false);
  });

  it('has precise types', () => {
    const r = parseAnswer(answer());
    if (r.ok) expectTypeOf(r.value).toEqualTypeOf<Answer>();
    else expectTypeOf(r.problems).toEqualTypeOf<string[]>();
    expectTypeOf(parseAnswer).parameter(0).toBeUnknown();
  });
});

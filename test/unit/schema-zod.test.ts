// The exported schemas are real zod schemas: `safeParse` alone applies every rule the widget
// applies (no second pass in parseOptions), issue codes say what kind of problem it is, and
// `z.toJSONSchema` describes them. Events (SPEC "Events") have their own schema.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { schemas } from '../../src/schema';
import { answerSchema, eventSchema, optionsSchema, parseAnswer, parsePayload } from '../../src/schema-entry';
import { zodSchemas } from '../../src/schema-zod';
import type { CsatEvent } from '../../src/types';
import { validAnswer } from '../fixtures';

/** A valid `shown` event; fields can be overridden. */
const validEvent = (extra: Record<string, unknown> = {}): CsatEvent =>
  ({
    v: 1,
    kind: 'shown',
    id: crypto.randomUUID(),
    survey: 'checkout',
    interaction: 'order-1234',
    locale: 'en',
    page: 'https://shop.example/checkout/done',
    at: '2026-11-23T10:00:00.000Z',
    ...extra,
  }) as CsatEvent;

/** The codes and paths of a failed `safeParse`, to see what kind of problem zod reports. */
const issues =
  (schema: { safeParse(v: unknown): { error?: { issues: { code: string; path: PropertyKey[] }[] } } }) =>
  (value: unknown) =>
    (schema.safeParse(value).error?.issues ?? []).map(({ code, path }) => ({ code, path: path.join('.') }));

describe('optionsSchema.safeParse applies every rule the widget applies', () => {
  const optionIssues = issues(optionsSchema);

  it('refuses nested scale objects and endpoints that break the rules', () => {
    expect(
      optionsSchema.safeParse({ survey: 'x', scale: { type: 'stars', points: 99 }, endpoint: 'javascript:alert(1)' })
        .success,
    ).toBe(false);
    for (const bad of [
      { scale: { type: 'stars', points: 99 } },
      { scale: { type: 'numeric', min: 1, max: 12 } },
      { scale: { type: 'smileys', points: 4 } },
      { scale: { type: 'hearts' } },
      { scale: 'hearts' },
      { endpoint: 'javascript:alert(1)' },
      { endpoint: 'https://user:pw@collect.example/csat' },
      { endpoint: { url: '//evil.example/csat' } },
      { endpoint: { url: '/api', headers: { 'x-key': 'a\r\nSet-Cookie: x=1' } } },
      { endpoint: { url: '/api', headers: { 'x key': 'a' } } },
      { endpoint: { url: '/api', credentials: 'all' } },
      { theme: { accent: 'red;}*{display:none}' } },
      { messages: { thankyou: 'Thanks' } },
      { metadata: { cart: { items: 3 } } },
    ]) {
      expect(optionsSchema.safeParse({ survey: 'x', ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('accepts what the widget accepts', () => {
    for (const good of [
      { scale: { type: 'numeric', min: 0, max: 10, lowLabel: 'Bad', highLabel: 'Great' } },
      { scale: 'nps' },
      { endpoint: { url: 'https://collect.example/csat', headers: { 'x-key': 'k' }, credentials: 'include' } },
      { endpoint: '/api/csat' },
      { theme: { accent: '#0a7', radius: 8, colorScheme: 'dark' } },
      { metadata: { plan: 'pro', seats: 3, trial: false, ref: null } },
      { onSubmit() {}, oncePerInteraction: false, interaction: null },
    ]) {
      expect(optionsSchema.safeParse({ survey: 'x', ...good }).error?.issues, JSON.stringify(good)).toBeUndefined();
    }
  });

  it('reports meaningful issue codes, at the path of the problem', () => {
    expect(optionIssues({ survey: 'x', scale: { type: 'numeric', min: 1, max: 12 } })).toEqual([
      { code: 'invalid_union', path: 'scale' },
    ]);
    expect(optionIssues({ survey: 'x', sampleRate: 2 })).toEqual([{ code: 'too_big', path: 'sampleRate' }]);
    // A number or {answered, dismissed}: a union, whose readable problem names the number's range.
    expect(optionIssues({ survey: 'x', cooldownDays: -1 })).toEqual([{ code: 'invalid_union', path: 'cooldownDays' }]);
    expect(optionIssues({ survey: 'x', frequency: { max: 0, days: 30 } })).toEqual([
      { code: 'too_small', path: 'frequency.max' },
    ]);
    expect(optionIssues({ survey: 'x', delay: 1.5 })).toEqual([{ code: 'invalid_type', path: 'delay' }]);
    expect(optionIssues({ survey: 'x', zIndex: 1.5 })).toEqual([{ code: 'invalid_type', path: 'zIndex' }]);
    expect(optionIssues({ survey: 'x', comment: 'sometimes' })).toEqual([{ code: 'invalid_value', path: 'comment' }]);
    expect(optionIssues({ survey: 'bad id!' })).toEqual([{ code: 'invalid_format', path: 'survey' }]);
    expect(optionIssues({ survey: 'x', question: 'q'.repeat(501) })).toEqual([{ code: 'too_big', path: 'question' }]);
    expect(optionIssues({ survey: 'x', scle: 1 })).toEqual([{ code: 'unrecognized_keys', path: '' }]);
  });

  it('carries the readable messages', () => {
    const r = optionsSchema.safeParse({ survey: 'x', commentMaxLength: 5001 });
    expect(r.error?.issues.map((i) => i.message)).toEqual(['expected a whole number from 1 to 5000']);
  });
});

describe('answerSchema', () => {
  const answerIssues = issues(answerSchema);

  it('reports meaningful issue codes', () => {
    expect(answerIssues(validAnswer({ v: 2 }))).toEqual([{ code: 'invalid_value', path: 'v' }]);
    expect(answerIssues(validAnswer({ id: 'nope' }))).toEqual([{ code: 'invalid_format', path: 'id' }]);
    expect(answerIssues(validAnswer({ score: 11 }))).toEqual([{ code: 'too_big', path: 'score' }]);
    expect(answerIssues(validAnswer({ comment: 'x'.repeat(5001) }))).toEqual([{ code: 'too_big', path: 'comment' }]);
    expect(answerIssues(validAnswer({ satisfied: 'yes' }))).toEqual([{ code: 'invalid_type', path: 'satisfied' }]);
    // The one cross-field rule: the score against its scale, normalized and satisfied.
    expect(answerIssues(validAnswer({ score: 2 }))).toEqual([{ code: 'custom', path: 'score' }]);
  });

  it('is described by z.toJSONSchema', () => {
    const json = z.toJSONSchema(answerSchema) as {
      properties: Record<string, { pattern?: string; maximum?: number; type?: string }>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(json.required).toEqual(expect.arrayContaining(['v', 'id', 'survey', 'score', 'metadata']));
    expect(json.additionalProperties).toBe(false);
    expect(json.properties.score).toMatchObject({ type: 'integer', minimum: 0, maximum: 10 });
    // The UUID pattern works without regex flags, as JSON Schema's `pattern` has none.
    const uuid = new RegExp(json.properties.id!.pattern!);
    expect(uuid.test('A1B2C3D4-E5F6-4A1B-8C2D-1234567890AB')).toBe(true);
    expect(uuid.test('not-a-uuid')).toBe(false);
    expect(new RegExp(json.properties.locale!.pattern!).test('nl-NL')).toBe(true);
  });
});

describe('eventSchema', () => {
  it('accepts shown and dismissed events, with the id in lower case', () => {
    const shown = validEvent({ id: 'A1B2C3D4-E5F6-4A1B-8C2D-1234567890AB' });
    expect(eventSchema.safeParse(shown).data).toEqual({ ...shown, id: 'a1b2c3d4-e5f6-4a1b-8c2d-1234567890ab' });
    expect(eventSchema.safeParse(validEvent({ kind: 'dismissed', interaction: null })).success).toBe(true);
  });

  it.each([
    ['another kind', { kind: 'answered' }, /^kind: expected 'shown' or 'dismissed', got "answered"$/],
    ['a score', { score: 4 }, /^score: unknown option$/],
    ['a bad time', { at: '2024-02-30T10:00:00.000Z' }, /^at: expected an ISO 8601 time/],
    ['a control character', { page: 'https://shop.example/\u0000' }, /^page: expected text without control/],
    ['version 2', { v: 2 }, /^v: expected 1, got 2$/],
  ])('refuses an event with %s, naming the path', (_, extra, message) => {
    const r = parsePayload(validEvent(extra));
    expect(r.ok ? [] : r.problems).toEqual([expect.stringMatching(message)]);
  });

  it('is described by z.toJSONSchema', () => {
    const json = z.toJSONSchema(eventSchema) as { properties: Record<string, { enum?: string[] }> };
    expect(json.properties.kind!.enum).toEqual(['shown', 'dismissed']);
  });

  it('optionsSchema is described too, its functions and elements left open', () => {
    expect(() => z.toJSONSchema(optionsSchema)).toThrow();
    const json = z.toJSONSchema(optionsSchema, { unrepresentable: 'any' }) as { properties: Record<string, object> };
    expect(json.properties.onSubmit).toEqual({});
    expect(json.properties.survey).toMatchObject({ type: 'string' });
  });
});

describe('parsePayload', () => {
  it('gives an answer or an event; an event never passes for an answer', () => {
    const a = validAnswer();
    expect(parsePayload(a)).toEqual({ ok: true, value: a });
    const e = validEvent();
    expect(parsePayload(e)).toEqual({ ok: true, value: e });
    // An event is not an answer: parseAnswer refuses it.
    expect(parseAnswer(e)).toMatchObject({ ok: false, problems: expect.arrayContaining(['kind: unknown option']) });
    // An answer with a `kind` is judged as an event, and refused.
    expect(parsePayload({ ...a, kind: 'shown' })).toMatchObject({ ok: false });
  });

  it('refuses an array: one answer or event per body', () => {
    expect(parsePayload([validAnswer()])).toEqual({
      ok: false,
      problems: ['answer: expected an answer object, got an object'],
    });
  });

  it('gives ordinary objects, as server code expects', () => {
    const r = parsePayload(validEvent());
    expect(r.ok && Object.getPrototypeOf(r.value)).toBe(Object.prototype);
  });
});

describe('schemas are built once and kept', () => {
  it("the widget's and the exported ones survive the task that built them (a collector reuses them)", async () => {
    const [widget, exported] = [schemas(), zodSchemas()];
    await new Promise((resolve) => setTimeout(resolve));
    expect(schemas()).toBe(widget);
    expect(zodSchemas()).toBe(exported);
  });

  it('a body that throws when read is a problem, not an exception', () => {
    const trap = new Proxy(
      {},
      {
        getOwnPropertyDescriptor: () => {
          throw new Error('trap');
        },
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    expect(parsePayload(trap)).toEqual({
      ok: false,
      problems: ['answer: could not be read (a getter or proxy threw)'],
    });
  });
});

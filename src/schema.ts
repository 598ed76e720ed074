import * as z from 'zod/mini';
import { COMMENT_MAX_LIMIT } from './constants';
import { messageKeys } from './i18n';

// Schemas are built on first use, not at import: building them costs milliseconds that a page
// which never asks should not pay, and `jitless` must be set before the first object schema
// exists, or zod probes `new Function` and a strict CSP reports a violation (colinhacks/zod#5414).

/** Id of a survey: 1–100 characters of `A-Za-z0-9._:-`. */
export const SURVEY_ID = /^[\w.:-]{1,100}$/;
const LOCALE = /^[a-z]{2,3}(-[a-z\d]{1,8})*$/i;
const UUID = /^[\da-f]{8}-[\da-f]{4}-[1-8][\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
// Colours are applied with style.setProperty only, but a strict shape still rejects
// `red;}*{display:none}` early with a clear message (research SEC-04).
const COLOR = /^(#[\da-f]{3,8}|[a-z]+|(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color-mix)\([\w\s.,%/+-]*\))$/i;
const LENGTH = /^\d+(\.\d+)?(px|em|%)?$/;
const FONT = /^[\w\s,'"-]{1,200}$/;

const expected = (what: string) => ({ error: 'expected ' + what });

const text = (max: number) =>
  z
    .string(expected(`text of at most ${max} characters`))
    .check(z.maxLength(max, expected(`text of at most ${max} characters`)));

const int = (min: number, max: number) => {
  const e = expected(`a whole number from ${min} to ${max}`);
  return z.number(e).check(z.int(e), z.gte(min, e), z.lte(max, e));
};

const num = (min: number, max: number) => {
  const e = expected(`a number from ${min} to ${max}`);
  return z.number(e).check(z.gte(min, e), z.lte(max, e));
};

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.literal(values, expected(values.map((v) => `'${v}'`).join(', ')));

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', expected('a function'));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Endpoint URL: relative, or absolute http(s) without embedded credentials (research SEC-03). */
function isEndpointUrl(v: string): boolean {
  if (/^\/(?!\/)|^\.\.?\//.test(v)) return true;
  try {
    const u = new URL(v);
    return /^https?:$/.test(u.protocol) && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** An Element, tested by shape so the check works across realms and never touches `window`. */
function isElement(v: unknown): boolean {
  return isObject(v) && (v as unknown as Node).nodeType === 1;
}

/** Flat metadata: at most 50 keys of string (≤ 500 chars), number, boolean or null. */
function isMetadata(v: unknown): boolean {
  if (!isObject(v)) return false;
  const entries = Object.entries(v);
  return (
    entries.length <= 50 &&
    entries.every(
      ([k, x]) =>
        k.length <= 100 &&
        (x === null || typeof x === 'boolean' || Number.isFinite(x) || (typeof x === 'string' && x.length <= 500)),
    )
  );
}

const SCALE_PRESETS = ['stars', 'smileys', 'numeric', 'nps', 'ces'];
const SCALE_TYPES = ['stars', 'smileys', 'numeric'];

// Zod's union, discriminatedUnion, record and partial would double the schema's share of the
// script-tag bundle (measured: +13 KB minified), so alternatives are told apart with plain
// predicates and nested objects get their own schema, checked in `parseOptions`.
const isScale = (v: unknown) =>
  SCALE_PRESETS.includes(v as string) || (isObject(v) && SCALE_TYPES.includes(v.type as string));
const isEndpoint = (v: unknown) => typeof v === 'string' || isObject(v);

function build() {
  z.config({ jitless: true });

  const url = z
    .string(expected('an http(s) or relative URL'))
    .check(
      z.maxLength(2000, expected('a URL of at most 2000 characters')),
      z.refine(isEndpointUrl, expected('an http(s) or relative URL')),
    );

  const scales = {
    stars: z.strictObject({ type: z.literal('stars'), points: int(3, 10) }),
    smileys: z.strictObject({ type: z.literal('smileys'), points: z.literal([2, 3, 5], expected('2, 3 or 5')) }),
    numeric: z.strictObject({
      type: z.literal('numeric'),
      min: z.literal([0, 1], expected('0 or 1')),
      max: int(2, 10),
      lowLabel: z.optional(text(100)),
      highLabel: z.optional(text(100)),
    }),
  };

  const endpoint = z.strictObject({
    url,
    headers: z.optional(
      z.custom<Record<string, string>>(
        (v) => isObject(v) && Object.values(v).every((x) => typeof x === 'string' && x.length <= 2000),
        expected('an object of header names to strings'),
      ),
    ),
    credentials: z.optional(oneOf(['omit', 'same-origin', 'include'])),
  });

  const target = z.custom<Element | string>(
    (v) => isElement(v) || (typeof v === 'string' && v.length > 0 && v.length <= 500),
    expected('an Element or a CSS selector'),
  );
  const metadata = z.custom<Record<string, string | number | boolean | null>>(
    isMetadata,
    expected('a flat object of at most 50 string (≤ 500 characters), number, boolean or null values'),
  );
  const color = z.optional(z.string(expected('a CSS colour')).check(z.regex(COLOR, expected('a CSS colour'))));

  const theme = z.strictObject({
    accent: color,
    background: color,
    text: color,
    radius: z.optional(
      z.custom<number | string>(
        (v) => (typeof v === 'number' && v >= 0 && v <= 100) || (typeof v === 'string' && LENGTH.test(v)),
        expected('a radius in px, em or %'),
      ),
    ),
    font: z.optional(z.string(expected('a font stack')).check(z.regex(FONT, expected('a font stack')))),
    colorScheme: z.optional(oneOf(['light', 'dark', 'auto'])),
  });

  const messages = z.strictObject(Object.fromEntries(messageKeys().map((k) => [k, z.optional(text(500))])));
  const survey = z
    .string(expected('a survey id'))
    .check(z.regex(SURVEY_ID, expected('1–100 characters of A-Za-z0-9._:-')));
  const locale = z.string(expected('a BCP 47 language tag')).check(z.regex(LOCALE, expected('a BCP 47 language tag')));

  const shape = {
    survey,
    question: z.optional(text(500)),
    scale: z.optional(
      z.custom(
        isScale,
        expected("'stars', 'smileys', 'numeric', 'nps', 'ces' or {type: 'stars' | 'smileys' | 'numeric', …}"),
      ),
    ),
    comment: z.optional(oneOf(['unsatisfied', 'always', 'never'])),
    commentMaxLength: z.optional(int(1, COMMENT_MAX_LIMIT)),
    display: z.optional(oneOf(['popover', 'toast', 'modal', 'inline'])),
    anchor: z.optional(target),
    container: z.optional(target),
    position: z.optional(oneOf(['bottom-right', 'bottom-left', 'top-right', 'top-left'])),
    endpoint: z.optional(z.custom(isEndpoint, expected('a URL or {url, headers?, credentials?}'))),
    onSubmit: z.optional(fn),
    interaction: z.optional(z.nullable(text(200))),
    metadata: z.optional(metadata),
    locale: z.optional(locale),
    messages: z.optional(messages),
    theme: z.optional(theme),
    sampleRate: z.optional(num(0, 1)),
    cooldownDays: z.optional(num(0, 3650)),
    oncePerInteraction: z.optional(z.boolean(expected('true or false'))),
    signal: z.optional(
      z.custom<AbortSignal>((v) => typeof (v as AbortSignal)?.aborted === 'boolean', expected('an AbortSignal')),
    ),
    beforeSend: z.optional(fn),
    nonce: z.optional(text(200)),
    zIndex: z.optional(int(0, 2147483647)),
    onShow: z.optional(fn),
    onDismiss: z.optional(fn),
    onDelivered: z.optional(fn),
    onError: z.optional(fn),
  };

  const answer = z
    .strictObject({
      v: z.literal(1, expected('1')),
      id: z.string(expected('a UUID')).check(z.regex(UUID, expected('a UUID'))),
      survey,
      interaction: z.nullable(text(200)),
      scale: z.strictObject({
        type: oneOf(['stars', 'smileys', 'numeric', 'nps', 'ces']),
        min: int(0, 1),
        max: int(2, 10),
      }),
      score: int(0, 10),
      normalized: num(0, 1),
      satisfied: z.boolean(expected('true or false')),
      comment: z.nullable(text(COMMENT_MAX_LIMIT)),
      locale,
      page: text(2000),
      at: z.string(expected('an ISO 8601 time')).check(z.regex(ISO_TIME, expected('an ISO 8601 time'))),
      metadata,
    })
    .check(
      z.refine((a) => a.score >= a.scale.min && a.score <= a.scale.max, {
        error: 'expected a score within the scale',
        path: ['score'],
      }),
    );

  return {
    options: z.strictObject(shape),
    defaults: z.strictObject({ ...shape, survey: z.optional(survey) }),
    scales,
    url,
    endpoint,
    answer,
  };
}

let built: ReturnType<typeof build> | undefined;

/** The zod/mini schemas, built once on first use. */
export function schemas(): ReturnType<typeof build> {
  return (built ??= build());
}

/** A short, safe description of a value for an error message: never the whole of a huge string. */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'an array';
  if (v && typeof v === 'object') return 'an object';
  return String(v);
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  keys?: string[];
}

function flatten(issues: Issue[], prefix: PropertyKey[], out: string[]): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const where = path.join('.') || 'options';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys ?? []) out.push(`${[...path, key].join('.')}: unknown option`);
    } else {
      // A discriminator issue carries the whole object as input: show the offending field.
      const last = issue.path[issue.path.length - 1];
      const input = issue.input;
      const got =
        last !== undefined && input && typeof input === 'object' && last in input
          ? (input as Record<PropertyKey, unknown>)[last]
          : input;
      out.push(`${where}: ${issue.message}, got ${describe(got)}`);
    }
  }
}

/** Readable problems for a failed parse, one per line: `scale.max: expected …, got 12`. */
export function problemsOf(error: { issues: unknown[] }): string[] {
  const out: string[] = [];
  flatten(error.issues as Issue[], [], out);
  return out;
}

/** Parses with input reporting on, returning the value or the readable problems. */
export function check<T>(
  schema: { safeParse(v: unknown, ctx: object): unknown },
  value: unknown,
): { ok: true; value: T } | { ok: false; problems: string[] } {
  const r = schema.safeParse(value, { reportInput: true, jitless: true }) as
    { success: true; data: T } | { success: false; error: { issues: unknown[] } };
  return r.success ? { ok: true, value: r.data } : { ok: false, problems: problemsOf(r.error) };
}

/**
 * Validates `ask()` options (or `createCsat()` defaults, where `survey` may be missing),
 * including the object forms of `scale` and `endpoint`.
 */
export function parseOptions<T>(
  value: unknown,
  defaults?: boolean,
): { ok: true; value: T } | { ok: false; problems: string[] } {
  const s = schemas();
  const r = check<T>(defaults ? s.defaults : s.options, value);
  const problems = r.ok ? [] : r.problems;
  if (isObject(value)) {
    const { scale, endpoint } = value;
    const nested: [string, unknown, { safeParse(v: unknown, ctx: object): unknown } | undefined][] = [
      ['scale', scale, isObject(scale) ? s.scales[scale.type as keyof typeof s.scales] : undefined],
      ['endpoint', endpoint, typeof endpoint === 'string' ? s.url : isObject(endpoint) ? s.endpoint : undefined],
    ];
    for (const [key, v, schema] of nested) {
      const n = schema && check(schema, v);
      if (n && !n.ok) problems.push(...n.problems.map((p) => key + (p.startsWith('options:') ? p.slice(7) : '.' + p)));
    }
  }
  return problems.length ? { ok: false, problems } : (r as { ok: true; value: T });
}

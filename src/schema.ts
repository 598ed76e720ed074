import * as z from 'zod/mini';
import { COMMENT_MAX_LIMIT } from './constants';
import { LOCALE, messageKeys } from './i18n';
import { isSatisfied, normalize } from './scales';
import type { Answer } from './types';

// Schemas are built on first use, not at import: building them costs time that a page which
// never asks should not pay, and `jitless` must be set before the first object schema exists, or
// zod probes the Function constructor and a strict CSP reports a violation (colinhacks/zod#5414).
//
// Leaf values are checked with plain predicates through `z.custom`; zod supplies the structure
// (strict objects, optional and nullable fields, issue paths). Its union, record, number and
// string checks would add about 2 KB gzipped to the script-tag bundle, whose budget is 24 KB.

/** Id of a survey: 1–100 characters of `A-Za-z0-9._:-`. */
export const SURVEY_ID = /^[\w.:-]{1,100}$/;
const UUID = /^[\da-f]{8}-[\da-f]{4}-[1-8][\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
// Theme values are applied with style.setProperty only, but a strict shape still rejects
// `red;}*{display:none}` early with a clear message (PostHog/posthog-js#1772).
const COLOR = /^(#[\da-f]{3,8}|[a-z]+|(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color-mix)\([\w\s.,%/+-]*\))$/i;
const LENGTH = /^\d+(\.\d+)?(px|em|%)?$/;
const FONT = /^[\w\s,'"-]{1,200}$/;

type Pred = (v: any) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const matches = (re: RegExp) => (v: unknown) => isString(v) && re.test(v);
const isText =
  (max: number) =>
  (v: unknown): v is string =>
    isString(v) && v.length <= max;
const inRange = (min: number, max: number, whole?: boolean) => (v: unknown) =>
  typeof v === 'number' && v >= min && v <= max && (!whole || Number.isInteger(v));
const isOneOf = (values: unknown[]) => (v: unknown) => values.includes(v);

/** Endpoint URL: relative, or absolute http(s) without embedded credentials. */
function isEndpointUrl(v: unknown): boolean {
  if (!isText(2000)(v)) return false;
  // `/\host` is read as `//host` by browsers: another origin, so not relative.
  if (/^\/(?![/\\])|^\.\.?\//.test(v)) return true;
  try {
    const u = new URL(v);
    return /^https?:$/.test(u.protocol) && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** Flat metadata: at most 50 keys of string (≤ 500 chars), number, boolean or null. */
function isMetadata(v: unknown): boolean {
  if (!isObject(v)) return false;
  const entries = Object.entries(v);
  return (
    entries.length <= 50 &&
    entries.every(
      ([k, x]) => k.length <= 100 && (x === null || typeof x === 'boolean' || Number.isFinite(x) || isText(500)(x)),
    )
  );
}

const PRESETS = ['stars', 'smileys', 'numeric', 'nps', 'ces'];
const SCALE_TYPES = ['stars', 'smileys', 'numeric'];
const list = (values: unknown[]) =>
  values
    .map((v) => (isString(v) ? `'${v}'` : v))
    .join(', ')
    .replace(/, ([^,]+)$/, ' or $1');

function build() {
  z.config({ jitless: true });

  const is = <T = unknown>(ok: Pred, what: string) => z.custom<T>(ok, { error: 'expected ' + what });
  const text = (max: number) => is<string>(isText(max), `text of at most ${max} characters`);
  const textOrNull = (max: number) =>
    is<string | null>((v) => v === null || isText(max)(v), `null or text of at most ${max} characters`);
  const int = (min: number, max: number) => is<number>(inRange(min, max, true), `a whole number from ${min} to ${max}`);
  const num = (min: number, max: number) => is<number>(inRange(min, max), `a number from ${min} to ${max}`);
  const oneOf = <T extends string | number>(values: T[]) => is<T>(isOneOf(values), list(values));
  const opt = z.optional;
  const fn = opt(is<(...args: never[]) => unknown>((v) => typeof v === 'function', 'a function'));
  const survey = is<string>(matches(SURVEY_ID), '1 to 100 characters of A-Za-z0-9._:-');
  const locale = is<string>(matches(LOCALE), 'a BCP 47 language tag');
  const url = is<string>(isEndpointUrl, 'an http(s) or relative URL');
  const metadata = is<Record<string, string | number | boolean | null>>(
    isMetadata,
    'a flat object of at most 50 strings (of at most 500 characters), numbers, booleans or nulls',
  );
  const color = opt(is<string>(matches(COLOR), 'a CSS colour'));
  const target = is<Element | string>(
    (v) => (isObject(v) && v.nodeType === 1) || (isText(500)(v) && v.length > 0),
    'an Element or a CSS selector',
  );

  const scales = {
    stars: z.strictObject({ type: oneOf(['stars']), points: int(3, 10) }),
    smileys: z.strictObject({ type: oneOf(['smileys']), points: oneOf([2, 3, 5]) }),
    numeric: z.strictObject({
      type: oneOf(['numeric']),
      min: oneOf([0, 1]),
      max: int(2, 10),
      lowLabel: opt(text(100)),
      highLabel: opt(text(100)),
    }),
  };

  const endpoint = z.strictObject({
    url,
    headers: opt(
      is<Record<string, string>>(
        (v) => isObject(v) && Object.values(v).every(isText(2000)),
        'an object of header names to strings',
      ),
    ),
    credentials: opt(oneOf(['omit', 'same-origin', 'include'])),
  });

  const shape = {
    survey,
    question: opt(text(500)),
    scale: opt(
      is(
        (v) => PRESETS.includes(v) || (isObject(v) && SCALE_TYPES.includes(v.type as string)),
        `${PRESETS.map((p) => `'${p}'`).join(', ')} or {type: ${SCALE_TYPES.map((p) => `'${p}'`).join(' | ')}, ...}`,
      ),
    ),
    comment: opt(oneOf(['unsatisfied', 'always', 'never'])),
    commentMaxLength: opt(int(1, COMMENT_MAX_LIMIT)),
    display: opt(oneOf(['popover', 'toast', 'modal', 'inline'])),
    anchor: opt(target),
    container: opt(target),
    position: opt(oneOf(['bottom-right', 'bottom-left', 'top-right', 'top-left'])),
    endpoint: opt(is((v) => isString(v) || isObject(v), 'a URL or {url, headers?, credentials?}')),
    onSubmit: fn,
    interaction: opt(textOrNull(200)),
    metadata: opt(metadata),
    locale: opt(locale),
    messages: opt(z.strictObject(Object.fromEntries(messageKeys().map((k) => [k, opt(text(500))])))),
    theme: opt(
      z.strictObject({
        accent: color,
        onAccent: color,
        background: color,
        text: color,
        radius: opt(is((v) => inRange(0, 100)(v) || matches(LENGTH)(v), 'a radius in px, em or %')),
        font: opt(is<string>(matches(FONT), 'a font stack')),
        colorScheme: opt(oneOf(['light', 'dark', 'auto'])),
      }),
    ),
    sampleRate: opt(num(0, 1)),
    cooldownDays: opt(num(0, 3650)),
    oncePerInteraction: opt(oneOf([true, false] as never[])),
    signal: opt(is<AbortSignal>((v) => typeof v?.aborted === 'boolean', 'an AbortSignal')),
    beforeSend: fn,
    nonce: opt(text(200)),
    zIndex: opt(int(0, 2147483647)),
    onShow: fn,
    onDismiss: fn,
    onDelivered: fn,
    onError: fn,
  };

  const answer = z
    .strictObject(
      {
        v: oneOf([1]),
        id: is<string>(matches(UUID), 'a UUID'),
        survey,
        interaction: textOrNull(200),
        scale: z.strictObject({ type: oneOf(PRESETS), min: int(0, 1), max: int(2, 10) }),
        score: int(0, 10),
        normalized: num(0, 1),
        satisfied: oneOf([true, false] as never[]),
        comment: textOrNull(COMMENT_MAX_LIMIT),
        locale,
        page: text(2000),
        at: is<string>(matches(ISO_TIME), 'an ISO 8601 time'),
        metadata,
      },
      { error: 'expected an answer object' },
    )
    // Stats and collectors trust `normalized` and `satisfied`: a body whose figures disagree
    // with its score and scale must not inflate a CSAT.
    .check(
      z.refine((a) => isConsistent(a as unknown as Answer), {
        error: 'expected a score within the scale, agreeing with normalized and satisfied',
        path: ['score'],
      }),
    );

  return {
    defaults: z.strictObject({ ...shape, survey: opt(survey) }),
    options: z.strictObject(shape, { error: 'expected an options object' }),
    scales,
    url,
    endpoint,
    answer,
  };
}

function isConsistent(a: Answer): boolean {
  const { type, min, max } = a.scale;
  const fixed = type === 'nps' ? '0-10' : type === 'ces' ? '1-7' : '';
  return (
    a.score >= min &&
    a.score <= max &&
    (!fixed || fixed === `${min}-${max}`) &&
    Math.abs(a.normalized - normalize(a.score, a.scale)) < 1e-9 &&
    a.satisfied === isSatisfied(a.score, a.scale)
  );
}

let built: ReturnType<typeof build> | undefined;

/**
 * The zod/mini schemas. They are kept only until the current task ends: rebuilding them takes
 * well under a millisecond, while keeping them would hold about 75 KB of the page's heap for as
 * long as the page lives (measured with `npm run bench`).
 */
export function schemas(): ReturnType<typeof build> {
  if (!built) {
    built = build();
    queueMicrotask(() => (built = undefined));
  }
  return built;
}

/** A short, safe description of a value for an error message: never the whole of a huge string. */
export const clip = (s: string) => (s.length > 40 ? s.slice(0, 40) + '...' : s);

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (isString(v)) return JSON.stringify(clip(v));
  return v && typeof v === 'object' ? 'an object' : typeof v === 'function' ? 'a function' : String(v);
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  keys?: string[];
}

/** Readable problems for a failed parse, one per line: `scale.max: expected …, got 12`. */
export function problemsOf(error: { issues: unknown[] }, prefix = '', root = 'options'): string[] {
  return (error.issues as Issue[]).flatMap(({ code, path, message, input, keys }) => {
    const at = (p: PropertyKey[]) => (prefix + p.map((k) => clip(String(k))).join('.')).replace(/\.$/, '') || root;
    // A check on a whole object (the score against its scale) reports the object as input.
    const last = path[path.length - 1]!;
    const got = isObject(input) && last in input ? input[last as string] : input;
    return code === 'unrecognized_keys'
      ? (keys ?? []).map((key) => `${at([...path, key])}: unknown option`)
      : `${at(path)}: ${message}, got ${describe(got)}`;
  });
}

type Schema = { safeParse(v: unknown, ctx: object): unknown };
type Result<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Parses with input reporting on, returning the value or the readable problems. */
export function check<T>(schema: Schema, value: unknown, prefix?: string, root?: string): Result<T> {
  const r = schema.safeParse(value, { reportInput: true }) as
    { success: true; data: T } | { success: false; error: { issues: unknown[] } };
  return r.success ? { ok: true, value: r.data } : { ok: false, problems: problemsOf(r.error, prefix, root) };
}

/**
 * Validates `ask()` options (or `createCsat()` defaults, where `survey` may be missing),
 * including the object forms of `scale` and `endpoint`.
 */
export function parseOptions<T>(value: unknown, defaults?: boolean): Result<T> {
  const s = schemas();
  const r = check<T>(defaults ? s.defaults : s.options, value);
  const problems = r.ok ? [] : r.problems;
  // The parsed copy when there is one: a getter read again later could change its answer.
  const o = (r.ok ? r.value : value) as Record<string, unknown>;
  if (isObject(o)) {
    for (const key of ['scale', 'endpoint']) {
      const v = o[key];
      const schema = isObject(v)
        ? key === 'scale'
          ? s.scales[v.type as 'stars']
          : s.endpoint
        : key === 'endpoint' && v !== undefined
          ? s.url
          : undefined;
      const n = schema && check(schema, v, key + '.');
      if (n && !n.ok) problems.push(...n.problems);
      // Only into the parsed copy: on failure `o` is the caller's object, which may be frozen.
      else if (n && r.ok) o[key] = n.value;
    }
  }
  return problems.length ? { ok: false, problems } : r;
}

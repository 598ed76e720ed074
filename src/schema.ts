import * as z from 'zod/mini';
import { COMMENT_MAX_LIMIT, METADATA_MAX_BYTES } from './constants';
import { LOCALE, messageKeys } from './i18n';
import { isSatisfied, normalize } from './scales';
import type { Answer } from './types';

// Schemas are built on first use, not at import: building them costs time that a page which
// never asks should not pay (the script tag builds them once the page is idle, src/embed.ts).
// They are kept once built, so a server builds them once per process.
//
// zod's configuration is global (`globalThis.__zod_globalConfig`, shared by every copy of zod on
// the page, bundled or not), so we never leave it changed: see `withOurConfig`.

/** Longest `cooldownDays` and `frequency.days`: ten years. */
export const DAYS_MAX = 3650;
/** Longest `delay`, in ms: an hour. */
export const DELAY_MAX = 36e5;

/** Id of a survey: 1–100 characters of `A-Za-z0-9._:-`. */
export const SURVEY_ID = /^[\w.:-]{1,100}$/;
export const UUID = /^[\da-f]{8}-[\da-f]{4}-[1-8][\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/i;
/**
 * A time as `Date.prototype.toISOString` writes it, with at most nanoseconds and a real offset
 * (up to ±14:59); the calendar date is checked by {@link isTime}.
 */
export const ISO_TIME =
  /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/**
 * What text may not contain: control characters other than tab, line feed and carriage return
 * (NUL is refused by PostgreSQL's text and jsonb types, the others take 6 bytes each as `\u00XX`
 * in JSON), and unpaired surrogates (not encodable as UTF-8; jsonb refuses their `\uD800` escape).
 * Without them a character takes at most 3 bytes of JSON, which bounds the size of an answer.
 */
export const UNSTORABLE = /[\0-\x08\x0B\x0C\x0E-\x1F]|\p{Cs}/u;
/** An RFC 9110 token: what a header name may be. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~\dA-Za-z]+$/;
/** A header value the Fetch API sends as given: visible ASCII, space, tab and Latin-1 (no CR, LF or NUL). */
export const HEADER_VALUE = /^[\t\x20-\x7E\x80-\xFF]*$/;
// Theme values are applied with style.setProperty only, but a strict shape still rejects
// `red;}*{display:none}` early with a clear message (PostHog/posthog-js#1772).
export const COLOR = /^(#[\da-f]{3,8}|[a-z]+|(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color-mix)\([\w\s.,%/+-]*\))$/i;
export const LENGTH = /^\d+(\.\d+)?(px|em|%)?$/;
export const FONT = /^[\w\s,'"-]{1,200}$/;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
/** Text of at most `max` UTF-16 code units (what `maxlength` counts) that a database can store. */
export const isText =
  (max: number) =>
  (v: unknown): v is string =>
    isString(v) && v.length <= max && !UNSTORABLE.test(v);
/** What is wrong with a value that is not {@link isText}: too long, or unstorable characters. */
export const textProblem = (max: number) => (v: unknown) =>
  isString(v) && v.length <= max
    ? 'text without control characters (other than tab and newlines) or unpaired surrogates'
    : `text of at most ${max} characters`;

/**
 * Text as a text field can hold it: control characters other than tab and newlines, and unpaired
 * surrogates, removed (they are invisible or broken, and the schema refuses them).
 */
export const storable = (s: string) => s.replace(new RegExp(UNSTORABLE, 'gu'), '');

/** A plain object of any realm (an object literal, JSON, `Object.create(null)`), not a DOM node or a class instance. */
function isPlain(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * A caller's object as data: its own enumerable properties (each getter read once) copied into an
 * object without a prototype, and likewise its plain objects `depth` levels down. Schemas and the
 * code after them read only these copies, so a page's `Object.prototype.endpoint` (enumerable or
 * not) can neither fill in an option nor pass for an unknown key.
 */
export function own<T>(v: T, depth = 0): T {
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(v)) {
    const x = v[key];
    out[key] = depth && isPlain(x) ? own(x, depth - 1) : x;
  }
  return out as T;
}

/** Real calendar dates only: PostgreSQL refuses `2024-02-30`, month 13 and year 0000. */
export function isTime(v: unknown): boolean {
  const m = isString(v) && ISO_TIME.exec(v);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return year > 0 && days !== undefined && day >= 1 && day <= days;
}

/** Only to tell where a relative URL leads; any http(s) base gives the same answer. */
const BASE = 'https://base.invalid/';

/**
 * Endpoint URL: absolute http(s) without embedded credentials, or written as
 * relative (`/`, `./`, `../`) and staying on the page's origin. Checked as the URL parser reads
 * it, which drops tabs and newlines and reads `\` as `/`: `'/\t/host'` is `//host`, another origin.
 */
export function isEndpointUrl(v: unknown): boolean {
  if (!isText(2000)(v)) return false;
  const relative = /^\.{0,2}\//.test(v);
  try {
    const u = relative ? new URL(v, BASE) : new URL(v);
    return (
      /^https?:$/.test(u.protocol) && !u.username && !u.password && (!relative || u.origin === new URL(BASE).origin)
    );
  } catch {
    return false;
  }
}

export const jsonBytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;

export const PRESETS = ['stars', 'smileys', 'numeric', 'nps', 'ces'] as const;
export const SCALE_TYPES = ['stars', 'smileys', 'numeric'];
export const list = (values: readonly unknown[]) =>
  values
    .map((v) => (isString(v) ? `'${v}'` : v))
    .join(', ')
    .replace(/, ([^,]+)$/, ' or $1');

type Pred = (v: any) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any

const matches = (re: RegExp) => (v: unknown) => isString(v) && re.test(v);
const inRange = (min: number, max: number, whole?: boolean) => (v: unknown) =>
  typeof v === 'number' && v >= min && v <= max && (!whole || Number.isInteger(v));
const isOneOf = (values: readonly unknown[]) => (v: unknown) => values.includes(v);

// What is wrong with a metadata or header name or value, or '' when nothing is.
// zod leaves a `__proto__` key out of what it parses into (so that it cannot replace the prototype
// of the object made), so csat-widget/schema refuses one rather than drop it silently; so do we.
const metadataKeyProblem = (key: string) =>
  key === '__proto__' ? 'keys other than __proto__' : isText(100)(key) ? '' : 'keys of ' + textProblem(100)(key);
const metadataValueProblem = (_: string, v: unknown) =>
  v === null || typeof v === 'boolean' || Number.isFinite(v) || isText(500)(v)
    ? ''
    : 'null, a boolean, a finite number or ' + textProblem(500)(v);
const headerNameProblem = (name: string) =>
  TOKEN.test(name) ? '' : "header names of letters, digits and !#$%&'*+-.^_`|~";
const headerValueProblem = (_: string, v: unknown) =>
  isString(v) && v.length <= 2000 && HEADER_VALUE.test(v)
    ? ''
    : 'a header value of at most 2000 Latin-1 characters, without CR, LF or NUL';

/**
 * The widget's schemas: zod supplies the structure (strict objects, optional and nullable fields,
 * issue paths) and leaf values are checked with the predicates above through `z.custom`. zod's
 * string, number, union and record types would add about 3.8 KB gzipped to the script-tag file
 * (measured); the same rules as real zod types are in schema-zod.ts (`csat-widget/schema`), and
 * the tests run every case through both (test/unit/schema.test.ts).
 */
function build() {
  /** A value `ok` accepts; `what` it should be, or says it from the value that was given. */
  const is = <T = unknown>(ok: Pred, what: string | ((v: unknown) => string)) =>
    z.custom<T>(ok, { error: (issue) => 'expected ' + (isString(what) ? what : what(issue.input)) });
  const text = (max: number) => is<string>(isText(max), textProblem(max));
  const textOrNull = (max: number) =>
    is<string | null>(
      (v) => v === null || isText(max)(v),
      (v) => 'null or ' + textProblem(max)(v),
    );
  /**
   * A flat object whose entries are checked one by one, so a problem names its key
   * (`metadata.plan: expected …`, or the object and the key when the key itself is wrong);
   * `whole` checks the object once its entries are fine. Each returns a problem or ''.
   */
  type Problem = (key: string, value: unknown) => string;
  const flat = <T>(what: string, name: Problem, value: Problem, whole = (_: object) => '') =>
    is<T>(isObject, what).check(
      z.check(({ value: o, issues }) => {
        if (!isObject(o)) return;
        const problem = (message: string, path: string[], input: unknown) =>
          issues.push({ code: 'custom', message: 'expected ' + message, path, input });
        for (const [k, v] of Object.entries(o)) {
          const badName = name(k, v);
          const badValue = !badName && value(k, v);
          if (badName) problem(badName, [], k === '__proto__' ? o : k);
          else if (badValue) problem(badValue, [k], v);
        }
        const message = !issues.length && whole(o);
        if (message) problem(message, [], o);
      }),
    );
  const int = (min: number, max: number) => is<number>(inRange(min, max, true), `a whole number from ${min} to ${max}`);
  const num = (min: number, max: number) => is<number>(inRange(min, max), `a number from ${min} to ${max}`);
  // The list is worded when a problem is reported, not when the schemas are built.
  const oneOf = <T extends string | number>(values: readonly T[]) => is<T>(isOneOf(values), () => list(values));
  const opt = z.optional;
  const fn = opt(is<(...args: never[]) => unknown>((v) => typeof v === 'function', 'a function'));
  const survey = is<string>(matches(SURVEY_ID), '1 to 100 characters of A-Za-z0-9._:-');
  const locale = is<string>(matches(LOCALE), 'a BCP 47 language tag');
  const url = is<string>(
    isEndpointUrl,
    'an http(s) URL without credentials, or a relative one (/, ./, ../) on this origin',
  );
  const metadata = flat<Record<string, string | number | boolean | null>>(
    'a flat object of strings, numbers, booleans or nulls',
    metadataKeyProblem,
    metadataValueProblem,
    (v) =>
      Object.keys(v).length > 50
        ? 'at most 50 entries'
        : jsonBytes(v) > METADATA_MAX_BYTES
          ? `at most ${METADATA_MAX_BYTES} bytes as JSON (UTF-8)`
          : '',
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
      flat<Record<string, string>>('an object of header names to strings', headerNameProblem, headerValueProblem),
    ),
    credentials: opt(oneOf(['omit', 'same-origin', 'include'])),
  });

  const shape = {
    survey,
    question: opt(text(500)),
    scale: opt(
      is(
        (v) => (PRESETS as readonly unknown[]).includes(v) || (isObject(v) && SCALE_TYPES.includes(v.type as string)),
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
    // A number here; the object form is checked as `cooldown` below (parseOptions), as `scale` is.
    cooldownDays: opt(
      is(
        (v) => inRange(0, DAYS_MAX)(v) || isObject(v),
        (v) => `a number from 0 to ${DAYS_MAX}` + (typeof v === 'number' ? '' : ' or {answered, dismissed}'),
      ),
    ),
    oncePerInteraction: opt(oneOf([true, false] as never[])),
    frequency: opt(z.strictObject({ max: int(1, 100), days: num(0, DAYS_MAX) }, { error: 'expected {max, days}' })),
    delay: opt(int(0, DELAY_MAX)),
    debug: opt(oneOf([true, false] as never[])),
    signal: opt(is<AbortSignal>((v) => typeof v?.aborted === 'boolean', 'an AbortSignal')),
    beforeSend: fn,
    nonce: opt(text(200)),
    zIndex: opt(int(0, 2147483647)),
    events: opt(oneOf([true, false] as never[])),
    onShow: fn,
    onDismiss: fn,
    onDelivered: fn,
    onError: fn,
  };

  /** What answers and events share (SPEC "The answer", "Events"; events: schema-zod.ts). */
  const common = {
    v: oneOf([1]),
    // Lower case, so a store comparing ids as strings keeps one row per id (RFC 9562 §4: UUIDs compare case-insensitively).
    id: is<string>(matches(UUID), 'a UUID').check(
      z.check((id) => {
        id.value = (id.value as string).toLowerCase();
      }),
    ),
    survey,
    interaction: textOrNull(200),
    locale,
    page: text(2000),
    at: is<string>(isTime, 'an ISO 8601 time such as 2026-11-23T10:00:00.000Z'),
  };
  const answer = z
    .strictObject(
      {
        ...common,
        scale: z.strictObject({ type: oneOf(PRESETS), min: int(0, 1), max: int(2, 10) }),
        score: int(0, 10),
        normalized: num(0, 1),
        satisfied: oneOf([true, false] as never[]),
        comment: textOrNull(COMMENT_MAX_LIMIT),
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
    cooldown: z.strictObject({ answered: num(0, DAYS_MAX), dismissed: num(0, DAYS_MAX) }),
    url,
    endpoint,
    answer,
  };
}

export function isConsistent(a: Answer): boolean {
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

type Schemas = ReturnType<typeof build>;
let built: Schemas | undefined;

/**
 * The schemas the widget and the collector use, built once and kept (a server validates every
 * request with them). Their output objects have no prototype (see NO_PROTOTYPE).
 */
export function schemas(): Schemas {
  return (built ??= withOurConfig(build, NO_PROTOTYPE));
}

/**
 * zod's hook for the objects it parses into (`$ZodMemoizer`): ours have no prototype. zod assigns
 * each parsed property, and an assignment to a plain object throws when Object.prototype has a
 * read-only property of that name (`Object.defineProperty(Object.prototype, 'endpoint', {value})`).
 */
const NO_PROTOTYPE: z.core.$ZodMemoizer = {
  attach() {},
  guard() {},
  alloc: (_inst, _payload, empty) => (isPlain(empty) ? Object.create(null) : empty),
};

/**
 * Builds our schemas with the zod configuration they need, and puts the host's back exactly as it
 * was (a key it did not have is deleted again, not left `undefined`):
 * - `jitless`: an object schema reads it once, when it is made (`$ZodObjectJIT` in
 *   zod/v4/core/schemas.js), and only without it asks `util.allowsEval`, which probes
 *   the Function constructor once per page; under a CSP without 'unsafe-eval' the probe is reported as a
 *   violation even though zod catches the throw (colinhacks/zod#5414). Ours never compile code.
 * - `memoizer`: how zod allocates the objects it parses into; also read when a schema is made.
 * Object.prototype's enumerable properties are hidden from `for…in` meanwhile: zod installs its
 * methods with `for (key in table)` over its own object literals (`members` in
 * zod/v4/core/util.js), so `Object.prototype.polluted = 1` makes it look up a property the
 * literal does not have and throw. Only zod's constructors run in between, synchronously.
 */
export function withOurConfig<T>(f: () => T, memoizer?: z.core.$ZodMemoizer): T {
  const proto = Object.prototype;
  const hidden: [string, PropertyDescriptor][] = [];
  for (const key in {}) {
    const d = Object.getOwnPropertyDescriptor(proto, key);
    if (d?.configurable) {
      Object.defineProperty(proto, key, { enumerable: false });
      hidden.push([key, d]);
    }
  }
  const config = z.config();
  const saved = { ...config };
  Object.assign(config, { jitless: true, memoizer: memoizer ?? config.memoizer });
  try {
    return f();
  } finally {
    for (const key of ['jitless', 'memoizer'] as const) {
      if (key in saved) config[key] = saved[key] as never;
      else delete config[key];
    }
    for (const [key, d] of hidden) Object.defineProperty(proto, key, d);
  }
}

/** zod's output as plain objects again, two levels deep, for callers (defined, not assigned). */
function plain<T>(v: T, depth = 2): T {
  if (!isPlain(v)) return v;
  return Object.fromEntries(Object.keys(v).map((k) => [k, depth ? plain(v[k], depth - 1) : v[k]])) as T;
}

/** A short, safe description of a value for an error message: never the whole of a huge string. */
export const clip = (s: string) => (s.length > 40 ? s.slice(0, 40) + '...' : s);

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (isString(v)) return JSON.stringify(clip(v));
  return v && typeof v === 'object' ? 'an object' : typeof v === 'function' ? 'a function' : String(v);
}

export interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  keys?: string[];
  /** The options of a failed union, each option's issues relative to the union. */
  errors?: Issue[][];
  /** A record's key that failed its key schema: that schema's issues. */
  issues?: Issue[];
}

/** Readable problems for a failed parse, one per line: `scale.max: expected …, got 12`. */
export function problemsOf(error: { issues: unknown[] }, prefix = '', root = 'options', expand = noExpand): string[] {
  return (error.issues as Issue[]).flatMap(expand).flatMap(({ code, path, message, input, keys }) => {
    const at = (p: PropertyKey[]) => (prefix + p.map((k) => clip(String(k))).join('.')).replace(/\.$/, '') || root;
    // A check on a whole object (the score against its scale) reports the object as input.
    const last = path[path.length - 1]!;
    const got = isObject(input) && last in input ? input[last as string] : input;
    return code === 'unrecognized_keys'
      ? (keys ?? []).map((key) => `${at([...path, key])}: unknown option`)
      : `${at(path)}: ${message}, got ${describe(got)}`;
  });
}

/** How issues of zod's unions and records are made readable (schema-zod.ts); the widget's schemas have none. */
export type Expand = (issue: Issue) => Issue[];
const noExpand: Expand = (issue) => [issue];

type Schema = { safeParse(v: unknown, ctx: object): unknown };
type Result<T> = { ok: true; value: T } | { ok: false; problems: string[] };

const unreadable = (prefix: string, root: string): Result<never> => ({
  ok: false,
  problems: [`${prefix.replace(/\.$/, '') || root}: could not be read (a getter or proxy threw)`],
});

/**
 * Parses a copy of `value` made by {@link own} (two levels deep: options, their endpoint, its
 * headers) with input reporting on, returning zod's output or the readable problems. A getter or
 * proxy that throws is a problem too, never an exception.
 */
export function check<T>(schema: Schema, value: unknown, prefix = '', root = 'options', expand?: Expand): Result<T> {
  let r: { success: true; data: T } | { success: false; error: { issues: unknown[] } };
  try {
    const copy = own(value, 2);
    // Inputs are reported only to word problems, and reporting them slows every parse: a valid
    // value is parsed once, an invalid one again with reporting on.
    r = schema.safeParse(copy, own({})) as typeof r;
    if (!r.success) r = schema.safeParse(copy, own({ reportInput: true })) as typeof r;
  } catch {
    return unreadable(prefix, root);
  }
  return r.success
    ? { ok: true, value: plain(r.data) }
    : { ok: false, problems: problemsOf(r.error, prefix, root, expand) };
}

/**
 * Validates `ask()` options (or `createCsat()` defaults, where `survey` may be missing),
 * including the object forms of `scale` and `endpoint`. The value is the caller's options as
 * {@link own} copies them: own properties only, each getter read once, and objects without a
 * prototype, so an option left out reads as `undefined` whatever a page added to Object.prototype.
 */
export function parseOptions<T>(value: unknown, defaults?: boolean): Result<T> {
  let o: Record<string, unknown>;
  try {
    o = own(value as Record<string, unknown>, 2);
  } catch {
    return unreadable('', 'options');
  }
  const s = schemas();
  const r = check<T>(defaults ? s.defaults : s.options, o);
  const problems = r.ok ? [] : r.problems;
  if (isObject(o)) {
    for (const key of ['scale', 'endpoint', 'cooldownDays']) {
      const v = o[key];
      const schema = isObject(v)
        ? key === 'scale'
          ? SCALE_TYPES.includes(v.type as string) && s.scales[v.type as 'stars']
          : key === 'cooldownDays'
            ? s.cooldown
            : s.endpoint
        : key === 'endpoint' && v !== undefined
          ? s.url
          : undefined;
      const n = schema && check(schema, v, key + '.');
      if (n && !n.ok) problems.push(...n.problems);
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: o as T };
}

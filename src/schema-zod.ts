// The schemas `csat-widget/schema` exports: the widget's rules (schema.ts) written with zod's own
// types and checks, so that issue codes say what went wrong (`too_big`, `invalid_value`,
// `unrecognized_keys`…) and `z.toJSONSchema` can describe answers and events. The script-tag file
// does not carry this module (it would cost about 3.8 KB gzipped); test/unit/schema.test.ts runs
// every case through both, so the two say the same.
import * as z from 'zod/mini';
import { COMMENT_MAX_LIMIT, METADATA_MAX_BYTES } from './constants';
import { messageKeys } from './i18n';
import {
  COLOR,
  DAYS_MAX,
  DELAY_MAX,
  FONT,
  HEADER_VALUE,
  ISO_TIME,
  isConsistent,
  isEndpointUrl,
  isObject,
  isString,
  isText,
  isTime,
  jsonBytes,
  LENGTH,
  list,
  PRESETS,
  SCALE_TYPES,
  SURVEY_ID,
  textProblem,
  TOKEN,
  UNSTORABLE,
  withOurConfig,
  check,
  type Expand,
  type Issue,
} from './schema';
import type { Answer, CsatEvent, Messages } from './types';

// The widget's UUID and language-tag patterns (schema.ts, src/i18n) written without the `i` flag,
// which a JSON Schema `pattern` cannot carry.
const UUID = /^[\dA-Fa-f]{8}-[\dA-Fa-f]{4}-[1-8][\dA-Fa-f]{3}-[89ABab][\dA-Fa-f]{3}-[\dA-Fa-f]{12}$/;
const LANGUAGE_TAG = /^(?=.{2,35}$)[A-Za-z]{2,3}(-[A-Za-z\d]{1,8})*$/;

/**
 * The schemas, made of zod's own types and checks so that issue codes mean something
 * (`too_big`, `invalid_value`, `unrecognized_keys`…) and `z.toJSONSchema` can describe the data.
 * Every piece carries its readable `error` ("expected a whole number from 2 to 10"); checks
 * `abort`, so a value gets one problem, not one per failed check.
 */
function build() {
  /** zod's `error` parameter: `what` the value should be, or says it from the value given. */
  const expected = (what: string | ((v: unknown) => string)) => ({
    error: (issue: { input?: unknown }) => 'expected ' + (isString(what) ? what : what(issue.input)),
    abort: true,
  });
  /** A predicate as a zod check, with its message. */
  const holds = <T>(ok: (v: T) => boolean, e: ReturnType<typeof expected>) => z.refine<T>(ok, e);
  const text = (max: number, prefix = '') => {
    const e = expected((v) => prefix + textProblem(max)(v));
    return z.string(e).check(
      z.maxLength(max, e),
      holds<string>((v) => !UNSTORABLE.test(v), e),
    );
  };
  const textOrNull = (max: number) => z.nullable(text(max, 'null or '));
  const pattern = (re: RegExp, what: string) => z.string(expected(what)).check(z.regex(re, expected(what)));
  const int = (min: number, max: number) => {
    const e = expected(`a whole number from ${min} to ${max}`);
    return z.int(e).check(z.gte(min, e), z.lte(max, e));
  };
  const num = (min: number, max: number) => {
    const e = expected(`a number from ${min} to ${max}`);
    return z.number(e).check(z.gte(min, e), z.lte(max, e));
  };
  const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, expected(list(values)));
  const literal = <const T extends readonly [number, ...number[]]>(values: T) =>
    z.literal(values, expected(list(values)));
  const boolean = z.boolean(expected('true or false'));
  const opt = z.optional;
  // Functions, elements and signals are not data: `z.custom` checks them (JSON Schema cannot
  // describe them; `z.toJSONSchema(optionsSchema, { unrepresentable: 'any' })` leaves them open).
  const fn = opt(z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', expected('a function')));
  const survey = pattern(SURVEY_ID, '1 to 100 characters of A-Za-z0-9._:-');
  const locale = pattern(LANGUAGE_TAG, 'a BCP 47 language tag');
  const urlProblem = expected('an http(s) URL without credentials, or a relative one (/, ./, ../) on this origin');
  const url = z.string(urlProblem).check(holds(isEndpointUrl, urlProblem));
  const metadataValue = expected((v) => 'null, a boolean, a finite number or ' + textProblem(500)(v));
  // zod leaves a `__proto__` key out of what it parses into (so that it cannot replace the
  // prototype of the object made): refused here rather than dropped without a word.
  const notProto = z.custom<unknown>(
    (v) => !(isObject(v) && Object.hasOwn(v, '__proto__')),
    expected('keys other than __proto__'),
  );
  const record = z
    .record(
      z.string().check(
        holds<string>(
          isText(100),
          expected((k) => 'keys of ' + textProblem(100)(k)),
        ),
      ),
      z.union([z.null(), boolean, z.number(), text(500, 'null, a boolean, a finite number or ')], metadataValue),
      expected('a flat object of strings, numbers, booleans or nulls'),
    )
    .check(
      z.refine((v) => Object.keys(v).length <= 50, expected('at most 50 entries')),
      z.refine(
        (v) => jsonBytes(v) <= METADATA_MAX_BYTES,
        expected(`at most ${METADATA_MAX_BYTES} bytes as JSON (UTF-8)`),
      ),
    );
  const metadata = z.pipe(notProto, record);
  const color = opt(pattern(COLOR, 'a CSS colour'));
  const targetProblem = expected('an Element or a CSS selector');
  const target = z.union(
    [
      z.custom<Element>((v) => isObject(v) && v.nodeType === 1, targetProblem),
      text(500).check(z.minLength(1, targetProblem)),
    ],
    targetProblem,
  );

  const scaleProblem = expected(
    `${PRESETS.map((p) => `'${p}'`).join(', ')} or {type: ${SCALE_TYPES.map((p) => `'${p}'`).join(' | ')}, ...}`,
  );
  const scaleObject = z.discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('stars'), points: int(3, 10) }),
      z.strictObject({ type: z.literal('smileys'), points: literal([2, 3, 5]) }),
      z.strictObject({
        type: z.literal('numeric'),
        min: literal([0, 1]),
        max: int(2, 10),
        lowLabel: opt(text(100)),
        highLabel: opt(text(100)),
      }),
    ],
    scaleProblem,
  );

  const endpointProblem = expected('a URL or {url, headers?, credentials?}');
  const headerValue = expected('a header value of at most 2000 Latin-1 characters, without CR, LF or NUL');
  const endpoint = z.union(
    [
      url,
      z.strictObject(
        {
          url,
          headers: opt(
            z.record(
              pattern(TOKEN, "header names of letters, digits and !#$%&'*+-.^_`|~"),
              z.string(headerValue).check(z.maxLength(2000, headerValue), z.regex(HEADER_VALUE, headerValue)),
              expected('an object of header names to strings'),
            ),
          ),
          credentials: opt(oneOf(['omit', 'same-origin', 'include'])),
        },
        endpointProblem,
      ),
    ],
    endpointProblem,
  );

  const radius = expected('a radius in px, em or %');
  const cooldownProblem = expected(`a number from 0 to ${DAYS_MAX} or {answered, dismissed}`);
  const shape = {
    survey,
    question: opt(text(500)),
    scale: opt(z.union([z.enum(PRESETS, scaleProblem), scaleObject], scaleProblem)),
    comment: opt(oneOf(['unsatisfied', 'always', 'never'])),
    commentMaxLength: opt(int(1, COMMENT_MAX_LIMIT)),
    display: opt(oneOf(['popover', 'toast', 'modal', 'inline'])),
    anchor: opt(target),
    container: opt(target),
    position: opt(oneOf(['bottom-right', 'bottom-left', 'top-right', 'top-left'])),
    endpoint: opt(endpoint),
    onSubmit: fn,
    interaction: opt(textOrNull(200)),
    metadata: opt(metadata),
    locale: opt(locale),
    messages: opt(
      z.strictObject(
        Object.fromEntries(messageKeys().map((k) => [k, opt(text(500))])) as Record<
          keyof Messages,
          z.ZodMiniOptional<ReturnType<typeof text>>
        >,
      ),
    ),
    theme: opt(
      z.strictObject({
        accent: color,
        onAccent: color,
        background: color,
        text: color,
        radius: opt(
          z.union(
            [z.number(radius).check(z.gte(0, radius), z.lte(100, radius)), pattern(LENGTH, 'a radius in px, em or %')],
            radius,
          ),
        ),
        font: opt(pattern(FONT, 'a font stack')),
        colorScheme: opt(oneOf(['light', 'dark', 'auto'])),
      }),
    ),
    sampleRate: opt(num(0, 1)),
    cooldownDays: opt(
      z.union(
        [
          num(0, DAYS_MAX),
          z.strictObject({ answered: num(0, DAYS_MAX), dismissed: num(0, DAYS_MAX) }, cooldownProblem),
        ],
        cooldownProblem,
      ),
    ),
    oncePerInteraction: opt(boolean),
    frequency: opt(z.strictObject({ max: int(1, 100), days: num(0, DAYS_MAX) }, expected('{max, days}'))),
    delay: opt(int(0, DELAY_MAX)),
    debug: opt(boolean),
    signal: opt(
      z.custom<AbortSignal>((v) => typeof (v as AbortSignal)?.aborted === 'boolean', expected('an AbortSignal')),
    ),
    beforeSend: fn,
    nonce: opt(text(200)),
    zIndex: opt(int(0, 2147483647)),
    events: opt(z.boolean({ error: 'expected true or false' })),
    onShow: fn,
    onDismiss: fn,
    onDelivered: fn,
    onError: fn,
  };

  const id = pattern(UUID, 'a UUID').check(
    // Lower case, so a store comparing ids as strings keeps one row per id (RFC 9562 §4: UUIDs compare case-insensitively).
    z.toLowerCase(),
  );
  const timeProblem = expected('an ISO 8601 time such as 2026-11-23T10:00:00.000Z');
  const at = z.string(timeProblem).check(z.regex(ISO_TIME, timeProblem), holds(isTime, timeProblem));
  /** What answers and events share (SPEC "The answer", "Events"). */
  const common = {
    v: z.literal(1, expected('1')),
    id,
    survey,
    interaction: textOrNull(200),
    locale,
    page: text(2000),
    at,
  };

  const answer = z
    .strictObject(
      {
        ...common,
        scale: z.strictObject({ type: oneOf(PRESETS), min: int(0, 1), max: int(2, 10) }),
        score: int(0, 10),
        normalized: num(0, 1),
        satisfied: boolean,
        comment: textOrNull(COMMENT_MAX_LIMIT),
        metadata,
      },
      expected('an answer object'),
    )
    // Stats and collectors trust `normalized` and `satisfied`: a body whose figures disagree
    // with its score and scale must not inflate a CSAT.
    .check(
      z.refine(isConsistent, {
        ...expected('a score within the scale, agreeing with normalized and satisfied'),
        path: ['score'],
      }),
    );

  const event = z.strictObject({ ...common, kind: oneOf(['shown', 'dismissed']) }, expected('an event object'));

  // zod works out a discriminated union's map at its first parse, with `for…in` over each
  // option's shape: done now, while Object.prototype's enumerable keys are hidden (withOurConfig).
  scaleObject.safeParse({});

  return {
    defaults: z.strictObject({ ...shape, survey: opt(survey) }),
    options: z.strictObject(shape, expected('an options object')),
    answer,
    event,
    endpoint,
  };
}

let built: ReturnType<typeof build> | undefined;

/**
 * The exported schemas, built on first use and kept for the life of the process (a server
 * validates every request with them). Their output is made of ordinary objects, as a server's
 * code expects. zod's global configuration is put back as it was (schema.ts, withOurConfig).
 */
export const zodSchemas = () => (built ??= withOurConfig(build));

/**
 * A union's problems as a person would read them: the problems of the one option the value got
 * into (an object with a known `type` for `scale`: `scale.points: …`), else of the one option of
 * its type (a string for `endpoint`: the URL's problem), else the union's own message.
 */
function unfold(issue: Issue): Issue[] {
  const noMatch = (i: Issue) => i.code === 'invalid_union' && !i.errors?.length;
  const inside = (i: Issue) => (i.path.length > 0 || i.code === 'unrecognized_keys') && !noMatch(i);
  const ofItsType = (i: Issue) => i.path.length > 0 || (i.code !== 'invalid_type' && !noMatch(i));
  const options = issue.errors ?? [];
  const only = (test: (i: Issue) => boolean) => {
    const found = options.filter((option) => option.every(test));
    return found.length === 1 ? found[0] : undefined;
  };
  const chosen = issue.code === 'invalid_union' && (only(inside) ?? only(ofItsType));
  return chosen ? chosen.flatMap((i) => readable({ ...i, path: [...issue.path, ...i.path] })) : [issue];
}

/**
 * zod's issues as the widget words them: a union's as {@link unfold} picks them, and a record's bad
 * key as a problem of its object (`metadata: expected keys of …, got "…"`).
 */
export const readable: Expand = (issue) =>
  issue.code === 'invalid_key'
    ? [{ ...issue, code: 'custom', path: issue.path.slice(0, -1), message: issue.issues?.[0]?.message ?? '' }]
    : unfold(issue);

/** {@link check} with the exported schemas' issues made readable. */
export const checkZod = <T>(schema: Parameters<typeof check>[0], value: unknown, root: string) =>
  check<T>(schema, value, '', root, readable);

/** What {@link parsePayload} gives: a valid answer or event, or readable problems. */
export type PayloadResult = { ok: true; value: Answer | CsatEvent } | { ok: false; problems: string[] };

/**
 * A collector's body: an event when it has a `kind` of its own (SPEC "Events"), else an answer.
 * One item per body, as the widget sends it: an array is refused.
 */
export function parsePayload(value: unknown): PayloadResult {
  let isEvent = false;
  try {
    isEvent = isObject(value) && Object.hasOwn(value, 'kind');
  } catch {
    // A proxy that throws: checked as an answer, which reports it as unreadable.
  }
  return isEvent
    ? checkZod<CsatEvent>(zodSchemas().event, value, 'event')
    : checkZod<Answer>(zodSchemas().answer, value, 'answer');
}

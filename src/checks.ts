// The few pieces of zod/mini that the widget's own schemas (schema.ts) are built from: strict
// objects, optional fields, predicates with their messages, and checks on a whole value. They take
// the same calls and report the same issues (code, path, message, input), so `problemsOf` words
// them as it words zod's, and test/unit/schema.test.ts holds every case to the exported zod
// schemas (schema-zod.ts). zod builds several objects and closures per schema and keeps them for
// good; in a page that is about 190 KB of heap for the widget's schemas (measured with
// `npm run bench`, docs/performance.md), where these take a few KB, and they run as plain function
// calls, which the first ask() pays for in the interpreter.
// @see https://zod.dev/packages/mini

/** An issue as zod reports it; `continue` (not reported) lets the checks after it run. */
export interface RawIssue {
  code: string;
  path: PropertyKey[];
  message?: string;
  input?: unknown;
  keys?: string[];
  expected?: string;
  continue?: boolean;
}

/** The value being checked and the issues found so far (zod's `ParsePayload`). */
export interface Payload {
  value: unknown;
  issues: RawIssue[];
}

/** A check on a value that already has the right type: pushes issues, may replace `value`. */
export type Check = (payload: Payload) => void;

type Result<T> = { success: true; data: T } | { success: false; error: { issues: RawIssue[] } };

export interface Schema<T = unknown> {
  /** Absent from an object is fine (zod's `optin`). */
  readonly _optional: boolean;
  /** Parses and checks `payload` in place. */
  _run(payload: Payload): Payload;
  /** The same schema with `checks` after its own. */
  check(...checks: Check[]): Schema<T>;
  safeParse(value: unknown, ctx?: unknown): Result<T>;
  /** The parsed type, for `infer` only. */
  readonly _output?: T;
}

/** The type a schema parses into. */
export type Output<S extends Schema> = NonNullable<S['_output']>;

type ErrorParam = string | ((issue: { input: unknown }) => string);
const messageOf = (error: ErrorParam | undefined, input: unknown) =>
  typeof error === 'function' ? error({ input }) : error;

/** As zod: an issue stops the checks after it unless it says it may continue. */
const aborted = (payload: Payload, from = 0) => payload.issues.slice(from).some((issue) => !issue.continue);

/** A class, not an object of closures: its methods are shared by every schema (heap, see above). */
class CheckedSchema<T> implements Schema<T> {
  constructor(
    readonly _parse: Check,
    readonly _checks: Check[],
    readonly _optional = false,
  ) {}

  _run(payload: Payload): Payload {
    this._parse(payload);
    let stop = aborted(payload);
    for (const check of this._checks) {
      if (stop) break;
      const before = payload.issues.length;
      check(payload);
      stop = aborted(payload, before);
    }
    return payload;
  }

  check(...more: Check[]): Schema<T> {
    return new CheckedSchema<T>(this._parse, [...this._checks, ...more], this._optional);
  }

  safeParse(value: unknown): Result<T> {
    const { value: data, issues } = this._run({ value, issues: [] });
    if (!issues.length) return { success: true, data: data as T };
    const reported = issues.map(({ continue: _, ...issue }) => ({
      ...issue,
      message: issue.message ?? 'Invalid input',
    }));
    return { success: false, error: { issues: reported } };
  }
}

const schema = <T>(parse: Check, checks: Check[], optional = false): Schema<T> =>
  new CheckedSchema<T>(parse, checks, optional);

const identity: Check = () => {};

/** A value `ok` accepts; the issue's message is `error` (zod's `z.custom`). */
export function custom<T>(ok: (v: any) => boolean, params: { error: ErrorParam }): Schema<T> {
  return schema<T>(identity, [
    (payload) => {
      if (!ok(payload.value)) {
        payload.issues.push({
          code: 'custom',
          path: [],
          input: payload.value,
          message: messageOf(params.error, payload.value),
        });
      }
    },
  ]);
}

/** A check written as a function of the payload (zod's `z.check`). */
export const check = (fn: Check): Check => fn;

/** A predicate on the whole value, reported at `path` (zod's `z.refine`). */
export function refine<T>(ok: (v: T) => boolean, params: { error: ErrorParam; path?: PropertyKey[] }): Check {
  return (payload) => {
    if (!ok(payload.value as T)) {
      const message = messageOf(params.error, payload.value);
      payload.issues.push({
        code: 'custom',
        path: [...(params.path ?? [])],
        input: payload.value,
        message,
        continue: true,
      });
    }
  };
}

/** `inner`, or nothing (zod's `z.optional`). */
export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return schema<T | undefined>(
    (payload) => {
      if (payload.value !== undefined) inner._run(payload);
    },
    [],
    true,
  );
}

const isObjectValue = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An object with exactly the keys of `shape` (zod's `z.strictObject`): each is checked, issues
 * carry their key in the path, and unknown keys are one `unrecognized_keys` issue. The output is a
 * new object without a prototype, with the keys in the order of `shape`.
 */
export function strictObject<S extends Record<string, Schema>>(
  shape: S,
  params?: { error?: ErrorParam },
): Schema<{ [K in keyof S]: Output<S[K]> }> {
  const keys = Object.keys(shape);
  const known = new Set(keys);
  return schema((payload) => {
    const input = payload.value;
    if (!isObjectValue(input)) {
      const message = messageOf(params?.error, input);
      payload.issues.push({ code: 'invalid_type', expected: 'object', path: [], input, message });
      return;
    }
    const output: Record<string, unknown> = Object.create(null);
    payload.value = output;
    for (const key of keys) {
      const field = shape[key]!;
      const present = key in input;
      if (!present && field._optional) continue;
      const result = field._run({ value: input[key], issues: [] });
      for (const issue of result.issues) payload.issues.push({ ...issue, path: [key, ...issue.path] });
      if (!present) {
        if (!result.issues.length) payload.issues.push({ code: 'invalid_type', expected: 'nonoptional', path: [key] });
      } else output[key] = result.value;
    }
    const unknown = Object.keys(input).filter((key) => !known.has(key));
    if (unknown.length) {
      const message = messageOf(params?.error, input);
      payload.issues.push({ code: 'unrecognized_keys', keys: unknown, path: [], input, message, continue: true });
    }
  }, []);
}

import { checkZod, parsePayload as parseBody, type PayloadResult, zodSchemas } from './schema-zod';
import type { Answer } from './types';

// The schemas are built when this module is imported, with zod's global configuration put back
// exactly as it was afterwards (schema.ts, withOurConfig), and kept for the life of the process.

/**
 * The answer schema (zod/mini): the rules the widget applies before sending, for a server to
 * validate with (`answerSchema.safeParse(body)`); `z.toJSONSchema(answerSchema)` describes it.
 * @see README.md#the-answer
 */
export const answerSchema = /* @__PURE__ */ (() => zodSchemas().answer)();

/** The event schema (SPEC "Events"): `{ v, kind: 'shown' | 'dismissed', id, survey, … }`. */
export const eventSchema = /* @__PURE__ */ (() => zodSchemas().event)();

/**
 * The `ask()` options schema: every rule `ask()` applies (scale objects by `type`, the endpoint's
 * URL, headers and credentials, theme, messages, and an endpoint or onSubmit). Functions and
 * elements are `z.custom`: `z.toJSONSchema(optionsSchema, { unrepresentable: 'any' })`.
 */
export const optionsSchema = /* @__PURE__ */ (() => zodSchemas().options)();

/**
 * Validates a parsed JSON body: the answer, or readable problems such as
 * `score: expected a whole number from 0 to 10, got 12`.
 */
export function parseAnswer(value: unknown): { ok: true; value: Answer } | { ok: false; problems: string[] } {
  return checkZod<Answer>(zodSchemas().answer, value, 'answer');
}

/**
 * Validates a collector's parsed JSON body: an event when it has its own `kind`, else an answer.
 * One answer or event per body, as the widget sends them; an array is refused.
 */
export function parsePayload(value: unknown): PayloadResult {
  return parseBody(value);
}

export type { PayloadResult } from './schema-zod';
export type { Answer, AnswerScale, CsatEvent, Metadata } from './types';

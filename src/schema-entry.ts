import { check, exportedSchemas, schemas } from './schema';
import type { Answer } from './types';

/**
 * The answer schema (zod/mini), the same rules the widget applies before sending, for a server
 * to validate with. `answerSchema.safeParse(body)`.
 * @see README.md#the-answer
 */
export const answerSchema = /* @__PURE__ */ (() => exportedSchemas().answer)();

/** Schema of `ask()` options (without functions' signatures), for tooling. */
export const optionsSchema = /* @__PURE__ */ (() => exportedSchemas().options)();

/**
 * Validates a parsed JSON body: the answer, or readable problems such as
 * `score: expected a whole number from 0 to 10, got 12`.
 */
export function parseAnswer(value: unknown): { ok: true; value: Answer } | { ok: false; problems: string[] } {
  return check<Answer>(schemas().answer, value, '', 'answer');
}

export type { Answer, AnswerScale, Metadata } from './types';

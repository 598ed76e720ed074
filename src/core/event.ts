// Events for a response rate (SPEC, "Events"): a question was shown, or closed without a score.
// They travel with answers (same queue, endpoint, retries) but are never answers.
// @see docs/delivery.md#events
import { SURVEY_ID } from '../schema';
import type { CsatEvent } from '../types';
import { currentPage, uuid } from './answer';

/** What happened to a question. */
export type EventKind = CsatEvent['kind'];

/** What an event says about its question. */
export interface EventContext {
  survey: string;
  interaction: string | null;
  locale: string;
}

export function buildEvent(kind: EventKind, context: EventContext, at = new Date()): CsatEvent {
  const { survey, interaction, locale } = context;
  return { v: 1, kind, id: uuid(), survey, interaction, locale, page: currentPage(), at: at.toISOString() };
}

const EVENT_KINDS: readonly string[] = ['shown', 'dismissed'] satisfies EventKind[];
const EVENT_KEYS = 'v,kind,id,survey,interaction,locale,page,at';
const UUID = /^[\da-f]{8}-[\da-f]{4}-[1-8][\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;
const isShortText = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;

/** Items with a `kind` are events; answers have none. */
export const isEvent = (item: object): item is CsatEvent => 'kind' in item;

/**
 * Whether a value read back from storage is a well-formed event: the queue's check of stored
 * entries. The exported `eventSchema` (src/schema-zod.ts) applies the same rules on a server;
 * the script-tag file carries this small check instead of zod's full event schema, for bytes.
 */
export function isValidEvent(v: Record<string, unknown>): boolean {
  return (
    Object.keys(v).join() === EVENT_KEYS &&
    v.v === 1 &&
    EVENT_KINDS.includes(v.kind as string) &&
    UUID.test(v.id as string) &&
    SURVEY_ID.test(v.survey as string) &&
    (v.interaction === null || isShortText(v.interaction, 200)) &&
    isShortText(v.locale, 35) &&
    isShortText(v.page, 2000) &&
    !isNaN(Date.parse(v.at as string))
  );
}

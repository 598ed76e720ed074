import type { Answer, Metadata } from '../types';
import type { ResolvedScale } from '../scales';
import { isSatisfied, normalize } from '../scales';
import { win } from '../globals';

/** RFC 9562 version-4 UUID. Not randomUUID: it is missing outside secure contexts (http pages). */
export function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return hex.replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}

/** Longest `page` the answer schema takes. */
const PAGE_MAX = 2000;

/** origin + path: query strings and fragments often hold personal data, so they are left out. */
export function currentPage(): string {
  const location = win?.location;
  // Clipped to what the schema takes: a longer path must not make the answer invalid.
  return location ? (location.origin + location.pathname).slice(0, PAGE_MAX) : '';
}

export interface AnswerContext {
  survey: string;
  interaction: string | null;
  scale: ResolvedScale;
  locale: string;
  metadata: Metadata;
}

/** The answer to one question; `id` is the idempotency key, kept from the pick to the final answer. */
export function buildAnswer(c: AnswerContext, score: number, comment: string | null, at: Date, id = uuid()): Answer {
  const { type, min, max } = c.scale;
  const scale = { type, min, max };
  return {
    v: 1,
    id,
    survey: c.survey,
    interaction: c.interaction,
    scale,
    score,
    normalized: normalize(score, scale),
    satisfied: isSatisfied(score, scale),
    comment: comment?.trim() || null,
    locale: c.locale,
    page: currentPage(),
    at: at.toISOString(),
    // A plain copy: the caller's object is not shared, and the options' copy has no prototype.
    metadata: { ...c.metadata },
  };
}

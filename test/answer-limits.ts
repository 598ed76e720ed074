// Answers at the schema's limits: the largest it accepts and random valid answers near it (what
// the collector's default body limit, ANSWER_MAX_BYTES, must take), and bodies a database cannot store.
import { COMMENT_MAX_LIMIT, METADATA_MAX_BYTES } from '../src/constants';
import type { Answer } from '../src/types';

/** UTF-8 bytes of `value` as JSON, as the widget sends it. */
export const jsonBytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/** 3 bytes in UTF-8 and in JSON: the most one allowed UTF-16 code unit can take. */
const WIDE = '€';

/** Metadata of string values as close to METADATA_MAX_BYTES as whole characters get. */
function fullMetadata(char: () => string): Record<string, string> {
  const metadata: Record<string, string> = {};
  let size = 2; // {}
  for (let i = 0; ; i++) {
    const key = 'k' + i;
    // `,"kN":""`, without the comma for the first entry.
    const entry = (i ? 1 : 0) + jsonBytes(key) + 3;
    if (size + entry > METADATA_MAX_BYTES) break;
    size += entry;
    let value = '';
    for (;;) {
      const c = char();
      const bytes = jsonBytes(c) - 2;
      if (value.length + c.length > 500 || size + bytes > METADATA_MAX_BYTES) break;
      value += c;
      size += bytes;
    }
    metadata[key] = value;
  }
  return metadata;
}

/**
 * Every field at its longest, every character at its widest: 3-byte characters (the schema
 * refuses the control characters JSON writes as 6-byte `\u00XX`), the longest locale and time, a
 * `normalized` with the most digits, metadata at its byte limit.
 */
export function largestAnswer(): Answer {
  return {
    v: 1,
    id: crypto.randomUUID(),
    survey: 's'.repeat(100),
    interaction: WIDE.repeat(200),
    scale: { type: 'numeric', min: 0, max: 10 },
    score: 0,
    normalized: 9.999999999999999e-10, // within the 1e-9 the schema allows around 0
    satisfied: false,
    comment: WIDE.repeat(COMMENT_MAX_LIMIT),
    locale: 'abc-12345678-12345678-12345678-1234',
    page: WIDE.repeat(2000),
    at: '9999-12-31T23:59:59.999999999+14:00',
    metadata: fullMetadata(() => WIDE),
  };
}

/** A small deterministic random source (mulberry32), so a failure can be replayed. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters of every width the schema allows: escaped, 1 to 3 bytes, astral pairs. */
const CHARS = ['a', '"', '\\', '\n', '\t', '\r', '\x7f', 'é', '\u0085', '€', '\u2028', '\uffff', '😀', '𝄞'];

/** A valid answer with every text field at its longest, made of random characters of every width. */
export function randomLongAnswer(rnd: () => number): Answer {
  const char = () => CHARS[Math.floor(rnd() * CHARS.length)]!;
  // Astral characters are two code units: stop before a pair would pass the limit.
  const text = (max: number) => {
    let s = '';
    for (let c = char(); s.length + c.length <= max; c = char()) s += c;
    return s;
  };
  return {
    ...largestAnswer(),
    interaction: text(200),
    comment: text(COMMENT_MAX_LIMIT),
    page: text(2000),
    metadata: fullMetadata(char),
  };
}

/** Bodies PostgreSQL cannot store (postgres.test.ts sends them to a real server), by the field they break. */
export const UNSTORABLE: [string, Record<string, unknown>, string][] = [
  ['NUL in the comment', { comment: 'Too slow\u0000' }, 'comment: '],
  ['an unpaired surrogate in the comment', { comment: 'Too slow \uD83D' }, 'comment: '],
  ['NUL in the interaction', { interaction: 'order\u00001' }, 'interaction: '],
  ['an unpaired surrogate in the page', { page: 'https://shop.example/\uDE00' }, 'page: '],
  ['NUL in a metadata key', { metadata: { 'plan\u0000': 'pro' } }, 'metadata: '],
  ['NUL in a metadata value', { metadata: { plan: 'pro\u0000' } }, 'metadata.plan: '],
  ['an unpaired surrogate in a metadata value', { metadata: { plan: '\uD800pro' } }, 'metadata.plan: '],
  ['30 February', { at: '2024-02-30T10:00:00.000Z' }, 'at: '],
  ['29 February of a common year', { at: '2023-02-29T10:00:00.000Z' }, 'at: '],
  ['month 13', { at: '2024-13-01T10:00:00.000Z' }, 'at: '],
  ['offset +99:99', { at: '2024-01-01T10:00:00.000+99:99' }, 'at: '],
  ['year 0000', { at: '0000-01-01T10:00:00.000Z' }, 'at: '],
  ['a 1000-digit fraction', { at: `2024-01-01T10:00:00.${'1'.repeat(1000)}Z` }, 'at: '],
];

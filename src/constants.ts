/** Version of the library, shown as `window.csat.version`. */
export const VERSION = '0.2.0';
/** Prefix of every console message, so a host can tell ours apart. */
export const LOG_PREFIX = '[csat]';
/** How long the thank-you stays before the widget closes itself, in ms. */
export const THANKS_MS = 2500;
/** Default comment length cap: long enough for a paragraph, small enough for one keepalive body. */
export const COMMENT_MAX = 1000;
/** Longest comment a caller may allow: at most 15,000 bytes of JSON (3 bytes per character at most). */
export const COMMENT_MAX_LIMIT = 5000;
/** Most bytes the metadata of one answer takes as JSON (UTF-8). */
export const METADATA_MAX_BYTES = 8 * 1024;
/**
 * Most bytes one answer takes as JSON (UTF-8), and so the collector's default body limit. The
 * schema refuses the characters that JSON escapes to 6 bytes, so a character takes at most 3: the
 * comment 15,002, the page 6,002, the interaction 602, the metadata 8,192, the rest under 500,
 * about 30 KB in all (test/node/server.test.ts builds the largest answer).
 */
export const ANSWER_MAX_BYTES = 32 * 1024;
/** Score share at or above which an answer counts as satisfied (4–5 of 5, 7–10 of 1–10). */
export const SATISFIED_AT = 0.6;
/** Key of this library's own record in localStorage (sampling, cooldown, answered interactions). */
export const STORAGE_KEY = 'csat:v1';

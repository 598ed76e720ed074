/** Version of the library, shown as `window.csat.version`. */
export const VERSION = '0.2.0';
/** Prefix of every console message, so a host can tell ours apart. */
export const LOG_PREFIX = '[csat]';
/** How long the thank-you stays before the widget closes itself, in ms. */
export const THANKS_MS = 2500;
/** Default comment length cap: long enough for a paragraph, small enough for one keepalive body. */
export const COMMENT_MAX = 1000;
/** Longest comment a caller may allow; keeps one answer well under 16 KiB of JSON. */
export const COMMENT_MAX_LIMIT = 5000;
/** Score share at or above which an answer counts as satisfied (4–5 of 5, 7–10 of 1–10). */
export const SATISFIED_AT = 0.6;
/** Key of this library's own record in localStorage (sampling, cooldown, answered interactions). */
export const STORAGE_KEY = 'csat:v1';

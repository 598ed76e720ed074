// The retry policy as pure functions, so it can be tested from a table without a clock or a
// network: time and randomness come in as parameters.
// @see docs/delivery.md

/**
 * Attempts with a growing backoff (PostHog and Segment use 10). After them an
 * answer for an endpoint is tried every 5 minutes or so, and never dropped for failing (only the
 * queue's bounds remove it); an `onSubmit` delivery, which lives in the page only, gives up.
 */
export const MAX_ATTEMPTS = 10;

/** What an attempt's outcome means for its entry. */
export type Outcome = 'delivered' | 'retry' | 'drop';

/**
 * What an attempt that ended with HTTP `status` means.
 * `0` is a network error, a timeout or a request the browser blocked (CORS, CSP, ad blocker):
 * worth another try. 408, 425, 429 and 5xx (and anything above) are the server saying "not now";
 * 501 and 505 say "never". Any other status, 3xx included, will not change on a retry.
 */
export const classify = (status: number): Outcome =>
  status >= 200 && status < 300
    ? 'delivered'
    : [0, 408, 425, 429].includes(status) || (status >= 500 && status !== 501 && status !== 505)
      ? 'retry'
      : 'drop';

/**
 * Milliseconds to wait after the `n`th failed attempt: 1 s doubling up to 60 s, and 5 minutes
 * from the 10th on (a long outage costs the endpoint a request per browser every 5 minutes),
 * times a jitter factor from 0.5 to 1.5 so browsers that failed together do not retry together
 * (`r` is a random number in [0, 1), a parameter so tests can pass their own).
 */
export const backoff = (n: number, r = Math.random()): number =>
  (n < MAX_ATTEMPTS ? Math.min(6e4, 1e3 * 2 ** (n - 1)) : 3e5) * (0.5 + r);

/**
 * Milliseconds a `Retry-After` header asks for, clamped to 1 s – 5 min (Segment caps at 300 s
 * too, so a misconfigured server cannot park answers for days); `undefined` when the header is
 * missing or unreadable, and the backoff applies. Both forms of RFC 9110 are read:
 * delta-seconds (`120`) and an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`).
 */
export function retryAfter(header: string | null | undefined, now: number): number | undefined {
  const v = header || ''; // fetch trims header values
  // A date needs letters: Date.parse also reads bare numbers such as `1.5` as dates.
  const ms = /^\d+$/.test(v) ? +v * 1e3 : /[a-z]/i.test(v) ? Date.parse(v) - now : NaN;
  return isNaN(ms) ? undefined : Math.min(Math.max(ms, 1e3), 3e5);
}

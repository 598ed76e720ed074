// The queue of answers waiting for their endpoint, kept in localStorage so they survive a reload,
// a crash or a closed tab, and read back as untrusted input.
// @see README.md#delivery
import type { Answer, EndpointOptions } from '../types';
import { check, schemas } from '../schema';
import { noStorage, storage } from '../globals';
import { toJson } from './json';

/** The queue's own key; `csat:v1` is gate.ts's record. A new entry format takes a new digit. */
export const KEY = 'csat:q1';
/** Most answers kept: Segment's unbounded queue filled users' 5 MB (segmentio/analytics-next#1261). */
const MAX_ENTRIES = 100;
/** Most characters of JSON kept, a twentieth of the usual 5 MB origin quota. */
const MAX_CHARS = 256 * 1024;
/** Age after which an answer is no longer worth sending. */
const MAX_AGE = 7 * 864e5;

/** One answer waiting for its endpoint, with everything needed to send it from a later page. */
export interface Entry {
  a: Answer;
  /** The endpoint, its URL made absolute; configured headers are stored too. */
  e: EndpointOptions;
  /** Attempts made so far, counted when they start, so one cut short by a closed tab counts. */
  n: number;
  /** Not to be sent before this time (ms): the backoff, a `Retry-After`, or (without Web Locks) a tab's lease while it sends. */
  t: number;
  /** Time it was queued (ms). */
  c: number;
  /** Without Web Locks: a random token of the tab whose lease `t` is, so a tab can tell whether its claim held. */
  k?: number;
}

/** Told about every entry that leaves the queue without being delivered. */
export type Lost = (id: string | undefined, error?: Error, a?: Answer) => void;

/** The queue when localStorage is missing or refused a write: delivered in this page only. */
let mem: Entry[] | undefined;

// Read back from a store any script on the origin can write, so every field is checked: a corrupt
// entry is dropped, never sent (no poison messages).
// `x.n` of a string or number is undefined, which fails the first check.
const valid = (x: Entry) =>
  [x.n, x.t, x.c].every(Number.isFinite) && check(schemas().endpoint, x.e).ok && check(schemas().answer, x.a).ok;

/**
 * Reads the queue, drops what is invalid or expired, applies `change`, evicts the oldest entries
 * beyond the bounds and writes the result back: every write enforces the bounds. All in one
 * synchronous step, so no other tab's write can land in between. Never throws.
 */
export function update(lost: Lost, now: number, change?: (q: Entry[]) => void): Entry[] {
  let s = mem ? undefined : storage();
  let raw: string | null | undefined;
  if (s) {
    try {
      raw = s.getItem(KEY);
    } catch {
      // Unreadable: the page goes on in memory and never writes there, since a write would
      // replace answers that earlier pages left and this one cannot see.
      s = undefined;
    }
  }
  if (!s) mem ??= [];
  let q: Entry[] = mem ?? [];
  if (s) {
    try {
      // Anything but an array becomes one entry, which is reported and dropped below.
      q = [].concat(JSON.parse(raw || '[]'));
    } catch {
      q = [raw as never]; // not JSON: likewise
    }
  }
  let invalid = 0;
  const kept: Entry[] = [];
  for (const x of q) {
    if (!(x && valid(x))) invalid++;
    else if (now - x.c > MAX_AGE) lost(x.a.id, Error('dropped: expired after 7 days'));
    else kept.push(x);
  }
  q = kept;
  // Another script may have written thousands of entries there: one report for all of them.
  if (invalid) lost(undefined, Error('dropped: ' + (invalid > 1 ? invalid + ' invalid entries' : 'invalid')));
  change?.(q);
  let out: string;
  // Oldest first: a fresh answer is worth more than a stale one (segmentio/analytics-next#1261).
  while ((out = toJson(q)).length > MAX_CHARS || q.length > MAX_ENTRIES) {
    lost(q.shift()!.a.id, Error('evicted: queue full'));
  }
  if (s && out != (raw || '[]')) {
    try {
      if (q.length) s.setItem(KEY, out);
      else s.removeItem(KEY);
    } catch {
      // Quota or private mode: keep going in memory rather than lose the answer (segmentio/analytics-next#1200).
      mem = q;
    }
  }
  if (mem) {
    mem = q;
    if (q.length) noStorage();
  }
  return q;
}

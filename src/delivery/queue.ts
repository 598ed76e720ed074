// The queue of answers (and events) waiting for their endpoint, kept in localStorage so they
// survive a reload, a crash or a closed tab, and read back as untrusted input: any script on the
// origin can write there.
// @see docs/delivery.md
import type { Answer, EndpointOptions } from '../types';
import { check, schemas } from '../schema';
import { noStorage, storage } from '../globals';
import type { CsatEvent } from '../types';
import { isEvent, isValidEvent } from '../core/event';
import { toJson } from './json';

/** The queue's own key; `csat:v1` is gate.ts's record. A new entry format takes a new digit. */
export const KEY = 'csat:q1';
/** Most answers kept: Segment's unbounded queue filled users' 5 MB (segmentio/analytics-next#1261). */
const MAX_ENTRIES = 100;
/** Most characters of JSON kept, a twentieth of the usual 5 MB origin quota. */
const MAX_CHARS = 256 * 1024;
/** Age after which an answer is no longer worth sending. */
const MAX_AGE = 7 * 864e5;

/** What the queue carries: answers, and events when `events` is on. */
export type Payload = Answer | CsatEvent;

/**
 * One entry as stored under {@link KEY}: short keys, the format 0.2 pages wrote and still read
 * (the scheduler works with {@link Waiting}, mapped at the storage boundary).
 */
export interface Entry {
  /** The answer or event. */
  a: Payload;
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

/** One answer or event waiting for its endpoint, with everything needed to send it from a later page. */
export interface Waiting {
  _payload: Payload;
  /** The endpoint, its URL made absolute; configured headers are kept too. */
  _endpoint: EndpointOptions;
  /** Attempts made so far, counted when they start, so one cut short by a closed tab counts. */
  _attempts: number;
  /** Not to be sent before this time (ms): the backoff, a `Retry-After`, a hold, or (without Web Locks) a tab's lease while it sends. */
  _notBefore: number;
  /** Time it was queued (ms). */
  _queuedAt: number;
  /** Without Web Locks: a random token of the tab whose lease `_notBefore` is, so a tab can tell whether its claim held. */
  _lease?: number | undefined;
}

export const fromStored = (x: Entry): Waiting => ({
  _payload: x.a,
  _endpoint: x.e,
  _attempts: x.n,
  _notBefore: x.t,
  _queuedAt: x.c,
  _lease: x.k,
});

/** The stored form; toJson leaves out a lease that is undefined. */
export const toStored = (w: Waiting): Entry => ({
  a: w._payload,
  e: w._endpoint,
  n: w._attempts,
  t: w._notBefore,
  c: w._queuedAt,
  k: w._lease,
});

/** Told about every entry that leaves the queue without being delivered. */
export type Lost = (id: string | undefined, error?: Error, payload?: Payload) => void;

/** The queue when localStorage is missing or refused a write: delivered in this page only. */
let memory: Waiting[] | undefined;

/** The stored payload is well-formed: an answer by the answer schema, an event by its own check. */
const validPayload = (payload: Payload) =>
  payload instanceof Object &&
  (isEvent(payload) ? isValidEvent(payload as never) : check(schemas().answer, payload).ok);

// Read back from a store any script on the origin can write, so every field is checked: a corrupt
// entry is dropped, never sent (no poison messages).
// `x.n` of a string or number is undefined, which fails the first check.
const valid = (x: Entry) =>
  [x.n, x.t, x.c].every(Number.isFinite) && check(schemas().endpoint, x.e).ok && validPayload(x.a);

/**
 * Reads the queue, drops what is invalid or expired, applies `change`, evicts the oldest entries
 * beyond the bounds and writes the result back: every write enforces the bounds. Never throws.
 * A read that changes nothing writes nothing, not even the same entries in our own spelling:
 * tabs run in separate processes, so a read-and-write is not atomic across them, and a tab
 * writing back what it read can bring back an entry another tab has just delivered and removed
 * (a duplicate POST, seen with two tabs opening on an answer another writer left).
 */
export function update(lost: Lost, now: number, change?: (q: Waiting[]) => void): Waiting[] {
  let s = memory ? undefined : storage();
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
  if (!s) memory ??= [];
  let q: Waiting[] = memory ?? [];
  let invalid = 0;
  if (s) {
    let stored: Entry[];
    try {
      // Anything but an array becomes one entry, which is reported and dropped below.
      stored = [].concat(JSON.parse(raw || '[]'));
    } catch {
      stored = [raw as never]; // not JSON: likewise
    }
    q = [];
    for (const x of stored) {
      if (x && valid(x)) q.push(fromStored(x));
      else invalid++;
    }
    // Another script may have written thousands of entries there: one report for all of them.
    if (invalid) lost(undefined, new Error('dropped: ' + (invalid > 1 ? invalid + ' invalid entries' : 'invalid')));
  }
  const read = q.length;
  q = q.filter((x) => {
    const expired = now - x._queuedAt > MAX_AGE;
    if (expired) lost(x._payload.id, new Error('dropped: expired after 7 days'));
    return !expired;
  });
  change?.(q);
  let out: string;
  // Oldest first: a fresh answer is worth more than a stale one.
  while ((out = toJson(q.map(toStored))).length > MAX_CHARS || q.length > MAX_ENTRIES) {
    lost(q.shift()!._payload.id, new Error('evicted: queue full'));
  }
  const unchanged = !change && !invalid && q.length === read;
  if (s && !unchanged && out !== (raw || '[]')) {
    try {
      if (q.length) s.setItem(KEY, out);
      else s.removeItem(KEY);
    } catch {
      // Quota or private mode: keep going in memory rather than lose the answer (segmentio/analytics-next#1200).
      memory = q;
    }
  }
  if (memory) {
    memory = q;
    if (q.length) noStorage();
  }
  return q;
}

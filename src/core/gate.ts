import { STORAGE_KEY } from '../constants';
import { doc, noStorage, storage, win } from '../globals';
import type { AskOptions, Explanation } from '../types';

// Who is asked (SPEC, "Who is asked, and headless use"): sticky sampling, once per interaction,
// the per-survey cooldown and the cap across surveys, all kept in one versioned localStorage
// record. Without storage they hold for this page only.

/** The stored record (`csat:v1`): short keys, the format every earlier version wrote and reads. */
interface GateRecord {
  /**
   * Per survey: [sample roll in 0..1, time of the last answer or dismissal in ms, 1 when that was
   * a dismissal]. Versions before 0.3 wrote [roll, time]: read as an answer, the longer cooldown.
   * Keyed by the survey id plus a newline, which no property of Object.prototype has, so
   * `__proto__` or `constructor` are ids like any other.
   */
  s: { [surveyNewline: string]: [number, number, number?] };
  /** survey + interaction pairs already asked about, with the time they were. */
  i: { [key: string]: number };
  /** Times (ms) questions were shown, any survey, oldest first: what `frequency` counts. Added in 0.3. */
  f?: number[];
}

/** Most interaction keys kept; the oldest go first so the record stays small. */
const MAX_INTERACTIONS = 200;
/** Most show times kept: `frequency.max` is at most 100, so older ones can never decide. */
const MAX_SHOWN = 100;
/** The longest `frequency.days` allowed: a show time older than that never counts again. */
const MAX_DAYS = 3650;
const DAY_MS = 864e5;

let memory: GateRecord | undefined;
/** Set once a write failed: from then on the page's record lives in `memory` only. */
let failed = false;
/**
 * Sample rolls drawn by explain() for surveys that have none stored: explain changes nothing
 * stored, yet the ask that follows on this page must reach the same verdict, so it uses (and
 * stores) the same roll.
 */
const drawn = new Map<string, number>();

function read(): GateRecord {
  const s = storage();
  // After a failed write the stored record is stale: what this page remembered is in memory.
  if (s && !failed) {
    try {
      const stored = JSON.parse(s.getItem(STORAGE_KEY) || 'null') as GateRecord | null;
      if (stored?.s instanceof Object && stored.i instanceof Object) {
        if (!Array.isArray(stored.f)) stored.f = [];
        return stored;
      }
    } catch {
      // Unreadable or corrupt: start again.
    }
  }
  return (memory ??= { s: {}, i: {}, f: [] });
}

function write(record: GateRecord): void {
  // Keys keep insertion order and each pair is added once, so the first keys are the oldest.
  const keys = Object.keys(record.i);
  for (const key of keys.slice(0, keys.length - MAX_INTERACTIONS)) delete record.i[key];
  memory = record;
  try {
    storage()!.setItem(STORAGE_KEY, JSON.stringify(record));
  } catch {
    noStorage();
    failed = true;
  }
}

/** The options that decide who is asked; missing ones take their documented defaults. */
export type GateOptions = Pick<
  AskOptions,
  'survey' | 'interaction' | 'sampleRate' | 'cooldownDays' | 'oncePerInteraction' | 'frequency'
>;

const surveyKey = (o: GateOptions) => o.survey + '\n';
/** Whether the question is about an interaction (an order, a ticket): null and undefined are none. */
const hasInteraction = (o: GateOptions) => (o.interaction ?? null) !== null;
const pairKey = (o: GateOptions) => surveyKey(o) + o.interaction;

/** Days the survey waits after an answer, or after a dismissal (`cooldownDays: {answered, dismissed}`). */
function cooldown(o: GateOptions, dismissed: unknown): number {
  const days = o.cooldownDays ?? 0;
  return typeof days === 'number' ? days : dismissed ? days.dismissed : days.answered;
}

const ok: Explanation = { show: true, reason: 'ok' };
const no = (reason: Explanation['reason'], until?: number): Explanation =>
  until === undefined ? { show: false, reason } : { show: false, reason, until: new Date(until).toISOString() };

/**
 * Whether this browser should be asked now, and why not. `store`: keep the sample roll drawn on
 * first sight of a survey (ask), or hold it in memory for this page only (explain).
 */
export function decide(o: GateOptions, now: number, store = true): Explanation {
  // Everyone is asked, every time: no need to open localStorage, whose first use in a page costs
  // milliseconds on the way to showing the question.
  if ((o.sampleRate ?? 1) >= 1 && !o.cooldownDays && !hasInteraction(o) && !o.frequency) return ok;
  const record = read();
  const key = surveyKey(o);
  let entry = record.s[key];
  if (!entry) {
    // The roll is stored, not the verdict, so raising sampleRate later widens the same sample.
    const roll = drawn.get(key) ?? Math.random();
    drawn.set(key, roll);
    entry = [roll, 0];
    if (store) {
      record.s[key] = entry;
      write(record);
    }
  }
  if (entry[0] >= (o.sampleRate ?? 1)) return no('sampled-out');
  if (o.oncePerInteraction !== false && hasInteraction(o) && pairKey(o) in record.i) {
    return no('answered-interaction');
  }
  const until = entry[1] + cooldown(o, entry[2]) * DAY_MS;
  if (now < until) return no('cooldown', until);
  const cap = o.frequency;
  if (cap) {
    const window = cap.days * DAY_MS;
    const shown = record.f!.filter((t) => t > now - window).sort((a, b) => a - b);
    // The cap ends when enough of these fall out of the window: the oldest that keeps it full.
    if (shown.length >= cap.max) return no('frequency', shown[shown.length - cap.max]! + window);
  }
  return ok;
}

/** Whether this browser should be asked now; rolls the sticky sample on first sight of a survey. */
export const shouldAsk = (o: GateOptions, now: number): boolean => decide(o, now).show;

/** Whether `oncePerInteraction` rules out this survey + interaction: asked about already. */
export const answered = (o: GateOptions): boolean =>
  o.oncePerInteraction !== false && hasInteraction(o) && pairKey(o) in read().i;

/**
 * Records an answer or (`dismissed`) a dismissal, which starts the cooldown and marks the
 * interaction.
 */
export function remember(o: GateOptions, now: number, dismissed?: boolean): void {
  const record = read();
  const key = surveyKey(o);
  record.s[key] = [record.s[key]?.[0] ?? drawn.get(key) ?? Math.random(), now, dismissed ? 1 : 0];
  if (hasInteraction(o)) record.i[pairKey(o)] = now;
  write(record);
}

/** Counts a question shown at `now`, for `frequency`. Bounded: recent times only, at most 100. */
export function shown(now: number): void {
  const record = read();
  record.f = [...record.f!.filter((t) => t > now - MAX_DAYS * DAY_MS), now].slice(-MAX_SHOWN);
  write(record);
}

/** Questions on screen now, whose interaction counts as asked about if the page is left. */
const open = new Set<GateOptions>();
let listening = false;

/** The page is hidden or going away: an open question was seen and left, so it is not asked again. */
function left(e: Event): void {
  if (!open.size || (e.type === 'visibilitychange' && !doc!.hidden)) return;
  const record = read();
  for (const o of open) if (hasInteraction(o)) record.i[pairKey(o)] = Date.now();
  write(record);
}

/**
 * Watches the page while the question of `o` is open: leaving it (pagehide, or hidden, the last
 * moment a page reliably sees) marks its interaction as asked about, as an answer or a dismissal
 * would. Returns the end of the watch, for when the question closes.
 */
export function watch(o: GateOptions): () => void {
  open.add(o);
  if (!listening) {
    listening = true;
    doc!.addEventListener('visibilitychange', left);
    win!.addEventListener('pagehide', left);
  }
  return () => open.delete(o);
}

/** Removes every stored targeting record: sample rolls, cooldowns, the cap's times, interactions. */
export function forget(): void {
  memory = undefined;
  drawn.clear();
  try {
    storage()!.removeItem(STORAGE_KEY);
    failed = false;
  } catch {
    // No storage: what there was lived in memory, now gone.
  }
}

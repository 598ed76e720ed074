import { STORAGE_KEY } from '../constants';
import { noStorage, storage } from '../globals';
import type { AskOptions } from '../types';

// Who is asked: sticky sampling, cooldown and once-per-interaction, all kept in one versioned
// localStorage record. Without storage they hold for this page only.

/** The stored record (`csat:v1`): short keys, the format every earlier version wrote and reads. */
interface GateRecord {
  /**
   * Per survey: [sample roll in 0..1, time of the last answer or dismissal in ms]. Keyed by the
   * survey id plus a newline, which no property of Object.prototype has, so `__proto__` or
   * `constructor` are ids like any other.
   */
  s: { [surveyNewline: string]: [number, number] };
  /** survey + interaction pairs already asked about, with the time they were. */
  i: { [key: string]: number };
}

/** Most interaction keys kept; the oldest go first so the record stays small. */
const MAX_INTERACTIONS = 200;
const DAY_MS = 864e5;

let memory: GateRecord | undefined;
/** Set once a write failed: from then on the page's record lives in `memory` only. */
let failed = false;

function read(): GateRecord {
  const s = storage();
  // After a failed write the stored record is stale: what this page remembered is in memory.
  if (s && !failed) {
    try {
      const stored = JSON.parse(s.getItem(STORAGE_KEY) || 'null') as GateRecord | null;
      if (stored?.s instanceof Object && stored.i instanceof Object) return stored;
    } catch {
      // Unreadable or corrupt: start again.
    }
  }
  return (memory ??= { s: {}, i: {} });
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
  'survey' | 'interaction' | 'sampleRate' | 'cooldownDays' | 'oncePerInteraction'
>;

const surveyKey = (o: GateOptions) => o.survey + '\n';
/** Whether the question is about an interaction (an order, a ticket): null and undefined are none. */
const hasInteraction = (o: GateOptions) => (o.interaction ?? null) !== null;
const pairKey = (o: GateOptions) => surveyKey(o) + o.interaction;

/** Whether this browser should be asked now. Rolls the sticky sample on first sight of a survey. */
export function shouldAsk(o: GateOptions, now: number): boolean {
  // Everyone is asked, every time: no need to open localStorage, whose first use in a page costs
  // milliseconds on the way to showing the question.
  if ((o.sampleRate ?? 1) >= 1 && !o.cooldownDays && !hasInteraction(o)) return true;
  const record = read();
  let entry = record.s[surveyKey(o)];
  if (!entry) {
    // The roll is stored, not the verdict, so raising sampleRate later widens the same sample.
    entry = record.s[surveyKey(o)] = [Math.random(), 0];
    write(record);
  }
  if (entry[0] >= (o.sampleRate ?? 1)) return false;
  if (now - entry[1] < (o.cooldownDays ?? 0) * DAY_MS) return false;
  return !(o.oncePerInteraction !== false && hasInteraction(o) && pairKey(o) in record.i);
}

/** Records an answer or a dismissal, which starts the cooldown and marks the interaction. */
export function remember(o: GateOptions, now: number): void {
  const record = read();
  const key = surveyKey(o);
  record.s[key] = [record.s[key]?.[0] ?? Math.random(), now];
  if (hasInteraction(o)) record.i[pairKey(o)] = now;
  write(record);
}

import { STORAGE_KEY } from '../constants';
import { noStorage, storage } from '../globals';
import type { AskOptions } from '../types';

// Who is asked: sticky sampling, cooldown and once-per-interaction, all kept in one versioned
// localStorage record. Without storage they hold for this page only.

interface Record_ {
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

let memory: Record_ | undefined;
/** Set once a write failed: from then on the page's record lives in `memory` only. */
let failed = false;

function read(): Record_ {
  const s = storage();
  // After a failed write the stored record is stale: what this page remembered is in memory.
  if (s && !failed) {
    try {
      const r = JSON.parse(s.getItem(STORAGE_KEY) || 'null') as Record_ | null;
      if (r?.s instanceof Object && r.i instanceof Object) return r;
    } catch {
      // Unreadable or corrupt: start again.
    }
  }
  return (memory ??= { s: {}, i: {} });
}

function write(r: Record_): void {
  // Keys keep insertion order and each pair is added once, so the first keys are the oldest.
  const keys = Object.keys(r.i);
  for (const k of keys.slice(0, keys.length - MAX_INTERACTIONS)) delete r.i[k];
  memory = r;
  try {
    storage()!.setItem(STORAGE_KEY, JSON.stringify(r));
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
const pairKey = (o: GateOptions) => surveyKey(o) + o.interaction;

/** Whether this browser should be asked now. Rolls the sticky sample on first sight of a survey. */
export function shouldAsk(o: GateOptions, now: number): boolean {
  // Everyone is asked, every time: no need to open localStorage, whose first use in a page costs
  // milliseconds on the way to showing the question.
  if ((o.sampleRate ?? 1) >= 1 && !o.cooldownDays && o.interaction == null) return true;
  const r = read();
  let entry = r.s[surveyKey(o)];
  if (!entry) {
    // The roll is stored, not the verdict, so raising sampleRate later widens the same sample.
    entry = r.s[surveyKey(o)] = [Math.random(), 0];
    write(r);
  }
  if (entry[0] >= (o.sampleRate ?? 1)) return false;
  if (now - entry[1] < (o.cooldownDays ?? 0) * DAY_MS) return false;
  return !(o.oncePerInteraction !== false && o.interaction != null && pairKey(o) in r.i);
}

/** Records an answer or a dismissal, which starts the cooldown and marks the interaction. */
export function remember(o: GateOptions, now: number): void {
  const r = read();
  const k = surveyKey(o);
  r.s[k] = [r.s[k]?.[0] ?? Math.random(), now];
  if (o.interaction != null) r.i[pairKey(o)] = now;
  write(r);
}

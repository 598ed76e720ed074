// The npm entry. Beside the public names it keeps one rule of the script tag: when a page has
// two copies (a script tag and a bundled npm copy), one works and the other says so and stands
// aside. The first copy used puts its API under Symbol.for('csat-widget'); a script tag loaded
// later sees it and does nothing, and an npm copy used after a script tag hands its calls to it.
import {
  ask as askHere,
  createCsat as createHere,
  explain as explainHere,
  forget as forgetHere,
  record as recordHere,
} from './ask';
import { VERSION } from './constants';
import { warn, win } from './globals';
import type { Answer, AskOptions, Csat, Explanation, ForgetOptions, RecordOptions } from './types';

interface InCharge {
  ask: Csat['ask'];
  createCsat: typeof createHere;
  version: string;
  // Missing in copies before 0.3.
  explain?: Csat['explain'];
  record?: Csat['record'];
  forget?: Csat['forget'];
}

const LOADED = Symbol.for('csat-widget');
let mine: InCharge | undefined;
let told = false;

/** The other copy in charge of this page, if one is; else this one takes charge. */
function other(): InCharge | undefined {
  const w = win as unknown as Record<symbol, InCharge | undefined> | undefined;
  if (!w) return;
  const first = w[LOADED];
  if (first && first !== mine && first.version) {
    if (!told) warn(`loaded twice; version ${first.version} stays in charge, this copy passes its calls on.`);
    told = true;
    return first;
  }
  w[LOADED] ??= mine = {
    ask: askHere,
    createCsat: createHere,
    version: VERSION,
    explain: explainHere,
    record: recordHere,
    forget: forgetHere,
  };
}

/**
 * Shows one question. Resolves with the Answer once the person has finished, or `null` when it
 * was dismissed without a score or not shown (sampling, cooldown, already answered, no DOM).
 * Rejects with {@link CsatConfigError} on invalid options, and then shows nothing.
 * @see README.md#askoptions
 */
export function ask(options: AskOptions): Promise<Answer | null> {
  return (other()?.ask ?? askHere)(options);
}

/**
 * Creates an instance whose `ask` merges its options over `defaults`.
 * @throws CsatConfigError when `defaults` are invalid.
 * @see README.md#createcsatdefaults
 */
export function createCsat(defaults?: Partial<AskOptions>): Csat {
  return (other()?.createCsat ?? createHere)(defaults);
}

/**
 * Whether `ask(options)` would show a question now, and why not: `{show, reason, until?}`. Shows
 * nothing and changes nothing stored. Rejects with {@link CsatConfigError} on invalid options.
 * @see README.md#who-is-asked
 */
export function explain(options: AskOptions): Promise<Explanation> {
  return (other()?.explain ?? explainHere)(options);
}

/**
 * Builds, checks and delivers the answer chosen in the page's own UI, exactly as the widget
 * would; resolves it, or null when `beforeSend` drops it or `oncePerInteraction` finds the
 * interaction answered. Rejects with {@link CsatConfigError} on invalid options, score or comment.
 * @see README.md#your-own-rating-ui
 */
export function record(options: RecordOptions): Promise<Answer | null> {
  return (other()?.record ?? recordHere)(options);
}

/**
 * Removes every stored targeting record (sample rolls, cooldowns, the cap, interactions); with
 * `{answers: true}` also the answers still waiting for delivery.
 * @see README.md#who-is-asked
 */
export function forget(options?: ForgetOptions): Promise<void> {
  return (other()?.forget ?? forgetHere)(options);
}

export { CsatConfigError } from './errors';
export type {
  Answer,
  AnswerScale,
  AskOptions,
  Csat,
  CsatEvent,
  EndpointOptions,
  Explanation,
  ForgetOptions,
  Messages,
  Metadata,
  RecordOptions,
  Scale,
  ScaleObject,
  ScalePreset,
  ThemeOptions,
} from './types';

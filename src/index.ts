// The npm entry. Beside the public names it keeps one rule of the script tag: when a page has
// two copies (a script tag and a bundled npm copy), one works and the other says so and stands
// aside. The first copy used puts its API under Symbol.for('csat-widget'); a script tag loaded
// later sees it and does nothing, and an npm copy used after a script tag hands its calls to it.
import { ask as askHere, createCsat as createHere } from './ask';
import { VERSION } from './constants';
import { warn, win } from './globals';
import type { Answer, AskOptions, Csat } from './types';

interface InCharge {
  ask: Csat['ask'];
  createCsat: typeof createHere;
  version: string;
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
  w[LOADED] ??= mine = { ask: askHere, createCsat: createHere, version: VERSION };
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

export { CsatConfigError } from './errors';
export type {
  Answer,
  AnswerScale,
  AskOptions,
  Csat,
  CsatEvent,
  EndpointOptions,
  Messages,
  Metadata,
  Scale,
  ScaleObject,
  ScalePreset,
  ThemeOptions,
} from './types';

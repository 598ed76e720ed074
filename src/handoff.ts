// What the loader (dist/csat-widget.loader.js) and the full script-tag file (embed.ts) share: the
// global they both publish and how the loader hands its page over once the full file has arrived.
// Types and two registered symbols only, so the loader pulls in no code from here.
import type { Answer, AskOptions, Csat } from './types';

/** A call made through the async snippet: its options and the settle of the promise it returned. */
export type Queued = [Partial<AskOptions>, (v: Promise<Answer | null> | Answer | null) => void];

/** `window.csat` (and `window[LOADED]`) of the copy in charge. */
export interface Global {
  ask: Csat['ask'];
  createCsat(defaults?: Partial<AskOptions>): Csat;
  flush: Csat['flush'];
  /** Whether `ask` would show a question now, and why not (SPEC, "Who is asked"). */
  explain: Csat['explain'];
  /** Builds, checks and delivers an answer from the page's own UI. */
  record: Csat['record'];
  /** Removes every stored targeting record (and, with `answers: true`, waiting answers). */
  forget: Csat['forget'];
  /** Closes open questions and stops the data-csat-* triggers. */
  destroy(): void;
  version: string;
}

/**
 * Marks the copy in charge. A symbol, not `window.csat`, decides: the snippet's stub and an
 * element with `id="csat"` (which the browser also exposes as window.csat) must not pass for a
 * loaded copy.
 */
export const LOADED = Symbol.for('csat-widget');

/** Present on the loader's global only: the full file takes over through it instead of standing aside. */
export const HANDOFF = Symbol.for('csat-widget.loader');

/** What the loader gives the full file. */
export interface Handoff {
  /** `data-csat-survey` elements clicked (forms: submitted) before the full file arrived, in order. */
  clicked: Element[];
  /**
   * Called once by the full file, in charge from now on: the loader stops listening and forwards
   * every call made through it (and every instance made by its `createCsat`) to `api`.
   */
  done(api: Global): void;
}

/**
 * Where dist/csat-widget.position.js (src/position-file.ts) leaves `{ place }` for the full file,
 * which loads it on demand (src/position-load.ts).
 */
export const POSITION = Symbol.for('csat-widget.position');

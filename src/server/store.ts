// What the collector hands accepted answers to.
import type { Answer } from '../types';

/**
 * Where accepted answers go. `add` returns `false` when an answer with the same `id` was already
 * stored, so a database store can rely on a unique constraint instead of a read-then-write race.
 * Anything other than `false` counts as newly stored. A throw (or rejection) is answered with 500,
 * which the browser retries.
 * @see README.md#collector
 */
export interface AnswerStore {
  add(answer: Answer): Promise<boolean> | boolean;
  /** Every stored answer; only needed by callers that read the store back (tests, demos). */
  list?(): Answer[] | Promise<Answer[]>;
}

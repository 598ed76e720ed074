// What the collector hands accepted answers and events to.
import type { Answer, CsatEvent } from '../types';

export type { CsatEvent };

/** What a store keeps: answers, and events (items with `kind`). */
export type StoredItem = Answer | CsatEvent;

/**
 * Where accepted answers and events go. `add` returns `false` when an item with the same `id` was
 * already stored, so a database store can rely on a unique constraint instead of a read-then-write
 * race. Anything other than `false` counts as newly stored. A throw (or rejection) is answered
 * with 500, which the browser retries. Items with `kind` are events; a store that only wants
 * answers can return `true` for them without keeping them.
 * @see docs/collector.md
 */
export interface AnswerStore {
  add(item: StoredItem): Promise<boolean> | boolean;
  /** Every stored item, answers and events; only needed by callers that read the store back. */
  list?(): StoredItem[] | Promise<StoredItem[]>;
}

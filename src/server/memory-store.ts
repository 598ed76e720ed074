// The in-memory store: for demos and tests.
import type { AnswerStore, StoredItem } from './store';

/**
 * What `memoryStore()` returns: synchronous, so tests can read it back without awaiting.
 * @see docs/collector.md
 */
export interface MemoryStore extends AnswerStore {
  add(item: StoredItem): boolean;
  /**
   * Stored answers and events in the order they arrived: what `summarize` from
   * `csat-widget/stats` takes (it tells events from answers by their `kind`).
   */
  list(): StoredItem[];
}

/**
 * A store that keeps answers and events in memory, one per `id`, in arrival order. Lost on
 * restart: for demos and tests.
 * @see docs/collector.md
 */
export function memoryStore(): MemoryStore {
  const byId = new Map<string, StoredItem>();
  return {
    add(item) {
      if (byId.has(item.id)) return false;
      byId.set(item.id, item);
      return true;
    },
    list: () => [...byId.values()],
  };
}

// The in-memory store: for demos and tests.
import type { Answer } from '../types';
import type { AnswerStore } from './store';

/**
 * What `memoryStore()` returns: synchronous, so tests can read it back without awaiting.
 * @see README.md#collector
 */
export interface MemoryStore extends AnswerStore {
  add(answer: Answer): boolean;
  /** Stored answers, oldest first. */
  list(): Answer[];
}

/**
 * A store that keeps answers in memory, one per `id`. Lost on restart: for demos and tests.
 * @see README.md#collector
 */
export function memoryStore(): MemoryStore {
  const byId = new Map<string, Answer>();
  return {
    add(answer) {
      if (byId.has(answer.id)) return false;
      byId.set(answer.id, answer);
      return true;
    },
    list: () => [...byId.values()],
  };
}

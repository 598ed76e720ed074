/**
 * The reference collector: a Fetch-API handler that receives answers POSTed by the widget.
 *
 * It uses only `Request`/`Response`/`Headers` so the same code runs in Node ≥ 20, Next.js route
 * handlers, Deno, Bun and workers; `toNodeHandler` adapts it to `node:http` and Express.
 * @see docs/collector.md
 */
export { createCollector, type CollectorContext, type CollectorOptions } from './collector';
export { memoryStore, type MemoryStore } from './memory-store';
export * from './postgres-store';
export { toNodeHandler, type NodeRequestLike, type NodeResponseLike } from './node';
export type { AnswerStore, CsatEvent, StoredItem } from './store';
export { type RateLimitOptions } from './rate-limit';
export { signWebhook, type Webhook } from './webhooks';

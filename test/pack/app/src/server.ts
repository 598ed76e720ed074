// Server side, typechecked only: the collector's types need no @types/node.
import { createCollector, memoryStore, toNodeHandler } from 'csat-widget/server';

export const handler = toNodeHandler(createCollector({ store: memoryStore(), allowOrigins: ['https://shop.example'] }));

// Delivery's entry: the page's one scheduler (scheduler.ts), created on first use, never at import.
// @see docs/delivery.md
import { createScheduler, type Scheduler } from './scheduler';

export { report, safely, type Destinations, type Handlers } from './scheduler';

let pageScheduler: Scheduler | undefined;

/** The page's scheduler: every instance of this copy shares its queue, timers and listeners. */
export const scheduler = (): Scheduler => (pageScheduler ??= createScheduler());

/** Resolves once every queued answer has been delivered or has failed for good. */
export const flush = (): Promise<void> => scheduler()._flush();

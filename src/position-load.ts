import type { place } from './position';

/**
 * True only in the self-contained script-tag build (`vite build --mode embed`: vite.config.ts
 * `define`), false in the npm build and in tests. A compile-time constant, so each build keeps
 * one branch below and the other is removed as dead code.
 */
declare const __CSAT_IIFE__: boolean;

type Position = { place: typeof place };
let bundled: Position | undefined;

/** The script-tag entry (src/embed.ts) bundles the glue in and hands it over here. */
export const bundlePosition = (position: Position) => {
  bundled = position;
};

/**
 * The Floating UI glue, on demand: npm users who never show a popover never download it (a lazy
 * chunk). The script-tag file is one self-contained file, where a lazy chunk would gain nothing
 * and cost the module wrappers, so there "loading" it is immediate.
 */
export const loadPosition = (): Promise<Position> => (__CSAT_IIFE__ ? Promise.resolve(bundled!) : import('./position'));

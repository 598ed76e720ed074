/**
 * Loads the Floating UI glue on demand: npm users who never show a popover never download it.
 * The script-tag build swaps this module for position-static.ts (vite.config.ts), because one
 * self-contained file gains nothing from a lazy chunk and would pay for the module wrappers.
 */
export const loadPosition = () => import('./position');

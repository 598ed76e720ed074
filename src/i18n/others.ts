// The built-in languages other than English. The npm build bundles them with English
// (src/i18n/index.ts); the script-tag file leaves them to dist/csat-widget.locales.js
// (src/locales-file.ts), which it loads the first time a question is asked in one of them
// (src/locales-load.ts), so pages in English never download them.
import type { Messages } from '../types';
import { ar } from './ar';
import { de } from './de';
import { es } from './es';
import { fr } from './fr';
import { nl } from './nl';

export const OTHERS = { nl, de, fr, es, ar } satisfies Record<string, Messages>;

/**
 * The primary subtags of {@link OTHERS}: the script-tag file knows which languages it can load
 * before it has their texts (test/unit/i18n-others.test.ts keeps the two lists the same).
 */
export const OTHER_NAMES: readonly string[] = ['nl', 'de', 'fr', 'es', 'ar'];

/** Where dist/csat-widget.locales.js leaves {@link OTHERS} for the script-tag file. */
export const LOCALES_KEY = Symbol.for('csat-widget.locales');

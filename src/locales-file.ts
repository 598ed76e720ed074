// The script tags' languages file, dist/csat-widget.locales.js (`vite build --mode locales`): the
// built-in texts other than English, which the full file (src/locales-load.ts) loads from its own
// directory the first time a question is asked in one of them.
import { LOCALES_KEY, OTHERS } from './i18n/others';

(window as unknown as Record<symbol, unknown>)[LOCALES_KEY] = OTHERS;

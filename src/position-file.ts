// The positioning file for script tags, dist/csat-widget.position.js (`vite build --mode position`):
// Floating UI and src/position.ts, which the full file (src/position-load.ts) loads from its own
// directory the first time a popover is shown, so pages that only show toasts never fetch it.
import { place } from './position';
import { POSITION } from './handoff';

(window as unknown as Record<symbol, unknown>)[POSITION] = { place };

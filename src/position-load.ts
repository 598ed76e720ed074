import { doc, warn, win } from './globals';
import { POSITION } from './handoff';
import { loadScript } from './load-script';
import type { place } from './position';

/**
 * True only in the self-contained script-tag build (`vite build --mode embed`: vite.config.ts
 * `define`), false in the npm build and in tests. A compile-time constant, so each build keeps
 * one branch below and the other is removed as dead code.
 */
declare const __CSAT_IIFE__: boolean;
/** `sha384-…` of dist/csat-widget.position.js, baked into the script-tag file by its build. */
declare const __CSAT_POSITION_INTEGRITY__: string;

type Position = { place: typeof place };

const POSITION_FILE = 'csat-widget.position.js';
/** Space kept between the panel, its anchor and the viewport's edges by the fallback, px. */
const GAP = 8;

/** Where the script-tag file came from, and its nonce: the positioning file is loaded like it. */
let source: { url: string; nonce: string } | undefined;

/**
 * Called by the script-tag entry (src/embed.ts) during its first run, while
 * document.currentScript is its own <script> (or the one the loader inserted).
 */
export function positionFileBeside(script: HTMLOrSVGScriptElement | null): void {
  const src = (script as HTMLScriptElement | null)?.src;
  if (src) source = { url: new URL(POSITION_FILE, src).href, nonce: script!.nonce ?? '' };
}

/**
 * Used when the positioning file cannot be had (404, a failed integrity check, the page's CSP):
 * the question still shows, below its anchor or above when there is more room there, inside the
 * viewport, following scrolling and resizing. Right in the top layer; it does not look for a
 * transformed ancestor as Floating UI does.
 */
const placeBeside: typeof place = (panel, anchor, placed) => {
  const update = () => {
    const a = anchor.getBoundingClientRect();
    const { clientWidth: width, clientHeight: height } = doc!.documentElement;
    const within = (v: number, room: number) => Math.max(GAP, Math.min(v, room - GAP));
    const below = a.bottom + GAP;
    const h = panel.offsetHeight;
    const top = below + h <= height - GAP || height - a.bottom >= a.top ? below : a.top - GAP - h;
    panel.style.left = within(a.left, width - panel.offsetWidth) + 'px';
    panel.style.top = within(top, height - h) + 'px';
  };
  update();
  panel.dataset.placed = '';
  placed?.();
  for (const type of ['scroll', 'resize']) win!.addEventListener(type, update, true);
  return () => {
    for (const type of ['scroll', 'resize']) win!.removeEventListener(type, update, true);
  };
};

let loading: Promise<Position> | undefined;

/** The positioning file's `{ place }`, loaded once per page; the fallback, with one warning, when it cannot be. */
function fromFile(): Promise<Position> {
  const registered = () => (win as unknown as Record<symbol, Position | undefined>)[POSITION];
  const have = registered();
  if (have) return Promise.resolve(have);
  const load = source
    ? loadScript(source.url, __CSAT_POSITION_INTEGRITY__, source.nonce)
    : Promise.reject(new Error('the script tag has no src to find it beside'));
  return load
    .then(() => registered() ?? Promise.reject(new Error('it ran but left nothing')))
    .catch((e: Error) => {
      warn(`${POSITION_FILE} could not be loaded (${e.message}); popovers are placed without it.`);
      return { place: placeBeside };
    });
}

/**
 * Floating UI and its glue (src/position.ts), on demand: pages that never show a popover never
 * download them. npm builds get them as a lazy chunk; the script-tag file loads
 * dist/csat-widget.position.js from its own directory, checked against the integrity it was
 * built with. Never rejects in the script-tag file, so a popover is never lost to a failed load.
 */
export const loadPosition = (): Promise<Position> => (__CSAT_IIFE__ ? (loading ??= fromFile()) : import('./position'));

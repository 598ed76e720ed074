// The script-tag entry (IIFE): the only module that runs code at load and writes to `window`.
// It reads its own <script data-*> synchronously (document.currentScript is null once this first
// run ends, as giscus' client.ts notes), starts the data-csat-* triggers, then answers calls
// queued by the async snippet.
import { createCsat } from './ask';
import { VERSION } from './constants';
import { doc, warn, win } from './globals';
import { type Global, HANDOFF, type Handoff, LOADED, type Queued } from './handoff';
import { positionFileBeside } from './position-load';
import { localesFileBeside, warmLocales } from './locales-load';
import { accept, startTriggers } from './triggers';
import type { AskOptions } from './types';
import { warmUp } from './ui/warm-up';

/**
 * Defaults from the script tag's data-* attributes: `data-endpoint`, `data-sample-rate`,
 * `data-theme-accent` (→ theme.accent), … Numbers and booleans are parsed, falling back to the
 * text (`data-interaction="1234"`); an invalid attribute is a warning naming it and is left out,
 * so the rest still works.
 */
function readDefaults(script: HTMLOrSVGScriptElement | null): Partial<AskOptions> {
  // No prototype: a page's read-only Object.prototype.endpoint would make assigning one throw.
  const out: Record<string, unknown> = Object.create(null);
  for (const [attr, raw] of Object.entries((script as HTMLElement | null)?.dataset ?? {})) {
    const theme = /^theme[A-Z]/.test(attr) && attr[5]!.toLowerCase() + attr.slice(6);
    const option = (v: unknown) => (theme ? { theme: { ...(out.theme as object), [theme]: v } } : { [attr]: v });
    const typed = /^-?[\d.]+$/.test(raw!) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
    // A bare boolean attribute (`data-events`) means true, as in HTML.
    const bare = raw === '' ? [option(true)] : [];
    // `data-frequency="1/30"` is {max: 1, days: 30}; `data-cooldown-days="30/7"` {answered: 30, dismissed: 7}.
    const [, a, b] = /^([\d.]+)\/([\d.]+)$/.exec(raw!) ?? [];
    const pair =
      attr === 'frequency' && b
        ? [option({ max: +a!, days: +b })]
        : attr === 'cooldownDays' && b
          ? [option({ answered: +a!, dismissed: +b })]
          : [];
    accept(
      out,
      'data-' + attr.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()),
      raw!,
      ...pair,
      option(typed),
      option(raw),
      ...bare,
    );
  }
  return out as Partial<AskOptions>;
}

// Read now: document.currentScript is only set during this first run.
positionFileBeside(doc?.currentScript ?? null);
localesFileBeside(doc?.currentScript ?? null);

if (win && doc) {
  const w = win as unknown as {
    csat?: Partial<Global> & { q?: Queued[] };
    [LOADED]?: Global & { [HANDOFF]?: Handoff };
  };
  // 0.1 copies set no marker, only window.csat with a version (which no element has).
  const first = w[LOADED] ?? w.csat;
  // The loader (src/loader.ts) is in charge only until this file arrives: then it hands over.
  const loader = w[LOADED]?.[HANDOFF];
  if (first?.version && !loader) {
    warn(`loaded twice; version ${first.version} stays in charge.`);
  } else {
    // Each attribute was checked on its own, so together they are valid defaults.
    const instance = createCsat(readDefaults(doc.currentScript));
    // Clicks the loader saw before this file arrived are asked now, anchored to their elements.
    const stop = startTriggers(instance, loader?.clicked);
    const queued = w.csat?.q;
    const api: Global =
      (w.csat =
      w[LOADED] =
        {
          ask: instance.ask,
          createCsat,
          flush: instance.flush,
          explain: instance.explain,
          record: instance.record,
          forget: instance.forget,
          destroy() {
            stop();
            instance.destroy();
          },
          version: VERSION,
        });
    loader?.done(api);
    // Calls made through the async snippet before this file arrived.
    if (Array.isArray(queued)) for (const [options, settle] of queued) settle(instance.ask(options));
    // What the first ask() would do for the first time is done once the page is idle (warm-up.ts).
    if (win.requestIdleCallback) win.requestIdleCallback(() => warmUp());
    else setTimeout(warmUp);
    // And the languages file, when this page's language is one of its own.
    setTimeout(warmLocales);
  }
}

// The script-tag entry (IIFE): the only module that runs code at load and writes to `window`.
// It reads its own <script data-*> synchronously (document.currentScript is null once this first
// run ends, as giscus' client.ts notes), starts the data-csat-* triggers, then answers calls
// queued by the async snippet.
import { createCsat } from './ask';
import { VERSION } from './constants';
import { doc, warn, win } from './globals';
import { parseOptions } from './schema';
import { accept, startTriggers } from './triggers';
import type { Answer, AskOptions, Csat } from './types';

type Queued = [Partial<AskOptions>, (v: Promise<Answer | null>) => void];
interface Global {
  ask: Csat['ask'];
  createCsat: typeof createCsat;
  flush: Csat['flush'];
  /** Closes open questions and stops the data-csat-* triggers. */
  destroy(): void;
  version: string;
}

/**
 * Marks the copy in charge. A symbol, not `window.csat`, decides: the snippet's stub and an
 * element with `id="csat"` (which the browser also exposes as window.csat) must not pass for a
 * loaded copy (research SEC-25).
 */
const LOADED = Symbol.for('csat-widget');

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
    accept(out, 'data-' + attr.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()), raw!, option(typed), option(raw));
  }
  return out as Partial<AskOptions>;
}

if (win && doc) {
  const w = win as unknown as { csat?: Partial<Global> & { q?: Queued[] }; [LOADED]?: Global };
  // 0.1 copies set no marker, only window.csat with a version (which no element has).
  const first = w[LOADED] ?? w.csat;
  if (first?.version) {
    warn(`loaded twice; version ${first.version} stays in charge.`);
  } else {
    // Each attribute was checked on its own, so together they are valid defaults.
    const instance = createCsat(readDefaults(doc.currentScript));
    const stop = startTriggers(instance);
    const queued = w.csat?.q;
    w.csat = w[LOADED] = {
      ask: instance.ask,
      createCsat,
      flush: instance.flush,
      destroy() {
        stop();
        instance.destroy();
      },
      version: VERSION,
    };
    // Calls made through the async snippet before this file arrived.
    if (Array.isArray(queued)) for (const [options, settle] of queued) settle(instance.ask(options));
    // Compile the validation code once the page is idle, so the first ask() does not pay for it;
    // the schemas themselves are released again right after (schema.ts).
    setTimeout(() => parseOptions({}, true));
  }
}

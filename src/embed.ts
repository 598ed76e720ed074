// The script-tag entry (IIFE): the only module that runs code at load and writes to `window`.
// It reads its own <script data-*> synchronously (document.currentScript is null once this first
// run ends, as giscus' client.ts notes), then answers calls queued by the async snippet.
import { createCsat } from './ask';
import { VERSION } from './constants';
import { doc, warn, win } from './globals';
import { parseOptions } from './schema';
import type { Answer, AskOptions, Csat } from './types';

type Queued = [Partial<AskOptions>, (v: Promise<Answer | null>) => void];
interface Global {
  ask: Csat['ask'];
  createCsat: typeof createCsat;
  flush: Csat['flush'];
  version: string;
  q?: Queued[];
}

/**
 * Defaults from the script tag's data-* attributes: `data-endpoint`, `data-sample-rate`,
 * `data-theme-accent` (→ theme.accent), … Numbers and booleans are parsed; an invalid attribute
 * is a warning naming it and is left out, so the rest still works.
 */
function readDefaults(script: HTMLOrSVGScriptElement | null): Partial<AskOptions> {
  const out: Record<string, unknown> = {};
  for (const [attr, raw] of Object.entries((script as HTMLElement | null)?.dataset ?? {})) {
    const value = /^-?[\d.]+$/.test(raw!) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
    const theme = /^theme[A-Z]/.test(attr) && attr[5]!.toLowerCase() + attr.slice(6);
    const candidate = theme ? { theme: { ...(out.theme as object), [theme]: value } } : { [attr]: value };
    const r = parseOptions(candidate, true);
    if (r.ok) Object.assign(out, candidate);
    else warn(`data-${attr.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} ignored: ${r.problems.join('; ')}`);
  }
  return out as Partial<AskOptions>;
}

if (win && doc) {
  const w = win as unknown as { csat?: Partial<Global> };
  const existing = w.csat;
  if (existing?.version) {
    warn(`loaded twice; version ${existing.version} stays in charge.`);
  } else {
    // Each attribute was checked on its own, so together they are valid defaults.
    const instance = createCsat(readDefaults(doc.currentScript));
    const api: Global = { ask: instance.ask, createCsat, flush: instance.flush, version: VERSION };
    w.csat = api;
    // Calls made through the async snippet before this file arrived.
    for (const [options, settle] of existing?.q ?? []) settle(instance.ask(options));
    // Compile the validation code once the page is idle, so the first ask() does not pay for it;
    // the schemas themselves are released again right after (schema.ts).
    setTimeout(() => parseOptions({}, true));
  }
}

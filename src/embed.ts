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

/** data-* names on the script tag, mapped to option paths. Numbers are parsed. */
const ATTRS: [string, string, 'n'?][] = [
  ['endpoint', 'endpoint'],
  ['locale', 'locale'],
  ['scale', 'scale'],
  ['comment', 'comment'],
  ['display', 'display'],
  ['position', 'position'],
  ['nonce', 'nonce'],
  ['sampleRate', 'sampleRate', 'n'],
  ['cooldownDays', 'cooldownDays', 'n'],
  ['commentMaxLength', 'commentMaxLength', 'n'],
  ['zIndex', 'zIndex', 'n'],
  ['themeAccent', 'theme.accent'],
  ['themeBackground', 'theme.background'],
  ['themeText', 'theme.text'],
  ['themeRadius', 'theme.radius'],
  ['themeFont', 'theme.font'],
  ['themeColorScheme', 'theme.colorScheme'],
];

/** Defaults from the script tag; an invalid attribute is a warning and is left out. */
function readDefaults(script: HTMLOrSVGScriptElement | null): Partial<AskOptions> {
  const data = (script as HTMLElement | null)?.dataset ?? {};
  const out: Record<string, unknown> = {};
  for (const [attr, path, kind] of ATTRS) {
    const raw = data[attr];
    if (raw === undefined) continue;
    const value = kind ? Number(raw) : raw;
    const [k, sub] = path.split('.') as [string, string?];
    const candidate = sub ? { [k]: { [sub]: value } } : { [k]: value };
    const r = parseOptions(candidate, true);
    if (!r.ok) {
      warn(`data-${attr.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} ignored: ${r.problems.join('; ')}`);
      continue;
    }
    if (sub) out[k] = { ...(out[k] as object), [sub]: value };
    else out[k] = value;
  }
  return out as Partial<AskOptions>;
}

if (win && doc) {
  const w = win as unknown as { csat?: Partial<Global> };
  const existing = w.csat;
  if (existing?.version) {
    warn(`loaded twice; keeping the copy already running (version ${existing.version}).`);
  } else {
    let instance: Csat;
    const defaults = readDefaults(doc.currentScript);
    try {
      instance = createCsat(defaults);
    } catch (e) {
      warn(String(e));
      instance = createCsat();
    }
    const api: Global = { ask: instance.ask, createCsat, flush: instance.flush, version: VERSION };
    w.csat = api;
    // Calls made through the async snippet before this file arrived.
    for (const [options, settle] of existing?.q ?? []) settle(instance.ask(options));
  }
}

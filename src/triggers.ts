// Questions declared in the page's HTML, for the script tag: `data-csat-survey` asks when its
// element is clicked (a form: submitted), `data-csat-inline` renders inside its element. One
// capturing listener per event type on the document and one MutationObserver serve every element,
// present at load or added later, so nothing is bound per element and nothing leaks when
// elements come and go.
import { doc, warn } from './globals';
import { clip, parseOptions } from './schema';
import type { AskOptions, Csat } from './types';

/** The data-csat-* attributes that refine a declared question, by option name. */
const REFINE = ['question', 'scale', 'interaction', 'display', 'comment'] as const;

/**
 * Reads the `data-csat-scale` shorthand: `stars:7` → `{type:'stars', points:7}`, `numeric:0-10` →
 * `{type:'numeric', min:0, max:10}` (`numeric:10` starts at 1). Anything else is passed on as it
 * is, so the schema reports presets and typos alike.
 */
export function scaleOf(v: string): unknown {
  const m = /^(\w+):(\d+)(?:-(\d+))?$/.exec(v);
  if (!m) return v;
  const [, type, a, b] = m;
  return type === 'numeric' ? { type, min: b ? +a! : 1, max: +(b ?? a!) } : b ? v : { type, points: +a! };
}

/**
 * Adds the first of `candidates` that is valid on its own to `out`; when none is, warns once,
 * naming the attribute and its (clipped) value, and leaves it out so the rest still works.
 */
export function accept(out: Record<string, unknown>, attr: string, raw: string, ...candidates: object[]): boolean {
  let problems: string[] | undefined;
  for (const c of candidates) {
    const r = parseOptions(c, true);
    if (r.ok) return !!Object.assign(out, c);
    problems ??= r.problems;
  }
  warn(`${attr}=${JSON.stringify(clip(raw))} ignored: ${problems!.join('; ')}`);
  return false;
}

/** Options declared on `el`: the survey from `attr`, refined by its data-csat-* attributes. */
export function declared(el: Element, attr: string): Partial<AskOptions> | undefined {
  const o: Record<string, unknown> = Object.create(null); // see readDefaults in embed.ts
  const survey = el.getAttribute(attr)!;
  // Without a valid survey id there is nothing to ask.
  if (!accept(o, attr, survey, { survey })) return;
  for (const key of REFINE) {
    const raw = el.getAttribute('data-csat-' + key);
    if (raw != null) accept(o, 'data-csat-' + key, raw, { [key]: key === 'scale' ? scaleOf(raw) : raw });
  }
  return o;
}

/**
 * Starts the declarative questions for `csat` and returns the function that stops them: it
 * removes both listeners and disconnects the observer. `clicked` are `data-csat-survey` elements
 * clicked (forms: submitted) before this code arrived (the loader records them); each asks once.
 */
export function startTriggers(csat: Csat, clicked: Element[] = []): () => void {
  const d = doc!;
  // Elements whose question is open, so a double click or a resubmitted form asks once; inline
  // elements stay in it for good, so each renders its question once however often it moves.
  const busy = new WeakSet<Element>();

  const askFrom = (el: Element, attr: string, extra?: Partial<AskOptions>) => {
    const o = !busy.has(el) && declared(el, attr);
    if (!o) return;
    busy.add(el);
    csat
      .ask({ anchor: el, container: el, ...o, ...extra })
      .catch((e: Error) => warn(attr + ':', e.message))
      .then(() => extra || busy.delete(el));
  };

  const onEvent = (e: Event) => {
    // Never throw into the page's own event dispatch.
    try {
      const t = e.target as Element;
      // Clicks inside a question rendered within a trigger are retargeted to <csat-widget>.
      const el = !t.closest?.('csat-widget') && t.closest?.('[data-csat-survey]');
      // A form asks on submit, not on every click inside it. The event goes on untouched:
      // the form is submitted (or the page's own handler prevents it) as if we were not here.
      if (el && (e.type === 'submit' || el.localName !== 'form')) askFrom(el, 'data-csat-survey');
    } catch (x) {
      warn(x);
    }
  };

  const inline = (el: Element) => askFrom(el, 'data-csat-inline', { display: 'inline' });
  const scan = (n: Node) => {
    if (n.nodeType !== 1) return;
    if ((n as Element).hasAttribute('data-csat-inline')) inline(n as Element);
    (n as Element).querySelectorAll('[data-csat-inline]').forEach(inline);
  };
  // Added subtrees and elements that gain the attribute; our own shadow roots are never observed.
  const observer = new MutationObserver((records) => {
    for (const r of records) r.type === 'attributes' ? scan(r.target) : r.addedNodes.forEach(scan);
  });
  // ask() waits for the DOM anyway, so inline elements are looked for once it is parsed: one
  // querySelectorAll, instead of observing every node the parser adds.
  const start = () => {
    scan(d.documentElement);
    observer.observe(d, { childList: true, subtree: true, attributeFilter: ['data-csat-inline'] });
  };
  const listen = (method: 'addEventListener' | 'removeEventListener') => {
    for (const type of ['click', 'submit']) d[method](type, onEvent, true);
  };

  listen('addEventListener');
  for (const el of clicked) askFrom(el, 'data-csat-survey');
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', start);
  else start();
  return () => {
    listen('removeEventListener');
    d.removeEventListener('DOMContentLoaded', start);
    observer.disconnect();
  };
}

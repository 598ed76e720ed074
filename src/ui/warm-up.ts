import { h, render } from 'preact';
import { createHost } from '../dom/host';
import { doc, win } from '../globals';
import { messagesFor, pickLocale } from '../i18n';
import { resolveScale } from '../scales';
import { parseOptions } from '../schema';
import { Widget } from './Widget';

/**
 * First-time work the first ask() would otherwise do while the person waits, done once the page
 * is idle (the script-tag file calls it, src/embed.ts): the schemas are built, the stylesheet is
 * parsed (host.ts keeps it), `Intl` reads its locale data, and a question is rendered once into a
 * host that is never put in the page. JavaScript engines compile a function the first time it runs
 * (V8: https://v8.dev/blog/preparser), and the browser makes its script wrappers for an element
 * type the first time one is touched, so that render leaves the code and the wrappers a question
 * needs ready. Nothing of it is seen, announced or sent, and a page that broke something it uses
 * hears of it from ask(), not from here.
 */
export function warmUp(): void {
  try {
    warm();
  } catch {
    // Only a head start was lost.
  }
}

function warm(): void {
  // As ask() checks them: merged over the defaults, with the nested options filled in.
  const signal = new AbortController().signal;
  parseOptions({ survey: 'warm-up', onSubmit() {}, endpoint: '/', theme: {}, messages: {}, metadata: {}, signal });
  if (!doc || !win) return;
  const locale = pickLocale(undefined, doc.documentElement.lang, win.navigator.language);
  const m = messagesFor(locale);
  const scale = resolveScale(undefined, locale, m);
  const { root } = createHost(null);
  render(
    h(Widget, {
      scale,
      heading: m[scale.question],
      m,
      locale,
      rtl: false,
      display: 'toast',
      position: 'bottom-right',
      maxLength: 1,
      onPick: () => null,
      onChoose() {},
      onComment() {},
      onClose() {},
    }),
    root,
  );
  render(null, root);
}

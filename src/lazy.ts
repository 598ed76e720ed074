// `csat-widget/lazy` (SPEC.md, "Light entries"): `ask` and `createCsat` with the main entry's
// signatures, adding little to the importing chunk. The rest of the library arrives through one
// dynamic import() on first use, so a bundler puts it in its own chunk. Nothing here touches
// `window` at import, so it is as safe during server-side rendering as the main entry.
import type { Answer, AskOptions, Csat, Explanation, ForgetOptions, RecordOptions } from './types';

// The main entry's own class, re-exported (a few bytes): the dynamically imported code throws this
// very class, so `instanceof CsatConfigError` holds whichever entry it is imported from.
export { CsatConfigError } from './errors';
export type {
  Answer,
  AnswerScale,
  AskOptions,
  Csat,
  EndpointOptions,
  Explanation,
  ForgetOptions,
  Messages,
  Metadata,
  RecordOptions,
  Scale,
  ScaleObject,
  ScalePreset,
  ThemeOptions,
} from './types';

type Main = typeof import('./index');
let main: Promise<Main> | undefined;

/** The main entry, imported once, on first use. */
const load = (): Promise<Main> => (main ??= import('./index'));

/**
 * Shows one question, like the main entry's `ask`; the first call loads the library first.
 * @see README.md#askoptions
 */
export function ask(options: AskOptions): Promise<Answer | null> {
  return load().then((m) => m.ask(options));
}

/** Like the main entry's `explain`; the first call loads the library first. @see README.md#who-is-asked */
export function explain(options: AskOptions): Promise<Explanation> {
  return load().then((m) => m.explain(options));
}

/** Like the main entry's `record`; the first call loads the library first. @see README.md#your-own-rating-ui */
export function record(options: RecordOptions): Promise<Answer | null> {
  return load().then((m) => m.record(options));
}

/** Like the main entry's `forget`; loads the library first. @see README.md#who-is-asked */
export function forget(options?: ForgetOptions): Promise<void> {
  return load().then((m) => m.forget(options));
}

/**
 * Creates an instance whose `ask` merges its options over `defaults`, like the main entry's
 * `createCsat`. Its defaults are checked when the library has loaded, on the first `ask` or
 * `flush`: invalid defaults reject that call with {@link CsatConfigError} instead of throwing here.
 * @see README.md#createcsatdefaults
 */
export function createCsat(defaults?: Partial<AskOptions>): Csat {
  let real: Promise<Csat> | undefined;
  let destroyed = false;
  const instance = () => (real ??= load().then((m) => m.createCsat(defaults)));
  return {
    ask: (options) => (destroyed ? Promise.resolve(null) : instance().then((c) => c.ask(options))),
    explain: (options) => instance().then((c) => c.explain(options)),
    record: (options) => instance().then((c) => c.record(options)),
    forget: (options) => instance().then((c) => c.forget(options)),
    flush: () => instance().then((c) => c.flush()),
    destroy() {
      destroyed = true;
      // Nothing to close when it was never used.
      real?.then((c) => c.destroy()).catch(() => undefined);
    },
  };
}

/**
 * Public types of csat-widget. Each option is documented where it is declared so editors show it
 * on hover; the README's options table repeats them.
 * @see README.md#options
 */

/** A scale preset name. `'numeric'` is 1–10 for Dutch (`nl`) and 1–5 elsewhere. */
export type ScalePreset = 'stars' | 'smileys' | 'numeric' | 'nps' | 'ces';

/** A scale described in full. */
export type ScaleObject =
  | {
      type: 'stars';
      /** Number of stars, 3 to 10. */
      points: number;
    }
  | {
      type: 'smileys';
      /** Number of faces: 2, 3 or 5. */
      points: 2 | 3 | 5;
    }
  | {
      type: 'numeric';
      /** Lowest score: 0 or 1. */
      min: 0 | 1;
      /** Highest score: 2 to 10. */
      max: number;
      /** Text under the lowest score. */
      lowLabel?: string | undefined;
      /** Text under the highest score. */
      highLabel?: string | undefined;
    };

/** The answer scale: a preset name or a full description. */
export type Scale = ScalePreset | ScaleObject;

/** The scale an answer was given on. `nps` is 0–10, `ces` is 1–7. */
export interface AnswerScale {
  type: 'stars' | 'smileys' | 'numeric' | 'nps' | 'ces';
  min: number;
  max: number;
}

/** Flat metadata attached to an answer. */
export type Metadata = Record<string, string | number | boolean | null>;

/**
 * One answer: also the exact JSON body POSTed to the endpoint.
 * @see README.md#the-answer
 */
export interface Answer {
  /** Payload version. */
  v: 1;
  /** Unique per answer (UUID); the idempotency key for collectors. */
  id: string;
  survey: string;
  interaction: string | null;
  scale: AnswerScale;
  score: number;
  /** (score − min) / (max − min), from 0 to 1. */
  normalized: number;
  /** normalized ≥ 0.6; for NPS, a promoter (9–10). */
  satisfied: boolean;
  comment: string | null;
  /** BCP 47 tag of the language the question was shown in. */
  locale: string;
  /** origin + path of the page, without query string or fragment. */
  page: string;
  /** ISO 8601 time the score was chosen. */
  at: string;
  metadata: Metadata;
}

/**
 * An event (with `events: true`): a question was shown, or closed without a score. POSTed to the
 * same endpoint as answers; it never counts as an answer (it has `kind`, an answer has not).
 * @see docs/delivery.md#events
 */
export interface CsatEvent {
  /** Payload version. */
  v: 1;
  kind: 'shown' | 'dismissed';
  /** Unique per event (UUID, lower case after validation); the idempotency key for collectors. */
  id: string;
  survey: string;
  interaction: string | null;
  /** BCP 47 tag of the language the question was shown in. */
  locale: string;
  /** origin + path of the page, without query string or fragment. */
  page: string;
  /** ISO 8601 time of the event. */
  at: string;
}

/** Where the answer is POSTed. */
export interface EndpointOptions {
  url: string;
  /**
   * Extra request headers. Setting any makes cross-origin requests need a CORS preflight, and they
   * are stored in localStorage with answers waiting for delivery: no secrets.
   * @see docs/delivery.md
   */
  headers?: Record<string, string> | undefined;
  /** @default 'omit' */
  credentials?: 'omit' | 'same-origin' | 'include' | undefined;
}

/** Colours and shape; the same values can be set from CSS as `--csat-*` custom properties. */
export interface ThemeOptions {
  /** Colour of selected points and the primary button. */
  accent?: string | undefined;
  /** Text on the accent (Send, the chosen number). @default black or white, whichever contrasts more with `accent` */
  onAccent?: string | undefined;
  background?: string | undefined;
  text?: string | undefined;
  /** Corner radius in px (number) or any CSS length. */
  radius?: number | string | undefined;
  /** Font stack. @default system-ui */
  font?: string | undefined;
  /** @default 'auto' (follows the OS) */
  colorScheme?: 'light' | 'dark' | 'auto' | undefined;
}

/** Every built-in text. `{score}`, `{max}`, `{n}` are replaced where shown. */
export interface Messages {
  question: string;
  npsQuestion: string;
  cesQuestion: string;
  veryDissatisfied: string;
  dissatisfied: string;
  neutral: string;
  satisfied: string;
  verySatisfied: string;
  npsLow: string;
  npsHigh: string;
  cesLow: string;
  cesHigh: string;
  /** Accessible name of a point, e.g. `{score} of {max}`. */
  point: string;
  /** A point's name with its label, e.g. `{point}, {label}` (Arabic joins with `،`). */
  labelled: string;
  /** How to choose and send by keyboard: the rating group's description. */
  hint: string;
  commentUnsatisfied: string;
  commentAlways: string;
  /** Remaining characters; `{n}` is the count. */
  charsLeft: string;
  send: string;
  skip: string;
  close: string;
  thanks: string;
  /** Name of the toast, popover or modal, so it can be found among the page's dialogs. */
  feedback: string;
  /** The score chosen, shown above the comment box; `{point}` is the point's name. */
  yourRating: string;
  /** Goes back from the comment step to the scale. */
  change: string;
}

/** Options of one question. Only `survey` is required (plus `endpoint` or `onSubmit` somewhere). */
export interface AskOptions {
  /** Id of the question, 1–100 characters of `A-Za-z0-9._:-`. */
  survey: string;
  /** The text shown. @default the preset's question in the locale */
  question?: string | undefined;
  /** @default 'stars' */
  scale?: Scale | undefined;
  /** When to offer a follow-up text box. @default 'unsatisfied' */
  comment?: 'unsatisfied' | 'always' | 'never' | undefined;
  /** Longest comment accepted, at most 5000. @default 1000 */
  commentMaxLength?: number | undefined;
  /** @default 'popover' when `anchor` is given, else 'toast' */
  display?: 'popover' | 'toast' | 'modal' | 'inline' | undefined;
  /** Element (or CSS selector) a popover is placed next to. */
  anchor?: Element | string | undefined;
  /** Element (or CSS selector) an inline question renders into. */
  container?: Element | string | undefined;
  /** Corner of a toast, mirrored right-to-left. @default 'bottom-right' */
  position?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | undefined;
  /** URL the answer is POSTed to, or `{url, headers?, credentials?}`. */
  endpoint?: string | EndpointOptions | undefined;
  /**
   * Called with every answer; a throw or a rejection is a failed attempt, retried with the same
   * backoff up to 10 attempts (in this page only: a function cannot be stored), then `onError`.
   * @see docs/delivery.md
   */
  onSubmit?: ((answer: Answer) => void | Promise<void>) | undefined;
  /** Id of the interaction asked about (order number, ticket id). @default null */
  interaction?: string | null | undefined;
  /** Flat object sent with the answer: ≤ 50 keys, values ≤ 500 characters. @default {} */
  metadata?: Metadata | undefined;
  /** BCP 47 tag. @default `<html lang>`, then the browser's language, then 'en' */
  locale?: string | undefined;
  /** Overrides of any built-in text. */
  messages?: Partial<Messages> | undefined;
  theme?: ThemeOptions | undefined;
  /** Share of browsers asked, 0–1, sticky per browser and survey. @default 1 */
  sampleRate?: number | undefined;
  /**
   * Days the same survey is not shown again (in this browser) after an answer or dismissal;
   * `{answered, dismissed}` sets the two apart, so a dismissed question may come back sooner.
   * Script tag: `data-cooldown-days="30"` or `"30/7"`. @default 0
   */
  cooldownDays?: number | { answered: number; dismissed: number } | undefined;
  /**
   * Never ask twice about the same survey + interaction: answered, dismissed, or shown and then
   * left (the page hidden or closed with the question open). @default true
   */
  oncePerInteraction?: boolean | undefined;
  /**
   * At most `max` questions shown per `days` days in this browser, across every survey (counting
   * questions shown, answered or not). Script tag: `data-frequency="1/30"`.
   */
  frequency?: { max: number; days: number } | undefined;
  /**
   * Milliseconds to wait before showing. Nothing is shown (`ask` resolves null) if the page is
   * hidden or left meanwhile, the signal aborts or `destroy()` runs. @default 0
   */
  delay?: number | undefined;
  /** Log (`[csat]` on the console) why `ask` showed nothing. @default false */
  debug?: boolean | undefined;
  /** Closes the question when aborted. */
  signal?: AbortSignal | undefined;
  /**
   * Redact or drop (return null) an answer before it is stored or sent. With a comment step it is
   * called twice with the same `id`: at the pick (`comment: null`; the score is stored then, so
   * that leaving the page cannot lose it) and with the final answer. A throw drops the answer
   * (nothing is stored or sent): `onError` is told, and `ask` resolves `null`.
   * @see docs/delivery.md
   */
  beforeSend?: ((answer: Answer) => Answer | null) | undefined;
  /** Nonce for the `<style>` fallback where constructable stylesheets are missing. */
  nonce?: string | undefined;
  /** z-index where the top layer is not available (browsers without the popover API). @default 2147480000 */
  zIndex?: number | undefined;
  /**
   * Also send `shown` and `dismissed` events to the endpoint (not to `onSubmit`), through the same
   * queue, for a response rate. Script tag: `data-events="true"`. @default false
   * @see docs/delivery.md#events
   */
  events?: boolean | undefined;
  onShow?: (() => void) | undefined;
  /** Called when the person closes the question without choosing a score. */
  onDismiss?: (() => void) | undefined;
  /** Called once the endpoint (and `onSubmit`, when both are set) has the answer. @see docs/delivery.md */
  onDelivered?: ((answer: Answer) => void) | undefined;
  /**
   * Called when an answer is lost: refused for good by the endpoint (4xx other than 408, 425 and
   * 429; 501, 505), dropped by the queue's bounds (100 answers, 7 days), a throwing `beforeSend`,
   * or an `onSubmit` that failed 10 times. A retriable failure is never reported: it is retried.
   * @see docs/delivery.md
   */
  onError?: ((error: Error) => void) | undefined;
}

/**
 * Whether `ask` would show a question now, and why not (`explain`).
 * @see README.md#who-is-asked
 */
export interface Explanation {
  show: boolean;
  /**
   * `'ok'` (it would show), `'sampled-out'` (outside `sampleRate`), `'cooldown'`, `'frequency'`
   * (the cap across surveys is reached), `'answered-interaction'` (`oncePerInteraction`) or
   * `'no-dom'` (no page to show it on: server-side, or the instance was destroyed).
   */
  reason: 'ok' | 'sampled-out' | 'cooldown' | 'frequency' | 'answered-interaction' | 'no-dom';
  /** ISO 8601 time the cooldown or the cap ends (with `'cooldown'` and `'frequency'`). */
  until?: string;
}

/**
 * `record()`: `ask`'s options plus the score the person chose in the page's own UI. `comment` is
 * the text written there (ask's `comment`, when to offer a text box, is the page's UI's to decide).
 */
export type RecordOptions = Omit<AskOptions, 'comment'> & {
  /** A whole number on the question's scale (1–5 for stars). */
  score: number;
  /** The follow-up comment, if any (at most `commentMaxLength`). */
  comment?: string | null | undefined;
};

/** `forget()`: what else to remove. */
export interface ForgetOptions {
  /** Also drop answers still waiting for delivery. @default false */
  answers?: boolean | undefined;
}

/** What `createCsat()` returns. */
export interface Csat {
  /** Shows one question; options are merged over the defaults. */
  ask(options: Partial<AskOptions>): Promise<Answer | null>;
  /**
   * Whether `ask` with these options would show a question now, and why not; shows nothing and
   * changes nothing stored. Rejects with `CsatConfigError` on invalid options, like `ask`.
   */
  explain(options: Partial<AskOptions>): Promise<Explanation>;
  /**
   * Builds, checks and delivers an answer from the page's own UI, as the widget would; resolves
   * it, or null when `beforeSend` drops it or `oncePerInteraction` finds the interaction
   * answered. Rejects with `CsatConfigError` on invalid options, score or comment.
   */
  record(options: Partial<Omit<RecordOptions, 'score'>> & Pick<RecordOptions, 'score'>): Promise<Answer | null>;
  /** Removes every stored targeting record (sample rolls, cooldowns, the cap, interactions). */
  forget(options?: ForgetOptions): Promise<void>;
  /** Resolves when every answer waiting for delivery has been delivered or has failed for good. */
  flush(): Promise<void>;
  /** Closes open questions and removes every node and listener this instance added. */
  destroy(): void;
}

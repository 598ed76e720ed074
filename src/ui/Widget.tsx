import { Component, Fragment, h } from 'preact';
import { fill, plural } from '../i18n';
import { storable } from '../schema';
import type { ResolvedScale } from '../scales';
import type { Messages } from '../types';
import { Cross } from './icons';
import { Scale } from './Scale';

export interface WidgetProps {
  scale: ResolvedScale;
  /** The question (named `heading`: preact assigns props, and a page may have made `Object.prototype.question` read-only). */
  heading: string;
  m: Messages;
  locale: string;
  rtl: boolean;
  display: 'popover' | 'toast' | 'modal' | 'inline';
  /** Toast corner, already mirrored for right-to-left. */
  position: string;
  maxLength: number;
  /** A score was chosen: it is recorded, whatever happens next. Returns the comment prompt that follows, or null when none does. */
  onPick: (score: number) => string | null;
  /**
   * A point was checked by keyboard, not yet confirmed: it is the pending score, recorded if the
   * widget closes (a point shown and announced as checked is never dropped).
   */
  onChoose: (score: number) => void;
  /** The comment step ended: sent (text) or skipped (null). */
  onComment: (comment: string | null) => void;
  /** The person closed the widget. */
  onClose: () => void;
  /** Receives the panel element (positioning, modal, auto-close); must be a stable function. */
  panelRef?: (el: HTMLElement | null) => void;
}

interface WidgetState {
  step: 'rating' | 'comment' | 'done';
  /** The checked point: picked, or chosen by keyboard and waiting to be sent. */
  score: number | null;
  text: string;
  prompt: string;
  /** What the polite live region says before the thank-you; emptied once said. */
  said: string;
}

/** Remaining characters at which the count is announced (it is shown from the first one on). */
const COUNT_STEPS = [100, 50, 20, 10, 0];
/** How long an announcement stays in the live region before it is emptied, in ms. */
const SAID_MS = 5000;

/** Languages whose numbers are usually written in their own digits (Arabic-Indic and others). */
const NATIVE_DIGITS = ['ar', 'fa', 'ps', 'ur', 'bn', 'mr', 'ne', 'my'];
/** Formatters made so far, one per locale: made once, not on every render. */
const formatters = new Map<string, Intl.NumberFormat>();

/**
 * The formatter of a locale with its own digits, else undefined. Intl.NumberFormat's first use
 * loads ICU data (about 13 ms in a fresh page), so only those locales make one. The language is
 * compared as a string: a regular expression that has run twice is compiled to machine code that
 * stays in the page's heap (several KB for one like `^(ar|fa|…)\b`, measured with a heap snapshot).
 */
function numberFormat(locale: string): Intl.NumberFormat | undefined {
  if (!NATIVE_DIGITS.includes(locale.toLowerCase().split('-')[0]!)) return undefined;
  let nf = formatters.get(locale);
  if (!nf) formatters.set(locale, (nf = new Intl.NumberFormat(locale)));
  return nf;
}

const coarse = () => matchMedia('(pointer: coarse)').matches;

/** Flow of one question: rating → comment (optional) → thank-you, then it closes itself. */
export class Widget extends Component<WidgetProps, WidgetState> {
  override state: WidgetState = { step: 'rating', score: null, text: '', prompt: '', said: '' };
  _panel?: HTMLElement | null;
  /** How many of COUNT_STEPS the remaining count has reached, so each is announced once. */
  _counted = 0;
  _timers: ReturnType<typeof setTimeout>[] = [];
  /** Focus was inside when the step changed, so it must not fall to <body> with the old step. */
  _hadFocus = false;
  /** A stable ref callback, so preact does not detach and re-attach it on every render. */
  _setPanel = (el: HTMLElement | null) => {
    this._panel = el;
    this.props.panelRef?.(el);
  };

  override componentDidMount() {
    // Toasts and inline questions do not take focus; they are announced instead. A live region
    // only speaks changes made after it is in the accessibility tree, hence the delay.
    const { display, heading } = this.props;
    if (display === 'toast' || display === 'inline') this._later(() => this._announce(heading), 100);
  }

  override componentWillUnmount() {
    this._timers.forEach(clearTimeout);
  }

  _later(fn: () => void, ms: number) {
    this._timers.push(setTimeout(fn, ms));
  }

  /**
   * Says `text` politely, then empties the region: left there, it would be read a second time
   * (the question is also the group's name, the count is also shown under the box).
   */
  _announce(said: string) {
    this.setState({ said });
    this._later(() => this.state.said === said && this.setState({ said: '' }), SAID_MS);
  }

  override componentDidUpdate(_: WidgetProps, prev: WidgetState) {
    const { step } = this.state;
    if (prev.step === step || !this._hadFocus || !this._panel) return;
    const box = this._panel.querySelector('textarea');
    const point = this._panel.querySelector<HTMLElement>('[role=radio][tabindex="0"]');
    // On touch screens focusing a text field opens the keyboard over the page: focus the panel.
    (step === 'rating' ? point : box && !coarse() ? box : this._panel)?.focus();
  }

  /** Closing keeps what was typed: a comment is sent as it stands rather than thrown away. */
  _close = () => {
    const { step, text } = this.state;
    if (step === 'comment' && text.trim()) this.props.onComment(text);
    this.props.onClose();
  };

  override render(p: WidgetProps, { step, score, text, prompt, said }: WidgetState) {
    const { m, scale, locale } = p;
    const nf = numberFormat(locale);
    const format = (n: number) => (nf ? nf.format(n) : '' + n);
    const nameOf = (score: number) => {
      const label = scale.labels[score - scale.min];
      const point = fill(m.point, { score: format(score), max: format(scale.max) });
      return label ? fill(m.labelled, { point, label }) : point;
    };
    const go = (next: Partial<WidgetState>) => {
      const root = this._panel?.getRootNode() as ShadowRoot | undefined;
      this._hadFocus = !!root?.activeElement;
      this.setState(next);
    };
    const pick = (score: number) => {
      const next = p.onPick(score);
      go(next ? { step: 'comment', prompt: next, score } : { step: 'done', score });
    };
    const choose = (score: number) => {
      p.onChoose(score);
      this.setState({ score });
    };
    const type = (e: Event) => {
      // NUL and other control characters or unpaired surrogates (typed or pasted) are removed as
      // they arrive: the answer schema refuses them.
      const value = storable((e.currentTarget as HTMLTextAreaElement).value);
      const left = p.maxLength - value.length;
      const reached = COUNT_STEPS.filter((n) => left <= n).length;
      if (reached > this._counted) this._announce(fill(plural(m.charsLeft, left, locale), { n: format(left) }));
      this._counted = reached;
      this.setState({ text: value });
    };
    const finish = (comment: string | null) => {
      p.onComment(comment);
      go({ step: 'done' });
    };

    const Tag = p.display === 'modal' ? 'dialog' : 'section';
    const left = p.maxLength - text.length;
    const done = step === 'done';
    return (
      <Tag
        ref={this._setPanel}
        class="panel"
        part="panel"
        // Toast and popover are non-modal dialogs (no aria-modal, no trap); inline is a region.
        role={p.display === 'toast' || p.display === 'popover' ? 'dialog' : undefined}
        popover={p.display === 'toast' || p.display === 'popover' ? 'manual' : undefined}
        tabIndex={-1}
        dir={p.rtl ? 'rtl' : 'ltr'}
        lang={locale}
        // A short name to find it by among the page's dialogs; the question is the name of the
        // scale inside, so it is heard once on the way in. Inline it is part of the page, not a
        // landmark (two inline questions would be two landmarks of the same name).
        aria-label={p.display === 'inline' ? undefined : m.feedback}
        data-display={p.display}
        data-position={p.position}
        data-state={step}
        data-scale={scale.look}
        onKeyDown={(e: KeyboardEvent) => {
          // Escape inside an input method composition cancels the composition, not the widget.
          if (e.key === 'Escape' && !e.isComposing && e.keyCode !== 229) {
            e.preventDefault();
            this._close();
          }
          // A modal keeps Tab inside: past the last control it wraps to the first, and back.
          if (e.key === 'Tab' && p.display === 'modal') {
            const stops = [...this._panel!.querySelectorAll<HTMLElement>('button:not([tabindex="-1"]),textarea')];
            const at = (this._panel!.getRootNode() as ShadowRoot).activeElement;
            const [first, last] = [stops[0], stops[stops.length - 1]];
            if (e.shiftKey ? at === first || at === this._panel : at === last) {
              e.preventDefault();
              (e.shiftKey ? last : first)?.focus();
            }
          }
        }}
        // A modal <dialog> reports Escape as `cancel`; it is handled above, so keep it open here.
        onCancel={(e: Event) => e.preventDefault()}
      >
        {/* The thanks is the message once done: the question steps aside. */}
        {!done && (
          <div id="q" class="q" part="question">
            {p.heading}
          </div>
        )}
        {step === 'rating' && (
          <>
            <Scale
              scale={scale}
              nameOf={nameOf}
              format={format}
              rtl={p.rtl}
              labelledBy="q"
              hintId="h"
              checked={score}
              onChoose={choose}
              onPick={pick}
            />
            <div id="h" hidden>
              {m.hint}
            </div>
            {/* A point checked by keyboard waits here, in view, for Enter or Send. */}
            {score !== null && (
              <div class="row">
                <button type="button" class="primary" part="button button-primary" onClick={() => pick(score)}>
                  {m.send}
                </button>
              </div>
            )}
          </>
        )}
        {step === 'comment' && (
          <>
            <div class="chosen">
              <span>{fill(m.yourRating, { point: nameOf(score!) })}</span>
              <button type="button" class="link" onClick={() => go({ step: 'rating' })}>
                {m.change}
              </button>
            </div>
            <label for="c" part="comment-label">
              {prompt}
            </label>
            <textarea
              id="c"
              part="comment"
              dir="auto"
              aria-describedby={left <= COUNT_STEPS[0]! ? 'n' : undefined}
              maxLength={p.maxLength}
              value={text}
              onInput={type}
            />
            {/* Shown near the limit only; announced through the status region at COUNT_STEPS. */}
            {left <= COUNT_STEPS[0]! && (
              <div id="n" class="count" part="counter">
                {fill(plural(m.charsLeft, left, locale), { n: format(left) })}
              </div>
            )}
            <div class="row">
              <button type="button" part="button" onClick={() => finish(null)}>
                {m.skip}
              </button>
              <button type="button" class="primary" part="button button-primary" onClick={() => finish(text)}>
                {m.send}
              </button>
            </div>
          </>
        )}
        <div role="status" aria-atomic="true" class={done ? 'done' : 'sr'} part={done ? 'thanks' : undefined}>
          {done ? m.thanks : said}
        </div>
        {/* Last in the DOM (it is drawn in the corner) so Tab reaches the scale first. */}
        <button type="button" class="x" part="close" aria-label={m.close} onClick={this._close}>
          <Cross />
        </button>
      </Tag>
    );
  }
}

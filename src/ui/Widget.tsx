import { Component, Fragment, h } from 'preact';
import { fill, plural } from '../i18n';
import { storable } from '../schema';
import type { ResolvedScale } from '../scales';
import type { Messages } from '../types';
import { Cross } from './icons';
import { Scale } from './Scale';

export interface WidgetProps {
  scale: ResolvedScale;
  /** The question. Not a prop named `question`: preact copies props by assignment, which a page's read-only Object.prototype.question would refuse. */
  heading: string;
  m: Messages;
  locale: string;
  rtl: boolean;
  display: 'popover' | 'toast' | 'modal' | 'inline';
  /** Toast corner, already mirrored for right-to-left. */
  position: string;
  maxLength: number;
  /** The comment prompt that follows a score, or null when none does. */
  commentPrompt: (score: number) => string | null;
  /** A score was chosen: it is recorded, whatever happens next. */
  onPick: (score: number) => void;
  /** The comment step ended: sent (text) or skipped (null). */
  onComment: (comment: string | null) => void;
  /** The person closed the widget. */
  onClose: () => void;
  /** Receives the panel element (positioning, modal, auto-close); must be a stable function. */
  panelRef?: (el: HTMLElement | null) => void;
}

interface WidgetState {
  step: 'rating' | 'comment' | 'done';
  text: string;
  prompt: string;
  /** What the polite live region says before the thank-you. */
  said: string;
}

/** Languages whose numbers are usually written in their own digits (Arabic-Indic and others). */
const NATIVE_DIGITS = /^(ar|fa|ps|ur|bn|mr|ne|my)\b/i;

const coarse = () => matchMedia('(pointer: coarse)').matches;

/** Flow of one question: rating → comment (optional) → thank-you, then it closes itself. */
export class Widget extends Component<WidgetProps, WidgetState> {
  override state: WidgetState = { step: 'rating', text: '', prompt: '', said: '' };
  panel?: HTMLElement | null;
  /** Focus was inside when the step changed, so it must not fall to <body> with the old step. */
  hadFocus = false;
  /** A stable ref callback, so preact does not detach and re-attach it on every render. */
  setPanel = (el: HTMLElement | null) => {
    this.panel = el;
    this.props.panelRef?.(el);
  };

  override componentDidMount() {
    // Toasts and inline questions do not take focus; they are announced instead. A live region
    // only speaks changes made after it is in the accessibility tree, hence the delay.
    const { display, heading } = this.props;
    if (display === 'toast' || display === 'inline') setTimeout(() => this.setState({ said: heading }), 100);
  }

  override componentDidUpdate(_: WidgetProps, prev: WidgetState) {
    if (prev.step === this.state.step || !this.hadFocus) return;
    const box = this.panel?.querySelector('textarea');
    // On touch screens focusing a text field opens the keyboard over the page: focus the panel.
    (box && !coarse() ? box : this.panel)?.focus();
  }

  override render(p: WidgetProps, { step, text, prompt, said }: WidgetState) {
    const { m, scale, locale } = p;
    // Intl.NumberFormat's first use loads ICU data (about 13 ms in a fresh page); only scripts
    // with their own digits need it.
    const nf = NATIVE_DIGITS.test(locale) && new Intl.NumberFormat(locale);
    const format = (n: number) => (nf ? nf.format(n) : '' + n);
    const nameOf = (score: number) => {
      const label = scale.labels[score - scale.min];
      const name = fill(m.point, { score: format(score), max: format(scale.max) });
      return label ? `${name}, ${label}` : name;
    };
    const go = (next: Partial<WidgetState>) => {
      const root = this.panel?.getRootNode() as ShadowRoot | undefined;
      this.hadFocus = !!root?.activeElement;
      this.setState(next);
    };
    const pick = (score: number) => {
      p.onPick(score);
      const next = p.commentPrompt(score);
      go(next ? { step: 'comment', prompt: next } : { step: 'done' });
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
        ref={this.setPanel}
        class="panel"
        part="panel"
        // Toast and popover are non-modal dialogs (no aria-modal, no trap); inline is a region.
        role={p.display === 'toast' || p.display === 'popover' ? 'dialog' : undefined}
        popover={p.display === 'toast' || p.display === 'popover' ? 'manual' : undefined}
        tabIndex={-1}
        dir={p.rtl ? 'rtl' : 'ltr'}
        lang={locale}
        aria-labelledby="q"
        data-display={p.display}
        data-position={p.position}
        data-state={step}
        data-scale={scale.look}
        onKeyDown={(e: KeyboardEvent) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            p.onClose();
          }
          // A modal keeps Tab inside: past the last control it wraps to the first, and back.
          if (e.key === 'Tab' && p.display === 'modal') {
            const stops = [...this.panel!.querySelectorAll<HTMLElement>('button:not([tabindex="-1"]),textarea')];
            const at = (this.panel!.getRootNode() as ShadowRoot).activeElement;
            const [first, last] = [stops[0], stops[stops.length - 1]];
            if (e.shiftKey ? at === first || at === this.panel : at === last) {
              e.preventDefault();
              (e.shiftKey ? last : first)?.focus();
            }
          }
        }}
        // A modal <dialog> reports Escape as `cancel`; it is handled above, so keep it open here.
        onCancel={(e: Event) => e.preventDefault()}
      >
        <div id="q" class="q" part="question">
          {p.heading}
        </div>
        {step === 'rating' && (
          <Scale scale={scale} nameOf={nameOf} format={format} rtl={p.rtl} labelledBy="q" onPick={pick} />
        )}
        {step === 'comment' && (
          <>
            <label for="c">{prompt}</label>
            <textarea
              id="c"
              part="comment"
              aria-describedby="n"
              maxLength={p.maxLength}
              value={text}
              // NUL and other control characters or unpaired surrogates (typed or pasted) are
              // removed as they arrive: the answer schema refuses them.
              onInput={(e) => this.setState({ text: storable((e.currentTarget as HTMLTextAreaElement).value) })}
            />
            {/* Announced near the limit only, not on every keystroke. */}
            <div id="n" class="count" aria-live="polite">
              {left < 100 ? fill(plural(m.charsLeft, left, locale), { n: format(left) }) : ''}
            </div>
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
        <button type="button" class="x" part="close" aria-label={m.close} onClick={p.onClose}>
          <Cross />
        </button>
      </Tag>
    );
  }
}

import { Fragment, h } from 'preact';
import { useState } from 'preact/hooks';
import { fill } from '../i18n';
import type { ResolvedScale } from '../scales';
import type { Messages } from '../types';
import { Cross } from './icons';
import { Scale } from './Scale';

export interface WidgetProps {
  scale: ResolvedScale;
  question: string;
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

type Step = 'rating' | 'comment' | 'done';

/** Flow of one question: rating → comment (optional) → thank-you, then it closes itself. */
/** Languages whose numbers are usually written in their own digits (Arabic-Indic and others). */
const NATIVE_DIGITS = /^(ar|fa|ps|ur|bn|mr|ne|my)\b/i;

export function Widget(p: WidgetProps) {
  const { m, scale, locale } = p;
  const [step, setStep] = useState<Step>('rating');
  const [text, setText] = useState('');
  const [prompt, setPrompt] = useState('');

  // Intl.NumberFormat's first use loads ICU data (about 13 ms in a fresh page); only scripts
  // with their own digits need it.
  const nf = NATIVE_DIGITS.test(locale) && new Intl.NumberFormat(locale);
  const format = (n: number) => (nf ? nf.format(n) : '' + n);
  const nameOf = (score: number) => {
    const label = scale.labels[score - scale.min];
    const name = fill(m.point, { score: format(score), max: format(scale.max) });
    return label ? `${name}, ${label}` : name;
  };

  const pick = (score: number) => {
    p.onPick(score);
    const next = p.commentPrompt(score);
    if (next) setPrompt(next);
    setStep(next ? 'comment' : 'done');
  };
  const finish = (comment: string | null) => {
    p.onComment(comment);
    setStep('done');
  };

  const Tag = p.display === 'modal' ? 'dialog' : 'section';
  const left = p.maxLength - text.length;
  return (
    <Tag
      ref={p.panelRef}
      class="panel"
      part="panel"
      dir={p.rtl ? 'rtl' : 'ltr'}
      lang={locale}
      aria-labelledby="q"
      popover={p.display === 'toast' || p.display === 'popover' ? 'manual' : undefined}
      data-display={p.display}
      data-position={p.position}
      data-state={step}
      data-scale={scale.look}
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          p.onClose();
        }
      }}
      // A modal <dialog> reports Escape as `cancel`; it is handled above, so keep it open here.
      onCancel={(e: Event) => e.preventDefault()}
    >
      <p id="q" class="q" part="question">
        {p.question}
      </p>
      {step === 'rating' && (
        <Scale scale={scale} nameOf={nameOf} format={format} rtl={p.rtl} labelledBy="q" onPick={pick} />
      )}
      {step === 'comment' && (
        <>
          <label for="c">{prompt}</label>
          <textarea
            id="c"
            ref={autofocus}
            part="comment"
            maxLength={p.maxLength}
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          />
          <div class="count" aria-live="polite">
            {left < 100 ? fill(m.charsLeft, { n: format(left) }) : ''}
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
      <p role="status" class={step === 'done' ? 'done' : undefined} part="thanks">
        {step === 'done' ? m.thanks : ''}
      </p>
      {/* Last in the DOM (it is drawn in the corner) so Tab reaches the scale first. */}
      <button type="button" class="x" part="close" aria-label={m.close} onClick={p.onClose}>
        <Cross />
      </button>
    </Tag>
  );
}

/**
 * Focuses the comment box once, when it appears; a stable function so preact calls it only on
 * mount. Not on touch screens, where focusing a text field opens the keyboard over the page.
 */
function autofocus(el: HTMLTextAreaElement | null): void {
  if (el && !matchMedia('(pointer: coarse)').matches) el.focus();
}

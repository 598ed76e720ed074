// One open question, from the first paint to its close, without the DOM: the score chosen, whether
// a comment step follows, what is held and what is sent, and who closed it. What happens when the
// person picks 2 of 5 and closes the tab: the pick holds the score in the queue (delivery's hold),
// and the page hiding makes it final as it stands (scheduler.ts, release).
// @see docs/answer.md#behaviour
import type { Answer, AskOptions, Messages } from '../types';
import { isSatisfied, type ResolvedScale } from '../scales';
import { safely, scheduler } from '../delivery';
import { buildAnswer, uuid } from './answer';
import { buildEvent, type EventKind } from './event';
import { remember } from './gate';
import { finalAnswer } from './record';

/** Where a question is: rating → comment (optional) → thanks → closed. */
export type Step = 'rating' | 'comment' | 'thanks' | 'closed';

/**
 * Who closed it. `page`: the host (signal, destroy, the element removed by another script), which
 * is not the person dismissing it, so no cooldown starts and onDismiss is not called (an effect
 * cleanup must not use up the ask).
 */
export type ClosedBy = 'person' | 'page';

/** What a session needs from the question as shown. */
export interface SessionContext {
  scale: ResolvedScale;
  /** The language shown: the answer's locale. */
  locale: string;
  /** Messages of that language: the comment prompts. */
  messages: Messages;
}

/** What the session asks of whoever shows it (ask.ts wires it to the host). */
export interface SessionEffects {
  /** The question is settled: the answer as recorded, or null (dismissed, dropped, closed by the page). */
  _settle(answer: Answer | null): void;
  /** The answer is final while the question is open: the thank-you shows, and closes by itself. */
  _thank(): void;
  /** The question closed: remove what shows it. */
  _closed(): void;
}

export interface Session {
  readonly _step: Step;
  /** The score picked or checked by keyboard; null before any. */
  readonly _score: number | null;
  /** The question is on screen: onShow, and a `shown` event when events are on. */
  _show(): void;
  /**
   * The person picked `score`: recorded, whatever happens next. Returns the comment prompt that
   * follows, or null when the answer is final now (the one place that decides).
   */
  _pick(score: number): string | null;
  /**
   * A point checked by keyboard: the pending answer (SPEC, Behaviour), held like a picked score
   * whose comment is still to come, so leaving the page records it too.
   */
  _choose(score: number): void;
  /** The comment step ended: sent (text) or skipped (null). */
  _comment(text: string | null): void;
  /** Closes; a chosen score is never dropped (it is sent as it stands). */
  _close(by: ClosedBy): void;
}

/**
 * The comment prompt after `score`, or null when no comment step follows: `comment` is
 * 'unsatisfied' (the default), 'always' or 'never'.
 */
export function commentPrompt(
  score: number,
  scale: ResolvedScale,
  mode: AskOptions['comment'],
  m: Messages,
): string | null {
  const happy = isSatisfied(score, scale);
  if (mode === 'never' || ((mode ?? 'unsatisfied') === 'unsatisfied' && happy)) return null;
  return happy ? m.commentAlways : m.commentUnsatisfied;
}

/** Opens the session of one question. */
export function createSession(o: AskOptions, context: SessionContext, effects: SessionEffects): Session {
  const { scale, locale, messages } = context;
  const delivery = scheduler();
  let step: Step = 'rating';
  let score: number | null = null;
  let pickedAt = new Date();
  /** Settled: the answer is final (or there is none), and ask has resolved. */
  let finished = false;
  // One id from the pick on: the held score and the final answer are one answer. Made at the pick,
  // not before the points show: the first random bytes of a page take a while.
  let id: string | undefined;
  /** The held version of this answer: its id, or undefined when none is held (no comment step, or dropped). */
  let heldId: string | undefined;
  /** beforeSend failed on this answer already: it is not asked again, and nothing is sent. */
  let broken = false;

  const sendEvent = (kind: EventKind) => {
    if (o.events) {
      const event = buildEvent(kind, { survey: o.survey, interaction: o.interaction ?? null, locale });
      safely(() => delivery._send(event, o), 'the event could not be queued:');
    }
  };

  /** The answer as stored and sent; null when beforeSend drops it, undefined when it cannot be made (reported). */
  const prepare = (comment: string | null): Answer | null | undefined => {
    const context = { survey: o.survey, interaction: o.interaction ?? null, scale, locale, metadata: o.metadata ?? {} };
    return finalAnswer(o, buildAnswer(context, score!, comment, pickedAt, (id ??= uuid())));
  };

  /** Makes the answer final with `comment`: delivered, or dropped with its held version. */
  const finish = (comment: string | null) => {
    if (score === null || finished) return;
    finished = true;
    let answer: Answer | null = null;
    // Whatever breaks here (a page's patched globals), ask settles and the page hears of it.
    safely(() => {
      answer = (broken ? undefined : prepare(comment)) ?? null;
      if (answer) delivery._deliver(answer, o, heldId);
      else if (heldId) delivery._drop(heldId);
    }, 'the answer could not be recorded:');
    safely(() => remember(o, Date.now()), 'the answer could not be remembered:');
    effects._settle(answer);
    if (step !== 'closed') {
      step = 'thanks';
      effects._thank();
    }
  };

  /**
   * At the pick, when a comment step follows, or when a point is checked by keyboard: the score
   * is stored now and held (replaced in place on a later change), and sent as it stands if the
   * page is hidden or left first.
   */
  const hold = () => {
    if (broken) return;
    const answer = prepare(null);
    broken = answer === undefined;
    if (answer) delivery._hold(answer, o, () => session._close('page'));
    heldId = answer?.id;
  };

  const setScore = (s: number) => {
    score = s;
    pickedAt = new Date();
  };

  const session: Session = {
    get _step() {
      return step;
    },
    get _score() {
      return score;
    },
    _show() {
      sendEvent('shown');
      safely(() => o.onShow?.());
    },
    _pick(s) {
      setScore(s);
      const prompt = commentPrompt(s, scale, o.comment, messages);
      // Without a comment step the answer is final at the pick.
      if (!prompt) finish(null);
      else {
        step = 'comment';
        safely(hold, 'the score could not be kept:');
      }
      return prompt;
    },
    _choose(s) {
      setScore(s);
      safely(hold, 'the score could not be kept:');
    },
    _comment: finish,
    _close(by) {
      if (step === 'closed') return;
      step = 'closed';
      // A chosen score is never dropped: closing during the comment step sends it.
      if (score !== null) finish(null);
      else {
        if (by === 'person') {
          remember(o, Date.now(), true);
          sendEvent('dismissed');
          safely(() => o.onDismiss?.());
        }
        effects._settle(null);
      }
      effects._closed();
    },
  };
  return session;
}

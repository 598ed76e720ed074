// What the widget and headless `record()` share once an answer is built: the caller's beforeSend
// and the answer schema, so an answer from the page's own UI leaves exactly as one from the widget.
import type { Answer, AskOptions } from '../types';
import { CsatConfigError } from '../errors';
import { check, schemas } from '../schema';
import { report, safely } from '../delivery';

/**
 * `answer` as stored and sent: through `beforeSend`, then checked. Null when beforeSend drops it;
 * undefined when it cannot be sent (beforeSend threw or returned an invalid answer: onError is told).
 */
export function finalAnswer(o: Pick<AskOptions, 'beforeSend' | 'onError'>, answer: Answer): Answer | null | undefined {
  let out: Answer | null = answer;
  if (o.beforeSend) {
    try {
      out = o.beforeSend(answer);
    } catch (e) {
      // beforeSend is there to remove what must not leave the page: fail closed.
      report(o.onError, new Error('beforeSend threw, so the answer was dropped: ' + String(e)));
      return;
    }
  }
  if (!out) return null;
  const result = check<Answer>(schemas().answer, out);
  if (result.ok) return result.value;
  safely(() => o.onError?.(new CsatConfigError(result.problems.map((p) => 'beforeSend result ' + p))));
}

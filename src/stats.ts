import { accumulator, addAnswers, addEvents, finish, wilson, type Accumulator, type Summary } from './stats-core';
import type { Answer } from './types';

// Everything here is accumulated in one pass with a fixed number of counters per summary (plus one
// summary per group), so a summary of millions of answers streamed from a database or a JSONL file
// costs the same memory as one of ten.

export type GroupKey = 'survey' | 'locale' | 'interaction';

export type { Summary };

/**
 * An event as `summarize` reads it (SPEC "Events"): the widget sends one when a question is shown
 * and one when it is closed without a score. Only `kind` and the grouping fields are read.
 * @see docs/stats.md
 */
export interface SummaryEvent {
  kind: 'shown' | 'dismissed';
  survey: string;
  locale: string;
  interaction: string | null;
}

/** What `summarize` reads: answers, and events told apart by their `kind`. */
export type SummaryItem = Answer | SummaryEvent;

/**
 * Options of {@link summarize}.
 * @see docs/stats.md
 */
export interface SummaryOptions {
  /** Also summarize per value of this field; a null `interaction` is grouped under `"(none)"`. */
  by?: GroupKey;
}

/**
 * What {@link summarize} returns with `by`: the overall figures plus one summary per group.
 * @see docs/stats.md
 */
export interface GroupedSummary extends Summary {
  /** One summary per value of the `by` field. */
  groups: Record<string, Summary>;
}

const isEvent = (item: SummaryItem): item is SummaryEvent => (item as { kind?: unknown }).kind !== undefined;

function addItem(acc: Accumulator, item: SummaryItem): void {
  if (isEvent(item)) addEvents(acc, item.kind, 1);
  else addAnswers(acc, item.scale, item.score, 1, item.satisfied === true ? 1 : 0, item.normalized);
}

function summarizer(by: GroupKey | undefined) {
  const overall = accumulator();
  const groups = new Map<string, Accumulator>();
  let events = false;
  return {
    add(item: SummaryItem) {
      if (isEvent(item)) events = true;
      addItem(overall, item);
      if (!by) return;
      const key = item[by] ?? '(none)';
      let group = groups.get(key);
      if (!group) groups.set(key, (group = accumulator()));
      addItem(group, item);
    },
    result(): Summary | GroupedSummary {
      const summary = finish(overall, events);
      if (!by) return summary;
      // fromEntries defines own properties, so a survey named `__proto__` stays an ordinary key.
      return {
        ...summary,
        groups: Object.fromEntries([...groups].map(([key, acc]) => [key, finish(acc, events)])),
      };
    },
  };
}

/**
 * Summarizes answers in one pass: CSAT with a Wilson 95 % interval, mean scores, the score
 * distribution, and NPS / CES where such answers are present; with `by`, also per survey, locale
 * or interaction. Items with a `kind` are events, never answers: given any, the summary also has
 * `shown`, `dismissed` and `responseRate`. Takes an array or any iterable (returns the summary) or an async iterable, such
 * as a database cursor or a stream of parsed lines (returns a promise). Memory does not grow with
 * the number of answers, only with the number of groups.
 * @example
 * const { csat, csatCi95, groups } = summarize(answers, { by: 'survey' });
 * @see docs/stats.md
 */
export function summarize(answers: Iterable<SummaryItem>, options: SummaryOptions & { by: GroupKey }): GroupedSummary;
export function summarize(answers: Iterable<SummaryItem>, options?: SummaryOptions & { by?: undefined }): Summary;
export function summarize(answers: Iterable<SummaryItem>, options?: SummaryOptions): Summary | GroupedSummary;
export function summarize(
  answers: AsyncIterable<SummaryItem>,
  options: SummaryOptions & { by: GroupKey },
): Promise<GroupedSummary>;
export function summarize(
  answers: AsyncIterable<SummaryItem>,
  options?: SummaryOptions & { by?: undefined },
): Promise<Summary>;
export function summarize(
  answers: AsyncIterable<SummaryItem>,
  options?: SummaryOptions,
): Promise<Summary | GroupedSummary>;
export function summarize(
  answers: Iterable<SummaryItem> | AsyncIterable<SummaryItem>,
  options: SummaryOptions = {},
): Summary | GroupedSummary | Promise<Summary | GroupedSummary> {
  const s = summarizer(options.by);
  // Sync first, matching the overload order, for objects that are both.
  if (Symbol.iterator in answers) {
    for (const item of answers) s.add(item);
    return s.result();
  }
  return (async () => {
    for await (const item of answers) s.add(item);
    return s.result();
  })();
}

/**
 * What {@link compare} returns: the change in CSAT from `before` to `after`.
 * @see docs/stats.md
 */
export interface Comparison {
  /** `after.csat − before.csat`, in percentage points; null when either side has no answers. */
  diff: number | null;
  /**
   * 95 % interval of `diff` in points, `[low, high]` (Newcombe's hybrid score interval); null
   * when either side has no answers.
   */
  ci95: [low: number, high: number] | null;
  /** Whether `ci95` excludes 0: the change is unlikely to be chance alone. */
  significant: boolean;
  before: Summary;
  after: Summary;
}

/** Answers (and events) to summarize, or a summary already made (by `summarize` or a store). */
export type CompareInput = Iterable<SummaryItem> | Summary;

const summaryOf = (input: CompareInput): Summary =>
  Symbol.iterator in input ? summarize(input as Iterable<SummaryItem>) : (input as Summary);

/**
 * Compares CSAT between two independent sets of answers, e.g. last week against the week before:
 * the difference in points with a 95 % interval by Newcombe's hybrid score method (method 10 of
 * Newcombe, "Interval estimation for the difference between independent proportions", Statistics
 * in Medicine 17 (1998) 873–890, https://doi.org/10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I),
 * built from the two Wilson intervals, so it stays inside ±100 and behaves at 0 % and 100 %.
 * @example
 * const { diff, ci95, significant } = compare(lastWeek, thisWeek);
 * @see docs/stats.md
 */
export function compare(before: CompareInput, after: CompareInput): Comparison {
  const b = summaryOf(before);
  const a = summaryOf(after);
  if (!b.count || !a.count) return { diff: null, ci95: null, significant: false, before: b, after: a };
  const p1 = b.satisfied / b.count;
  const p2 = a.satisfied / a.count;
  const [l1, u1] = wilson(b.satisfied, b.count);
  const [l2, u2] = wilson(a.satisfied, a.count);
  const diff = p2 - p1;
  const low = diff - Math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2);
  const high = diff + Math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2);
  return {
    diff: diff * 100,
    ci95: [low * 100, high * 100],
    significant: low > 0 || high < 0,
    before: b,
    after: a,
  };
}

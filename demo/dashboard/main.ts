// The dashboard: polls /api/summary and draws what it says. Plain DOM and SVG; every text from
// the server (survey names, locales, comments) goes in as textContent, never as HTML.
import type { AnswerScale } from 'csat-widget';
import type { Summary } from 'csat-widget/stats';
import type { DashboardSummary, ScaleDistribution } from '../api/summary';
import { chart, type Datum } from './charts';

/** How often the figures refresh while the page is visible. */
const POLL_MS = 2500;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const surveySelect = $<HTMLSelectElement>('survey');
const updated = $<HTMLParagraphElement>('updated');
const announce = $<HTMLParagraphElement>('announce');

const num = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const int = new Intl.NumberFormat('en');
const pct = (v: number | null | undefined) => (v == null ? '–' : `${num.format(v)}%`);
const signed = (v: number) => (v > 0 ? '+' : v < 0 ? '−' : '') + num.format(Math.abs(v));
const interval = (ci: [number, number] | null) => (ci ? `${num.format(ci[0])}–${num.format(ci[1])}%` : '–');

/** Creates an HTML element with text or child nodes. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function setText(id: string, text: string): void {
  $(id).textContent = text;
}

const sameScale = (a: AnswerScale, b: AnswerScale) => a.type === b.type && a.min === b.min && a.max === b.max;
const scaleName = (x: AnswerScale) => `${x.type} ${x.min}–${x.max}`;

/**
 * The figures `/api/summary` adds when the widget sends events (`events: true`) and for the weekly
 * comparison. Optional: a server without them still draws the rest.
 */
interface Extras {
  shown?: number;
  dismissed?: number;
  responseRate?: number | null;
  compare?: {
    diff: number | null;
    ci95: [number, number] | null;
    significant: boolean;
    before?: { count?: number };
    after?: { count?: number };
  } | null;
  distributions?: ScaleDistribution[];
}
type Data = DashboardSummary & Extras;
type Groups = Record<string, Summary> | (Summary & { key: string })[];

/** Groups as `[key, summary]`, from either form `/api/summary` may send (a map, or a capped list). */
const entries = (groups: Groups): [string, Summary][] =>
  Array.isArray(groups) ? groups.map((g) => [g.key, g]) : Object.entries(groups);

/** Survey names for the menu; a capped list's `other` row is not a survey. */
const surveyNames = (s: DashboardSummary): string[] =>
  entries(s.bySurvey as Groups)
    .map(([k]) => k)
    .filter((k, i, all) => !(Array.isArray(s.bySurvey) && k === 'other' && i === all.length - 1 && all.length > 50))
    .sort();

/** Width to draw charts at: their container's, so labels keep their size on a phone. */
const chartWidth = (id: string) => $(id).clientWidth || 560;

/** The one scale all shown answers share, if they do. */
function singleScale(s: DashboardSummary): AnswerScale | null {
  const scales = Object.values(s.scales);
  return scales.length && scales.every((x) => sameScale(x, scales[0]!)) ? scales[0]! : null;
}

function renderFigures(s: Data): void {
  const scale = singleScale(s);
  setText('kpi-csat', pct(s.csat));
  setText('kpi-csat-ci', `95 % interval ${interval(s.csatCi95)}`);
  setText('kpi-count', int.format(s.count));
  setText('kpi-satisfied', `${int.format(s.satisfied)} satisfied`);
  if (s.mean !== null && scale) {
    setText('kpi-mean-label', 'Mean score');
    setText('kpi-mean', num.format(s.mean));
    setText('kpi-mean-note', `on ${scaleName(scale)}`);
  } else {
    // Not a percentage of people (that is CSAT): the mean position on the scales, 0 the lowest point, 100 the highest.
    setText('kpi-mean-label', 'Mean score (0–100)');
    setText('kpi-mean', s.meanNormalized === null ? '–' : num.format(s.meanNormalized * 100));
    setText('kpi-mean-note', s.count ? 'mixed scales, each put on 0–100' : 'no answers');
  }
  const rate = s.shown ? (s.responseRate ?? null) : null;
  $('kpi-rate-box').hidden = !s.shown;
  if (s.shown) {
    setText('kpi-rate', pct(rate));
    setText(
      'kpi-rate-note',
      `${int.format(s.count)} answered of ${int.format(s.shown)} shown; ${int.format(s.dismissed ?? 0)} closed without answering`,
    );
  }
  const words = compareWords(s.compare);
  $('compare').hidden = !words;
  setText('compare', words);
  $('kpi-nps-box').hidden = s.nps === undefined;
  if (s.nps !== undefined) setText('kpi-nps', signed(s.nps));
  $('kpi-ces-box').hidden = s.ces === undefined;
  if (s.ces !== undefined) setText('kpi-ces', num.format(s.ces));
}

/**
 * One chart and table per scale: scores of different scales (a 4 of 5, a 4 of 10) never share a
 * bar, and no answers are left out when a survey changed its scale.
 */
function renderDistribution(s: Data): void {
  const width = chartWidth('dist');
  const several = (s.distributions?.length ?? 0) > 1;
  $('dist').replaceChildren(
    ...(s.distributions ?? []).map(({ scale, count, distribution }) => {
      // Every point from min to max, chosen or not.
      const scores = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
      const of = ` of ${scale.max}`;
      const data: Datum[] = scores.map((score) => {
        const n = distribution[score] ?? 0;
        return { label: String(score), value: n, description: `${score}${of}: ${n} ${n === 1 ? 'answer' : 'answers'}` };
      });
      const most = data.reduce((m, d) => ((m.value ?? 0) >= (d.value ?? 0) ? m : d));
      const title = `Answers per score, ${scaleName(scale)}`;
      return el(
        'div',
        { class: 'dist-scale' },
        several ? el('h3', {}, `${scaleName(scale)}: ${int.format(count)} ${count === 1 ? 'answer' : 'answers'}`) : '',
        chart({
          kind: 'bars',
          title,
          summary: `${count} answers on ${scaleName(scale)}; most often ${most.label}${of} (${most.value}).`,
          data,
          tick: (v) => int.format(v),
          integer: true,
          width,
        }),
        el(
          'details',
          {},
          el('summary', {}, several ? `${scaleName(scale)} as a table` : 'Scores as a table'),
          el(
            'div',
            { class: 'scroll' },
            el(
              'table',
              {},
              el('caption', { class: 'visually-hidden' }, title),
              el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Score'), el('th', { scope: 'col' }, 'Answers'))),
              el(
                'tbody',
                {},
                ...data.map((d) =>
                  el('tr', {}, el('th', { scope: 'row' }, `${d.label}${of}`), el('td', {}, int.format(d.value ?? 0))),
                ),
              ),
            ),
          ),
        ),
      );
    }),
  );
}

const points = (v: number) => `${num.format(Math.abs(v))} ${Math.abs(v) === 1 ? 'point' : 'points'}`;
const signedPoints = (v: number) => (v > 0 ? '+' : v < 0 ? '−' : '±') + num.format(Math.abs(v));

/**
 * The weekly comparison in words a reader without statistics reads right: the change, the range
 * it could really be in, and whether that range rules out "no change".
 */
function compareWords(c: Extras['compare']): string {
  if (!c) return '';
  const lead = 'Last 7 days against the 7 before: ';
  if (c.diff === null || !c.ci95) {
    return `${lead}not enough answers to compare (${int.format(c.after?.count ?? 0)} in the last 7 days, ${int.format(c.before?.count ?? 0)} in the 7 before).`;
  }
  const way = c.diff > 0 ? `up ${points(c.diff)}` : c.diff < 0 ? `down ${points(c.diff)}` : 'no change';
  const range = `could be between ${signedPoints(c.ci95[0])} and ${signedPoints(c.ci95[1])}`;
  return `${lead}CSAT ${way}; ${range}, so ${c.significant ? 'a clear change' : 'not yet a clear change'}.`;
}

function renderTrend(s: Data): void {
  const width = chartWidth('trend-chart');
  const day = (iso: string) => iso.slice(5).replace('-', '/');
  const active = s.daily.filter((d) => d.count);
  const words = active.length
    ? `${s.daily.length} days from ${s.daily[0]!.day} to ${s.daily.at(-1)!.day}: answers on ${active.length} of them; ` +
      `the latest day with answers, ${active.at(-1)!.day}, had ${active.at(-1)!.count} with CSAT ${pct(active.at(-1)!.csat)}.`
    : `No answers in the last ${s.daily.length} days.`;
  $('trend-chart').replaceChildren(
    chart({
      kind: 'bars',
      title: 'Answers per day',
      summary: words,
      data: s.daily.map((d) => ({ label: day(d.day), value: d.count, description: `${d.day}: ${d.count} answers` })),
      tick: (v) => int.format(v),
      integer: true,
      width,
    }),
    chart({
      kind: 'line',
      title: 'CSAT per day, percent',
      summary: active.length
        ? `CSAT on the days with answers: ${active.map((d) => `${d.day} ${pct(d.csat)}`).join(', ')}.`
        : 'No answers yet.',
      data: s.daily.map((d) => ({
        label: day(d.day),
        value: d.csat,
        description: `${d.day}: CSAT ${pct(d.csat)} of ${d.count}`,
      })),
      max: 100,
      tick: (v) => `${v}%`,
      width,
    }),
  );
  $('trend-table').replaceChildren(
    el('caption', { class: 'visually-hidden' }, 'Answers and CSAT per day'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'Day'),
        el('th', { scope: 'col' }, 'Answers'),
        el('th', { scope: 'col' }, 'CSAT'),
      ),
    ),
    el(
      'tbody',
      {},
      ...s.daily.map((d) =>
        el('tr', {}, el('th', { scope: 'row' }, d.day), el('td', {}, int.format(d.count)), el('td', {}, pct(d.csat))),
      ),
    ),
  );
}

/** One row per group, biggest first. */
function renderGroups(id: string, heading: string, groups: Groups): void {
  // Biggest first; a capped list's `other` row stays last, as the server sent it.
  const rows = Array.isArray(groups) ? entries(groups) : entries(groups).sort(([, a], [, b]) => b.count - a.count);
  const head = ['Answers', 'CSAT', '95 % interval', 'Mean', 'NPS', 'CES'];
  $(id).replaceChildren(
    el('thead', {}, el('tr', {}, ...[heading, ...head].map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      ...(rows.length
        ? rows.map(([key, g]) =>
            el(
              'tr',
              {},
              el('th', { scope: 'row' }, key),
              el('td', {}, int.format(g.count)),
              el('td', {}, pct(g.csat)),
              el('td', {}, interval(g.csatCi95)),
              el('td', {}, g.mean === null ? '–' : num.format(g.mean)),
              el('td', {}, g.nps === undefined ? '–' : signed(g.nps)),
              el('td', {}, g.ces === undefined ? '–' : num.format(g.ces)),
            ),
          )
        : [el('tr', {}, el('td', { colspan: '7' }, 'No answers yet.'))]),
    ),
  );
}

function renderComments(s: Data): void {
  const list = $('comments');
  if (!s.comments.length) {
    list.replaceChildren(el('li', { class: 'hint' }, 'No comments yet.'));
    return;
  }
  list.replaceChildren(
    ...s.comments.map((c) =>
      el(
        'li',
        {},
        // `dir="auto"`: an Arabic or Hebrew comment reads right to left, its punctuation in place.
        el('blockquote', { lang: c.locale, dir: 'auto' }, c.text),
        el(
          'p',
          { class: 'hint' },
          `${c.survey} · ${c.score} of ${c.scale.max} · ${c.locale} · `,
          el('time', { datetime: c.at }, new Date(c.at).toLocaleString('en')),
        ),
      ),
    ),
  );
}

/** Keeps the survey menu in step with the surveys that have answers, without losing the choice. */
function renderSurveyMenu(all: DashboardSummary): void {
  const names = surveyNames(all);
  const current = [...surveySelect.options].slice(1).map((o) => o.value);
  if (names.join('\n') === current.join('\n')) return;
  const chosen = surveySelect.value;
  surveySelect.replaceChildren(
    el('option', { value: '' }, 'All surveys'),
    ...names.map((n) => el('option', { value: n }, n)),
  );
  surveySelect.value = names.includes(chosen) ? chosen : '';
}

let last = '';
let lastCount: number | null = null;
/** What was drawn last, to draw again at a new width. */
let drawn: Data | null = null;

function render(shown: Data): void {
  drawn = shown;
  const empty = shown.count === 0;
  // No empty axes: the figures and charts appear with the first answer.
  $('empty').hidden = !empty;
  for (const id of ['figures', 'charts', 'groups', 'comments-card']) $(id).hidden = empty;
  renderFigures(shown);
  renderDistribution(shown);
  renderTrend(shown);
  renderGroups('by-survey', 'Survey', shown.bySurvey as Groups);
  renderGroups('by-locale', 'Locale', shown.byLocale as Groups);
  renderComments(shown);
  const csv = new URLSearchParams(shown.survey ? { survey: shown.survey } : {}).toString();
  $<HTMLAnchorElement>('csv').href = `/api/answers.csv${csv ? `?${csv}` : ''}`;
}

async function refresh(): Promise<void> {
  const survey = surveySelect.value || new URLSearchParams(location.search).get('survey') || '';
  const get = async (q: string) => {
    const res = await fetch(`/api/summary${q}`, { cache: 'no-store' });
    if (!res.ok) throw new Error(`/api/summary answered ${res.status}`);
    return (await res.json()) as DashboardSummary;
  };
  // The survey table and menu always show every survey; the rest follows the choice.
  const all = await get('');
  const known = survey !== '' && surveyNames(all).includes(survey);
  const shown: Data = known ? await get(`?survey=${encodeURIComponent(survey)}`) : all;
  renderSurveyMenu(all);
  if (known) surveySelect.value = survey;

  const key = JSON.stringify({ ...shown, generatedAt: 0 }) + surveyNames(all).join('\n');
  updated.textContent = `Updated ${new Date().toLocaleTimeString('en')} · ${all.store === 'pglite' ? 'PGlite' : 'PostgreSQL'}`;
  if (key === last) return;
  last = key;
  render(shown);
  // Said once per change of the figures, not on every poll.
  if (lastCount !== null && shown.count !== lastCount) {
    announce.textContent = `${shown.count} answers, CSAT ${pct(shown.csat)}`;
  }
  lastCount = shown.count;
}

let timer: ReturnType<typeof setTimeout> | undefined;
async function poll(): Promise<void> {
  clearTimeout(timer);
  try {
    await refresh();
  } catch (e) {
    updated.textContent = `Could not load the figures (${e instanceof Error ? e.message : String(e)}); retrying.`;
  }
  // Polling stops while the tab is hidden and starts again when it is shown.
  if (!document.hidden) timer = setTimeout(poll, POLL_MS);
}

surveySelect.addEventListener('change', () => {
  const params = new URLSearchParams(location.search);
  if (surveySelect.value) params.set('survey', surveySelect.value);
  else params.delete('survey');
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
  lastCount = null;
  void poll();
});
// Charts are drawn at their container's width: draw again when it changes (a phone turned).
let drawnWidth = 0;
new ResizeObserver(() => {
  const width = $('charts').clientWidth;
  if (drawn && width && width !== drawnWidth) render(drawn);
  drawnWidth = width;
}).observe($('charts'));
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) void poll();
});
void poll();

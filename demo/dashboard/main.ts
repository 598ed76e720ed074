// The dashboard: polls /api/summary and draws what it says. Plain DOM and SVG; every text from
// the server (survey names, locales, comments) goes in as textContent, never as HTML.
import type { Summary } from '../../src/stats';
import type { AnswerScale } from '../../src/types';
import type { DashboardSummary, GroupRow } from '../api/summary';
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

/** The one scale all shown answers share, if they do. */
function singleScale(s: DashboardSummary): AnswerScale | null {
  const scales = Object.values(s.scales);
  return scales.length && scales.every((x) => sameScale(x, scales[0]!)) ? scales[0]! : null;
}

function renderFigures(s: DashboardSummary): void {
  const scale = singleScale(s);
  setText('kpi-csat', pct(s.csat));
  setText('kpi-csat-ci', `95 % interval ${interval(s.csatCi95)}`);
  setText('kpi-count', int.format(s.count));
  setText('kpi-satisfied', `${int.format(s.satisfied)} satisfied`);
  if (s.mean !== null && scale) {
    setText('kpi-mean', num.format(s.mean));
    setText('kpi-mean-note', `on ${scale.type} ${scale.min}–${scale.max}`);
  } else {
    setText('kpi-mean', s.meanNormalized === null ? '–' : pct(s.meanNormalized * 100));
    setText('kpi-mean-note', s.count ? 'of the scale (mixed scales)' : 'no answers');
  }
  $('kpi-nps-box').hidden = s.nps === undefined;
  if (s.nps !== undefined) setText('kpi-nps', signed(s.nps));
  $('kpi-ces-box').hidden = s.ces === undefined;
  if (s.ces !== undefined) setText('kpi-ces', num.format(s.ces));
}

function renderDistribution(s: DashboardSummary): void {
  const scale = singleScale(s);
  // One scale: every point from min to max, chosen or not. Mixed: the scores that occur.
  const scores = scale
    ? Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i)
    : Object.keys(s.distribution)
        .map(Number)
        .sort((a, b) => a - b);
  const of = scale ? ` of ${scale.max}` : '';
  const data: Datum[] = scores.map((score) => {
    const n = s.distribution[score] ?? 0;
    return { label: String(score), value: n, description: `${score}${of}: ${n} ${n === 1 ? 'answer' : 'answers'}` };
  });
  const most = data.reduce<Datum | null>((m, d) => (m && (m.value ?? 0) >= (d.value ?? 0) ? m : d), null);
  const words = s.count
    ? `${s.count} answers${scale ? ` on ${scale.type} ${scale.min}–${scale.max}` : ''}; most often ${most!.label}${of} (${most!.value}).`
    : 'No answers yet.';
  $('dist-chart').replaceChildren(
    chart({
      kind: 'bars',
      title: 'Answers per score',
      summary: words,
      data,
      tick: (v) => int.format(v),
      integer: true,
    }),
  );
  const note = $('dist-note');
  note.hidden = !!scale || !s.count;
  note.textContent = 'Scores from different scales share a bar here: choose a survey to see one scale.';
  $('dist-table').replaceChildren(
    el('caption', { class: 'visually-hidden' }, 'Answers per score'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Score'), el('th', { scope: 'col' }, 'Answers'))),
    el(
      'tbody',
      {},
      ...data.map((d) =>
        el('tr', {}, el('th', { scope: 'row' }, `${d.label}${of}`), el('td', {}, int.format(d.value ?? 0))),
      ),
    ),
  );
}

function renderTrend(s: DashboardSummary): void {
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
function renderGroups(id: string, heading: string, groups: GroupRow[]): void {
  const rows = groups.map((g) => [g.key, g] as const);
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

function renderComments(s: DashboardSummary): void {
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
        el('blockquote', { lang: c.locale }, c.text),
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
  const names = all.bySurvey
    .filter((g) => !g.other)
    .map((g) => g.key)
    .sort();
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

async function refresh(): Promise<void> {
  const survey = surveySelect.value || new URLSearchParams(location.search).get('survey') || '';
  const get = async (q: string) => {
    const res = await fetch(`/api/summary${q}`, { cache: 'no-store' });
    if (!res.ok) throw new Error(`/api/summary answered ${res.status}`);
    return (await res.json()) as DashboardSummary;
  };
  // The survey table and menu always show every survey; the rest follows the choice.
  const all = await get('');
  const listed = all.bySurvey.some((g) => g.key === survey && !g.other);
  const shown = survey && listed ? await get(`?survey=${encodeURIComponent(survey)}`) : all;
  renderSurveyMenu(all);
  if (survey && listed) surveySelect.value = survey;

  const key = JSON.stringify({ ...shown, generatedAt: 0 }) + JSON.stringify(all.bySurvey);
  updated.textContent = `Updated ${new Date().toLocaleTimeString('en')} · ${all.store === 'pglite' ? 'PGlite' : 'PostgreSQL'}`;
  if (key === last) return;
  last = key;

  $('empty').hidden = all.count > 0;
  renderFigures(shown);
  renderDistribution(shown);
  renderTrend(shown);
  renderGroups('by-survey', 'Survey', all.bySurvey);
  renderGroups('by-locale', 'Locale', shown.byLocale);
  renderComments(shown);
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
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) void poll();
});
void poll();

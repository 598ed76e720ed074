// Playground for hand-testing: every option the form offers goes through one `ask()` call, and
// the snippet beside it is printed from the same options object, so what you see is what runs.
// 'csat-widget' is the library's source here (an alias in demo/vite.config.ts), so an edit under
// src/ reloads this page. Answers are also POSTed to the demo's collector, so they reach the dashboard.
import { ask, CsatConfigError, type Answer, type AskOptions } from 'csat-widget';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const form = $<HTMLFormElement>('controls');
const scaleSelect = $<HTMLSelectElement>('scale');
const displaySelect = $<HTMLSelectElement>('display');
const positionSelect = $<HTMLSelectElement>('position');
const commentSelect = $<HTMLSelectElement>('comment');
const localeSelect = $<HTMLSelectElement>('locale');
const accentInput = $<HTMLInputElement>('accent');
const accentState = $<HTMLSpanElement>('accent-state');
const accentReset = $<HTMLButtonElement>('accent-reset');
const questionInput = $<HTMLInputElement>('question');
const snippet = $<HTMLElement>('snippet');
const copyButton = $<HTMLButtonElement>('copy');
const answerOut = $<HTMLPreElement>('answer');
const logList = $<HTMLOListElement>('log');
const inlineCard = $<HTMLDivElement>('inline-box').closest('.card')!;

const SURVEY = 'playground';
const ENDPOINT = '/api/csat';
const flavourSet = $<HTMLFieldSetElement>('flavour');
const snippetHint = $<HTMLParagraphElement>('snippet-hint');

/** The widget's own accents (src/styles.css), which the swatch shows until a colour is chosen. */
const ACCENT_DEFAULT = { light: '#1d4ed8', dark: '#8ab4ff' };
const osDark = matchMedia('(prefers-color-scheme: dark)');
const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

/** Scale choices by <option> value. 'invalid' is there to show a CsatConfigError. */
const SCALES: Record<string, unknown> = {
  stars: 'stars',
  smileys: 'smileys',
  numeric: 'numeric',
  nps: 'nps',
  ces: 'ces',
  'stars-7': { type: 'stars', points: 7 },
  'stars-10': { type: 'stars', points: 10 },
  'smileys-2': { type: 'smileys', points: 2 },
  'smileys-3': { type: 'smileys', points: 3 },
  'numeric-1-10': { type: 'numeric', min: 1, max: 10 },
  'numeric-0-10': { type: 'numeric', min: 0, max: 10, lowLabel: 'Not at all', highLabel: 'Completely' },
  invalid: { type: 'numeric', min: 1, max: 12 },
};

// Each try asks about a new interaction, so once-per-interaction (remembered in localStorage,
// like the counter) never hides a repeated try. Cooldown is off by default.
const TRIES_KEY = 'csat-demo:tries';
let tries = Number(readStorage(TRIES_KEY)) || 0;

let accentChosen = false;
let current: AbortController | undefined;

/** Form fields kept in the query string, so a reload after an edit under src/ keeps the choice. */
const FIELDS = [
  'scale',
  'display',
  'position',
  'comment',
  'locale',
  'scheme',
  'accent',
  'question',
  'flavour',
] as const;
type Field = { value: string };
const field = (name: string) => form.elements.namedItem(name) as Field | null;
const initial = Object.fromEntries(FIELDS.map((name) => [name, field(name)?.value ?? '']));

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** The options chosen in the form, as plain data (callbacks are added where `ask` is called). */
function chosenOptions(): Partial<AskOptions> {
  const display = displaySelect.value as NonNullable<AskOptions['display']>;
  const scheme = (form.elements.namedItem('scheme') as RadioNodeList).value as 'light' | 'dark' | 'auto';
  const o: Record<string, unknown> = {
    survey: SURVEY,
    interaction: `try-${tries + 1}`,
    scale: SCALES[scaleSelect.value],
    display,
    endpoint: ENDPOINT,
  };
  if (display === 'toast') o.position = positionSelect.value;
  if (display === 'popover') o.anchor = '#ask';
  if (display === 'inline') o.container = '#inline-box';
  o.comment = commentSelect.value;
  o.locale = localeSelect.value;
  const question = questionInput.value.trim();
  if (question) o.question = question;
  const theme: Record<string, string> = {};
  if (accentChosen) theme.accent = accentInput.value;
  if (scheme !== 'auto') theme.colorScheme = scheme;
  if (Object.keys(theme).length) o.theme = theme;
  return o as Partial<AskOptions>;
}

const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : literal(k));

/**
 * `key: value` as a user would type it in TypeScript: single quotes, bare keys where possible,
 * objects on one line when they fit in 80 columns.
 */
function property(k: string, value: unknown, indent: string): string {
  const head = `${indent}${key(k)}: `;
  if (!value || typeof value !== 'object') return head + literal(value);
  const entries = Object.entries(value);
  const oneLine = `${head}{ ${entries.map(([k2, v]) => `${key(k2)}: ${literal(v)}`).join(', ')} }`;
  if (oneLine.length < 80) return oneLine;
  return `${head}{\n${entries.map(([k2, v]) => property(k2, v, indent + '  ') + ',').join('\n')}\n${indent}}`;
}

/** A string the way Prettier prints it: single quotes unless the text holds more of them. */
function literal(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  const q = (value.match(/'/g)?.length ?? 0) > (value.match(/"/g)?.length ?? 0) ? '"' : "'";
  return (
    q +
    value
      .replace(/\\/g, '\\\\')
      .replaceAll(q, '\\' + q)
      .replace(/\n/g, '\\n') +
    q
  );
}

function renderSnippet(): void {
  const options = chosenOptions();
  if (field('flavour')?.value === 'script') {
    // The script tag's data-endpoint is the default for every ask() on the page.
    delete options.endpoint;
    const lines = Object.entries(options).map(([k, v]) => property(k, v, '    ') + ',');
    snippetHint.textContent = 'The same question on a page without a build step.';
    snippet.textContent = [
      `<script src="https://unpkg.com/csat-widget/dist/csat-widget.iife.js" data-endpoint="${ENDPOINT}"></script>`,
      '<script>',
      '  csat.ask({',
      ...lines,
      '  });',
      '</script>',
    ].join('\n');
    return;
  }
  const lines = Object.entries(options).map(([k, v]) => property(k, v, '  ') + ',');
  snippetHint.textContent = 'What the next Ask runs, for an app that installed the package.';
  snippet.textContent = ["import { ask } from 'csat-widget';", '', 'const answer = await ask({', ...lines, '});'].join(
    '\n',
  );
}

function log(text: string, kind: 'info' | 'error' = 'info'): void {
  const li = document.createElement('li');
  li.dataset.kind = kind;
  const time = document.createElement('time');
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString();
  li.append(time, ' ', text);
  logList.prepend(li);
  while (logList.children.length > 30) logList.lastElementChild!.remove();
}

function saveState(): void {
  const params = new URLSearchParams();
  for (const name of FIELDS) {
    const value = field(name)?.value ?? '';
    if (name === 'accent' ? accentChosen : value !== initial[name]) params.set(name, value);
  }
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

function restoreState(): void {
  const params = new URLSearchParams(location.search);
  for (const name of FIELDS) {
    const value = params.get(name);
    const el = field(name);
    if (value === null || !el) continue;
    if (el instanceof HTMLSelectElement && ![...el.options].some((o) => o.value === value)) continue;
    if (name === 'accent') {
      if (!/^#[0-9a-f]{6}$/i.test(value)) continue;
      accentChosen = true;
    }
    // A RadioNodeList checks the radio with this value, or none when no radio has it.
    el.value = value;
  }
  for (const radios of ['scheme', 'flavour']) {
    if (!(form.elements.namedItem(radios) as RadioNodeList).value) field(radios)!.value = initial[radios]!;
  }
}

/** The scheme the widget will use: the one chosen, or the OS's for 'auto'. */
function widgetScheme(): 'light' | 'dark' {
  const scheme = field('scheme')?.value;
  if (scheme === 'light' || scheme === 'dark') return scheme;
  return osDark.matches ? 'dark' : 'light';
}

function syncControls(): void {
  positionSelect.disabled = displaySelect.value !== 'toast';
  const scheme = widgetScheme();
  if (!accentChosen) accentInput.value = ACCENT_DEFAULT[scheme];
  accentState.textContent = accentChosen ? accentInput.value : `library default (${scheme})`;
  accentReset.hidden = !accentChosen;
  renderSnippet();
  saveState();
}

async function runAsk(): Promise<void> {
  // One question at a time: a new try closes the previous one (a chosen score is still sent).
  current?.abort();
  const controller = (current = new AbortController());
  const options = chosenOptions() as AskOptions;
  const label = `${options.interaction}`;
  tries += 1;
  try {
    localStorage.setItem(TRIES_KEY, String(tries));
  } catch {
    // No storage: the library's gate is per page then too, so an in-memory counter suffices.
  }
  renderSnippet();

  try {
    const answer = await ask({
      ...options,
      signal: controller.signal,
      onSubmit: (a: Answer) => {
        answerOut.classList.remove('empty');
        answerOut.textContent = JSON.stringify(a, null, 2);
      },
      onShow: () => {
        log(`${label}: shown`);
        // The inline box may be far down the page (below the code and the answer on a phone).
        if (options.display === 'inline') {
          inlineCard.scrollIntoView({ block: 'nearest', behavior: reducedMotion.matches ? 'auto' : 'smooth' });
        }
      },
      onDismiss: () => log(`${label}: onDismiss (closed without a score)`),
      onError: (e: Error) => log(`${label}: onError: ${e.message}`, 'error'),
    });
    log(answer ? `${label}: resolved with score ${answer.score}` : `${label}: resolved null (dismissed or not shown)`);
  } catch (e) {
    if (e instanceof CsatConfigError) log(`${label}: CsatConfigError: ${e.message}`, 'error');
    else log(`${label}: ${e instanceof Error ? e.message : String(e)}`, 'error');
  } finally {
    if (current === controller) current = undefined;
  }
}

form.addEventListener('input', (e) => {
  if (e.target === accentInput) accentChosen = true;
  syncControls();
});
form.addEventListener('change', syncControls);
// The flavour radios sit beside the snippet, outside the form's subtree (they join it with form=).
flavourSet.addEventListener('change', syncControls);
form.addEventListener('submit', (e) => {
  e.preventDefault();
  void runAsk();
});
accentReset.addEventListener('click', () => {
  accentChosen = false;
  syncControls();
  accentInput.focus();
});
copyButton.addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(snippet.textContent ?? '');
    copyButton.textContent = 'Copied';
  } catch {
    copyButton.textContent = 'Copy failed';
  }
  setTimeout(() => (copyButton.textContent = 'Copy'), 1500);
});

// 'auto' follows the OS, and so does the swatch.
osDark.addEventListener('change', syncControls);
restoreState();
syncControls();

// Type tests: misuse that must not compile, and correct use that must. Checked by `npm run
// typecheck` (tsc --noEmit -p tsconfig.json, whose "include" covers test/); each
// `@ts-expect-error` fails the typecheck if the line below it ever starts compiling.
// (No vitest typecheck project is configured, so nothing here runs at test time.)
import { expectTypeOf } from 'vitest';
import { ask, createCsat, CsatConfigError, type Answer, type AskOptions, type Csat, type Scale } from '../src/index';
import { summarize } from '../src/stats';
import type * as z from 'zod/mini';
import { answerSchema, eventSchema, optionsSchema, parseAnswer, parsePayload } from '../src/schema-entry';
import type { CsatEvent } from '../src/index';

declare const anchor: HTMLButtonElement;

// ---- correct use compiles -------------------------------------------------------------------

void ask({ survey: 'checkout', onSubmit: (a) => console.log(a.score) });
void ask({ survey: 'checkout', endpoint: '/api/csat' });
void ask({
  survey: 'checkout',
  endpoint: { url: 'https://c.example/csat', headers: { 'x-key': 'k' }, credentials: 'include' },
});
void ask({
  survey: 'checkout',
  question: 'How was checkout?',
  scale: { type: 'numeric', min: 0, max: 10, lowLabel: 'Bad', highLabel: 'Great' },
  comment: 'always',
  commentMaxLength: 500,
  display: 'popover',
  anchor,
  position: 'top-left',
  onSubmit: async () => {},
  interaction: null,
  metadata: { plan: 'pro', seats: 3, trial: false, ref: null },
  locale: 'nl-NL',
  messages: { thanks: 'Dank je!' },
  theme: { accent: '#0a7', radius: 8, colorScheme: 'dark' },
  sampleRate: 0.5,
  cooldownDays: 30,
  oncePerInteraction: false,
  signal: new AbortController().signal,
  beforeSend: (a) => (a.comment ? { ...a, comment: null } : a),
  onShow: () => {},
  onDismiss: () => {},
  onDelivered: (a) => void a.id,
  onError: (e) => void e.message,
});
for (const scale of ['stars', 'smileys', 'numeric', 'nps', 'ces'] as const)
  void ask({ survey: 's', scale, onSubmit() {} });
void ask({ survey: 's', scale: { type: 'stars', points: 7 }, onSubmit() {} });
void ask({ survey: 's', scale: { type: 'smileys', points: 3 }, onSubmit() {} });
void ask({ survey: 's', beforeSend: () => null, onSubmit() {} });

// createCsat: the survey may come per question; everything else may be a default.
const csat = createCsat({ endpoint: '/api/csat', locale: 'nl' });
void csat.ask({ survey: 'checkout' });
expectTypeOf(csat).toEqualTypeOf<Csat>();
expectTypeOf(csat.flush()).toEqualTypeOf<Promise<void>>();
expectTypeOf(csat.destroy).returns.toBeVoid();

// What comes back.
expectTypeOf(ask).returns.toEqualTypeOf<Promise<Answer | null>>();
expectTypeOf<Answer['v']>().toEqualTypeOf<1>();
expectTypeOf<Answer['comment']>().toEqualTypeOf<string | null>();
expectTypeOf<Answer['interaction']>().toEqualTypeOf<string | null>();
expectTypeOf<Answer['scale']['type']>().toEqualTypeOf<'stars' | 'smileys' | 'numeric' | 'nps' | 'ces'>();
expectTypeOf(new CsatConfigError([])).toMatchTypeOf<Error>();
expectTypeOf(new CsatConfigError([]).problems).toEqualTypeOf<string[]>();
expectTypeOf<AskOptions['survey']>().toEqualTypeOf<string>();
expectTypeOf(summarize([] as Answer[]).csat).toEqualTypeOf<number | null>();
const parsed = parseAnswer({});
if (parsed.ok) expectTypeOf(parsed.value).toEqualTypeOf<Answer>();

// The hand-written types (src/types.ts, documented for editors) and the exported zod schemas
// describe the same data, both ways.
expectTypeOf<z.infer<typeof answerSchema>>().toEqualTypeOf<Answer>();
expectTypeOf<Answer>().toEqualTypeOf<z.infer<typeof answerSchema>>();
expectTypeOf<z.infer<typeof eventSchema>>().toEqualTypeOf<CsatEvent>();
expectTypeOf<CsatEvent>().toEqualTypeOf<z.infer<typeof eventSchema>>();
/** The options that are data (what JSON or a script tag's data attributes can carry). */
type Functions = 'onSubmit' | 'beforeSend' | 'onShow' | 'onDismiss' | 'onDelivered' | 'onError';
type DataOptions = Omit<AskOptions, Functions | 'anchor' | 'container' | 'signal'>;
type SchemaDataOptions = Omit<z.infer<typeof optionsSchema>, Functions | 'anchor' | 'container' | 'signal'>;
expectTypeOf<SchemaDataOptions>().toEqualTypeOf<DataOptions>();
expectTypeOf<DataOptions>().toEqualTypeOf<SchemaDataOptions>();
expectTypeOf<z.infer<typeof optionsSchema>['anchor']>().toEqualTypeOf<AskOptions['anchor']>();
const payload = parsePayload({});
if (payload.ok) expectTypeOf(payload.value).toEqualTypeOf<Answer | CsatEvent>();

// ---- misuse does not compile ------------------------------------------------------------------

// @ts-expect-error survey is required
void ask({ onSubmit() {} });
// @ts-expect-error no such scale
void ask({ survey: 's', scale: 'hearts', onSubmit() {} });
// @ts-expect-error smileys come in 2, 3 or 5
void ask({ survey: 's', scale: { type: 'smileys', points: 4 }, onSubmit() {} });
// @ts-expect-error numeric starts at 0 or 1
void ask({ survey: 's', scale: { type: 'numeric', min: 2, max: 10 }, onSubmit() {} });
// @ts-expect-error stars need their number of points
void ask({ survey: 's', scale: { type: 'stars' }, onSubmit() {} });
// @ts-expect-error nps has no object form
void ask({ survey: 's', scale: { type: 'nps' }, onSubmit() {} });
// @ts-expect-error comment is 'unsatisfied' | 'always' | 'never'
void ask({ survey: 's', comment: 'sometimes', onSubmit() {} });
// @ts-expect-error onSubmit receives an Answer, not a string
void ask({ survey: 's', onSubmit: (answer: string) => void answer });
// @ts-expect-error onSubmit does not receive a number score either
void ask({ survey: 's', onSubmit: (answer: { score: string }) => void answer });
// @ts-expect-error unknown option (a typo)
void ask({ survey: 's', scle: 'stars', onSubmit() {} });
// @ts-expect-error metadata is flat
void ask({ survey: 's', metadata: { cart: { items: 3 } }, onSubmit() {} });
// @ts-expect-error display is one of four modes
void ask({ survey: 's', display: 'sidebar', onSubmit() {} });
// @ts-expect-error position is a corner
void ask({ survey: 's', position: 'center', onSubmit() {} });
// @ts-expect-error beforeSend returns an answer or null, not a boolean
void ask({ survey: 's', beforeSend: () => false, onSubmit() {} });
// @ts-expect-error colorScheme is 'light' | 'dark' | 'auto'
void ask({ survey: 's', theme: { colorScheme: 'sepia' }, onSubmit() {} });
// @ts-expect-error credentials follow fetch's values
void ask({ survey: 's', endpoint: { url: '/api', credentials: 'always' } });
// @ts-expect-error messages only override known keys
void ask({ survey: 's', messages: { thankYou: 'Thanks' }, onSubmit() {} });
// @ts-expect-error an answer's comment is text or null, not undefined
const bad: Answer['comment'] = undefined;
void bad;
// @ts-expect-error a Scale is not just any string
const notAScale: Scale = 'emoji';
void notAScale;

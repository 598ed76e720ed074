// zod keeps one configuration per page or process (`globalThis.__zod_globalConfig`), shared by
// every copy of zod, ours included. Importing csat-widget, building its schemas and parsing with
// them must leave it exactly as the host application set it, and must not make zod probe
// `new Function` (which a strict CSP reports as a violation).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const built = existsSync(DIST + 'schema.js') && existsSync(DIST + 'server.js');
if (!built && process.env.CI) throw new Error('dist/ is missing: CI must run `npm run build` before the node tests.');

type Entries = {
  index: typeof import('../../src/index');
  schema: typeof import('../../src/schema-entry');
  server: typeof import('../../src/server');
};

/** zod's global configuration as it stands: its own keys and their values. */
const snapshot = () => Object.getOwnPropertyDescriptors(z.config());
/** zod's cached `new Function` probe (zod/v4/core/util.js `allowsEval`) has not run yet. */
const notProbed = () => (z.util.allowsEval as unknown as { _getter?: unknown })._getter !== undefined;

async function useEverything({ index, schema, server }: Entries) {
  const answer = {
    v: 1,
    id: crypto.randomUUID(),
    survey: 'checkout',
    interaction: null,
    scale: { type: 'stars', min: 1, max: 5 },
    score: 4,
    normalized: 0.75,
    satisfied: true,
    comment: null,
    locale: 'en',
    page: 'https://shop.example/',
    at: '2026-11-23T10:00:00.000Z',
    metadata: {},
  };
  await index.ask({ survey: 'checkout', onSubmit() {} }); // resolves null without a DOM
  expect(() => index.createCsat({ endpoint: '/api/csat' })).not.toThrow();
  expect(schema.answerSchema.safeParse(answer).success).toBe(true);
  expect(schema.optionsSchema.safeParse({ survey: 'x', scale: { type: 'stars', points: 99 } }).success).toBe(false);
  expect(schema.parseAnswer(answer).ok).toBe(true);
  expect(schema.parsePayload({ ...answer, kind: 'shown' }).ok).toBe(false);
  const response = await server.createCollector()(
    new Request('https://collect.test/csat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(answer),
    }),
  );
  expect(response.status).toBe(201);
}

describe.each([
  [
    'source',
    async () => ({
      index: await import('../../src/index'),
      schema: await import('../../src/schema-entry'),
      server: await import('../../src/server'),
    }),
    true,
  ],
  [
    'dist (zod is external: the host application shares it)',
    async () =>
      ({
        index: await import(/* @vite-ignore */ DIST + 'csat-widget.js'),
        schema: await import(/* @vite-ignore */ DIST + 'schema.js'),
        server: await import(/* @vite-ignore */ DIST + 'server.js'),
      }) as Entries,
    built,
  ],
])('%s', (_, load, available) => {
  it.skipIf(!available)("leaves zod's global configuration exactly as it was, and never probes eval", async () => {
    const before = snapshot();
    expect(notProbed()).toBe(true);
    await useEverything(await load());
    expect(snapshot()).toStrictEqual(before);
    expect(notProbed()).toBe(true);
  });

  it.skipIf(!available)("keeps a host's own settings, and does not turn them off", async () => {
    const customError = () => 'host message';
    z.config({ jitless: false, customError });
    try {
      const before = snapshot();
      await useEverything(await load());
      expect(snapshot()).toStrictEqual(before);
      expect(z.config().jitless).toBe(false);
    } finally {
      delete z.config().jitless;
      delete z.config().customError;
    }
  });
});

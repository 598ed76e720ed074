// The public surface, pinned (like preact's test/shared/exports.test.js): adding or removing an
// export shows up here as a diff. Types are erased, so only runtime names are listed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');
const names = (m: object) => Object.keys(m).sort();

describe('source entries', () => {
  it('main: ask, createCsat, explain, forget, record, CsatConfigError', async () => {
    const main = await import('../../src/index');
    expect(names(main)).toEqual(['CsatConfigError', 'ask', 'createCsat', 'explain', 'forget', 'record']);
    expect(main.ask).toBeTypeOf('function');
    expect(main.createCsat).toBeTypeOf('function');
    expect(new main.CsatConfigError(['x: expected y, got z'])).toBeInstanceOf(Error);
  });

  it("lazy: ask, createCsat, explain, forget, record, CsatConfigError (the main entry's own class)", async () => {
    const lazy = await import('../../src/lazy');
    expect(names(lazy)).toEqual(['CsatConfigError', 'ask', 'createCsat', 'explain', 'forget', 'record']);
    expect(lazy.CsatConfigError).toBe((await import('../../src/index')).CsatConfigError);
  });

  it('stats: compare, summarize', async () => {
    const stats = await import('../../src/stats');
    expect(names(stats)).toEqual(['compare', 'summarize']);
    expect(stats.summarize).toBeTypeOf('function');
  });

  it('schema: answerSchema, eventSchema, optionsSchema, parseAnswer, parsePayload', async () => {
    const schema = await import('../../src/schema-entry');
    expect(names(schema)).toEqual(['answerSchema', 'eventSchema', 'optionsSchema', 'parseAnswer', 'parsePayload']);
    expect(schema.answerSchema.safeParse).toBeTypeOf('function');
    expect(schema.optionsSchema.safeParse).toBeTypeOf('function');
  });

  it('server: createCollector, memoryStore, postgresStore, toNodeHandler', async () => {
    const server = await import('../../src/server');
    expect(names(server)).toEqual(['createCollector', 'memoryStore', 'postgresStore', 'signWebhook', 'toNodeHandler']);
  });
});

const built = existsSync(join(DIST, 'csat-widget.js'));
if (!built && process.env.CI) throw new Error('dist/ is missing: CI must run `npm run build` before the node tests.');

// The built files are what users import; they only exist after `npm run build` (CI always builds
// first, see .ci/run). Locally, without a build, these are skipped rather than failed.
describe.skipIf(!built)('built entries (package.json "exports")', () => {
  it.each([
    ['.', ['CsatConfigError', 'ask', 'createCsat', 'explain', 'forget', 'record']],
    ['./lazy', ['CsatConfigError', 'ask', 'createCsat', 'explain', 'forget', 'record']],
    ['./stats', ['compare', 'summarize']],
    ['./schema', ['answerSchema', 'eventSchema', 'optionsSchema', 'parseAnswer', 'parsePayload']],
    ['./server', ['createCollector', 'memoryStore', 'postgresStore', 'signWebhook', 'toNodeHandler']],
  ])('%s exports exactly %j, with types next to it', async (subpath, expected) => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as unknown as {
      exports: Record<string, { types: string; default: string }>;
    };
    const entry = pkg.exports[subpath]!;
    expect(existsSync(join(ROOT, entry.types)), entry.types).toBe(true);
    const file = join(ROOT, entry.default);
    expect(existsSync(file), entry.default).toBe(true);
    expect(names(await import(/* @vite-ignore */ file))).toEqual(expected);
  });
});

// Which languages the script-tag file must load before a question shows (src/i18n localeToLoad,
// src/locales-load.ts localesFor). Vitest sets the build's `define` flags on globalThis, so the
// modules are imported afresh with __CSAT_IIFE__ true to see them as the script-tag build does;
// the real file, its integrity and CSP are tested in Chromium (test/browser/locales-file.test.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { en } from '../../src/i18n/en';
import { OTHER_NAMES, OTHERS } from '../../src/i18n/others';
import type { Messages } from '../../src/types';

const flags = globalThis as unknown as { __CSAT_IIFE__: boolean };

/** src/i18n and src/locales-load as the script-tag build (or the npm build) has them. */
async function fresh(iife: boolean) {
  flags.__CSAT_IIFE__ = iife;
  vi.resetModules();
  return { ...(await import('../../src/i18n')), ...(await import('../../src/locales-load')) };
}

beforeEach(() => vi.spyOn(console, 'warn').mockImplementation(() => {}));
afterEach(() => {
  flags.__CSAT_IIFE__ = false;
  vi.restoreAllMocks();
});

it('the script-tag file knows the name of every language of the languages file', () => {
  expect([...OTHER_NAMES].sort()).toEqual(Object.keys(OTHERS).sort());
});

describe('script-tag build', () => {
  it.each(['de', 'de-AT', 'nl-BE', 'fr', 'es-419', 'ar-EG'])('%s needs the languages file', async (locale) => {
    const { localeToLoad } = await fresh(true);
    expect(localeToLoad(locale)).toBe(locale.split('-')[0]);
  });

  it.each(['en', 'en-GB', 'ja', 'he', 'it'])('%s needs nothing: English or no built-in texts', async (locale) => {
    const { localeToLoad, localesFor } = await fresh(true);
    expect(localeToLoad(locale)).toBeUndefined();
    // Nothing to wait for: the question renders in the same task as the ask.
    expect(localesFor(locale)).toBeUndefined();
  });

  it('needs nothing when `messages` give every text, and waits when they give only some', async () => {
    const { localeToLoad } = await fresh(true);
    const every = Object.fromEntries(Object.keys(en).map((k) => [k, 'x'])) as unknown as Messages;
    expect(localeToLoad('de', every)).toBeUndefined();
    expect(localeToLoad('de', { send: 'Los' })).toBe('de');
  });

  it('shows English until the languages are added, then exactly what the npm build shows', async () => {
    const iife = await fresh(true);
    expect(iife.messagesFor('de').question).toBe(en.question);
    expect(iife.shownLocale('de')).toBe('en');
    iife.addLocales(OTHERS);
    expect(iife.localeToLoad('de')).toBeUndefined();
    const npm = await fresh(false);
    for (const locale of ['de', 'ar-EG', 'fr-BE']) {
      expect(iife.messagesFor(locale, { send: 'S' })).toEqual(npm.messagesFor(locale, { send: 'S' }));
      expect(iife.shownLocale(locale)).toBe(npm.shownLocale(locale));
    }
  });

  it('one load per page, shared by every ask; after a failure, one warning and nothing waits again', async () => {
    const { localesFor } = await fresh(true);
    // No script tag was seen (localesFileBeside), so the file cannot be found: a failed load.
    const first = localesFor('de');
    expect(first).toBeInstanceOf(Promise);
    expect(localesFor('ar')).toBe(first);
    await expect(first).resolves.toBeUndefined();
    expect(localesFor('de')).toBeUndefined();
    expect(vi.mocked(console.warn).mock.calls.map((c) => c.join(' '))).toEqual([
      expect.stringMatching(/^\[csat\] csat-widget\.locales\.js could not be loaded \(the script tag has no src/),
    ]);
  });
});

describe('npm build', () => {
  it.each(['en', 'de', 'ar-EG', 'ja'])('%s needs nothing: every language is bundled', async (locale) => {
    const { localeToLoad, localesFor } = await fresh(false);
    expect(localeToLoad(locale)).toBeUndefined();
    expect(localesFor(locale)).toBeUndefined();
  });
});
